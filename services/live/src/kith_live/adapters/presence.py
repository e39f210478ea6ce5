"""Presence in Redis (kith_platform.live: live:{u}:online, live:{u}:last-seen): this edge marks
the people it holds streams of, and refreshes them by a heartbeat, so that an edge that dies
lets its people go offline within the time to live."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable

from kith_live.domain.ports import Presence
from kith_platform import live
from kith_platform.errors import TRANSIENT_ERRORS
from kith_platform.redis_client import AnyRedis

log = logging.getLogger("kith.live.presence")


class RedisPresence(Presence):
    def __init__(self, redis: AnyRedis, ttl_seconds: float = 60.0) -> None:
        self.redis = redis
        self.edge_id = uuid.uuid4().hex  # this process
        self.ttl_seconds = ttl_seconds

    async def online(self, user_ids: list[str]) -> None:
        await live.mark_online(self.redis, self.edge_id, user_ids, self.ttl_seconds)

    async def offline(self, user_id: str) -> None:
        await live.mark_offline(self.redis, self.edge_id, user_id)


class PresenceHeartbeat:
    """Refreshes everyone this edge holds streams of, every third of the time to live."""

    def __init__(self, presence: RedisPresence, people: Callable[[], list[str]]) -> None:
        self.presence = presence
        self.people = people
        self._stop = asyncio.Event()

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._stop.wait(), self.presence.ttl_seconds / 3)
                return
            except TimeoutError:
                pass
            users = self.people()
            try:
                for start in range(0, len(users), 1000):
                    await self.presence.online(users[start : start + 1000])
            except TRANSIENT_ERRORS as exc:
                log.warning("presence heartbeat failed, next round in a while: %r", exc)

    def request_stop(self) -> None:
        self._stop.set()
