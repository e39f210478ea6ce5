"""Fakes of the feed's community ports (metrics, recognition, mentorship, the outbox) and of
erasure, in memory; see fakes.py."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from kith_feed.adapters.keys import home_key, timeline_key
from kith_feed.domain.health import Cohort, Day, day_of, week_of
from kith_feed.domain.ports import (
    CommunityMetrics,
    Erasure,
    Mentorship,
    Outbox,
    Recognition,
)
from kith_feed.domain.recognition import Standing

if TYPE_CHECKING:
    from services.feed.tests.fakes import FakeFeedStore


def _now_ms() -> int:
    return int(time.time() * 1000)


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
            f.reader_votes.pop(user_id, None)
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
