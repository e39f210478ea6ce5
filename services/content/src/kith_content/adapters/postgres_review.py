"""PostgreSQL adapter of link review: a community's held posts and comments, and moderators'
decisions, each taking the row only while it is pending and live, with its events (outbox)."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith_content.adapters import outbox_events, sql
from kith_content.adapters.postgres_comments import count_comment
from kith_content.adapters.postgres_rows import PoolAdapter, comment_from_row, post_from_row, uuid_or_none
from kith_content.domain.ports import HeldItem, ReviewQueue
from kith_content.domain.posts import Comment, Post
from kith_platform.outbox import add_to_postgres_outbox


class PostgresReviewQueue(PoolAdapter, ReviewQueue):
    async def held(self, community_id: str, limit: int, after: tuple[datetime, str] | None) -> list[HeldItem]:
        args = [uuid.UUID(community_id), after[0] if after else None, uuid_or_none(after[1] if after else None), limit]
        items = [
            HeldItem(post_from_row(r), None, r["created_at"], r["held_reason"])
            for r in await self.pool.fetch(sql.HELD_POSTS, *args)
        ]
        items += [
            HeldItem(None, comment_from_row(r), r["created_at"], r["held_reason"])
            for r in await self.pool.fetch(sql.HELD_COMMENTS, *args)
        ]
        return sorted(items, key=lambda i: (i.held_at, uuid.UUID(i.item_id)))[:limit]

    async def approve_post(self, post_id: str, by: str, at: datetime) -> Post | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.APPROVE_POST, uuid.UUID(post_id), at, uuid.UUID(by))
            if row is None:
                return None
            post = post_from_row(row)
            events = [
                outbox_events.reviewed(post.post_id, "", post.author_id, post.community_id or "", True, by, "", at),
                outbox_events.published(post),
            ]
            if post.hashtags:
                await conn.execute(sql.INSERT_HASHTAGS, uuid.UUID(post.post_id), list(post.hashtags), at)
            original = (
                await conn.fetchrow(sql.SELECT_LIVE_POST, uuid_or_none(post.shared_post_id))
                if post.shared_post_id
                else None
            )
            if original is not None:
                await conn.execute(sql.ADD_SHARE, original["id"])
                events.append(outbox_events.shared(post_from_row(original), post))
            await add_to_postgres_outbox(conn, events)
        return post

    async def reject_post(self, post_id: str, by: str, note: str, at: datetime) -> Post | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REJECT_POST, uuid.UUID(post_id), uuid.UUID(by), at, note)
            if row is None:
                return None
            post = post_from_row(row)
            community_id = post.community_id or ""
            rejected = outbox_events.reviewed(post.post_id, "", post.author_id, community_id, False, by, note, at)
            await add_to_postgres_outbox(conn, [rejected])
        return post

    async def approve_comment(self, comment_id: str, by: str, at: datetime) -> Comment | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.APPROVE_COMMENT, uuid.UUID(comment_id), at, uuid.UUID(by))
            if row is None:
                return None
            comment = comment_from_row(row)
            post = post_from_row(await conn.fetchrow(sql.SELECT_LIVE_POST, uuid.UUID(comment.post_id)))
            parent = None
            if comment.parent_id is not None:
                parent = comment_from_row(await conn.fetchrow(sql.SELECT_COMMENT, uuid.UUID(comment.parent_id)))
            await count_comment(conn, comment, post.post_id, 1)
            community_id = post.community_id or ""
            await add_to_postgres_outbox(
                conn,
                [
                    outbox_events.reviewed(
                        post.post_id, comment.comment_id, comment.author_id, community_id, True, by, "", at
                    ),
                    outbox_events.comment_added(comment, post, parent),
                ],
            )
        return comment

    async def reject_comment(self, comment_id: str, by: str, note: str, at: datetime) -> Comment | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REJECT_COMMENT, uuid.UUID(comment_id), uuid.UUID(by), at, note)
            if row is None:
                return None
            comment = comment_from_row(row)
            post = await conn.fetchrow(sql.SELECT_LIVE_POST, uuid.UUID(comment.post_id))
            community_id = str(post["community_id"]) if post and post["community_id"] else ""
            rejected = outbox_events.reviewed(
                comment.post_id, comment.comment_id, comment.author_id, community_id, False, by, note, at
            )
            await add_to_postgres_outbox(conn, [rejected])
        return comment
