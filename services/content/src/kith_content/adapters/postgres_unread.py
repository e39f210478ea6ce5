"""PostgreSQL adapter of unread tracking (ReadPositions): visits and read positions, private rows
without events, and what is new after them."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from kith_content.adapters import sql_unread as sql
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.unread import CommunityUnread, ReadPosition, ReadPositions, ThreadUnread, untracked


def _id(value) -> str | None:
    return str(value) if value is not None else None


def _thread(row: asyncpg.Record) -> ThreadUnread:
    return ThreadUnread(
        post_id=str(row["post_id"]),
        unread=row["n"],
        first_unread_comment_id=_id(row["first_id"]),
        read_up_to=row["read_at"],
        last_unread_at=row["last_at"],
    )


class PostgresUnread(PoolAdapter, ReadPositions):
    async def mark_visited(
        self, user_id: str, community_id: str, at: datetime
    ) -> tuple[datetime | None, datetime] | None:
        row = await self.pool.fetchrow(sql.MARK_VISITED, uuid.UUID(user_id), uuid.UUID(community_id), at)
        return None if row is None else (row["previous"], row["visited_at"])

    async def community_unread(self, user_id: str, community_ids: list[str], cap: int) -> list[CommunityUnread]:
        rows = await self.pool.fetch(
            sql.COMMUNITY_UNREAD, uuid.UUID(user_id), [uuid.UUID(c) for c in community_ids], cap
        )
        return [CommunityUnread(str(r["community_id"]), r["n"], _id(r["first_id"]), r["visited_at"]) for r in rows]

    async def mark_thread_read(self, user_id: str, post_id: str, position: ReadPosition, at: datetime) -> None:
        await self.pool.execute(
            sql.MARK_THREAD_READ,
            uuid.UUID(user_id),
            uuid.UUID(post_id),
            position.at,
            uuid.UUID(position.comment_id),
            at,
        )

    async def thread_unread(self, user_id: str, post_id: str, cap: int) -> ThreadUnread:
        row = await self.pool.fetchrow(sql.THREAD_UNREAD, uuid.UUID(user_id), uuid.UUID(post_id), cap)
        return untracked(post_id) if row is None else _thread(row)

    async def unread_threads(
        self, user_id: str, limit: int, after: tuple[datetime, str] | None, cap: int
    ) -> list[ThreadUnread]:
        at, last = after or (None, None)
        rows = await self.pool.fetch(
            sql.UNREAD_THREADS, uuid.UUID(user_id), at, uuid.UUID(last) if last else None, limit, cap
        )
        return [_thread(r) for r in rows]
