"""PostgreSQL adapter of people as other services' events tell: blocks, deactivated and erased
accounts, who may invite them; each mirror write under the people's erasure locks (shared)."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith_communities.adapters import sql
from kith_communities.adapters.postgres_rows import PoolAdapter
from kith_communities.domain.ports import People
from kith_platform.privacy import Reach, reach_of


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

    async def mirror_privacy(self, user_id: str, community_invitations: Reach, at: datetime) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, [uuid.UUID(user_id)])
            await conn.execute(sql.MIRROR_PRIVACY, uuid.UUID(user_id), community_invitations.value, at)

    async def community_invitations(self, user_id: str) -> Reach:
        return reach_of(await self.pool.fetchval(sql.COMMUNITY_INVITATIONS, uuid.UUID(user_id)))

    async def is_erased(self, user_id: str) -> bool:
        return bool(await self.pool.fetchval(sql.IS_ERASED, uuid.UUID(user_id)))
