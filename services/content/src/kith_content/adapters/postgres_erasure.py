"""PostgreSQL adapter of erasure (identity's UserErased): in one transaction under the person's
lock, the tombstone, their posts, reactions and comments, their id wherever else it appears,
and the events that keep the feed's counters exact without naming them."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith.content.v1 import events_pb2
from kith_content.adapters import (
    sql,
    sql_bookmarks,
    sql_comment_edits,
    sql_drafts,
    sql_idempotency,
    sql_polls,
    sql_unread,
    sql_votes,
)
from kith_content.adapters.outbox_events import REACTION_TO_PROTO, content_event
from kith_content.adapters.postgres_media import purge_media_of_owner
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.ports import Erasure, Erasures
from kith_content.domain.posts import ERASED_AUTHOR, ReactionKind
from kith_platform.events import OutgoingEvent, timestamp
from kith_platform.outbox import add_to_postgres_outbox, purge_erased_from_outbox, purge_sent_rows_of

# Their id wherever else it appears: mentions, review marks, mirrored facts, what they read and
# the idempotency keys of their writes.
FORGET = (
    sql.UNMENTION_POSTS,
    sql.UNMENTION_COMMENTS,
    sql.FORGET_POST_REVIEWER,
    sql.FORGET_COMMENT_REVIEWER,
    *sql.DELETE_MIRRORED,
    *sql_unread.FORGET_READER,
    sql_idempotency.FORGET_USER,
)


def _community(row) -> str:
    return str(row["community_id"]) if row["community_id"] else ""


def _comment_gone(row, at: datetime) -> OutgoingEvent:
    return content_event(
        str(row["post_id"]),
        at,
        events_pb2.CommentDeleted(
            comment_id=str(row["id"]),
            post_id=str(row["post_id"]),
            deleted_at=timestamp(at),
            community_id=_community(row),
        ),
    )


async def _delete_posts(conn, user: uuid.UUID, at: datetime) -> tuple[int, list[OutgoingEvent]]:
    """Their posts, for good, with everything on them; the feed is told without their id."""
    posts = await conn.fetch(sql.OWN_POSTS, user)
    post_ids = [r["id"] for r in posts]
    if post_ids:
        # Their shares of others' posts stay counted there (a deleted share does too, and the
        # feed keeps the same count); the shares go.
        for statement in (
            sql.DELETE_REACTIONS_ON_POSTS,
            sql.DELETE_COMMENTS_ON_POSTS,
            sql.DELETE_EDITS_OF_POSTS,
            sql.DELETE_HASHTAGS_OF_POSTS,
            sql.DELETE_POSTS,
        ):
            await conn.execute(statement, post_ids)
    events = [
        content_event(
            str(r["id"]),
            at,
            events_pb2.PostDeleted(
                post_id=str(r["id"]),
                community_id=_community(r),
                hashtags=list(r["hashtags"]),
                deleted_at=timestamp(at),
            ),
        )
        for r in posts
        if r["announce"]
    ]
    return len(posts), events


async def _delete_reactions(conn, user: uuid.UUID, at: datetime) -> tuple[int, list[OutgoingEvent]]:
    """Their reactions on others' posts and comments (and on their own comments there)."""
    reactions = await conn.fetch(sql.DELETE_REACTIONS_BY, user)
    await conn.execute(sql.UNCOUNT_COMMENT_REACTIONS, [r["target_id"] for r in reactions if r["on_comment"]])
    events = [
        content_event(
            str(r["post_id"]),
            at,
            events_pb2.ReactionRemoved(
                post_id=str(r["post_id"]),
                comment_id=str(r["target_id"]) if r["on_comment"] else "",
                target_author_id=str(r["target_author"] or ""),
                kind=REACTION_TO_PROTO[ReactionKind(r["kind"])],
                removed_at=timestamp(at),
                community_id=_community(r),
            ),
        )
        for r in reactions
    ]
    return len(reactions), events


async def _delete_votes(conn, user: uuid.UUID, at: datetime) -> list[OutgoingEvent]:
    """Their votes, with the posts' counts: each post's new counts announced without their id."""
    rows = await conn.fetch(sql_votes.DELETE_VOTES_BY, user)
    return [
        content_event(
            str(r["id"]),
            at,
            events_pb2.PostVoted(
                post_id=str(r["id"]),
                community_id=_community(r),
                author_id=str(r["author_id"]),
                upvotes=r["upvotes"],
                downvotes=r["downvotes"],
                post_created_at=timestamp(r["created_at"]),
                voted_at=timestamp(at),
            ),
        )
        for r in rows
    ]


async def _delete_comments(conn, user: uuid.UUID, at: datetime) -> tuple[int, int, list[OutgoingEvent]]:
    """Their comments without replies go (deepest first), the others keep their place blank:
    (deleted, blanked, events)."""
    deleted, events = 0, []
    while rows := await conn.fetch(sql.DELETE_LEAF_COMMENTS, user):
        deleted += len(rows)
        await conn.execute(sql.DELETE_REACTIONS_ON, [r["id"] for r in rows])
        await conn.execute(sql.UNCOUNT_REPLIES, [r["parent_id"] for r in rows if r["published"] and r["parent_id"]])
        await conn.execute(sql.UNCOUNT_POST_COMMENTS, [r["post_id"] for r in rows if r["live"]])
        events += [_comment_gone(r, at) for r in rows if r["live"]]
    blanked = await conn.fetch(sql.BLANKED_COMMENTS, user)
    if blanked:
        await conn.execute(sql.BLANK_COMMENTS, user, uuid.UUID(ERASED_AUTHOR), at)
        await conn.execute(sql.UNCOUNT_POST_COMMENTS, [r["post_id"] for r in blanked if r["live"]])
        events += [_comment_gone(r, at) for r in blanked if r["live"]]
    return deleted, len(blanked), events


class PostgresErasures(PoolAdapter, Erasures):
    async def erase_user(self, user_id: str, at: datetime) -> Erasure:
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_ERASURE, user_id)  # two deliveries at once: one after the other
            await conn.execute(sql.INSERT_ERASED, user, at)
            posts, post_events = await _delete_posts(conn, user, at)
            reactions, reaction_events = await _delete_reactions(conn, user, at)
            reaction_events += await _delete_votes(conn, user, at)
            answered = [r["post_id"] for r in await conn.fetch(sql_polls.DELETE_POLL_VOTES_BY, user)]
            await conn.execute(sql_polls.RECOUNT, answered)  # the polls they answered, counted again
            await conn.execute(sql_bookmarks.DELETE_BOOKMARKS_BY, user)
            await conn.execute(sql_drafts.DELETE_DRAFTS_BY, user)
            await purge_media_of_owner(conn, user)  # their files go at the media worker's next cleanup
            await conn.execute(sql_comment_edits.DELETE_EDITS_BY, user)  # before their comments are blanked
            deleted, blanked, comment_events = await _delete_comments(conn, user, at)
            for statement in FORGET:
                await conn.execute(statement, user)
            await add_to_postgres_outbox(conn, post_events + reaction_events + comment_events)
            await purge_sent_rows_of(conn, user_id)
        return Erasure(posts=posts, comments_deleted=deleted, comments_blanked=blanked, reactions=reactions)

    async def erased_among(self, user_ids: list[str]) -> set[str]:
        ids = []
        for u in user_ids:
            try:
                ids.append(uuid.UUID(u))
            except ValueError:
                continue  # not an id anyone could have
        if not ids:
            return set()
        return {str(r["user_id"]) for r in await self.pool.fetch(sql.ERASED_AMONG, ids)}

    async def purge_outbox_of_erased(self, limit: int) -> int:
        return await purge_erased_from_outbox(self.pool, limit)
