"""Leaderboards and member standing for those who may see the community."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain import recognition as rules
from kith_feed.domain.health import day_of
from kith_feed.service_layer.reads import seeing_community
from kith_platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from kith_platform.ids import parse_uuid

WINDOWS = {"7_days": 7, "30_days": 30, "all_time": None}


async def member_standing(store: RedisFeedStore, community_id: str, user_id: str) -> tuple[rules.Standing, int]:
    """The member's standing and trust level now (points fade, so the level is worked out from
    the stored one whenever it is looked at). Only the stream worker stores a new level, after
    announcing it (TrustLevelChanged), so every change is announced exactly by whoever keeps it."""
    standing = await store.recognition.standing(community_id, user_id, day_of(int(time.time() * 1000)))
    return standing, rules.trust_level(standing.trust, standing.month)


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
        today = day_of(int(time.time() * 1000))
        scores = await self.store.recognition.scores(community_id, today, WINDOWS[window])
        return [(member, score, rank) for rank, (member, score) in enumerate(scores[:limit], start=1)]

    async def standing(self, user_id: str, community_id: str, member_id: str):
        community_id = await self._may_see(user_id, community_id)
        standing, level = await member_standing(self.store, community_id, parse_uuid(member_id, "user_id"))
        return (standing.week, standing.month, standing.ever), standing.badges, level


    async def set_mentor(self, user_id: str, community_id: str, available: bool, capacity: int) -> None:
        community_id = await self._may_see(user_id, community_id)
        capacity = capacity or 3
        if not 1 <= capacity <= 10:
            raise InvalidArgument("capacity", "must be between 1 and 10")
        if available:
            if community_id not in (await self.store.viewer(user_id)).communities:
                raise PermissionDenied("only members mentor in this community")
            _, level = await member_standing(self.store, community_id, user_id)
            if level < rules.MENTOR_TRUST:
                raise FailedPrecondition(f"mentors need trust level {rules.MENTOR_TRUST} (yours is {level})")
        await self.store.mentorship.set_available(community_id, user_id, capacity if available else None)

    async def request_mentor(self, user_id: str, community_id: str) -> tuple[str, list[str]]:
        community_id = await self._may_see(user_id, community_id)
        m = self.store.mentorship
        mine = await m.interests(user_id)
        current = await m.mentor_of(community_id, user_id)
        if current:
            return current, sorted(mine & await m.interests(current))
        if community_id not in (await self.store.viewer(user_id)).communities:
            raise PermissionDenied("join the community to ask for a mentor")
        candidates = []
        for mentor, (capacity, mentees) in (await m.mentors(community_id)).items():
            if mentor != user_id and mentees < capacity:
                shared = mine & await m.interests(mentor)
                candidates.append((-len(shared), mentees - capacity, mentor, shared))
        for _, _, mentor, shared in sorted(candidates):
            outcome, who = await m.match(community_id, user_id, mentor)
            if outcome == 0:  # matched meanwhile (a concurrent request)
                return who, sorted(mine & await m.interests(who))
            if outcome == 1:
                now = int(time.time() * 1000)
                event_id = f"mentor:{community_id}:{user_id}"
                await self.store.notifications.notify(event_id, user_id, "mentor_matched", community_id, mentor,
                                                      now, community_id, "mentee")
                await self.store.notifications.notify(event_id, mentor, "mentor_matched", community_id, user_id,
                                                      now, community_id, "mentor")
                return mentor, sorted(shared)
        raise FailedPrecondition("no mentor has room right now; try again later")
