"""Redis adapter of the presence the live edges record (kith_platform.live): read only."""

from __future__ import annotations

from kith_messaging.domain.ports import PresenceStore
from kith_platform import live
from kith_platform.redis_client import AnyRedis


class RedisPresenceStore(PresenceStore):
    def __init__(self, redis: AnyRedis) -> None:
        self.redis = redis

    async def presence(self, user_ids):
        return await live.presence(self.redis, user_ids)
