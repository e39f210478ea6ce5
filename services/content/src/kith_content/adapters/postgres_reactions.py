"""PostgreSQL adapter of reactions: one per person and target (under an advisory lock), each
change with its event (outbox) and a comment's count in one transaction."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime

from kith_content.adapters import outbox_events, sql
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.ports import ReactionCounts, Reactions, ViewerReactions
from kith_content.domain.posts import Post, ReactionKind
from kith_platform.outbox import add_to_postgres_outbox


class PostgresReactions(PoolAdapter, Reactions):
    async def react(
        self,
        target_id: str,
        is_comment: bool,
        post: Post,
        target_author: str,
        user_id: str,
        kind: ReactionKind,
        at: datetime,
    ) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_REACTION, target_id, user_id)
            previous = await conn.fetchval(sql.SELECT_REACTION, uuid.UUID(target_id), uuid.UUID(user_id))
            if previous == kind.value:
                return False
            if previous is None:
                await conn.execute(
                    sql.INSERT_REACTION,
                    uuid.UUID(target_id),
                    uuid.UUID(user_id),
                    uuid.UUID(post.post_id),
                    kind.value,
                    at,
                )
                if is_comment:
                    await conn.execute(sql.ADJUST_COMMENT_REACTIONS, uuid.UUID(target_id), 1)
            else:
                await conn.execute(sql.UPDATE_REACTION, uuid.UUID(target_id), uuid.UUID(user_id), kind.value, at)
            before = ReactionKind(previous) if previous else None
            added = outbox_events.reaction_added(post, target_id, is_comment, target_author, user_id, kind, before, at)
            await add_to_postgres_outbox(conn, [added])
        return True

    async def unreact(
        self, target_id: str, is_comment: bool, post: Post, target_author: str, user_id: str, at: datetime
    ) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_REACTION, target_id, user_id)
            previous = await conn.fetchval(sql.DELETE_REACTION, uuid.UUID(target_id), uuid.UUID(user_id))
            if previous is None:
                return False
            if is_comment:
                await conn.execute(sql.ADJUST_COMMENT_REACTIONS, uuid.UUID(target_id), -1)
            removed = outbox_events.reaction_removed(
                post, target_id, is_comment, target_author, user_id, ReactionKind(previous), at
            )
            await add_to_postgres_outbox(conn, [removed])
        return True

    async def reactions(self, viewer_id: str, target_ids: list[str]) -> tuple[ReactionCounts, ViewerReactions]:
        """({target: {kind: count}}, {target: the viewer's kind})."""
        ids = [uuid.UUID(t) for t in target_ids]
        counts: ReactionCounts = defaultdict(dict)
        for r in await self.pool.fetch(sql.REACTION_COUNTS, ids):
            counts[str(r["target_id"])][ReactionKind(r["kind"])] = r["n"]
        mine = {
            str(r["target_id"]): ReactionKind(r["kind"])
            for r in await self.pool.fetch(sql.VIEWER_REACTIONS, uuid.UUID(viewer_id), ids)
        }
        return counts, mine
