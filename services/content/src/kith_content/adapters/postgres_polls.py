"""PostgreSQL adapter of polls in posts (Polls): a vote and its event (PollVoted) in one
transaction, counted on the poll's row."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from kith_content.adapters import outbox_events
from kith_content.adapters import sql_polls as sql
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.polls import Poll
from kith_content.domain.ports import Polls
from kith_content.domain.posts import Post
from kith_platform.outbox import add_to_postgres_outbox


async def add_poll(conn: asyncpg.Connection, post_id: str, poll: Poll) -> None:
    """The poll of a new post, in the post's transaction."""
    await conn.execute(
        sql.INSERT_POLL, uuid.UUID(post_id), list(poll.options), poll.multiple_choice, poll.closes_at, list(poll.counts)
    )


class PostgresPolls(PoolAdapter, Polls):
    async def polls(self, viewer_id: str, post_ids: list[str]) -> dict[str, tuple[Poll, tuple[int, ...]]]:
        if not post_ids:
            return {}
        ids = [uuid.UUID(p) for p in post_ids]
        rows = await self.pool.fetch(sql.POLLS, ids)
        mine = {
            str(r["post_id"]): tuple(r["choices"])
            for r in await self.pool.fetch(sql.VIEWER_CHOICES, uuid.UUID(viewer_id), ids)
        }
        return {
            str(r["post_id"]): (
                Poll(tuple(r["options"]), r["multiple_choice"], r["closes_at"], tuple(r["counts"]), r["voters"]),
                mine.get(str(r["post_id"]), ()),
            )
            for r in rows
        }

    async def vote_poll(self, post: Post, user_id: str, choices: tuple[int, ...], at: datetime) -> tuple[int, ...]:
        post_uuid, user = uuid.UUID(post.post_id), uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.INSERT_VOTE, post_uuid, user, list(choices), at) is None:
                return tuple(await conn.fetchval(sql.VOTE_OF, post_uuid, user))
            await conn.execute(sql.COUNT_VOTE, post_uuid, list(choices))
            await add_to_postgres_outbox(conn, [outbox_events.poll_voted(post, user_id, choices, at)])
            return choices
