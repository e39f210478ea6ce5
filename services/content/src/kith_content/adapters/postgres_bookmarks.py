"""PostgreSQL adapter of bookmarks (Bookmarks): each save or removal with its event."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith.content.v1 import events_pb2
from kith_content.adapters import sql_bookmarks as sql
from kith_content.adapters.outbox_events import content_event
from kith_content.adapters.postgres_rows import PoolAdapter, post_from_row, uuid_or_none
from kith_content.domain.ports import Bookmarks
from kith_content.domain.posts import Post
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


class PostgresBookmarks(PoolAdapter, Bookmarks):
    async def save_bookmark(self, user_id: str, post_id: str, folder: str, at: datetime) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            created = await conn.fetchval(sql.SAVE, uuid.UUID(user_id), uuid.UUID(post_id), folder, at)
            if created:
                saved = events_pb2.PostBookmarked(post_id=post_id, user_id=user_id, saved_at=timestamp(at))
                await add_to_postgres_outbox(conn, [content_event(post_id, at, saved)])

    async def remove_bookmark(self, user_id: str, post_id: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.REMOVE, uuid.UUID(user_id), uuid.UUID(post_id)) is None:
                return False
            removed = events_pb2.BookmarkRemoved(post_id=post_id, user_id=user_id, removed_at=timestamp(at))
            await add_to_postgres_outbox(conn, [content_event(post_id, at, removed)])
            return True

    async def bookmarks(
        self, user_id: str, folder: str | None, limit: int, after: tuple[datetime, str] | None
    ) -> list[tuple[Post, str, datetime]]:
        at, last = after or (None, None)
        rows = await self.pool.fetch(sql.LIST, uuid.UUID(user_id), folder, at, uuid_or_none(last), limit)
        return [(post_from_row(r), r["folder"], r["saved_at"]) for r in rows]

    async def bookmark_folders(self, user_id: str) -> list[tuple[str, int]]:
        return [(r["folder"], r["n"]) for r in await self.pool.fetch(sql.FOLDERS, uuid.UUID(user_id))]
