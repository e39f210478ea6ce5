"""The services' PostgreSQL pool: a fixed number of connections, all open from the start and
kept through idle spells."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from kith_platform.postgres import create_pool
from kith_platform.testing import POSTGRES

CONTENT = f"{POSTGRES}/content"


async def _backends(admin: asyncpg.Connection, name: str) -> int:
    return await admin.fetchval("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", name)


@pytest.mark.integration
async def test_the_pool_opens_every_connection_at_once_and_keeps_them_through_a_burst_and_idling():
    name = f"pool-test-{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(CONTENT)
    pool = create_pool(f"{CONTENT}?application_name={name}", size=3)
    try:
        await pool
        assert await _backends(admin, name) == 3  # before any call

        async def held() -> None:
            async with pool.acquire() as conn:
                await conn.execute("SELECT pg_sleep(0.05)")

        await asyncio.gather(*(held() for _ in range(12)))  # four times the size: callers wait
        assert await _backends(admin, name) == 3
        assert pool._max_inactive_connection_lifetime == 0  # asyncpg's idle closing is off
    finally:
        await pool.close()
        await admin.close()
