"""Redis adapter of the live channel: kith_platform.live, the one writer of people's live logs."""

from __future__ import annotations

from kith_messaging.domain.ports import LiveChannel
from kith_platform import live
from kith_platform.redis_client import AnyRedis


class RedisLiveChannel(LiveChannel):
    def __init__(self, redis: AnyRedis, retention: live.Retention = live.DEFAULT_RETENTION) -> None:
        self.redis = redis
        self.retention = retention

    async def append(self, user_ids, key, item, names=()):
        await live.append(self.redis, user_ids, key, item, self.retention, names=names)

    async def ephemeral(self, user_ids, item):
        await live.ephemeral(self.redis, user_ids, item)

    async def forget_between(self, a, b):
        await live.forget_between(self.redis, a, b)

    async def forget_person(self, user_id):
        await live.forget_person(self.redis, user_id)

    async def first_within(self, key, seconds):
        return bool(await self.redis.set(key, 1, nx=True, px=max(1, int(seconds * 1000))))
