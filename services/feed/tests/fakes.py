"""Fakes of the feed's ports (kith_feed.domain.ports), in memory: the service layer's unit tests
run without Redis. They keep the rules the service layer relies on (newest fact wins, once per
event, the home feed and notification filters, outbox order), not Redis's data layout; the Redis
adapters have their own tests against the servers."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from kith_feed.adapters.keys import LIST_CAP, community_key, hashtag_key, home_key, list_key, timeline_key
from kith_feed.domain.health import Cohort, Day, day_of, week_of
from kith_feed.domain.model import (
    DAY_MS,
    AuthorSummary,
    FeedEntry,
    FeedList,
    PostSummary,
    Viewer,
    belongs_in_home,
    fan_out_audience,
    hot_score,
)
from kith_feed.domain.notifications import ALWAYS, KINDS, Notification, group_id
from kith_feed.domain.ports import (
    CommunityFacts,
    CommunityMetrics,
    Erasure,
    FanOut,
    FeedStore,
    LiveItems,
    Mentorship,
    Notifications,
    Outbox,
    Recognition,
    Relationships,
    Stores,
)
from kith_feed.domain.recognition import Standing

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
        self.members: dict[str, set[str]] = defaultdict(set)

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
        return dataclasses.replace(
            post,
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

    async def delete_post(self, post_id: str, author_id: str = "") -> None:
        post = self.posts.pop(post_id, None)
        self.deleted.add(post_id)
        self.popular_scores.pop(post_id, None)
        author_id = author_id or (post.author_id if post else "")
        keys = [timeline_key(author_id), home_key(author_id)] if author_id else []
        if post is not None:
            keys += [community_key(post.community_id)] if post.community_id else []
            keys += [hashtag_key(tag) for tag in post.hashtags]
        for key in keys:
            self.lists[key].pop(post_id, None)

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

    async def add_affinity(self, event_id: str, user_id: str, author_id: str, weight: float) -> None:
        if user_id and author_id and user_id != author_id and ("affinity", event_id) not in self.applied:
            self.applied.add(("affinity", event_id))
            self.affinity[user_id][author_id] += weight

    async def put_community(self, community_id: str, visibility: str) -> None:
        self.visibility[community_id] = visibility

    # --- reads ---

    async def viewer(self, user_id: str) -> Viewer:
        return Viewer(
            user_id,
            frozenset(self.following[user_id]),
            frozenset(self.friends[user_id]),
            frozenset(self.communities[user_id]),
            frozenset(self.mutes[user_id]),
            frozenset(self.blocks[user_id]),
            {a: float(s) for a, s in self.affinity[user_id].most_common(200)},
        )

    async def readable(
        self, post_ids: list[str], authors: dict[str, AuthorSummary | None] | None = None
    ) -> dict[str, PostSummary]:
        posts = {p.post_id: p for p in map(self.summary, post_ids) if p is not None}
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
        self, user_id: str, now_ms: int, first: tuple[int | str, int]
    ) -> tuple[Viewer, int | None, list[FeedList], list[tuple[str, int]]]:
        viewer = await self.viewer(user_id)
        previous = self.activity.get(user_id)
        self.activity[user_id] = now_ms
        merged = [FeedList("timeline", a) for a in sorted((viewer.following | viewer.friends) & self.big_authors)]
        merged += [FeedList("community", c) for c in sorted(viewer.communities & self.big_communities)]
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

    async def popular(self, start: int, count: int) -> list[str]:
        ranked = sorted(self.popular_scores.items(), key=lambda ms: (ms[1], ms[0]), reverse=True)
        return [m for m, _ in ranked[start : start + count]]

    async def entries(
        self,
        posts: list[PostSummary],
        extra: dict[str, tuple] | None = None,
        authors: dict[str, AuthorSummary | None] | None = None,
    ) -> list[FeedEntry]:
        known = dict(authors or {})
        if missing := {p.author_id for p in posts} - known.keys():
            known.update(await self.authors(missing))
        return [FeedEntry(p, known.get(p.author_id), *(extra or {}).get(p.post_id, ())) for p in posts]


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


@dataclass
class Group:
    kind: str
    target: str
    community: str
    detail: str
    count: int = 0
    actors: dict[str, int] = field(default_factory=dict)  # actor -> latest time
    updated_at_ms: int = 0


class FakeNotifications(Notifications):
    """Groups per reader, silenced as notify.lua silences them (kind turned off, a blocked or
    muted actor, a request already ended), once per event and kind."""

    def __init__(self, feeds: FakeFeedStore) -> None:
        self.feeds = feeds
        self.groups: dict[str, dict[str, Group]] = defaultdict(dict)  # reader -> group id -> group
        self.unread_ids: dict[str, set[str]] = defaultdict(set)
        self.prefs: dict[str, dict[str, bool]] = defaultdict(dict)
        self.closed: dict[tuple[str, str], int] = {}  # (reader, "<kind>|<actor>") -> when it ended
        self.once: set[tuple[str, str]] = set()  # (reader, "<event id>:<kind>")

    def of(self, reader: str, kind: str | None = None) -> list[Group]:
        """The reader's groups (of one kind), newest first."""
        groups = sorted(self.groups[reader].values(), key=lambda g: g.updated_at_ms, reverse=True)
        return [g for g in groups if kind is None or g.kind == kind]

    async def notify(
        self,
        event_id: str,
        recipient: str,
        kind: str,
        target: str,
        actor: str,
        at_ms: int,
        community: str = "",
        detail: str = "",
    ) -> bool:
        if not recipient or recipient == actor or (not actor and kind not in ALWAYS):
            return False
        if (recipient, f"{event_id}:{kind}") in self.once:
            return False
        self.once.add((recipient, f"{event_id}:{kind}"))
        if self.prefs[recipient].get(kind) is False:
            return False
        if kind not in ALWAYS and actor and actor in self.feeds.mutes[recipient] | self.feeds.blocks[recipient]:
            return False
        if kind in REQUESTS and self.closed.get((recipient, f"{kind}|{actor}"), -1) >= at_ms:
            return False
        gid = group_id(kind, target, actor, at_ms)
        group = self.groups[recipient].setdefault(gid, Group(kind, target, community, detail))
        group.community, group.detail = community, detail
        if actor:
            group.count += actor not in group.actors
            group.actors[actor] = max(group.actors.get(actor, at_ms), at_ms)
        group.updated_at_ms = max(group.updated_at_ms, at_ms)
        self.unread_ids[recipient].add(gid)
        return True

    async def close_request(
        self, event_id: str, recipient: str, kind: str, actor: str, requested_at_ms: int, ended_at_ms: int
    ) -> bool:
        if kind not in REQUESTS or not recipient or recipient == actor:
            return False
        if (recipient, f"{event_id}:close:{kind}") in self.once:
            return False
        self.once.add((recipient, f"{event_id}:close:{kind}"))
        closed = (recipient, f"{kind}|{actor}")
        self.closed[closed] = max(self.closed.get(closed, -1), ended_at_ms)
        gid = group_id(kind, "", actor, requested_at_ms)
        group = self.groups[recipient].get(gid)
        if group is None or actor not in group.actors or group.actors[actor] > ended_at_ms:
            return True
        del group.actors[actor]
        group.count -= 1
        if group.count <= 0 or not group.actors:
            del self.groups[recipient][gid]
            self.unread_ids[recipient].discard(gid)
        return True

    async def page(
        self, user_id: str, top: float | str, skip_member: str | None, count: int, hidden_actors: frozenset[str]
    ) -> list[Notification]:
        rows = sorted(
            ((gid, g) for gid, g in self.groups[user_id].items() if top == "+inf" or g.updated_at_ms <= float(top)),
            key=lambda row: (row[1].updated_at_ms, row[0]),
            reverse=True,
        )
        if skip_member is not None:
            rows = [(gid, g) for gid, g in rows if not (g.updated_at_ms == top and gid >= skip_member)]
        found = []
        for gid, g in rows[:count]:
            actors = sorted(g.actors, key=lambda a: (g.actors[a], a), reverse=True)
            visible = [a for a in actors if g.kind in ALWAYS or (a not in hidden_actors and not self.feeds.is_away(a))]
            if actors and not visible:
                continue
            unread = gid in self.unread_ids[user_id]
            count_shown = max(g.count - (len(actors) - len(visible)), len(visible))
            found.append(
                Notification(
                    gid,
                    g.kind,
                    g.target,
                    g.community,
                    tuple(visible[:3]),
                    count_shown,
                    unread,
                    g.updated_at_ms,
                    g.detail,
                )
            )
        return found

    async def unread(self, user_id: str) -> int:
        return len(self.unread_ids[user_id])

    async def mark_read(self, user_id: str, gids: list[str]) -> None:
        self.unread_ids[user_id] -= set(gids)

    async def mark_all_read(self, user_id: str) -> None:
        self.unread_ids[user_id].clear()

    async def preferences(self, user_id: str) -> dict[str, bool]:
        return {kind: self.prefs[user_id].get(kind, True) for kind in KINDS}

    async def set_preferences(self, user_id: str, changes: dict[str, bool]) -> dict[str, bool]:
        self.prefs[user_id].update(changes)
        return await self.preferences(user_id)


class FakeCommunityFacts(CommunityFacts):
    def __init__(self, reminder_lead_ms: int = 3_600_000) -> None:
        self.reminder_lead_ms = reminder_lead_ms
        self.moderator_sets: dict[str, set[str]] = defaultdict(set)
        self.pending: dict[str, set[str]] = defaultdict(set)
        self.attending: dict[str, set[str]] = defaultdict(set)
        self.unreminded: dict[str, set[str]] = defaultdict(set)
        self.reminders: dict[str, int] = {}  # event -> when to remind (ms)
        self.event_community: dict[str, str] = {}

    async def schedule_reminder(self, event_id: str, community_id: str, starts_at_ms: int) -> None:
        self.event_community[event_id] = community_id
        self.reminders[event_id] = starts_at_ms - self.reminder_lead_ms

    async def cancel_reminder(self, event_id: str) -> None:
        self.reminders.pop(event_id, None)

    async def take_due_reminders(self, now_ms: int, limit: int = 100) -> list[tuple[str, str]]:
        due = sorted((at, e) for e, at in self.reminders.items() if at <= now_ms)[:limit]
        for _, event_id in due:
            del self.reminders[event_id]
        return [(event_id, self.event_community.get(event_id, "")) for _, event_id in due]

    async def set_moderator(self, community_id: str, user_id: str, moderator: bool) -> None:
        (self.moderator_sets[community_id].add if moderator else self.moderator_sets[community_id].discard)(user_id)

    async def moderators(self, community_id: str) -> list[str]:
        return sorted(self.moderator_sets[community_id])

    async def set_pending(self, community_id: str, user_id: str, pending: bool) -> bool:
        if pending:
            self.pending[community_id].add(user_id)
            return False
        was = user_id in self.pending[community_id]
        self.pending[community_id].discard(user_id)
        return was

    async def set_attending(self, event_id: str, user_id: str, attending: bool, reminded: bool = True) -> None:
        (self.attending[event_id].add if attending else self.attending[event_id].discard)(user_id)
        (self.unreminded[event_id].add if attending and not reminded else self.unreminded[event_id].discard)(user_id)

    async def attendees(self, event_id: str) -> list[str]:
        return sorted(self.attending[event_id])

    async def to_remind(self, event_id: str) -> list[str]:
        return sorted(self.attending[event_id] - self.unreminded[event_id])


class FakeCommunityMetrics(CommunityMetrics):
    """Counts per community and day, once per event; active members per day."""

    def __init__(self) -> None:
        self.counted: set[str] = set()
        self.per_day: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
        self.sentiments: dict[tuple[str, int], list[float]] = defaultdict(list)
        self.active: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.joined_week: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.dirty: dict[str, None] = {}

    async def record(
        self,
        event_id: str,
        community_id: str,
        kind: str,
        actor: str,
        at_ms: int,
        *,
        post_id: str = "",
        created_ms: int = 0,
        depth: int = 0,
        sentiment: float | None = None,
    ) -> bool:
        if event_id in self.counted:
            return False
        self.counted.add(event_id)
        day = day_of(at_ms)
        n = self.per_day[(community_id, day)]
        n[{"post": "posts", "comment": "comments", "reaction": "reactions", "join": "new_members"}[kind]] += 1
        n["depth_sum"] += depth
        if sentiment is not None:
            self.sentiments[(community_id, day)].append(sentiment)
        if actor:
            self.active[(community_id, day)].add(actor)
        if kind == "join":
            self.joined_week[(community_id, week_of(at_ms))].add(actor)
        await self.mark_dirty(community_id)
        return True

    async def mark_dirty(self, community_id: str) -> None:
        self.dirty[community_id] = None

    async def take_dirty(self, limit: int) -> list[str]:
        taken = list(self.dirty)[:limit]
        for community_id in taken:
            del self.dirty[community_id]
        return taken

    async def days(self, community_id: str, first_day: int, last_day: int) -> list[Day]:
        out = []
        for day in range(first_day, last_day + 1):
            n = self.per_day[(community_id, day)]
            out.append(
                Day(
                    day,
                    active=len(self.active[(community_id, day)]),
                    new_members=n["new_members"],
                    posts=n["posts"],
                    comments=n["comments"],
                    reactions=n["reactions"],
                    depth_sum=n["depth_sum"],
                    sentiment_sum=sum(self.sentiments[(community_id, day)]),
                    sentiment_n=len(self.sentiments[(community_id, day)]),
                )
            )
        return out

    async def active_over(self, community_id: str, last_day: int, days: int) -> int:
        return len(set().union(*(self.active[(community_id, d)] for d in range(last_day - days + 1, last_day + 1))))

    async def cohorts(self, community_id: str, this_week: int, weeks: int = 8) -> list[Cohort]:
        out = []
        for week in range(this_week - weeks + 1, this_week + 1):
            cohort = self.joined_week[(community_id, week)]
            if cohort:
                active = [
                    set().union(*(self.active[(community_id, d)] for d in range(later * 7 - 3, later * 7 + 4)))
                    for later in range(week, this_week + 1)
                ]
                out.append(Cohort(week, len(cohort), tuple(len(cohort & a) for a in active)))
        return out


class FakeRecognition(Recognition):
    def __init__(self) -> None:
        self.credited: set[tuple[str, str]] = set()  # (community, event id)
        self.points: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)  # (community, day)
        self.ever: dict[str, Counter[str]] = defaultdict(Counter)
        self.counters: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (community, member)
        self.marks: dict[tuple[str, str], set[str]] = defaultdict(set)  # (community, mark set)
        self.badges: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        self.trust: dict[tuple[str, str], int] = {}
        self.trust_changes: dict[tuple[str, str], int] = {}
        self.joined_ms: dict[tuple[str, str], int] = {}
        self.watch: dict[tuple[str, str], int] = {}

    async def credit(
        self,
        event_id: str,
        community_id: str,
        at_ms: int,
        *,
        actor: tuple[str, float, str] = ("", 0.0, ""),
        other: tuple[str, float, str] = ("", 0.0, ""),
        mark: tuple[str, str, str, str] = ("", "", "", ""),
    ) -> None:
        if (community_id, event_id) in self.credited:
            return
        self.credited.add((community_id, event_id))
        for member, points, counter in (actor, other):
            if member:
                self.points[(community_id, day_of(at_ms))][member] += points
                self.ever[community_id][member] += points
                if counter:
                    self.counters[(community_id, member)][counter] += 1
        mark_set, member, credited, counter = mark
        if mark_set and credited and member not in self.marks[(community_id, mark_set)]:
            self.marks[(community_id, mark_set)].add(member)
            self.counters[(community_id, credited)][counter] += 1

    async def joined(self, community_id: str, user_id: str, at_ms: int) -> None:
        self.joined_ms.setdefault((community_id, user_id), at_ms)

    async def joined_at(self, community_id: str, user_id: str) -> int | None:
        return self.joined_ms.get((community_id, user_id))

    async def standing(self, community_id: str, user_id: str, today: int) -> Standing:
        daily = [self.points[(community_id, day)][user_id] for day in range(today - 29, today + 1)]
        return Standing(
            counters=dict(self.counters[(community_id, user_id)]),
            badges=dict(self.badges[(community_id, user_id)]),
            week=float(sum(daily[-7:])),
            month=float(sum(daily)),
            ever=float(self.ever[community_id][user_id]),
            trust=self.trust.get((community_id, user_id), 0),
            trust_changes=self.trust_changes.get((community_id, user_id), 0),
        )

    async def keep_badge(self, community_id: str, user_id: str, badge: str, event_id: str) -> None:
        self.badges[(community_id, user_id)].setdefault(badge, event_id)

    async def scores(self, community_id: str, last_day: int, days: int | None) -> list[tuple[str, float]]:
        if days is None:
            total = self.ever[community_id]
        else:
            total = Counter()
            for day in range(last_day - days + 1, last_day + 1):
                total.update(self.points[(community_id, day)])
        return sorted(((m, float(s)) for m, s in total.items() if s), key=lambda ms: (-ms[1], ms[0]))

    async def keep_trust(self, community_id: str, user_id: str, changes: int, level: int) -> bool:
        member = (community_id, user_id)
        if self.trust_changes.get(member, 0) != changes:
            return False
        self.trust[member], self.trust_changes[member] = level, changes + 1
        return True

    async def watch_trust(self, community_id: str, user_id: str, due_ms: int | None) -> None:
        if due_ms is None:
            self.watch.pop((community_id, user_id), None)
        else:
            self.watch[(community_id, user_id)] = due_ms

    async def take_due_trust(self, now_ms: int, next_ms: int, limit: int = 500) -> list[tuple[str, str]]:
        due = sorted(member for member, at in self.watch.items() if at <= now_ms)[:limit]
        for member in due:
            self.watch[member] = next_ms
        return due


class FakeOutbox(Outbox):
    """`failure`: raised by `add` instead (Redis down)."""

    def __init__(self) -> None:
        self.boxes: dict[str, list[bytes]] = defaultdict(list)
        self.due: dict[str, None] = {}  # an ordered set
        self.locked: set[str] = set()
        self.failure: BaseException | None = None

    async def add(self, community_id: str, envelope: bytes) -> None:
        if self.failure is not None:
            raise self.failure
        await self.mark_due(community_id)
        self.boxes[community_id].append(envelope)

    async def take_due(self, limit: int) -> list[str]:
        taken = list(self.due)[:limit]
        for community_id in taken:
            del self.due[community_id]
        return taken

    async def mark_due(self, community_id: str) -> None:
        self.due[community_id] = None

    async def lock(self, community_id: str, ttl_ms: int = 30_000) -> bool:
        if community_id in self.locked:
            return False
        self.locked.add(community_id)
        return True

    async def unlock(self, community_id: str) -> None:
        self.locked.discard(community_id)

    async def waiting(self, community_id: str, limit: int) -> list[bytes]:
        return self.boxes[community_id][:limit]

    async def relayed(self, community_id: str, envelopes: list[bytes]) -> None:
        for envelope in envelopes:
            if envelope in self.boxes[community_id]:
                self.boxes[community_id].remove(envelope)  # the oldest equal one


class FakeMentorship(Mentorship):
    def __init__(self, outbox: FakeOutbox) -> None:
        self.outbox = outbox
        self.capacity: dict[tuple[str, str], int] = {}  # (community, mentor)
        self.mentees: Counter[tuple[str, str]] = Counter()
        self.matched: dict[tuple[str, str], str] = {}  # (community, mentee) -> mentor
        self.changes: Counter[tuple[str, str]] = Counter()
        self.topics: dict[str, set[str]] = defaultdict(set)

    async def availability_changes(self, community_id: str, user_id: str) -> int:
        return self.changes[(community_id, user_id)]

    async def set_available(
        self, community_id: str, user_id: str, capacity: int | None, changes: int, envelope: bytes
    ) -> int:
        member = (community_id, user_id)
        if self.capacity.get(member) == capacity:
            return 0
        if self.changes[member] != changes:
            return -1
        if capacity:
            self.capacity[member] = capacity
        else:
            self.capacity.pop(member, None)
        self.changes[member] += 1
        await self.outbox.add(community_id, envelope)
        return 1

    async def mentors(self, community_id: str) -> dict[str, tuple[int, int]]:
        return {m: (cap, self.mentees[(c, m)]) for (c, m), cap in self.capacity.items() if c == community_id}

    async def mentor_of(self, community_id: str, user_id: str) -> str | None:
        return self.matched.get((community_id, user_id))

    async def match(self, community_id: str, mentee: str, mentor: str, envelope: bytes) -> tuple[int, str]:
        if (current := self.matched.get((community_id, mentee))) is not None:
            return 0, current
        capacity = self.capacity.get((community_id, mentor))
        if capacity is None or self.mentees[(community_id, mentor)] >= capacity:
            return -1, ""
        self.matched[(community_id, mentee)] = mentor
        self.mentees[(community_id, mentor)] += 1
        await self.outbox.add(community_id, envelope)
        return 1, mentor

    async def interests(self, user_id: str) -> set[str]:
        return set(self.topics[user_id])

    async def set_interests(self, user_id: str, topics: list[str]) -> None:
        self.topics[user_id] = set(topics)


class FakeErasure(Erasure):
    """The tombstone list (in the feed store, which hides the erased), the relationship sets and
    lists the person is in, and whether an outbox still names them."""

    def __init__(self, feeds: FakeFeedStore, outbox: FakeOutbox) -> None:
        self.feeds = feeds
        self.outbox = outbox
        self.rechecks: dict[str, int] = {}

    async def record(self, user_id: str, at_ms: int | None = None) -> None:
        self.feeds.erased.setdefault(user_id, _now_ms() if at_ms is None else at_ms)

    async def erased_among(self, user_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(u for u in user_ids if u in self.feeds.erased)

    async def posts(self, user_id: str) -> list[str]:
        return list(self.feeds.lists[timeline_key(user_id)])

    def _sets(self) -> list[dict[str, set[str]]]:
        f = self.feeds
        return [f.following, f.followers, f.friends, f.mutes, f.muted_by, f.blocks, f.communities, f.members]

    async def forget_relationships(self, user_id: str) -> None:
        for sets in self._sets():
            for owner, members in sets.items():
                if owner != user_id:
                    members.discard(user_id)

    async def forget_everywhere(self, user_ids: Collection[str]) -> set[str]:
        users = set(user_ids) - {""}
        f = self.feeds
        for user_id in users:
            for sets in self._sets():
                sets.pop(user_id, None)
            for key in (home_key(user_id), timeline_key(user_id)):
                f.lists.pop(key, None)
            f.affinity.pop(user_id, None)
            for counts in f.affinity.values():
                counts.pop(user_id, None)
            f.profiles.pop(user_id, None)
            f.activity.pop(user_id, None)
        named = {u for box in self.outbox.boxes.values() for envelope in box for u in users if u.encode() in envelope}
        for community_id, box in self.outbox.boxes.items():
            if any(u.encode() in envelope for envelope in box for u in named):
                await self.outbox.mark_due(community_id)
        return named

    async def look_again_at(self, user_id: str, due_ms: int) -> None:
        self.rechecks[user_id] = due_ms

    async def take_due(self, now_ms: int, lease_ms: int, limit: int = 50) -> list[str]:
        due = sorted(u for u, at in self.rechecks.items() if at <= now_ms)[:limit]
        for user_id in due:
            self.rechecks[user_id] = now_ms + lease_ms
        return due

    async def done(self, user_ids: Collection[str]) -> None:
        for user_id in user_ids:
            self.rechecks.pop(user_id, None)


class FakeLiveItems(LiveItems):
    """Each person's live items as (kind, what); home feed hints coalesced per `every_ms`."""

    def __init__(self, every_ms: int = 3_000) -> None:
        self.every_ms = every_ms
        self.items: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.last_hint: dict[str, int] = {}
        self.erased: list[str] = []

    async def hint_home_feeds(self, reached: dict[str, str], authors: set[str]) -> int:
        now, sent = _now_ms(), 0
        for user, post_id in reached.items():
            if user in authors or now - self.last_hint.get(user, -self.every_ms) < self.every_ms:
                continue
            self.last_hint[user] = now
            self.items[user].append(("home_feed", post_id))
            sent += 1
        return sent

    async def erase(self, user_id: str) -> int:
        self.erased.append(user_id)
        self.items.pop(user_id, None)
        self.last_hint.pop(user_id, None)
        return 0


def fake_stores(*, inactive_after_ms: int = 30 * DAY_MS, cap: int = 800, backfill: int = 50) -> Stores:
    """Every port faked, sharing one feed store as the Redis adapters share one Redis."""
    feeds = FakeFeedStore(cap=cap, backfill=backfill)
    outbox = FakeOutbox()
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
    )
