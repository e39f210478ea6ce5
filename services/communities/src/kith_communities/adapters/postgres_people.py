"""PostgreSQL adapter of people as other services' events tell: blocks, deactivated and erased
accounts; each mirror write under the people's erasure locks (shared)."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith_communities.adapters import sql
from kith_communities.adapters.postgres_rows import PoolAdapter
from kith_communities.domain.ports import People


class PostgresPeople(PoolAdapter, People):
    async def hidden_from(self, viewer_id: str, user_id: str) -> bool:
        return bool(await self.pool.fetchval(sql.HIDDEN, uuid.UUID(viewer_id), uuid.UUID(user_id)))

    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        people = [uuid.UUID(blocker_id), uuid.UUID(blocked_id)]
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, people)
            await conn.execute(sql.MIRROR_BLOCK, *people, active, at)

    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, [uuid.UUID(user_id)])
            await conn.execute(sql.MIRROR_USER, uuid.UUID(user_id), deactivated, at)

    async def is_erased(self, user_id: str) -> bool:
        return bool(await self.pool.fetchval(sql.IS_ERASED, uuid.UUID(user_id)))
