"""PostgreSQL adapter of moderation: bans (ending the membership) with their events, and the
moderation log (written by postgres_log.write_log)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from kith.communities.v1 import events_pb2
from kith_communities.adapters import sql
from kith_communities.adapters.outbox_events import community_event
from kith_communities.adapters.postgres_log import write_log
from kith_communities.adapters.postgres_memberships import cascade_leave
from kith_communities.adapters.postgres_rows import PoolAdapter
from kith_communities.domain.moderation import ModerationEntry
from kith_communities.domain.ports import Moderation
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


class PostgresModeration(PoolAdapter, Moderation):
    async def ban_state(self, community_id: str, user_id: str) -> tuple[bool, datetime | None]:
        row = await self.pool.fetchrow(sql.SELECT_BAN, uuid.UUID(community_id), uuid.UUID(user_id))
        return (row is not None), (row["until"] if row else None)

    async def ban(self, tx, community_id, user_id, until, by, reason, was_member) -> None:
        now = datetime.now(UTC)
        await tx.execute(sql.UPSERT_BAN, uuid.UUID(community_id), uuid.UUID(user_id), until, uuid.UUID(by))
        await tx.execute(sql.DELETE_JOIN_REQUEST, uuid.UUID(community_id), uuid.UUID(user_id))
        if was_member:
            await tx.execute(sql.DELETE_MEMBERSHIP, uuid.UUID(community_id), uuid.UUID(user_id))
            await tx.execute(sql.ADJUST_MEMBER_COUNT, uuid.UUID(community_id), -1)
            await cascade_leave(tx, community_id, user_id, now)
        banned = events_pb2.MemberBanned(
            community_id=community_id, user_id=user_id, banned_by=by, banned_at=timestamp(now)
        )
        if until is not None:
            banned.until.CopyFrom(timestamp(until))
        await add_to_postgres_outbox(tx, [community_event(community_id, banned, now)])
        until_detail = f"until={until.isoformat()}" if until else "until=lifted"
        await write_log(tx, community_id, by, "ban", user_id, reason, until_detail)

    async def unban(self, tx, community_id, user_id, by) -> bool:
        now = datetime.now(UTC)
        if await tx.fetchval(sql.DELETE_BAN, uuid.UUID(community_id), uuid.UUID(user_id)) is None:
            return False
        unbanned = events_pb2.MemberUnbanned(
            community_id=community_id, user_id=user_id, unbanned_by=by, unbanned_at=timestamp(now)
        )
        await add_to_postgres_outbox(tx, [community_event(community_id, unbanned, now)])
        await write_log(tx, community_id, by, "unban", user_id)
        return True

    async def log(self, tx, community_id, actor, action, target, reason="", details="") -> None:
        await write_log(tx, community_id, actor, action, target, reason, details)

    async def moderation_log(self, community_id: str, limit: int, before: int | None) -> list[ModerationEntry]:
        rows = await self.pool.fetch(sql.SELECT_LOG, uuid.UUID(community_id), before, limit)
        return [
            ModerationEntry(
                r["id"],
                str(r["actor_id"]) if r["actor_id"] else "",
                r["action"],
                str(r["target_user_id"]) if r["target_user_id"] else "",
                r["reason"],
                r["details"],
                r["at"],
            )
            for r in rows
        ]
