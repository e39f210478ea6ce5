"""The rate limiter on the real Redis (make up): failures while Redis restarts must not strand
pool connections (a stranded pool fails every later call with MaxConnectionsError)."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio.client import Pipeline
from redis.exceptions import BusyLoadingError

from kith_gateway.adapters.rate_limit import RedisRateLimiter
from kith_gateway.domain.limits import Bucket
from kith_platform.testing import redis_for_test

pytestmark = pytest.mark.integration


async def test_script_load_failures_give_their_connections_back(monkeypatch):
    client = await redis_for_test("standalone")
    client.connection_pool.max_connections = 2
    limiter = RedisRateLimiter(client, prefix=f"test:rl:{uuid.uuid4().hex}")
    bucket = Bucket("user", capacity=100, per_second=10)
    real_sha = limiter.script.sha
    limiter.script.sha = "0" * 40  # a script the server does not know, as after a restart

    async def loading(*args, **options):
        raise BusyLoadingError("Redis is loading the dataset in memory")

    try:
        monkeypatch.setattr(client, "script_load", loading)
        for _ in range(5):  # more failures than the pool has connections
            with pytest.raises(BusyLoadingError):
                await limiter.take([bucket])
        assert not client.connection_pool._in_use_connections
        monkeypatch.undo()
        assert await limiter.take([bucket]) == 0  # Redis is back: the script is loaded, and a token taken
        assert limiter.script.sha == real_sha
        assert not client.connection_pool._in_use_connections
    finally:
        await client.aclose()


async def test_a_failing_pipeline_gives_its_connection_back(monkeypatch):
    client = await redis_for_test("standalone")
    client.connection_pool.max_connections = 2
    limiter = RedisRateLimiter(client, prefix=f"test:rl:{uuid.uuid4().hex}")

    async def loading(self, *args, **options):
        raise BusyLoadingError("Redis is loading the dataset in memory")

    try:
        monkeypatch.setattr(Pipeline, "_execute_pipeline", loading)
        for _ in range(5):
            with pytest.raises(BusyLoadingError):
                await limiter.take([Bucket("user", capacity=100, per_second=10)])
        monkeypatch.undo()
        assert await limiter.take([Bucket("user", capacity=100, per_second=10)]) == 0
        assert not client.connection_pool._in_use_connections
    finally:
        await client.aclose()
