"""PostgreSQL adapter of comment edits (CommentEdits): the new text, the earlier one kept and
CommentEdited, in one transaction."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith.content.v1 import events_pb2
from kith_content.adapters import sql_comment_edits as sql
from kith_content.adapters.outbox_events import content_event
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.ports import CommentEdits
from kith_content.domain.posts import Comment, Post
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


class PostgresCommentEdits(PoolAdapter, CommentEdits):
    async def edit_comment(
        self, comment: Comment, post: Post, text: str, mention_ids: tuple[str, ...], at: datetime
    ) -> bool:
        comment_id = uuid.UUID(comment.comment_id)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.LOCK_COMMENT, comment_id)
            if row is None or row["deleted_at"] is not None or row["removed_at"] is not None:
                return False
            before = {str(m) for m in row["mention_ids"]}
            mentions = list(dict.fromkeys([*(str(m) for m in row["mention_ids"]), *mention_ids]))
            await conn.execute(sql.INSERT_EDIT, comment_id, row["text"], at)
            await conn.execute(sql.EDIT_COMMENT, comment_id, text, [uuid.UUID(m) for m in mentions], at)
            edited = events_pb2.CommentEdited(
                comment_id=comment.comment_id,
                post_id=post.post_id,
                author_id=comment.author_id,
                community_id=post.community_id or "",
                new_mention_ids=[m for m in mention_ids if m not in before],
                edited_at=timestamp(at),
            )
            await add_to_postgres_outbox(conn, [content_event(post.post_id, at, edited)])
            return True

    async def comment_edits(self, comment_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]:
        rows = await self.pool.fetch(sql.SELECT_EDITS, uuid.UUID(comment_id), before, limit)
        return [(r["id"], r["text"], r["replaced_at"]) for r in rows]
