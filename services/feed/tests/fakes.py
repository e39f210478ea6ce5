"""Fakes of the feed's ports (kith_feed.domain.ports), in memory: the service layer's unit tests
run without Redis. They keep the rules the service layer relies on (newest fact wins, once per
event, the home feed and notification filters, outbox order), not Redis's data layout; the Redis
adapters have their own tests against the servers."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from kith_feed.adapters.keys import (
    LIST_CAP,
    community_key,
    community_lists,
    community_sort_key,
    featured_key,
    hashtag_key,
    home_key,
    list_key,
    timeline_key,
)
from kith_feed.domain.digest import DigestRules
from kith_feed.domain.model import (
    DAY_MS,
    FEATURES,
    AuthorSummary,
    CommunitySort,
    Cursor,
    FeedEntry,
    FeedList,
    PostSummary,
    ReaderVotes,
    Viewer,
    belongs_in_home,
    fan_out_audience,
    feature_score,
    featured_order,
    hot_score,
    sort_scores,
)
from kith_feed.domain.ports import (
    FanOut,
    FeedStore,
    Relationships,
    Stores,
)
from kith_platform.reading_filters import MutedWord, ReadingFilters
from services.feed.tests.fake_community import (
    FakeCommunityMetrics,
    FakeErasure,
    FakeMentorship,
    FakeOutbox,
    FakeRecognition,
)
from services.feed.tests.fake_digests import FakeDigests
from services.feed.tests.fake_lists import FakeListStore
from services.feed.tests.fake_notifications import FakeCommunityFacts, FakeLiveItems, FakeNotifications

REQUESTS = {"follow_request", "friend_request"}  # request kinds that can end unanswered


def _now_ms() -> int:
    return int(time.time() * 1000)


def _newest(entries: dict[str, int], top: int | str, count: int) -> list[tuple[str, int]]:
    """As ZREVRANGEBYSCORE top -inf LIMIT 0 count: newest first, ties by member descending."""
    kept = [(m, s) for m, s in entries.items() if top == "+inf" or s <= int(top)]
    return sorted(kept, key=lambda ms: (ms[1], ms[0]), reverse=True)[:count]


class FakeFeedStore(FeedStore):
    """Posts, lists and the relationship sets every other fake reads (as the Redis adapters
    share one Redis)."""

    def __init__(self, *, cap: int = 800, backfill: int = 50) -> None:
        self.cap, self.backfill = cap, backfill
        self.posts: dict[str, PostSummary] = {}  # as published; counters in `counts`
        self.deleted: set[str] = set()
        self.tombstones: dict[str, str] = {}  # post -> "1" or the staff removal that deleted it
        self.restored: set[tuple[str, str]] = set()  # (post, staff removal reversed)
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)  # post or comment -> field -> n
        self.lists: dict[str, dict[str, int]] = defaultdict(dict)  # key -> post id -> time
        self.popular_scores: dict[str, float] = {}
        self.profiles: dict[str, AuthorSummary] = {}
        self.deactivated: set[str] = set()
        self.erased: dict[str, int] = {}  # the tombstone list (FakeErasure writes it)
        self.visibility: dict[str, str] = {}
        self.activity: dict[str, int] = {}  # reader -> last read (ms)
        self.big_authors: set[str] = set()
        self.big_communities: set[str] = set()
        self.affinity: dict[str, Counter[str]] = defaultdict(Counter)
        self.applied: set[tuple[str, str]] = set()  # (what, event id): once per event
        # The relationship sets (FakeRelationships keeps them).
        self.following: dict[str, set[str]] = defaultdict(set)
        self.followers: dict[str, set[str]] = defaultdict(set)
        self.friends: dict[str, set[str]] = defaultdict(set)
        self.mutes: dict[str, set[str]] = defaultdict(set)
        self.muted_by: dict[str, set[str]] = defaultdict(set)
        self.blocks: dict[str, set[str]] = defaultdict(set)  # either way
        self.communities: dict[str, set[str]] = defaultdict(set)
        self.words: dict[str, dict[str, MutedWord]] = defaultdict(dict)  # muted words by person
        self.tags: dict[str, set[str]] = defaultdict(set)  # followed hashtags by person
        self.exclusive: dict[str, set[str]] = defaultdict(set)  # people on each one's exclusive lists
        self.warnings: dict[str, str] = {}  # content warning display by person
        self.members: dict[str, set[str]] = defaultdict(set)
        self.votes: dict[str, tuple[int, int, int]] = {}  # post -> (voted at, up, down) of the newest vote
        self.features: dict[str, tuple[int, str]] = {}  # post -> (featured at, feature) of the newest
        self.reader_votes: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)  # reader -> post -> (at, value)

    def is_away(self, user_id: str) -> bool:
        return user_id in self.deactivated or user_id in self.erased

    def summary(self, post_id: str) -> PostSummary | None:
        post = self.posts.get(post_id)
        if post is None or post_id in self.deleted:
            return None
        n = self.counts[post_id]
        by_kind = sorted(
            ((int(k[10:]), v) for k, v in n.items() if k.startswith("reactions:") and v > 0),
            key=lambda kc: (-kc[1], kc[0]),
        )
        _, up, down = self.votes.get(post_id, (0, 0, 0))
        return dataclasses.replace(
            post,
            upvotes=up,
            downvotes=down,
            feature=self.features.get(post_id, (0, ""))[1],
            reactions=n["reactions"],
            comments=n["comments"],
            shares=n["shares"],
            reactions_by_kind=tuple(by_kind),
        )

    def home(self, user_id: str) -> list[str]:
        """The user's home feed, newest first."""
        return [m for m, _ in _newest(self.lists[home_key(user_id)], "+inf", self.cap)]

    def add_to_home(self, user_id: str, entries: dict[str, int]) -> None:
        home = self.lists[home_key(user_id)]
        home.update(entries)
        for post_id, _ in _newest(home, "+inf", len(home))[self.cap :]:
            del home[post_id]

    def recent(self, key: str, n: int | None = None) -> list[str]:
        return [m for m, _ in _newest(self.lists[key], "+inf", n or self.backfill)]

    async def reconcile(self, user_id: str, post_ids: list[str], *, add: bool) -> None:
        viewer = await self.viewer(user_id)
        posts = [p for p in map(self.summary, post_ids) if p is not None]
        keep = {p.post_id: p.created_at_ms for p in posts if belongs_in_home(p, viewer)}
        home = self.lists[home_key(user_id)]
        for post_id in post_ids:
            if post_id not in keep:
                home.pop(post_id, None)
        if add and keep:
            self.add_to_home(user_id, keep)

    # --- writes ---

    async def put_author(self, author: AuthorSummary) -> None:
        self.profiles[author.user_id] = author

    async def edit_post(self, post_id: str, text: str, hashtags: tuple[str, ...]) -> None:
        post = self.summary(post_id)
        if post is None:
            return
        self.posts[post_id] = dataclasses.replace(self.posts[post_id], text=text, hashtags=hashtags)
        if post.publicly_visible:
            for tag in set(post.hashtags) - set(hashtags):
                self.lists[hashtag_key(tag)].pop(post_id, None)
            for tag in hashtags:
                self.lists[hashtag_key(tag)][post_id] = post.created_at_ms

    async def delete_post(self, post_id: str, author_id: str = "", removal_id: str = "") -> None:
        if removal_id and (post_id, removal_id) in self.restored:
            return
        self.tombstones.setdefault(post_id, removal_id or "1")
        post = self.posts.pop(post_id, None)
        self.deleted.add(post_id)
        self.popular_scores.pop(post_id, None)
        author_id = author_id or (post.author_id if post else "")
        keys = [timeline_key(author_id), home_key(author_id)] if author_id else []
        if post is not None:
            keys += community_lists(post.community_id) if post.community_id else []
            keys += [hashtag_key(tag) for tag in post.hashtags]
        for key in keys:
            self.lists[key].pop(post_id, None)

    async def restore_post(self, post_id: str, removal_id: str) -> bool:
        self.restored.add((post_id, removal_id))
        tombstone = self.tombstones.get(post_id)
        if tombstone is not None and tombstone != removal_id:
            return False
        self.tombstones.pop(post_id, None)
        self.deleted.discard(post_id)
        return True

    async def count(
        self, event_id: str, post_id: str, field: str, delta: int, by_kind: dict[int, int] | None = None
    ) -> None:
        if ("count", event_id) in self.applied:
            return
        self.applied.add(("count", event_id))
        self.counts[post_id][field] += delta
        for kind, d in (by_kind or {}).items():
            self.counts[post_id][f"reactions:{kind}"] += d
        post = self.summary(post_id)
        if post is not None and post.publicly_visible:
            self.popular_scores[post_id] = hot_score(post)

    def enter_sorts(self, post: PostSummary) -> None:
        """As lua/enter_sorts.lua: into the community's sorts (scores only added) and, when it
        kept a feature, its featured posts; only while NEW holds it."""
        c = post.community_id
        if post.post_id not in self.lists[community_key(c)]:
            return
        _, up, down = self.votes.get(post.post_id, (0, 0, 0))
        for sort, score in sort_scores(up, down, post.created_at_ms).items():
            self.lists[community_sort_key(c, sort)].setdefault(post.post_id, score)
        at, feature = self.features.get(post.post_id, (0, ""))
        if feature:
            self.lists[featured_key(c)].setdefault(post.post_id, feature_score(feature, at))

    def _newest_wins(self, post_id: str) -> bool | None:
        """As lua/newest.lua's first checks: None when nothing is written (a post deleted
        otherwise than by the staff, or unknown), False when written but not shown."""
        tombstone = self.tombstones.get(post_id)
        if tombstone == "1" or (tombstone is None and post_id not in self.posts):
            return None
        return tombstone is None

    async def vote(
        self,
        post_id: str,
        community_id: str,
        user_id: str,
        value: int,
        counts: tuple[int, int],
        created_at_ms: int,
        voted_at_ms: int,
    ) -> None:
        if user_id and self.reader_votes[user_id].get(post_id, (-1, 0)) < (voted_at_ms, value):
            self.reader_votes[user_id][post_id] = (voted_at_ms, value)
        shown = self._newest_wins(post_id)
        if shown is None or self.votes.get(post_id, (0, 0, 0))[0] > voted_at_ms:
            return
        self.votes[post_id] = (voted_at_ms, *counts)
        if shown and community_id and post_id in self.lists[community_key(community_id)]:
            for sort, score in sort_scores(*counts, created_at_ms).items():
                self.lists[community_sort_key(community_id, sort)][post_id] = score

    async def feature(self, post_id: str, community_id: str, feature: str, featured_at_ms: int) -> None:
        feature = feature if feature in FEATURES else ""
        shown = self._newest_wins(post_id)
        featured = self.lists[featured_key(community_id)]
        if shown is None or self.features.get(post_id, (0, ""))[0] > featured_at_ms:
            if shown is None:
                featured.pop(post_id, None)
            return
        self.features[post_id] = (featured_at_ms, feature)
        if shown and feature:
            featured[post_id] = feature_score(feature, featured_at_ms)
        else:
            featured.pop(post_id, None)

    async def add_affinity(self, event_id: str, user_id: str, author_id: str, weight: float) -> None:
        if user_id and author_id and user_id != author_id and ("affinity", event_id) not in self.applied:
            self.applied.add(("affinity", event_id))
            self.affinity[user_id][author_id] += weight

    async def put_community(self, community_id: str, visibility: str) -> None:
        self.visibility[community_id] = visibility

    # --- reads ---

    async def viewer(self, user_id: str, affinity: bool = False) -> Viewer:
        return Viewer(
            user_id,
            frozenset(self.following[user_id]),
            frozenset(self.friends[user_id]),
            frozenset(self.communities[user_id]),
            frozenset(self.mutes[user_id]),
            frozenset(self.blocks[user_id]),
            {a: float(s) for a, s in self.affinity[user_id].most_common(200)} if affinity else {},
            tuple(sorted(self.words[user_id].values(), key=lambda w: (w.muted_at_ms, w.phrase))),
            self.warnings.get(user_id) == "hide",
            frozenset(self.tags[user_id]),
        )

    async def muted_words(self, user_id: str) -> tuple[MutedWord, ...]:
        return tuple(sorted(self.words[user_id].values(), key=lambda w: (w.muted_at_ms, w.phrase)))

    async def mute_word(self, user_id: str, word: MutedWord) -> None:
        self.words[user_id][word.phrase] = word

    async def unmute_word(self, user_id: str, phrase: str) -> bool:
        return self.words[user_id].pop(phrase, None) is not None

    async def followed_tags(self, user_id: str) -> frozenset[str]:
        return frozenset(self.tags[user_id])

    async def follow_tag(self, user_id: str, tag: str) -> None:
        self.tags[user_id].add(tag)

    async def unfollow_tag(self, user_id: str, tag: str) -> bool:
        if tag not in self.tags[user_id]:
            return False
        self.tags[user_id].discard(tag)
        return True

    async def content_warnings(self, user_id: str) -> str:
        return self.warnings.get(user_id, "")

    async def reading_filters(self, user_id: str) -> ReadingFilters:
        return ReadingFilters(user_id, await self.muted_words(user_id), self.warnings.get(user_id) == "hide")

    async def set_content_warnings(self, user_id: str, display: str) -> None:
        self.warnings[user_id] = display

    async def readable(
        self,
        post_ids: list[str],
        authors: dict[str, AuthorSummary | None] | None = None,
        votes: ReaderVotes | None = None,
    ) -> dict[str, PostSummary]:
        posts = {p.post_id: p for p in map(self.summary, post_ids) if p is not None}
        if votes is not None:
            mine = self.reader_votes[votes.user_id]
            votes.votes.update((p, mine[p][1]) for p in post_ids if p in mine and mine[p][1])
        if authors is not None:
            authors.update((p.author_id, self.profiles.get(p.author_id)) for p in posts.values())
        return {pid: p for pid, p in posts.items() if not self.is_away(p.author_id)}

    async def authors(self, author_ids: Iterable[str]) -> dict[str, AuthorSummary]:
        return {a: self.profiles[a] for a in set(author_ids) if a in self.profiles}

    async def ranges(self, lists: list[FeedList], top: int | str, count: int) -> list[list[tuple[str, int]]]:
        return [_newest(self.lists[list_key(feed_list)], top, count) for feed_list in lists]

    async def timeline_context(
        self, user_id: str, author_id: str, first: tuple[int | str, int]
    ) -> tuple[Viewer, bool, list[tuple[str, int]]]:
        head = _newest(self.lists[timeline_key(author_id)], *first)
        return await self.viewer(user_id), self.is_away(author_id), head

    async def home_context(
        self, user_id: str, now_ms: int, first: tuple[int | str, int], ranked: bool = False
    ) -> tuple[Viewer, int | None, list[FeedList], list[tuple[str, int]]]:
        viewer = await self.viewer(user_id, affinity=ranked)
        viewer = dataclasses.replace(viewer, exclusive=frozenset(self.exclusive[user_id]))
        previous = self.activity.get(user_id)
        self.activity[user_id] = now_ms
        merged = [FeedList("timeline", a) for a in sorted((viewer.following | viewer.friends) & self.big_authors)]
        merged += [FeedList("community", c) for c in sorted(viewer.communities & self.big_communities)]
        merged += [FeedList("hashtag", t) for t in sorted(viewer.followed_tags)]
        return viewer, previous, merged, _newest(self.lists[home_key(user_id)], *first)

    async def rebuild_home(self, viewer: Viewer) -> None:
        sources = [timeline_key(u) for u in sorted(viewer.following | viewer.friends | {viewer.user_id})]
        sources += [community_key(c) for c in sorted(viewer.communities)]
        candidates = dict.fromkeys(m for key in sources for m in self.recent(key))
        posts = [p for p in map(self.summary, candidates) if p is not None]
        self.add_to_home(viewer.user_id, {p.post_id: p.created_at_ms for p in posts if belongs_in_home(p, viewer)})

    async def member_count(self, community_id: str) -> int:
        return len(self.members[community_id])

    async def community_visibility(self, community_id: str) -> str | None:
        return self.visibility.get(community_id)

    async def sorted_after(
        self, community_id: str, sort: CommunitySort, after: Cursor | None, count: int, since_ms: int | None = None
    ) -> list[tuple[str, float]]:
        created = self.lists[community_key(community_id)]
        ordered = sorted(
            self.lists[community_sort_key(community_id, sort.list)].items(),
            key=lambda ms: (ms[1], ms[0]),
            reverse=True,
        )
        return [
            (m, s)
            for m, s in ordered
            if (after is None or (s, m) < (after.score, after.member))
            and (since_ms is None or created.get(m, -1) >= since_ms)
        ][:count]

    async def featured(self, community_id: str) -> list[str]:
        entries = sorted(self.lists[featured_key(community_id)].items(), key=lambda ms: (ms[1], ms[0]), reverse=True)
        return featured_order(entries[:8])

    async def popular(self, start: int, count: int) -> list[str]:
        ranked = sorted(self.popular_scores.items(), key=lambda ms: (ms[1], ms[0]), reverse=True)
        return [m for m, _ in ranked[start : start + count]]

    async def entries(
        self,
        posts: list[PostSummary],
        extra: dict[str, tuple] | None = None,
        authors: dict[str, AuthorSummary | None] | None = None,
        votes: ReaderVotes | None = None,
    ) -> list[FeedEntry]:
        known = dict(authors or {})
        if missing := {p.author_id for p in posts} - known.keys():
            known.update(await self.authors(missing))
        voted = votes.votes if votes else {}
        return [
            FeedEntry(p, known.get(p.author_id), *(extra or {}).get(p.post_id, ()), viewer_vote=voted.get(p.post_id, 0))
            for p in posts
        ]


class FakeFanOut(FanOut):
    """Each call's posts are kept in `calls`."""

    def __init__(self, feeds: FakeFeedStore, *, inactive_after_ms: int = 30 * DAY_MS) -> None:
        self.feeds = feeds
        self.inactive_after_ms = inactive_after_ms
        self.calls: list[list[str]] = []

    async def posts(
        self, posts: list[PostSummary], now_ms: int | None = None, reached: dict[str, str] | None = None
    ) -> int:
        self.calls.append([p.post_id for p in posts])
        f, now_ms = self.feeds, now_ms or _now_ms()
        by_owner: dict[str, dict[str, int]] = defaultdict(dict)
        for post in posts:
            if post.post_id in f.deleted:
                continue  # never a ghost
            f.posts[post.post_id] = post
            lists = [timeline_key(post.author_id)]
            lists += [community_key(post.community_id)] if post.community_id else []
            if post.publicly_visible:
                lists += [hashtag_key(tag) for tag in post.hashtags]
                f.popular_scores[post.post_id] = hot_score(post)
            for key in lists:
                f.lists[key][post.post_id] = post.created_at_ms
            if post.community_id:
                f.enter_sorts(post)
            author, audience = post.author_id, set()
            if author not in f.big_authors:
                mode = fan_out_audience(post)
                if mode == "followers":
                    audience |= f.followers[author] | f.friends[author]
                elif mode == "friends":
                    audience |= f.friends[author]
            if post.community_id and post.community_id not in f.big_communities:
                audience |= f.members[post.community_id]
            audience -= f.muted_by[author] | f.blocks[author]
            active = {u for u in audience if f.activity.get(u, now_ms) >= now_ms - self.inactive_after_ms}
            for owner in active | {author}:
                by_owner[owner][post.post_id] = post.created_at_ms
        for owner, entries in by_owner.items():
            f.add_to_home(owner, entries)
            if reached is not None:
                reached[owner] = max(entries.items(), key=lambda entry: (entry[1], entry[0]))[0]
        return sum(len(entries) for entries in by_owner.values())


class FakeRelationships(Relationships):
    """Facts as relate.lua keeps them (the newest per pair wins), the sets in the feed store,
    and the home feeds brought in line after each change."""

    def __init__(self, feeds: FakeFeedStore) -> None:
        self.feeds = feeds
        self.facts: dict[tuple[str, str], tuple[int, bool]] = {}  # (owner, field) -> (time, holds)

    def _fact(
        self, owner: str, name: str, at_ms: int | None, holds: bool, member: str, into: set[str], also: str = ""
    ) -> bool:
        at = _now_ms() if at_ms is None else at_ms
        previous = self.facts.get((owner, name))
        if previous is not None and previous[0] > at:
            return False
        self.facts[(owner, name)] = (at, holds)
        if holds or (also and self.facts.get((owner, also), (0, False))[1]):
            into.add(member)
        else:
            into.discard(member)
        return True

    async def _reconcile(self, viewer: str, source_key: str, *, add: bool, backfill: bool = False) -> None:
        await self.feeds.reconcile(viewer, self.feeds.recent(source_key, None if backfill else LIST_CAP), add=add)

    async def set_following(self, follower_id: str, followee_id: str, follows: bool, at_ms: int | None = None) -> None:
        f = self.feeds
        self._fact(followee_id, f"follower:{follower_id}", at_ms, follows, follower_id, f.followers[followee_id])
        if self._fact(follower_id, f"following:{followee_id}", at_ms, follows, followee_id, f.following[follower_id]):
            await self._reconcile(follower_id, timeline_key(followee_id), add=follows, backfill=follows)

    async def set_friends(self, a: str, b: str, friends: bool, at_ms: int | None = None) -> None:
        for viewer, other in ((a, b), (b, a)):
            if self._fact(viewer, f"friend:{other}", at_ms, friends, other, self.feeds.friends[viewer]):
                await self._reconcile(viewer, timeline_key(other), add=friends)

    async def set_blocked(self, blocker: str, blocked: str, on: bool, at_ms: int | None = None) -> None:
        sides = (
            (blocker, blocked, f"blocks:{blocked}", f"blockedby:{blocked}"),
            (blocked, blocker, f"blockedby:{blocker}", f"blocks:{blocker}"),
        )
        for viewer, other, name, also in sides:
            if self._fact(viewer, name, at_ms, on, other, self.feeds.blocks[viewer], also):
                await self._reconcile(viewer, timeline_key(other), add=not on, backfill=not on)

    async def set_muted(self, muter: str, muted: str, on: bool, at_ms: int | None = None) -> None:
        self._fact(muted, f"mutedby:{muter}", at_ms, on, muter, self.feeds.muted_by[muted])
        if self._fact(muter, f"mutes:{muted}", at_ms, on, muted, self.feeds.mutes[muter]):
            await self._reconcile(muter, timeline_key(muted), add=not on)

    async def set_member(self, community_id: str, user_id: str, member: bool, at_ms: int | None = None) -> None:
        f = self.feeds
        self._fact(community_id, f"member:{user_id}", at_ms, member, user_id, f.members[community_id])
        if self._fact(user_id, f"community:{community_id}", at_ms, member, community_id, f.communities[user_id]):
            await self._reconcile(user_id, community_key(community_id), add=member)

    async def set_away(self, user_id: str, away: bool, at_ms: int | None = None) -> None:
        self._fact(user_id, "away", at_ms, away, user_id, self.feeds.deactivated)

    async def away(self, user_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(u for u in user_ids if self.feeds.is_away(u))


def fake_stores(*, inactive_after_ms: int = 30 * DAY_MS, cap: int = 800, backfill: int = 50) -> Stores:
    """Every port faked, sharing one feed store as the Redis adapters share one Redis."""
    feeds = FakeFeedStore(cap=cap, backfill=backfill)
    outbox, digest_outbox, list_outbox = FakeOutbox(), FakeOutbox(), FakeOutbox()
    return Stores(
        feeds=feeds,
        fan_out=FakeFanOut(feeds, inactive_after_ms=inactive_after_ms),
        relationships=FakeRelationships(feeds),
        notifications=FakeNotifications(feeds),
        community_facts=FakeCommunityFacts(),
        metrics=FakeCommunityMetrics(),
        recognition=FakeRecognition(),
        mentorship=FakeMentorship(outbox),
        outbox=outbox,
        erasure=FakeErasure(feeds, outbox),
        live=FakeLiveItems(),
        inactive_after_ms=inactive_after_ms,
        digests=FakeDigests(feeds, digest_outbox),
        digest_outbox=digest_outbox,
        digest_rules=DigestRules(),
        lists=FakeListStore(feeds, list_outbox),
        list_outbox=list_outbox,
    )
