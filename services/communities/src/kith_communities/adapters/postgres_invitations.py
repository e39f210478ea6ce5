"""PostgreSQL adapter of invitations: personal invitations (counted only while the inviter
exists for the invitee) and invite links (locked while a join with one is decided)."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from kith.communities.v1 import events_pb2
from kith_communities.adapters import sql
from kith_communities.adapters.outbox_events import community_event
from kith_communities.adapters.postgres_memberships import add_member
from kith_communities.adapters.postgres_rows import PoolAdapter, community_from_row
from kith_communities.domain.communities import Role
from kith_communities.domain.ports import Invitations, LinkJoin
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


class PostgresInvitations(PoolAdapter, Invitations):
    async def invite(self, community_id: str, user_id: str, by: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            added = await conn.fetchval(
                sql.INSERT_INVITATION, uuid.UUID(community_id), uuid.UUID(user_id), uuid.UUID(by)
            )
            if added is None:
                return False
            invited = events_pb2.UserInvited(
                community_id=community_id, user_id=user_id, invited_by=by, invited_at=timestamp(now)
            )
            await add_to_postgres_outbox(conn, [community_event(community_id, invited, now)])
        return True

    async def is_invited(self, community_id: str, user_id: str) -> bool:
        return await self.pool.fetchval(sql.SELECT_INVITATION, uuid.UUID(community_id), uuid.UUID(user_id)) is not None

    async def accept_invitation(self, community_id: str, user_id: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.DELETE_INVITATION, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
                return False
            await add_member(conn, community_id, user_id, Role.MEMBER, now)
        return True

    async def create_invite_link(self, community_id, token_hash, by, expires_at, max_uses) -> None:
        await self.pool.execute(
            sql.INSERT_INVITE_LINK, token_hash, uuid.UUID(community_id), uuid.UUID(by), expires_at, max_uses
        )

    @asynccontextmanager
    async def invite_link(self, token_hash: bytes, user_id: str):
        async with self.pool.acquire() as conn, conn.transaction():
            community_id = await conn.fetchval(sql.LOCK_INVITE_LINK, token_hash)
            if community_id is None:
                yield conn, None
                return
            # The community's row lock orders the join after a ban, archive or move in flight.
            community = community_from_row(await conn.fetchrow(sql.SELECT_COMMUNITY_FOR_UPDATE, community_id))
            user = uuid.UUID(user_id)
            role = await conn.fetchval(sql.SELECT_ROLE, community_id, user)
            ban = await conn.fetchrow(sql.SELECT_BAN, community_id, user)
            parent_role = (
                await conn.fetchval(sql.SELECT_ROLE, uuid.UUID(community.parent_id), user)
                if community.parent_id
                else None
            )
            yield (
                conn,
                LinkJoin(
                    community,
                    Role(role) if role else None,
                    ban is not None,
                    ban["until"] if ban else None,
                    Role(parent_role) if parent_role else None,
                ),
            )

    async def join_by_link(self, tx, token_hash: bytes, community_id: str, user_id: str) -> None:
        await tx.execute(sql.SPEND_INVITE_LINK, token_hash)
        await add_member(tx, community_id, user_id, Role.MEMBER, datetime.now(UTC))
