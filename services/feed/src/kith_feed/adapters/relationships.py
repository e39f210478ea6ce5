"""Relationships, memberships and deactivation as the feed read model keeps them.

Each change records its fact in `feed:facts:{owner}` (lua/relate.lua: the newest fact per
pair wins, so the same change applied by the feed API's mirror and again from Kafka, or two
changes arriving out of order, leave the newest), keeps the matching set (followers,
following, friends, mutes, blocks, members, communities), and then brings the affected home
feed in line (RedisFeedStore.reconcile).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from kith_feed.adapters.away import away_among
from kith_feed.adapters.keys import (
    LIST_CAP,
    blocks_key,
    communities_key,
    community_key,
    facts_key,
    followers_key,
    following_key,
    friends_key,
    members_key,
    muted_by_key,
    mutes_key,
    timeline_key,
    user_key,
)
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.adapters.scripts import lua
from kith_feed.domain.ports import Relationships


def _now_or(at_ms: int | None) -> int:
    return int(time.time() * 1000) if at_ms is None else at_ms


class RedisRelationships(Relationships):
    def __init__(self, feeds: RedisFeedStore) -> None:
        self.feeds = feeds
        self.redis = feeds.redis
        self._relate = self.redis.register_script(lua("relate"))
        self._away = self.redis.register_script(lua("away"))

    async def _fact(
        self, owner: str, field: str, at_ms: int | None, holds: bool, member: str, set_key: str, also: str = ""
    ) -> bool:
        """Record the fact unless a newer one is recorded; True when it changed something."""
        args = [field, _now_or(at_ms), "1" if holds else "0", member, also]
        return bool(await self._relate(keys=[facts_key(owner), set_key], args=args))

    async def _reconcile(self, viewer: str, source_key: str, *, add: bool, backfill: bool = False) -> None:
        """Bring the source list's newest posts in line with the viewer's home feed rules (the
        newest few when `backfill`, else as many as a list holds)."""
        recent = await self.feeds.recent(source_key, None if backfill else LIST_CAP)
        await self.feeds.reconcile(viewer, recent, add=add)

    async def set_following(self, follower_id: str, followee_id: str, follows: bool, at_ms: int | None = None) -> None:
        await self._fact(
            followee_id, f"follower:{follower_id}", at_ms, follows, follower_id, followers_key(followee_id)
        )
        if await self._fact(
            follower_id, f"following:{followee_id}", at_ms, follows, followee_id, following_key(follower_id)
        ):
            await self._reconcile(follower_id, timeline_key(followee_id), add=follows, backfill=follows)

    async def set_friends(self, a: str, b: str, friends: bool, at_ms: int | None = None) -> None:
        for viewer, other in ((a, b), (b, a)):
            if await self._fact(viewer, f"friend:{other}", at_ms, friends, other, friends_key(viewer)):
                await self._reconcile(viewer, timeline_key(other), add=friends)

    async def set_blocked(self, blocker: str, blocked: str, on: bool, at_ms: int | None = None) -> None:
        # A block hides both ways while either side blocks the other. The follows ended with
        # it, but a new follow may have been applied before the unblock (their events travel
        # on different partitions): an unblock backfills what now belongs, as a follow does.
        sides = (
            (blocker, blocked, f"blocks:{blocked}", f"blockedby:{blocked}"),
            (blocked, blocker, f"blockedby:{blocker}", f"blocks:{blocker}"),
        )
        for viewer, other, field, also in sides:
            if await self._fact(viewer, field, at_ms, on, other, blocks_key(viewer), also):
                await self._reconcile(viewer, timeline_key(other), add=not on, backfill=not on)

    async def set_muted(self, muter: str, muted: str, on: bool, at_ms: int | None = None) -> None:
        await self._fact(muted, f"mutedby:{muter}", at_ms, on, muter, muted_by_key(muted))
        if await self._fact(muter, f"mutes:{muted}", at_ms, on, muted, mutes_key(muter)):
            await self._reconcile(muter, timeline_key(muted), add=not on)

    async def set_member(self, community_id: str, user_id: str, member: bool, at_ms: int | None = None) -> None:
        await self._fact(community_id, f"member:{user_id}", at_ms, member, user_id, members_key(community_id))
        if await self._fact(
            user_id, f"community:{community_id}", at_ms, member, community_id, communities_key(user_id)
        ):
            await self._reconcile(user_id, community_key(community_id), add=member)

    async def set_away(self, user_id: str, away: bool, at_ms: int | None = None) -> None:
        await self._away(keys=[facts_key(user_id), user_key(user_id)], args=[_now_or(at_ms), "1" if away else "0"])

    async def away(self, user_ids: Iterable[str]) -> frozenset[str]:
        return await away_among(self.redis, user_ids)
