"""Idempotent-consumer helpers: apply each event at most once even when Kafka redelivers it."""

from __future__ import annotations

import asyncpg
import redis.asyncio as aioredis

PG_MARK_PROCESSED = """
INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
ON CONFLICT DO NOTHING RETURNING event_id
"""


async def first_delivery(conn: asyncpg.Connection, consumer: str, event_id: str) -> bool:
    """Record the event for this consumer inside the caller's transaction.

    True on first delivery: apply the event in the same transaction. False: already applied.
    """
    return await conn.fetchval(PG_MARK_PROCESSED, consumer, event_id) is not None


# KEYS[1] is the dedupe key; ARGV[1] its TTL in seconds. The body sees the caller's keys and
# arguments shifted by one (KEYS[2..], ARGV[2..]) exposed as K and A.
_DEDUPE_PREAMBLE = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) == false then
  return false
end
local K = {}
for i = 2, #KEYS do K[i - 1] = KEYS[i] end
local A = {}
for i = 2, #ARGV do A[i - 1] = ARGV[i] end
"""


class IdempotentRedisScript:
    """A Lua script that runs at most once per (consumer, event id), atomically with its check.

    The body uses `K` and `A` for its own keys and arguments and must `return` a truthy value.
    Calling it returns None when the event had already been applied.
    """

    def __init__(self, client: aioredis.Redis, consumer: str, body: str, *, ttl_seconds: int = 7 * 86400):
        self.consumer = consumer
        self.ttl_seconds = ttl_seconds
        self._script = client.register_script(_DEDUPE_PREAMBLE + body)

    def dedupe_key(self, event_id: str, hash_tag: str | None = None) -> str:
        # With Redis Cluster the dedupe key must share a slot with the body's keys: pass their tag.
        tag = f"{{{hash_tag}}}" if hash_tag else ""
        return f"dedupe:{self.consumer}:{tag}{event_id}"

    async def __call__(self, event_id: str, keys: list[str], args: list, *, hash_tag: str | None = None):
        return await self._script(
            keys=[self.dedupe_key(event_id, hash_tag), *keys], args=[self.ttl_seconds, *args]
        )
