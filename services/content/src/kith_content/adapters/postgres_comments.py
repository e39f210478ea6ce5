"""PostgreSQL adapter of threads: comments with their counts and events (outbox) in one
transaction, and one level of a thread at a time for a viewer."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith_content.adapters import outbox_events, sql
from kith_content.adapters.postgres_idempotency import claim_key
from kith_content.adapters.postgres_rows import PoolAdapter, comment_from_row, uuid_or_none
from kith_content.domain.ports import Comments
from kith_content.domain.posts import Comment, Post
from kith_content.domain.review import Hold, ReviewState
from kith_platform.idempotency import NewClaim
from kith_platform.outbox import add_to_postgres_outbox


async def count_comment(conn, comment: Comment, post_id: str, delta: int) -> None:
    """Count a published comment on its parent (a reply) and its post, or uncount it."""
    if comment.parent_id is not None:
        await conn.execute(sql.ADJUST_REPLIES, uuid.UUID(comment.parent_id), delta)
    await conn.execute(sql.ADJUST_COMMENTS, uuid.UUID(post_id), delta)


async def _uncount_deleted(
    conn, comment: Comment, post_id: str, community_id: str, by: str, removed: bool, at: datetime, removal_id: str = ""
) -> None:
    """Stop counting it on its post (its parent keeps the reply: it keeps its place in the thread)."""
    await conn.execute(sql.ADJUST_COMMENTS, uuid.UUID(post_id), -1)
    event = outbox_events.comment_deleted(comment, post_id, community_id, by, removed, at, removal_id)
    await add_to_postgres_outbox(conn, [event])


class PostgresComments(PoolAdapter, Comments):
    async def comment(self, comment_id: str) -> Comment | None:
        row = await self.pool.fetchrow(sql.SELECT_COMMENT, uuid.UUID(comment_id))
        return None if row is None else comment_from_row(row)

    async def add_comment(
        self,
        comment: Comment,
        post: Post,
        parent: Comment | None,
        hold: Hold | None = None,
        claim: NewClaim | None = None,
    ) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await claim_key(conn, claim, comment.comment_id)
            await conn.execute(
                sql.INSERT_COMMENT,
                uuid.UUID(comment.comment_id),
                uuid.UUID(comment.post_id),
                uuid_or_none(comment.parent_id),
                uuid.UUID(comment.author_id),
                comment.text,
                comment.depth,
                [uuid.UUID(m) for m in comment.mention_ids],
                comment.created_at,
                ReviewState.PENDING.value if hold is not None else None,
                hold.reason if hold is not None else "",
                comment.content_warning,
            )
            if hold is not None:  # counted and announced only when approved
                community_id = post.community_id or ""
                held = outbox_events.held(
                    post.post_id, comment.comment_id, comment.author_id, community_id, hold, comment.created_at
                )
                await add_to_postgres_outbox(conn, [held])
                return
            await count_comment(conn, comment, post.post_id, 1)
            await add_to_postgres_outbox(conn, [outbox_events.comment_added(comment, post, parent)])

    async def delete_comment(self, comment: Comment, post: Post, by: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.execute(sql.DELETE_COMMENT, uuid.UUID(comment.comment_id), at) == "UPDATE 0":
                return False
            if comment.review is None:  # one never published was never counted nor announced
                await _uncount_deleted(conn, comment, post.post_id, post.community_id or "", by, False, at)
        return True

    async def remove_comment(
        self, community_id: str | None, comment_id: str, by: str, at: datetime, removal_id: str = ""
    ) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if removal_id:
                await conn.execute(sql.LOCK_STAFF_REMOVAL, removal_id)
            row = await conn.fetchrow(
                sql.REMOVE_COMMENT, uuid.UUID(comment_id), uuid_or_none(community_id), at, uuid_or_none(removal_id)
            )
            if row is None:
                return False
            comment = comment_from_row(row)
            if comment.review is None:  # one never published was never counted nor announced
                post_community = str(row["post_community_id"]) if row["post_community_id"] else ""
                await _uncount_deleted(conn, comment, comment.post_id, post_community, by, True, at, removal_id)
        return True

    async def restore_comment(self, comment_id: str, removal_id: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_STAFF_REMOVAL, removal_id)
            await conn.execute(sql.INSERT_STAFF_RESTORATION, uuid.UUID(removal_id), at)
            row = await conn.fetchrow(sql.RESTORE_COMMENT, uuid.UUID(comment_id), uuid.UUID(removal_id))
            if row is None:
                return False
            comment = comment_from_row(row)
            if comment.review is None:
                await conn.execute(sql.ADJUST_COMMENTS, uuid.UUID(comment.post_id), 1)
                community_id = str(row["post_community_id"]) if row["post_community_id"] else ""
                await add_to_postgres_outbox(
                    conn, [outbox_events.comment_restored(comment, community_id, removal_id, at)]
                )
        return True

    async def thread(self, viewer_id, post_id, parent_id, order, limit, after) -> list[Comment]:
        args = [uuid.UUID(viewer_id), uuid.UUID(post_id), uuid_or_none(parent_id)]
        if order == "most_reacted":
            count, at, last = after or (None, None, None)
            rows = await self.pool.fetch(sql.THREAD_MOST_REACTED, *args, count, at, uuid_or_none(last), limit)
        else:
            at, last = after or (None, None)
            query = sql.THREAD_OLDEST if order == "oldest" else sql.THREAD_NEWEST
            rows = await self.pool.fetch(query, *args, at, uuid_or_none(last), limit)
        return [comment_from_row(r) for r in rows]
