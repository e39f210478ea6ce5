"""The idempotent-consumer helpers against the real Redis and PostgreSQL (make up)."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from kith_platform.consumer import IdempotentRedisScript, first_delivery
from kith_platform.postgres import migrate
from kith_platform.testing import POSTGRES, REDIS_TARGETS, redis_for_test

pytestmark = pytest.mark.integration


INCREMENT = "redis.call('INCRBY', K[1], tonumber(A[1])) return 1"


@pytest.fixture(params=REDIS_TARGETS)
async def redis_client(request):
    client = await redis_for_test(request.param)
    yield client
    await client.aclose()


@pytest.mark.parametrize("tagged", [True, False], ids=["hash-tagged key", "plain key"])
async def test_redis_script_applies_each_event_once(redis_client, tagged):
    # The dedupe key takes the hash tag of the first key (or the whole key): one slot.
    counter = f"test:counter:{{{uuid.uuid4().hex}}}" if tagged else f"test:counter:{uuid.uuid4().hex}"
    script = IdempotentRedisScript(redis_client, "test-consumer", INCREMENT, ttl_seconds=60)
    event_id = str(uuid.uuid4())
    assert await script(event_id, [counter], [5]) == 1
    assert await script(event_id, [counter], [5]) is None  # redelivered: no effect
    assert await script(str(uuid.uuid4()), [counter], [2]) == 1
    assert int(await redis_client.get(counter)) == 7
    tag = counter[counter.index("{") + 1 : -1] if tagged else counter
    assert 0 < await redis_client.ttl(script.dedupe_key(event_id, tag)) <= 60
    await redis_client.delete(counter, script.dedupe_key(event_id, tag))


async def test_postgres_first_delivery_is_part_of_the_transaction():
    dsn = f"{POSTGRES}/content"
    migrate(dsn)  # the shared outbox and processed_events tables
    conn = await asyncpg.connect(dsn)
    try:
        event_id = str(uuid.uuid4())
        # A transaction that fails after the check leaves the event unprocessed...
        with pytest.raises(RuntimeError):
            async with conn.transaction():
                assert await first_delivery(conn, "test-consumer", event_id)
                raise RuntimeError("the handler failed")
        # ...so the redelivery is applied, and only once.
        async with conn.transaction():
            assert await first_delivery(conn, "test-consumer", event_id)
        async with conn.transaction():
            assert not await first_delivery(conn, "test-consumer", event_id)
        assert await first_delivery(conn, "other-consumer", event_id)  # consumers are independent
    finally:
        await conn.close()
