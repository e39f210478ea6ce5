"""Feed API use cases: home (latest or ranked, with reasons), community, user timeline,
hashtag, popular and list feeds, each filtered for the reader."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kith_feed.domain.lists import list_reason, shown_in_list
from kith_feed.domain.model import (
    COMMUNITY_SORTS,
    CommunitySort,
    Cursor,
    FeedEntry,
    FeedList,
    PostSummary,
    RankedCursor,
    ReaderVotes,
    SortCursor,
    Viewer,
    may_see,
    page_size,
    rank,
    reasons_for,
    shown_in_home,
)
from kith_feed.domain.ports import Stores
from kith_feed.metrics import timed_read
from kith_platform.errors import InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.validation import normalise_hashtag

RANKED_CANDIDATES = 300  # the newest this many are ranked for a ranked page
MAX_SCANS = 8  # ranges read per page at most while filtering


def _now_ms() -> int:
    return int(time.time() * 1000)


async def seeing_community(store: Stores, user_id: str, community_id: str, what: str) -> tuple[str, Viewer]:
    """The community id and the reader, when they may see the community's `what`: anyone for a
    public community, members for a private one (PERMISSION_DENIED to others) and a hidden one
    (NOT_FOUND to others: it does not exist for them)."""
    community_id = parse_uuid(community_id, "community_id")
    viewer = await store.feeds.viewer(user_id)
    visibility = await store.feeds.community_visibility(community_id)
    member = community_id in viewer.communities
    if visibility is None or (visibility == "hidden" and not member):
        raise NotFound("community_id: no such community")
    if visibility == "private" and not member:
        raise PermissionDenied(f"this community's {what} are for its members")
    return community_id, viewer


FIRST_SLACK, SLACK = 4, 32  # posts read beyond a page for those filtered out: first pass, later ones


def _batch(wanted: int, attempt: int = 0) -> int:
    """Posts looked at in one pass of a scan to fill `wanted` more: one more tells there is a
    next page, and a little slack for filtered ones. Few are filtered at read time (the fan-out
    already leaves out whom it may), so the first pass reads few: each post is a Redis reply to
    parse (make profile: the summaries were the feed reads' largest cost); a pass that came up
    short reads more."""
    return wanted + 1 + (FIRST_SLACK if attempt == 0 else SLACK)


def first_range(position: Cursor | None, wanted: int, attempt: int = 0) -> tuple[int | str, int]:
    """Where a scan reads a list from, and how many entries, to fill `wanted` more posts: from
    the top, a batch; after a position, more (the entries of its time already passed are read
    again and skipped, and many posts may share a millisecond)."""
    if position is None:
        return "+inf", _batch(wanted, attempt)
    return int(position.score), _batch(wanted, attempt) + 64  # a time (ms) in these lists


def _home_rule(viewer: Viewer, now_ms: int):
    def keep(post: PostSummary) -> bool:
        return shown_in_home(post, viewer, now_ms)

    return keep


def _seen_by(viewer: Viewer, now_ms: int):
    """A community or hashtag list's rule: the audience rule and the reader's muted words."""

    def keep(post: PostSummary) -> bool:
        return may_see(post, viewer) and viewer.wants(post, now_ms)

    return keep


@dataclass
class FeedReads:
    store: Stores

    async def _scan(
        self,
        lists: list[FeedList],
        cursor: Cursor | None,
        size: int,
        keep,
        authors: dict | None = None,
        head: list[tuple[str, int]] | None = None,
        votes: ReaderVotes | None = None,
        sort: CommunitySort | None = None,
        since_ms: int | None = None,
    ) -> tuple[list[PostSummary], Cursor | None]:
        """Newest first across `lists` (merged), or by the community `sort` of the one list,
        after `cursor`, keeping posts `keep` accepts; reads more when filtering leaves the page
        short. The authors read on the way go into `authors`, the reader's votes into `votes`.
        `head`: the first range of the one list, already read (`first_range`)."""
        page: list[PostSummary] = []
        scores: dict[str, int | float] = {}
        position = cursor
        for attempt in range(MAX_SCANS):
            batch = _batch(size - len(page), attempt)
            if sort is not None:
                ordered = await self.store.feeds.sorted_after(lists[0].owner, sort, position, batch, since_ms)
            else:
                ordered = await self._newest(lists, position, size - len(page), attempt, head)
            head = None
            if not ordered:
                return page, None
            scores.update(ordered)
            posts = await self.store.feeds.readable([m for m, _ in ordered], authors, votes)
            for member, score in ordered:
                position = Cursor(score, member)
                post = posts.get(member)
                if post is not None and keep(post):
                    page.append(post)
                    if len(page) == size + 1:
                        last = page[size - 1].post_id
                        return page[:size], Cursor(scores[last], last)
            if len(ordered) < batch:
                return page, None
        return page, position  # a long filtered stretch: the next page continues from here

    async def _newest(
        self,
        lists: list[FeedList],
        position: Cursor | None,
        wanted: int,
        attempt: int,
        head: list[tuple[str, int]] | None,
    ) -> list[tuple[str, int | float]]:
        """The next batch of entries after `position`, newest first, across the lists (merged)."""
        top, count = first_range(position, wanted, attempt)
        merged: dict[str, int | float] = {}
        ranges = [head] if head is not None and len(lists) == 1 else await self.store.feeds.ranges(lists, top, count)
        for entries in ranges:
            for member, score in entries:
                if position is not None and (score, member) >= (position.score, position.member):
                    continue
                merged[member] = score
        return sorted(merged.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)[: _batch(wanted, attempt)]

    async def _entries(
        self, posts: list[PostSummary], viewer: Viewer, authors: dict | None = None, votes: ReaderVotes | None = None
    ) -> list[FeedEntry]:
        return await self.store.feeds.entries(
            posts, {p.post_id: (tuple(reasons_for(p, viewer)),) for p in posts}, authors, votes
        )

    @timed_read("home")
    async def home(self, user_id: str, requested: int, cursor: str, ranked: bool):
        size = page_size(requested)
        now = _now_ms()
        if ranked:
            return await self._ranked_home(user_id, size, RankedCursor.decode(cursor) or RankedCursor(now, 0), now)
        start = Cursor.decode(cursor)
        viewer, lists, head = await self._home_sources(user_id, now, start, size)
        authors: dict = {}
        votes = ReaderVotes(user_id)
        page, next_cursor = await self._scan(lists, start, size, _home_rule(viewer, now), authors, head, votes)
        return await self._entries(page, viewer, authors, votes), next_cursor.encode() if next_cursor else ""

    async def _ranked_home(self, user_id: str, size: int, position: RankedCursor, now: int):
        """The newest RANKED_CANDIDATES posts up to the snapshot time, ranked for the reader."""
        start = Cursor(position.snapshot_ms + 1, "")
        viewer, lists, head = await self._home_sources(user_id, now, start, RANKED_CANDIDATES, ranked=True)
        authors: dict = {}
        votes = ReaderVotes(user_id)
        candidates, _ = await self._scan(lists, start, RANKED_CANDIDATES, _home_rule(viewer, now), authors, head, votes)
        scored = sorted(((rank(p, viewer, now), p) for p in candidates), key=lambda sp: (-sp[0][0], sp[1].post_id))
        page = scored[position.offset : position.offset + size]
        more = len(scored) > position.offset + size
        entries = await self.store.feeds.entries(
            [p for _, p in page], {p.post_id: (tuple(reasons), score) for (score, reasons), p in page}, authors, votes
        )
        return entries, RankedCursor(position.snapshot_ms, position.offset + size).encode() if more else ""

    async def _home_sources(
        self, user_id: str, now: int, start: Cursor | None, count: int, ranked: bool = False
    ) -> tuple[Viewer, list[FeedList], list[tuple[str, int]] | None]:
        """The reader, the lists their home is read from (their home feed, then the big authors'
        and communities' lists merged at read time) and the first range of their home feed.
        Reading the home records the read (the fan-out skips those away long), and someone back
        after a long absence gets their home feed rebuilt first."""
        viewer, previous, merged, head = await self.store.feeds.home_context(
            user_id, now, first_range(start, count), ranked
        )
        if previous is not None and previous < now - self.store.inactive_after_ms:
            await self.store.feeds.rebuild_home(viewer)  # fan-out skipped them while they were away
            return viewer, [FeedList("home", user_id), *merged], None
        return viewer, [FeedList("home", user_id), *merged], head

    @timed_read("community")
    async def community(self, user_id: str, community_id: str, requested: int, cursor: str, sort: str = "new"):
        """A page of the community's posts in `sort` (COMMUNITY_SORTS; docs/community-sorts.md).
        The first page starts with its featured posts (the announcement, then the pins), which
        the sorted part then leaves out; `page_size` counts the sorted part. Every sort, and the
        featured posts, go through the same rules (members only where the community says so,
        blocked, muted and away authors, the reader's muted words and content warnings)."""
        order = COMMUNITY_SORTS.get(sort)
        if order is None:
            raise InvalidArgument("sort", f"unsupported value {sort}")
        start = Cursor.decode(cursor) if order.list == "new" else SortCursor.decode(cursor, order.name)
        size = page_size(requested)
        community_id, viewer = await seeing_community(self.store, user_id, community_id, "posts")
        now = _now_ms()
        seen = _seen_by(viewer, now)
        authors: dict = {}
        votes = ReaderVotes(user_id)
        featured_ids = await self.store.feeds.featured(community_id)
        head: list[PostSummary] = []
        if featured_ids and start is None:
            posts = await self.store.feeds.readable(featured_ids, authors, votes)
            head = [p for p in (posts.get(i) for i in featured_ids) if p is not None and seen(p)]
        pinned = set(featured_ids)
        page, next_cursor = await self._scan(
            [FeedList("community", community_id)],
            start,
            size,
            lambda p: p.post_id not in pinned and seen(p),
            authors,
            votes=votes,
            sort=None if order.list == "new" else order,
            since_ms=None if order.window_ms is None else now - order.window_ms,
        )
        entries = await self._entries(head + page, viewer, authors, votes)
        if next_cursor is None:
            return entries, ""
        if order.list == "new":
            return entries, next_cursor.encode()
        return entries, SortCursor(order.name, float(next_cursor.score), next_cursor.member).encode()

    @timed_read("timeline")
    async def timeline(self, user_id: str, author_id: str, requested: int, cursor: str):
        author_id = parse_uuid(author_id, "user_id")
        size = page_size(requested)
        start = Cursor.decode(cursor)
        now = _now_ms()
        viewer, author_away, head = await self.store.feeds.timeline_context(
            user_id, author_id, first_range(start, size)
        )
        if author_id in viewer.blocked or (author_id != user_id and author_away):
            raise NotFound("user_id: no such user")
        authors: dict = {}
        votes = ReaderVotes(user_id)
        page, next_cursor = await self._scan(
            [FeedList("timeline", author_id)],
            start,
            size,
            lambda p: (may_see(p, viewer) and viewer.wants(p, now)) or p.author_id == author_id == user_id,
            authors,
            head,
            votes,
        )
        return await self._entries(page, viewer, authors, votes), next_cursor.encode() if next_cursor else ""

    @timed_read("list")
    async def list_timeline(self, user_id: str, list_id: str, requested: int, cursor: str):
        """A page of the reader's list: its members' posts, newest first, through the home feed's
        rules (domain.lists.shown_in_list). Read at read time from the members' timelines, so a
        member added shows with their earlier posts and one taken off goes, on the next read."""
        list_id = parse_uuid(list_id, "list_id")
        size = page_size(requested)
        start = Cursor.decode(cursor)
        now = _now_ms()
        viewer, found, members = await self.store.lists.timeline_context(user_id, list_id)
        if found is None:
            raise NotFound("list_id: no such list")
        # The timelines of members the reader never sees (blocked either way, muted) are not read.
        sources = [FeedList("timeline", m) for m in sorted(members - viewer.blocked - viewer.muted)]
        if not sources:
            return [], ""
        authors: dict = {}
        votes = ReaderVotes(user_id)
        page, next_cursor = await self._scan(
            sources, start, size, lambda p: shown_in_list(p, viewer, members, now), authors, votes=votes
        )
        reason = list_reason(found.title)
        entries = await self.store.feeds.entries(
            page, {p.post_id: ((*reasons_for(p, viewer), reason),) for p in page}, authors, votes
        )
        return entries, next_cursor.encode() if next_cursor else ""

    @timed_read("hashtag")
    async def hashtag(self, user_id: str, tag: str, requested: int, cursor: str):
        tag = normalise_hashtag(tag)
        size = page_size(requested)
        viewer = await self.store.feeds.viewer(user_id)
        authors: dict = {}
        votes = ReaderVotes(user_id)
        page, next_cursor = await self._scan(
            [FeedList("hashtag", tag)], Cursor.decode(cursor), size, _seen_by(viewer, _now_ms()), authors, votes=votes
        )
        return await self._entries(page, viewer, authors, votes), next_cursor.encode() if next_cursor else ""

    @timed_read("popular")
    async def popular(self, user_id: str, requested: int, cursor: str):
        size = page_size(requested)
        viewer = await self.store.feeds.viewer(user_id)
        now = _now_ms()
        position = RankedCursor.decode(cursor) or RankedCursor(now, 0)
        page: list[PostSummary] = []
        authors: dict = {}
        votes = ReaderVotes(user_id)
        offset = position.offset
        for _ in range(MAX_SCANS):
            ids = await self.store.feeds.popular(offset, size + 1 - len(page) + 16)
            if not ids:
                offset = -1
                break
            posts = await self.store.feeds.readable(ids, authors, votes)
            for post_id in ids:
                offset += 1
                post = posts.get(post_id)
                if post is not None and post.publicly_visible and may_see(post, viewer) and viewer.wants(post, now):
                    page.append(post)
                    if len(page) == size + 1:
                        break
            if len(page) == size + 1:
                offset -= 1  # the extra one starts the next page
                break
        more = len(page) > size and offset >= 0
        reasons = {p.post_id: (("popular now",),) for p in page[:size]}
        entries = await self.store.feeds.entries(page[:size], reasons, authors, votes)
        return entries, RankedCursor(position.snapshot_ms, offset).encode() if more else ""
