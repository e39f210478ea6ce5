"""Token buckets in Redis: one atomic script per bucket (one key: any Redis Cluster slot), all of
a request's buckets in one pipeline, by EVALSHA (on a Redis Cluster: at once, one call per bucket)."""

from __future__ import annotations

import asyncio

from kith_gateway.domain.limits import Bucket, user_bucket
from kith_gateway.domain.ports import RateLimitBuckets
from kith_platform.redis_client import AnyRedis, is_cluster, pipeline_with_scripts

# KEYS[1]: the bucket. ARGV: capacity, refill per second. Uses the server's clock, so every
# gateway replica agrees. Returns 0 when a token was taken, else the milliseconds to wait.
TOKEN_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + (now - ts) * rate / 1000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return wait
"""


def longest_wait(replies: list) -> int:
    return max((int(w) for w in replies), default=0)


class RedisRateLimiter(RateLimitBuckets):
    def __init__(self, client: AnyRedis, prefix: str = "gw:rl") -> None:
        self.redis = client
        self.prefix = prefix
        self.script = client.register_script(TOKEN_BUCKET)
        # redis-py's cluster pipelines refuse EVALSHA (they cannot load a missing script).
        self._cluster = is_cluster(client)

    async def take(self, buckets: list[Bucket]) -> int:
        """Take a token from every bucket; the longest wait in ms (0: allowed)."""
        if not buckets:
            return 0
        if self._cluster:
            waits = await asyncio.gather(
                *(self.script(keys=[self.key(b)], args=[b.capacity, b.per_second]) for b in buckets)
            )
            return max(int(w) for w in waits)
        return longest_wait(
            await pipeline_with_scripts(self.redis, [self.script], lambda pipe: self.queue(pipe, buckets))
        )

    def key(self, bucket: Bucket) -> str:
        return f"{self.prefix}:{bucket.key}"

    def queue(self, pipe, buckets: list[Bucket]) -> None:
        """Queue the taking of a token from each bucket on a standalone pipeline run by
        `pipeline_with_scripts` (its replies: `longest_wait`)."""
        for b in buckets:
            pipe.evalsha(self.script.sha, 1, self.key(b), b.capacity, b.per_second)

    async def forget_users(self, user_ids: list[str]) -> None:
        if user_ids:
            pipe = self.redis.pipeline(transaction=False)
            for user_id in user_ids:
                pipe.delete(f"{self.prefix}:{user_bucket(user_id)}")
            await pipe.execute()
