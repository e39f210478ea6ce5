"""The weekly digest (docs/digest.md): which posts make a person's digest and in which order, the
weeks digests are built in, and the port of the digest store.

For a reader v building at time t, a post p created in the period before t (t - period to t) by
someone else, that v may see now (the audience rule, and v's muted words and content warnings), is
a candidate when

  - it is in one of v's communities and has some engagement: s(p) >= 1, or
  - its author is one of v's close ties: affinity(v, author) >= CLOSE_TIE_MIN (one comment or
    reply, or three reactions; the affinity the ranked home feed uses),

  where s(p) = max(0, votes up - votes down + reactions + 2 comments + 3 shares), and is scored

  score = ln(1 + s(p)) + ln(1 + tie)      tie = affinity(v, author) for a close tie, else 0

Best first (then newest, then post id), at most PER_AUTHOR posts of one author and PER_COMMUNITY
of one community, at most `size` in all.
"""

from __future__ import annotations

import json
import math
import uuid
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kith_feed.domain.model import DAY_MS, PostSummary, Viewer, may_see

# Weeks start on Mondays at 00:00 UTC: 1970-01-05 was the first Monday after the epoch.
DIGEST_EPOCH_MS = 4 * DAY_MS
WEEK_MS = 7 * DAY_MS
CLOSE_TIE_MIN = 3.0
CLOSE_TIES = 20  # the reader's closest authors looked at
PER_AUTHOR, PER_COMMUNITY = 2, 3
DIGEST_SIZE = 10

IN_COMMUNITY = "popular in a community you are in"
FROM_CLOSE_TIE = "from someone you often interact with"


@dataclass(frozen=True)
class DigestRules:
    """How often digests are built (the period, a week by default) and how many posts they hold."""

    period_ms: int = WEEK_MS
    size: int = DIGEST_SIZE

    def week_start(self, now_ms: int) -> int:
        """The start of the period `now_ms` is in (a person gets one digest per period)."""
        return DIGEST_EPOCH_MS + (now_ms - DIGEST_EPOCH_MS) // self.period_ms * self.period_ms

    def next_week(self, now_ms: int) -> int:
        return self.week_start(now_ms) + self.period_ms


@dataclass(frozen=True)
class DigestItem:
    post_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    """A person's digest of one week, as built: the posts looked at were created from `since_ms`
    to `built_at_ms`."""

    user_id: str
    week_start_ms: int
    since_ms: int
    built_at_ms: int
    items: tuple[DigestItem, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {
                "week_start_ms": self.week_start_ms,
                "since_ms": self.since_ms,
                "built_at_ms": self.built_at_ms,
                "items": [[i.post_id, i.score, list(i.reasons)] for i in self.items],
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, user_id: str, text: str) -> Digest:
        d = json.loads(text)
        items = tuple(DigestItem(p, float(s), tuple(r)) for p, s, r in d["items"])
        return cls(user_id, int(d["week_start_ms"]), int(d["since_ms"]), int(d["built_at_ms"]), items)


DIGESTS = uuid.UUID("0c6f7e52-1d3b-4f0a-9a8e-5d2b7c41e9f3")


def digest_event_id(user_id: str, week_start_ms: int) -> str:
    """One DigestReady per person and week: a repeat carries the same event id."""
    return str(uuid.uuid5(DIGESTS, f"{user_id}:{week_start_ms}"))


def shown_now(post: PostSummary, viewer: Viewer, now_ms: int) -> bool:
    """Whether the reader may see the post now: the rule a digest is filtered with when it is built
    and at every read (the audience rule and the reader's filters; `readable` has already left out
    deleted posts and away authors)."""
    return may_see(post, viewer) and viewer.wants(post, now_ms)


def engagement(post: PostSummary) -> int:
    """Net votes and engagement, at least 0: s(p) above."""
    return max(0, post.upvotes - post.downvotes + post.reactions + 2 * post.comments + 3 * post.shares)


def close_ties(affinity: dict[str, float]) -> dict[str, float]:
    """The authors the reader is close to, from their affinity (author -> interactions)."""
    return {a: w for a, w in affinity.items() if w >= CLOSE_TIE_MIN}


def select_digest(
    posts: Iterable[PostSummary],
    viewer: Viewer,
    affinity: dict[str, float],
    since_ms: int,
    now_ms: int,
    size: int = DIGEST_SIZE,
) -> list[DigestItem]:
    """The digest's posts, best first (the rule in this module's docstring)."""
    ties = close_ties(affinity)
    scored: list[tuple[float, PostSummary, tuple[str, ...]]] = []
    for post in {p.post_id: p for p in posts}.values():
        if post.author_id == viewer.user_id or not since_ms <= post.created_at_ms <= now_ms:
            continue
        if not shown_now(post, viewer, now_ms):
            continue
        s = engagement(post)
        tie = ties.get(post.author_id, 0.0)
        why = []
        if s >= 1 and post.community_id and post.community_id in viewer.communities:
            why.append(IN_COMMUNITY)
        if tie:
            why.append(FROM_CLOSE_TIE)
        if why:
            scored.append((math.log1p(s) + math.log1p(tie), post, tuple(why)))
    scored.sort(key=lambda c: (-c[0], -c[1].created_at_ms, c[1].post_id))
    chosen: list[DigestItem] = []
    by_author: Counter[str] = Counter()
    by_community: Counter[str] = Counter()
    for score, post, reasons in scored:
        if len(chosen) == size:
            break
        if by_author[post.author_id] >= PER_AUTHOR:
            continue
        if post.community_id and by_community[post.community_id] >= PER_COMMUNITY:
            continue
        by_author[post.author_id] += 1
        if post.community_id:
            by_community[post.community_id] += 1
        chosen.append(DigestItem(post.post_id, round(score, 6), reasons))
    return chosen


# --- the port of its store (adapters: Redis) ----------------------------------------------


class Digests(ABC):
    """Each person's latest digest, the schedule of who is due for one, and their affinity."""

    @abstractmethod
    async def close_ties(self, user_id: str, count: int = CLOSE_TIES) -> dict[str, float]:
        """The `count` authors the person interacted with most (author -> affinity)."""

    @abstractmethod
    async def latest(self, user_id: str) -> Digest | None: ...

    @abstractmethod
    async def keep(self, digest: Digest, envelope: bytes | None) -> bool:
        """Keep the digest as the person's latest and put its DigestReady envelope (None: no
        event) in the person's digest outbox, in one atomic step; False, changing nothing, when a
        digest of that week or a later one is kept already (one digest per person and week)."""

    @abstractmethod
    async def schedule(self, user_id: str, due_ms: int) -> None:
        """Put the person on the schedule (a time already there stays)."""

    @abstractmethod
    async def reschedule(self, user_id: str, due_ms: int) -> None:
        """Move a person who is on the schedule to `due_ms` (one taken off meanwhile, erased, stays off)."""

    @abstractmethod
    async def take_due(self, now_ms: int, lease_ms: int, limit: int) -> list[str]:
        """Those due, each pushed `lease_ms` later in the same step: taken by one worker at a time,
        and due again if it dies before rescheduling them."""

    @abstractmethod
    async def seed(self, due_ms: int) -> int:
        """Once: put every reader the feed knows (feed reads recorded) on the schedule at `due_ms`,
        for those there before digests were. Returns how many; 0 when it was done before."""
