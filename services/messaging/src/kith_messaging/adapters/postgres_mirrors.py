"""PostgreSQL adapter of messaging's mirrors (graph, identity and communities events: the newest
fact per key wins, facts naming an erased person are ignored) and of erasure (identity's
UserErased). A base of PostgresMessagingRepository (postgres.py)."""

from __future__ import annotations

import uuid

import asyncpg

from kith_messaging.adapters import sql, sql_mirrors
from kith_platform.outbox import purge_erased_from_outbox, purge_sent_rows_of

MIRRORS = {"follow": sql_mirrors.MIRROR_FOLLOW, "friend": sql_mirrors.MIRROR_FRIEND, "block": sql_mirrors.MIRROR_BLOCK}


class PostgresMirrors:
    pool: asyncpg.Pool

    # --- follows, friendships, blocks (graph events) and deactivations (identity events) ---

    async def _mirror_write(self, people: list[uuid.UUID], query: str, *args) -> None:
        """A mirror write under the people's erasure locks (shared): see sql_mirrors.LOCK_PEOPLE_SHARED."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql_mirrors.LOCK_PEOPLE_SHARED, [str(p) for p in people])
            await conn.execute(query, *args)

    async def mirror(self, kind, a, b, active, at):
        a_id, b_id = uuid.UUID(a), uuid.UUID(b)
        await self._mirror_write([a_id, b_id], MIRRORS[kind], a_id, b_id, active, at)

    async def mirror_user(self, user_id, deactivated, at):
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql_mirrors.MIRROR_USER, user, deactivated, at)

    # --- communities: visibility, memberships, bans and mutes (communities events) --------

    async def mirror_community(self, community_id, visibility, at):
        await self.pool.execute(sql_mirrors.MIRROR_COMMUNITY, uuid.UUID(community_id), visibility, at)

    async def mirror_community_member(self, community_id, user_id, role, active, at):
        user = uuid.UUID(user_id)
        await self._mirror_write(
            [user], sql_mirrors.MIRROR_COMMUNITY_MEMBER, uuid.UUID(community_id), user, role, active, at
        )

    async def mirror_community_ban(self, community_id, user_id, active, until, at):
        user = uuid.UUID(user_id)
        await self._mirror_write(
            [user], sql_mirrors.MIRROR_COMMUNITY_BAN, uuid.UUID(community_id), user, active, until, at
        )

    async def mirror_community_mute(self, community_id, user_id, until):
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql_mirrors.MIRROR_COMMUNITY_MUTE, uuid.UUID(community_id), user, until)

    # --- erasure (identity's UserErased) ----------------------------------------------------

    async def erase_user(self, user_id, at):
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql_mirrors.LOCK_ERASURE, user_id)
            await conn.execute(sql_mirrors.INSERT_ERASED, user, at)
            await conn.execute(sql_mirrors.DELETE_EDITS_BY, user)
            await conn.execute(sql_mirrors.FORGET_STAFF_REMOVALS_BY, user)
            blanked = await conn.execute(sql_mirrors.BLANK_MESSAGES, user, at)
            groups = [r["conversation_id"] for r in await conn.fetch(sql_mirrors.THEIR_GROUPS, user)]
            await conn.execute(sql_mirrors.FORGET_PAIR, user)
            for statement in sql_mirrors.DELETE_ERASED:
                await conn.execute(statement, user)
            for group in groups:
                await conn.execute(sql.PROMOTE_ELDEST, group)
            await purge_sent_rows_of(conn, user_id)
        return int(blanked.split()[-1])

    async def purge_outbox_of_erased(self, limit):
        return await purge_erased_from_outbox(self.pool, limit)
