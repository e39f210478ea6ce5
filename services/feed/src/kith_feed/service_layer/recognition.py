"""Leaderboards and member standing for those who may see the community."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain import recognition as rules
from kith_feed.service_layer.reads import seeing_community
from kith_platform.errors import InvalidArgument
from kith_platform.ids import parse_uuid

WINDOWS = {"7_days": 7, "30_days": 30, "all_time": None}


@dataclass
class RecognitionReads:
    store: RedisFeedStore

    async def _may_see(self, user_id: str, community_id: str) -> str:
        return (await seeing_community(self.store, user_id, community_id, "leaderboards and badges"))[0]

    async def leaderboard(self, user_id: str, community_id: str, window: str, limit: int):
        community_id = await self._may_see(user_id, community_id)
        limit = limit or 10
        if not 1 <= limit <= 100:
            raise InvalidArgument("limit", "must be between 1 and 100")
        today = int(time.time() * 1000) // 86_400_000
        scores = await self.store.recognition.scores(community_id, today, WINDOWS[window])
        return [(member, score, rank) for rank, (member, score) in enumerate(scores[:limit], start=1)]

    async def standing(self, user_id: str, community_id: str, member_id: str):
        community_id = await self._may_see(user_id, community_id)
        member_id = parse_uuid(member_id, "user_id")
        r = self.store.recognition
        today = int(time.time() * 1000) // 86_400_000
        scores = [await r.score(community_id, member_id, today, days) for days in (7, 30, None)]
        current = await r.trust(community_id, member_id)
        level = rules.trust_level(current, scores[1])  # points fade over time: re-checked on read too
        if level != current:
            await r.set_trust(community_id, member_id, level)
        return scores, await r.badges(community_id, member_id), level
