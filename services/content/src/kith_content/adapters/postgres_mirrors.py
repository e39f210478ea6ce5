"""PostgreSQL adapter of the mirrors: relationships, memberships, away accounts and trust levels
as other services' events tell, each write under the people's erasure locks (shared)."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith_content.adapters import sql
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.ports import Mirrors

MIRRORS = {
    "follow": sql.MIRROR_FOLLOW,
    "friend": sql.MIRROR_FRIEND,
    "block": sql.MIRROR_BLOCK,
    "member": sql.MIRROR_MEMBER,
    "mute": sql.MIRROR_MUTE,
}


class PostgresMirrors(PoolAdapter, Mirrors):
    async def blocked_among(self, user_id: str, others: list[str]) -> set[str]:
        rows = await self.pool.fetch(sql.BLOCKED_AMONG, uuid.UUID(user_id), [uuid.UUID(o) for o in others])
        return {str(r["u"]) for r in rows}

    async def _mirror_write(self, people: list[uuid.UUID], query: str, *args) -> None:
        """A mirror write under the people's erasure locks (shared): see sql.LOCK_PEOPLE_SHARED."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, [str(p) for p in people])
            await conn.execute(query, *args)

    async def mirror(self, kind: str, a: str, b: str, active: bool, at: datetime) -> None:
        a_id, b_id = uuid.UUID(a), uuid.UUID(b)
        people = [b_id] if kind == "member" else [a_id, b_id]  # a membership's `a` is the community
        await self._mirror_write(people, MIRRORS[kind], a_id, b_id, active, at)

    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_USER, user, deactivated, at)

    async def mirror_trust(self, community_id: str, user_id: str, level: int, sequence: int, at: datetime) -> None:
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_TRUST, uuid.UUID(community_id), user, level, sequence, at)

    async def trust_level(self, community_id: str, user_id: str) -> int:
        return await self.pool.fetchval(sql.SELECT_TRUST, uuid.UUID(community_id), uuid.UUID(user_id)) or 0
