"""Recognition: engagement points per action, badges as declarative rules over a member's
counters, and trust levels with hysteresis.

Points (settings can change them): a post 5, a comment 3, a reaction given 1, a reaction
received 2, a reply received 2, going to an event 2.

Trust levels come from the points of the last 30 days: 1 (basic) from 10, 2 (member) from
50, 3 (regular) from 150. A member moves up as soon as they reach the next threshold and
down only when they fall below 75% of their level's threshold, so a quiet week does not
flip them back and forth.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass

from kith_feed.domain.model import DAY_MS

DEFAULT_POINTS = {
    "post": 5.0,
    "comment": 3.0,
    "reaction_given": 1.0,
    "reaction_received": 2.0,
    "reply_received": 2.0,
    "event_going": 2.0,
}
TRUST_THRESHOLDS = (0.0, 10.0, 50.0, 150.0)
HYSTERESIS = 0.75
MENTOR_TRUST = 2  # members from this trust level may mentor
NEWCOMER_MS = 14 * DAY_MS


@dataclass(frozen=True)
class BadgeRule:
    badge: str
    counter: str
    at_least: int


BADGES = (
    BadgeRule("first_post", "posts", 1),
    BadgeRule("first_reply", "comments", 1),
    BadgeRule("helpful", "reacted_replies", 10),  # 10 of their comments got reactions
    BadgeRule("welcomer", "welcomed", 5),  # replied to 5 different newcomers' posts
    BadgeRule("well_liked", "reactions_received", 100),
    BadgeRule("event_regular", "events_going", 3),
)


@dataclass(frozen=True)
class Standing:
    counters: dict[str, int]
    badges: dict[str, str]  # badge -> the event that earned it
    week: float
    month: float
    ever: float
    trust: int  # as stored; `trust_level(trust, month)` is where it stands now
    trust_changes: int = 0  # how many times the stored level has changed (TrustLevelChanged.sequence)


def earned(counters: dict[str, int]) -> list[str]:
    return [rule.badge for rule in BADGES if counters.get(rule.counter, 0) >= rule.at_least]


def trust_level(current: int, points_30_days: float) -> int:
    level = current
    while level + 1 < len(TRUST_THRESHOLDS) and points_30_days >= TRUST_THRESHOLDS[level + 1]:
        level += 1
    while level > 0 and points_30_days < HYSTERESIS * TRUST_THRESHOLDS[level]:
        level -= 1
    return level


AWARDS = uuid.UUID("8c2f4b7e-51d3-4a9e-b0f6-3e9d2c7a1b54")


def award_event_id(community_id: str, user_id: str, badge: str) -> str:
    """The same award always has the same event id: consumers recognise a repeat."""
    return str(uuid.uuid5(AWARDS, f"{community_id}:{user_id}:{badge}"))


TRUST_CHANGES = uuid.UUID("5b0e7d2a-93c4-4f18-a6d1-7c2e9f40b836")


def trust_change_event_id(community_id: str, user_id: str, sequence: int, level: int) -> str:
    """The n-th change of a member's level to a given level always has the same event id, so
    announcing it again after a crash is recognisable; a different level under the same
    sequence (announced by a worker that lost the race to keep it) is a different event."""
    return str(uuid.uuid5(TRUST_CHANGES, f"{community_id}:{user_id}:{sequence}:{level}"))


MENTORSHIP = uuid.UUID("0f6d3b8a-2c47-4e19-9b5d-6a1e8c3f7d20")


def mentor_match_event_id(community_id: str, mentee_id: str, mentor_id: str) -> str:
    """A mentee is matched once per community: the match always has the same event id."""
    return str(uuid.uuid5(MENTORSHIP, f"matched:{community_id}:{mentee_id}:{mentor_id}"))


def mentor_availability_event_id(community_id: str, user_id: str, sequence: int) -> str:
    """The n-th availability change of a member always has the same event id."""
    return str(uuid.uuid5(MENTORSHIP, f"availability:{community_id}:{user_id}:{sequence}"))


# --- the port of its store (adapters: Redis) ----------------------------------------------


class Recognition(ABC):
    """Points, member counters, badges and trust levels in a community."""

    @abstractmethod
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
        """Once per event: (member, points, counter to add one to) for the actor and the other
        (a blank member: nobody), and a mark (set, member of it, who is credited, counter): the
        counter moves only the first time the member goes into the set (a blank credited: none)."""

    @abstractmethod
    async def joined(self, community_id: str, user_id: str, at_ms: int) -> None:
        """When the member joined (the first time recorded stays)."""

    @abstractmethod
    async def joined_at(self, community_id: str, user_id: str) -> int | None: ...

    @abstractmethod
    async def standing(self, community_id: str, user_id: str, today: int) -> Standing:
        """A member's counters, badges, points (7 days, 30 days, all time) and stored trust
        level, in one round trip."""

    @abstractmethod
    async def keep_badge(self, community_id: str, user_id: str, badge: str, event_id: str) -> None:
        """Keep the badge and the event that earned it (the first one kept stays)."""

    @abstractmethod
    async def scores(self, community_id: str, last_day: int, days: int | None) -> list[tuple[str, float]]:
        """Members and points over the last `days` days (None: all time), best first."""

    @abstractmethod
    async def keep_trust(self, community_id: str, user_id: str, changes: int, level: int) -> bool:
        """Store the member's new level as their change number `changes + 1`, unless another
        worker changed it meanwhile (then False: look again)."""

    @abstractmethod
    async def watch_trust(self, community_id: str, user_id: str, due_ms: int | None) -> None:
        """Look at the member's level again at `due_ms` (points fade without events); None: not
        at all (level 0 cannot fall)."""

    @abstractmethod
    async def take_due_trust(self, now_ms: int, next_ms: int, limit: int = 500) -> list[tuple[str, str]]:
        """(community, member) of those due for a look, each pushed to `next_ms` in the same step
        (whichever worker takes them; one that fails on them looks again then)."""


class Mentorship(ABC):
    """Mentors and their capacity, matches, and the interests they are matched on. Each change
    is announced by the envelope given with it, which goes into the community's outbox in the
    same atomic step as the change."""

    @abstractmethod
    async def availability_changes(self, community_id: str, user_id: str) -> int:
        """How many times the member's availability has changed."""

    @abstractmethod
    async def set_available(
        self, community_id: str, user_id: str, capacity: int | None, changes: int, envelope: bytes
    ) -> int:
        """Opt in (with a capacity) or out, announcing it with `envelope` (built for change
        number `changes` + 1). 1: changed; 0: nothing to change; -1: `changes` is stale."""

    @abstractmethod
    async def mentors(self, community_id: str) -> dict[str, tuple[int, int]]:
        """Mentor -> (capacity, mentees)."""

    @abstractmethod
    async def mentor_of(self, community_id: str, user_id: str) -> str | None: ...

    @abstractmethod
    async def match(self, community_id: str, mentee: str, mentor: str, envelope: bytes) -> tuple[int, str]:
        """1: matched (and `envelope` is in the outbox); 0: the mentee already had the mentor
        returned; -1: the mentor has no room."""

    @abstractmethod
    async def interests(self, user_id: str) -> set[str]: ...

    @abstractmethod
    async def set_interests(self, user_id: str, topics: list[str]) -> None: ...
