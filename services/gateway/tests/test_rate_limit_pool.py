"""The rate limiter on the real Redis (make up): failures while Redis restarts must not strand
pool connections (a stranded pool fails every later call with MaxConnectionsError)."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio.client import Pipeline
from redis.exceptions import BusyLoadingError

from kith_gateway.adapters.rate_limit import Bucket, RedisRateLimiter
from kith_platform.testing import redis_for_test

pytestmark = pytest.mark.integration


async def test_script_load_failures_give_their_connections_back(monkeypatch):
    client = await redis_for_test("standalone")
    client.connection_pool.max_connections = 2
    limiter = RedisRateLimiter(client, prefix=f"test:rl:{uuid.uuid4().hex}")
    bucket = Bucket("user", capacity=100, per_second=10)
    real = Pipeline.immediate_execute_command

    async def loading(self, *args, **options):
        # What a restarting Redis does to the pipeline's SCRIPT EXISTS: a connection is taken
        # from the pool, then the command fails.
        if self.connection is None:
            self.connection = await self.connection_pool.get_connection()
        raise BusyLoadingError("Redis is loading the dataset in memory")

    try:
        monkeypatch.setattr(Pipeline, "immediate_execute_command", loading)
        for _ in range(5):  # more failures than the pool has connections
            with pytest.raises(BusyLoadingError):
                await limiter.take([bucket])
        monkeypatch.setattr(Pipeline, "immediate_execute_command", real)
        assert await limiter.take([bucket]) == 0  # Redis is back: the pool still has connections
        assert not client.connection_pool._in_use_connections
    finally:
        await client.aclose()
