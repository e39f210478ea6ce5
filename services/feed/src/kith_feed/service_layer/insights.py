"""Community health for moderators."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain import health as h
from kith_platform.errors import InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid


@dataclass
class CommunityInsights:
    store: RedisFeedStore

    async def health(self, user_id: str, community_id: str, days: int):
        community_id = parse_uuid(community_id, "community_id")
        days = days or 30
        if not 1 <= days <= 90:
            raise InvalidArgument("days", "must be between 1 and 90")
        visibility = await self.store.community_visibility(community_id)
        moderators = await self.store.community_facts.moderators(community_id)
        if visibility is None:
            raise NotFound("community_id: no such community")
        if user_id not in moderators:
            viewer = await self.store.viewer(user_id)
            if visibility == "hidden" and community_id not in viewer.communities:
                raise NotFound("community_id: no such community")
            raise PermissionDenied("only the community's moderators see its health")
        now = int(time.time() * 1000)
        today = h.day_of(now)
        metrics = self.store.metrics
        series = await metrics.days(community_id, today - days + 1, today)
        members = await self.store.redis.scard(f"feed:members:{{{community_id}}}")
        weekly = await metrics.active_over(community_id, today, 7)
        cohorts = await metrics.cohorts(community_id, h.week_of(now))
        summary = {
            "members": members, "daily": series[-1].active, "weekly": weekly,
            "monthly": await metrics.active_over(community_id, today, 30),
        }
        return series, summary, cohorts, h.health(members, weekly, series, cohorts)
