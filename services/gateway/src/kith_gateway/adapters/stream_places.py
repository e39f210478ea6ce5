"""Places for open live streams, shared by every gateway replica, so that the limits per user and
per client address hold however many replicas a client's streams reach.

One Redis sorted set per user and one per address (one key each: any Redis Cluster slot):
member = a place (one open stream), score = until when it is held (ms, the server's clock, so
every replica agrees). The replica holding a stream renews its places every third of their time
to live; the places of a replica that dies free themselves within it."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict

from kith_gateway.domain.ports import Full, StreamPlaces
from kith_platform.errors import TRANSIENT_ERRORS
from kith_platform.redis_client import AnyRedis, is_cluster

log = logging.getLogger("kith.gateway.streams")

# KEYS[1]: the holder's places (zset: place -> held until, ms). ARGV: the place, the limit, the
# time to live (ms). Places whose time ran out go first. Returns 1 when the place is taken,
# 0 when the holder already has `limit` places.
TAKE_PLACE = """
local place, limit, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= limit then
  return 0
end
redis.call('ZADD', KEYS[1], now + ttl, place)
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
"""

# KEYS[1]: the holder's places. ARGV: the time to live (ms), then the places this replica still
# holds there: each is held `ttl` longer (XX: a place already given back is not taken again).
RENEW_PLACES = """
local ttl = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 'XX', now + ttl, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ttl)
return #ARGV - 1
"""


class RedisStreamPlaces(StreamPlaces):
    def __init__(self, redis: AnyRedis, ttl_seconds: float = 60.0, prefix: str = "gw:streams") -> None:
        self.redis = redis
        self.ttl_ms = int(ttl_seconds * 1000)
        self.prefix = prefix
        self._take = redis.register_script(TAKE_PLACE)
        self._renew = redis.register_script(RENEW_PLACES)
        self.held: dict[str, tuple[str, ...]] = {}  # place -> the keys it is held in
        self.returning: dict[str, tuple[str, ...]] = {}  # places whose giving back failed: again next round
        self._stop = asyncio.Event()

    def _keys(self, user_id: str, address: str) -> tuple[str, str]:
        return f"{self.prefix}:user:{user_id}", f"{self.prefix}:address:{address}"

    async def take(self, user_id: str, address: str, per_user: int, per_address: int) -> tuple[str | None, Full]:
        place = uuid.uuid4().hex
        user_key, address_key = self._keys(user_id, address)
        if not await self._take(keys=[user_key], args=[place, per_user, self.ttl_ms]):
            return None, "user"
        if not await self._take(keys=[address_key], args=[place, per_address, self.ttl_ms]):
            await self.redis.zrem(user_key, place)
            return None, "address"
        self.held[place] = (user_key, address_key)
        return place, ""

    async def give_back(self, place: str | None) -> None:
        keys = self.held.pop(place, ()) if place else ()
        try:
            await self._remove(place, keys)
        except TRANSIENT_ERRORS as exc:
            # Not renewed any more, so it frees itself within the time to live at worst; the
            # next renewal round tries again, so that it does not take that long.
            self.returning[place] = keys
            log.warning("giving back a stream place failed, trying again shortly: %r", exc)

    async def _remove(self, place: str, keys: tuple[str, ...]) -> None:
        for key in keys:  # one by one: two keys, two Redis Cluster slots
            await self.redis.zrem(key, place)

    async def give_back_again(self) -> None:
        """Give back the places whose giving back failed."""
        for place, keys in list(self.returning.items()):
            await self._remove(place, keys)
            del self.returning[place]

    async def renew(self) -> int:
        """Hold every place this replica holds for another time to live; how many."""
        by_key: dict[str, list[str]] = defaultdict(list)
        for place, keys in list(self.held.items()):
            for key in keys:
                by_key[key].append(place)
        if not by_key:
            return 0
        calls = [(key, [self.ttl_ms, *places]) for key, places in by_key.items()]
        if is_cluster(self.redis):  # redis-py's cluster pipelines refuse scripts
            await asyncio.gather(*(self._renew(keys=[key], args=args) for key, args in calls))
        else:
            async with self.redis.pipeline(transaction=False) as pipe:
                for key, args in calls:
                    await self._renew(keys=[key], args=args, client=pipe)
                await pipe.execute()
        return len(self.held)

    async def run(self) -> None:
        """Until stopped (a background loop): every second, give back what failed to go back;
        every third of the time to live, renew."""
        loop = asyncio.get_running_loop()
        renewed = loop.time()
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._stop.wait(), 1.0)
                return
            except TimeoutError:
                pass
            try:
                if self.returning:
                    await self.give_back_again()
                if loop.time() - renewed >= self.ttl_ms / 3000:
                    renewed = loop.time()
                    await self.renew()
            except TRANSIENT_ERRORS as exc:
                log.warning("renewing or giving back stream places failed, next round in a while: %r", exc)

    def request_stop(self) -> None:
        self._stop.set()
