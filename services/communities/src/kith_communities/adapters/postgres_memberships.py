"""PostgreSQL adapter of memberships: members and their roles (under the community's role lock),
join requests, and leaving, each change with its events (outbox) and exact member counts."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from kith.communities.v1 import events_pb2
from kith_communities.adapters import outbox_events, sql
from kith_communities.adapters.outbox_events import community_event
from kith_communities.adapters.postgres_log import write_log
from kith_communities.adapters.postgres_rows import PoolAdapter, after_args, community_from_row
from kith_communities.domain.communities import Role
from kith_communities.domain.memberships import Membership, PendingRequest
from kith_communities.domain.ports import Memberships
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


async def cascade_leave(conn, community_id: str, user_id: str, at: datetime) -> None:
    """End the user's memberships of fully nested communities below, with their events."""
    rows = await conn.fetch(sql.CASCADE_LEAVE, uuid.UUID(community_id), uuid.UUID(user_id))
    await add_to_postgres_outbox(conn, [outbox_events.left(str(r["id"]), user_id, at) for r in rows])


async def add_member(conn, community_id: str, user_id: str, role: Role, at: datetime) -> bool:
    """The membership, counted, with MemberJoined; False when already a member."""
    added = await conn.fetchval(sql.INSERT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id), role.value, at)
    if added is None:
        return False
    await conn.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), 1)
    await add_to_postgres_outbox(conn, [outbox_events.joined(community_id, user_id, role, at)])
    return True


class PostgresMemberships(PoolAdapter, Memberships):
    async def role_of(self, community_id: str, user_id: str) -> Role | None:
        role = await self.pool.fetchval(sql.SELECT_ROLE, uuid.UUID(community_id), uuid.UUID(user_id))
        return None if role is None else Role(role)

    async def roles_of(self, user_id: str, community_ids: list[str]) -> dict[str, Role]:
        rows = await self.pool.fetch(sql.ROLES_OF, uuid.UUID(user_id), [uuid.UUID(c) for c in community_ids])
        return {str(r["community_id"]): Role(r["role"]) for r in rows}

    async def joined_at(self, community_id: str, user_id: str) -> datetime | None:
        row = await self.pool.fetchrow(sql.SELECT_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id))
        return None if row is None else row["joined_at"]

    async def mine(self, user_id: str, limit: int, after: tuple[datetime, str] | None):
        rows = await self.pool.fetch(sql.MY_COMMUNITIES, uuid.UUID(user_id), *after_args(after), limit)
        return [(community_from_row(r), Role(r["role"]), r["joined_at"]) for r in rows]

    async def join(self, community_id: str, user_id: str, role: Role) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            return await add_member(conn, community_id, user_id, role, datetime.now(UTC))

    async def leave(self, community_id: str, user_id: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.DELETE_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
                return False
            await conn.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), -1)
            await add_to_postgres_outbox(conn, [outbox_events.left(community_id, user_id, now)])
            await cascade_leave(conn, community_id, user_id, now)
        return True

    async def members(
        self, community_id: str, limit: int, after: tuple[datetime, str] | None, viewer_id: str
    ) -> list[Membership]:
        rows = await self.pool.fetch(
            sql.SELECT_MEMBERS, uuid.UUID(community_id), *after_args(after), limit, uuid.UUID(viewer_id)
        )
        return [Membership(str(r["user_id"]), Role(r["role"]), r["joined_at"]) for r in rows]

    # Join requests ---------------------------------------------------------------------------

    async def add_join_request(
        self, community_id: str, user_id: str, answers: tuple[str, ...], questions: tuple[str, ...] = ()
    ) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            added = await conn.fetchval(
                sql.INSERT_JOIN_REQUEST, uuid.UUID(community_id), uuid.UUID(user_id), list(answers), list(questions)
            )
            if added is None:
                return False
            requested = events_pb2.JoinRequested(
                community_id=community_id, user_id=user_id, requested_at=timestamp(now)
            )
            await add_to_postgres_outbox(conn, [community_event(community_id, requested, now)])
        return True

    async def join_requests(self, community_id, limit, after, viewer_id: str) -> list[PendingRequest]:
        rows = await self.pool.fetch(
            sql.SELECT_JOIN_REQUESTS, uuid.UUID(community_id), *after_args(after), limit, uuid.UUID(viewer_id)
        )
        return [
            PendingRequest(str(r["user_id"]), tuple(r["answers"]), r["requested_at"], tuple(r["questions"]))
            for r in rows
        ]

    async def answer_join_request(self, community_id: str, user_id: str, approve: bool, by: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.DELETE_JOIN_REQUEST, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
                return False
            if approve:
                await add_member(conn, community_id, user_id, Role.MEMBER, now)
            else:
                denied = events_pb2.JoinRequestDenied(
                    community_id=community_id, user_id=user_id, denied_by=by, denied_at=timestamp(now)
                )
                await add_to_postgres_outbox(conn, [community_event(community_id, denied, now)])
            await write_log(conn, community_id, by, "approve join request" if approve else "deny join request", user_id)
        return True

    # Roles, under the community's role lock ----------------------------------------------------

    @asynccontextmanager
    async def lock_roles(self, community_id: str, user_ids: list[str]):
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_COMMUNITY, uuid.UUID(community_id))
            rows = await conn.fetch(sql.SELECT_ROLES, uuid.UUID(community_id), [uuid.UUID(u) for u in user_ids])
            roles = {str(r["user_id"]): Role(r["role"]) for r in rows}
            yield conn, roles

    async def set_role(self, tx, community_id: str, user_id: str, role: Role, by: str) -> None:
        now = datetime.now(UTC)
        await tx.execute(sql.UPDATE_ROLE, uuid.UUID(community_id), uuid.UUID(user_id), role.value)
        if role is Role.OWNER:
            await tx.execute(sql.UPDATE_OWNER, uuid.UUID(community_id), uuid.UUID(user_id))
        await add_to_postgres_outbox(tx, [outbox_events.role_changed(community_id, user_id, role, by, now)])
        await write_log(tx, community_id, by, "change role", user_id, details=f"role={role.value}")

    async def remove_member(self, tx, community_id: str, user_id: str, by: str) -> None:
        now = datetime.now(UTC)
        await tx.execute(sql.DELETE_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id))
        await tx.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), -1)
        removed = events_pb2.MemberRemoved(
            community_id=community_id, user_id=user_id, removed_by=by, removed_at=timestamp(now)
        )
        await add_to_postgres_outbox(tx, [community_event(community_id, removed, now)])
        await write_log(tx, community_id, by, "remove member", user_id)
        await cascade_leave(tx, community_id, user_id, now)
