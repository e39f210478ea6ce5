"""PostgreSQL adapter of votes on community posts and of featured posts (Votes): each change with
its event (PostVoted, PostFeatured) in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from kith_content.adapters import outbox_events
from kith_content.adapters import sql_votes as sql
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.ports import Votes
from kith_content.domain.posts import Feature, Post
from kith_platform.errors import NotFound
from kith_platform.outbox import add_to_postgres_outbox


class PostgresVotes(PoolAdapter, Votes):
    async def vote(self, post: Post, user_id: str, value: int, at: datetime) -> tuple[int, int]:
        post_uuid, user = uuid.UUID(post.post_id), uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_VOTE, post.post_id, user_id)
            previous = await conn.fetchval(sql.SELECT_VOTE, post_uuid, user) or 0
            if previous == value:
                counts = await conn.fetchrow(sql.POST_VOTES, post_uuid)
                if counts is None:
                    raise NotFound("post_id: no such post")
                return counts["upvotes"], counts["downvotes"]
            if value:
                await conn.execute(sql.UPSERT_VOTE, post_uuid, user, value, at)
            else:
                await conn.execute(sql.DELETE_VOTE, post_uuid, user)
            ups = (value == 1) - (previous == 1)
            downs = (value == -1) - (previous == -1)
            counts = await conn.fetchrow(sql.COUNT_VOTE, post_uuid, ups, downs)
            upvotes, downvotes = counts["upvotes"], counts["downvotes"]
            voted = outbox_events.post_voted(post, user_id, value, previous, upvotes, downvotes, at)
            await add_to_postgres_outbox(conn, [voted])
            return upvotes, downvotes

    async def viewer_votes(self, viewer_id: str, post_ids: list[str]) -> dict[str, int]:
        if not post_ids:
            return {}
        rows = await self.pool.fetch(sql.VIEWER_VOTES, uuid.UUID(viewer_id), [uuid.UUID(p) for p in post_ids])
        return {str(r["post_id"]): r["value"] for r in rows}

    async def feature(
        self, post: Post, feature: Feature | None, by: str, at: datetime, check: Callable[[dict[Feature, int]], None]
    ) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_FEATURES, post.community_id)
            rows = await conn.fetch(sql.FEATURED_IN, uuid.UUID(post.community_id), uuid.UUID(post.post_id))
            check({Feature(r["feature"]): r["n"] for r in rows})
            changed = await conn.fetchval(
                sql.SET_FEATURE, uuid.UUID(post.post_id), feature.value if feature else None, at if feature else None
            )
            if changed is not None:
                await add_to_postgres_outbox(conn, [outbox_events.post_featured(post, feature, by, at)])
