"""Community health: the daily figures and the health index.

activity       = min(1, weekly active members / members)
engagement     = min(1, comments per post over the window / 3)
responsiveness = 1 / (1 + median hours to a first comment)        (0 when nothing was answered)
retention      = share of the newest cohort with a following week that was active in that week
                 (1 when no cohort has had a week yet)
sentiment      = (mean VADER compound + 1) / 2                     (0.5 when nothing was said)
health         = 100 * (0.3 activity + 0.2 engagement + 0.2 responsiveness + 0.2 retention
                        + 0.1 sentiment)
"""

from __future__ import annotations

import statistics
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, timedelta

from kith_feed.domain.model import DAY_MS

POSITIVE, NEGATIVE = 0.05, -0.05  # VADER's usual thresholds on the compound score


def day_of(ms: int) -> int:
    return ms // DAY_MS


def week_of(ms: int) -> int:
    """Weeks since the epoch, starting on Mondays (1970-01-01 was a Thursday)."""
    return (day_of(ms) + 3) // 7


def day_label(day: int) -> str:
    return (date(1970, 1, 1) + timedelta(days=day)).isoformat()


def week_label(week: int) -> str:
    return day_label(week * 7 - 3)


@dataclass(frozen=True)
class Day:
    day: int
    active: int = 0
    new_members: int = 0
    posts: int = 0
    comments: int = 0
    reactions: int = 0
    depth_sum: int = 0
    replied_posts: int = 0
    first_replies: tuple[float, ...] = ()
    sentiment_sum: float = 0.0
    sentiment_n: int = 0
    positive: int = 0
    neutral: int = 0
    negative: int = 0

    @property
    def comments_per_post(self) -> float:
        return self.comments / self.posts if self.posts else 0.0

    @property
    def mean_reply_depth(self) -> float:
        return self.depth_sum / self.comments if self.comments else 0.0

    @property
    def replied_share(self) -> float:
        return min(1.0, self.replied_posts / self.posts) if self.posts else 0.0

    @property
    def median_first_reply(self) -> float:
        return statistics.median(self.first_replies) if self.first_replies else 0.0

    @property
    def sentiment_mean(self) -> float:
        return self.sentiment_sum / self.sentiment_n if self.sentiment_n else 0.0


@dataclass(frozen=True)
class Health:
    value: float
    activity: float
    engagement: float
    responsiveness: float
    retention: float
    sentiment: float


@dataclass(frozen=True)
class Cohort:
    week: int
    size: int
    active_by_week: tuple[int, ...] = field(default_factory=tuple)


def health(members: int, weekly_active: int, days: list[Day], cohorts: list[Cohort]) -> Health:
    activity = min(1.0, weekly_active / members) if members else 0.0
    posts = sum(d.posts for d in days)
    comments = sum(d.comments for d in days)
    engagement = min(1.0, (comments / posts) / 3) if posts else 0.0
    waits = [w for d in days for w in d.first_replies]
    responsiveness = 1 / (1 + statistics.median(waits) / 3600) if waits else 0.0
    retention = 1.0
    for cohort in sorted(cohorts, key=lambda c: -c.week):
        if len(cohort.active_by_week) > 1 and cohort.size:
            retention = cohort.active_by_week[1] / cohort.size
            break
    n = sum(d.sentiment_n for d in days)
    sentiment = (sum(d.sentiment_sum for d in days) / n + 1) / 2 if n else 0.5
    value = 100 * (0.3 * activity + 0.2 * engagement + 0.2 * responsiveness + 0.2 * retention + 0.1 * sentiment)
    return Health(round(value, 2), activity, engagement, responsiveness, retention, sentiment)


# --- the port of its store (adapters: Redis) ----------------------------------------------


class CommunityMetrics(ABC):
    """Community health figures, from the events' own times (order does not matter)."""

    @abstractmethod
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
        """Count one post, comment, reaction or join, once per event, and mark the community for
        a snapshot; True when it was counted."""

    @abstractmethod
    async def mark_dirty(self, community_id: str) -> None:
        """The community has had activity since its last health snapshot."""

    @abstractmethod
    async def take_dirty(self, limit: int) -> list[str]:
        """Up to `limit` communities due for a snapshot, each taken by one caller only."""

    @abstractmethod
    async def days(self, community_id: str, first_day: int, last_day: int) -> list[Day]:
        """The daily figures, one per day from `first_day` to `last_day`."""

    @abstractmethod
    async def active_over(self, community_id: str, last_day: int, days: int) -> int:
        """Members active over the `days` days up to `last_day`."""

    @abstractmethod
    async def cohorts(self, community_id: str, this_week: int, weeks: int = 8) -> list[Cohort]:
        """The cohorts of members who joined in each of the last `weeks` weeks (empty ones left
        out), with how many of them were active each week since."""
