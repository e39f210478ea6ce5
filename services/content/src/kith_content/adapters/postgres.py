"""PostgreSQL adapter of the post repository (with the outbox)."""

from __future__ import annotations

import uuid

import asyncpg

from kith.content.v1 import content_pb2, events_pb2
from kith_content.adapters import sql
from kith_content.domain.ports import PostRepository
from kith_content.domain.posts import Audience, Post
from kith_platform.events import CONTENT_POSTS, make_event, timestamp
from kith_platform.outbox import add_to_postgres_outbox

PRODUCER = "content"
AUDIENCE_TO_PROTO = {Audience.PUBLIC: content_pb2.AUDIENCE_PUBLIC}


class PostgresPostRepository(PostRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def add(self, post: Post) -> None:
        event = make_event(
            topic=CONTENT_POSTS,
            aggregate_id=post.post_id,
            producer=PRODUCER,
            occurred_at=post.created_at,
            payload=events_pb2.PostPublished(
                post_id=post.post_id,
                author_id=post.author_id,
                text=post.text,
                audience=AUDIENCE_TO_PROTO[post.audience],
                created_at=timestamp(post.created_at),
            ),
        )
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                sql.INSERT_POST, uuid.UUID(post.post_id), uuid.UUID(post.author_id), post.text,
                post.audience.value, post.created_at,
            )
            await add_to_postgres_outbox(conn, [event])
