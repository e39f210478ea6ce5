"""PostgreSQL adapter of the content repository: posts, threads, reactions and the mirrors,
each change with its events in the same transaction (outbox)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import datetime

import asyncpg

from kith.content.v1 import content_pb2, events_pb2
from kith_content.adapters import sql
from kith_content.domain.ports import ContentRepository
from kith_content.domain.posts import Audience, Comment, Media, MediaKind, Post, ReactionKind
from kith_platform.events import CONTENT_POSTS, make_event, timestamp
from kith_platform.outbox import add_to_postgres_outbox

PRODUCER = "content"
AUDIENCE_TO_PROTO = {
    Audience.PUBLIC: content_pb2.AUDIENCE_PUBLIC,
    Audience.FOLLOWERS: content_pb2.AUDIENCE_FOLLOWERS,
    Audience.FRIENDS: content_pb2.AUDIENCE_FRIENDS,
    Audience.COMMUNITY: content_pb2.AUDIENCE_COMMUNITY,
}
REACTION_TO_PROTO = {
    ReactionKind.LIKE: content_pb2.REACTION_KIND_LIKE,
    ReactionKind.LOVE: content_pb2.REACTION_KIND_LOVE,
    ReactionKind.INSIGHTFUL: content_pb2.REACTION_KIND_INSIGHTFUL,
    ReactionKind.FUNNY: content_pb2.REACTION_KIND_FUNNY,
    ReactionKind.SUPPORT: content_pb2.REACTION_KIND_SUPPORT,
}
MIRRORS = {"follow": sql.MIRROR_FOLLOW, "friend": sql.MIRROR_FRIEND, "block": sql.MIRROR_BLOCK,
           "member": sql.MIRROR_MEMBER}


def _u(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _ids(values) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


def _post(row: asyncpg.Record) -> Post:
    return Post(
        post_id=str(row["id"]), author_id=str(row["author_id"]), text=row["text"], audience=Audience(row["audience"]),
        created_at=row["created_at"], community_id=str(row["community_id"]) if row["community_id"] else None,
        members_only=row["members_only"],
        media=tuple(Media(MediaKind(m["kind"]), m["url"], m.get("alt", "")) for m in json.loads(row["media"])),
        link=row["link"], hashtags=tuple(row["hashtags"]), mention_ids=_ids(row["mention_ids"]),
        shared_post_id=str(row["shared_post_id"]) if row["shared_post_id"] else None, edited_at=row["edited_at"],
        comment_count=row["comment_count"], share_count=row["share_count"],
    )


def _comment(row: asyncpg.Record) -> Comment:
    return Comment(
        comment_id=str(row["id"]), post_id=str(row["post_id"]),
        parent_id=str(row["parent_id"]) if row["parent_id"] else None, author_id=str(row["author_id"]),
        text=row["text"], depth=row["depth"], created_at=row["created_at"], deleted=row["deleted"],
        reply_count=row["reply_count"], reaction_count=row["reaction_count"], mention_ids=_ids(row["mention_ids"]),
    )


def _event(post_id: str, at: datetime, payload):
    """Every content event is keyed by its post, so one post's events stay in order."""
    return make_event(topic=CONTENT_POSTS, aggregate_id=post_id, producer=PRODUCER, occurred_at=at, payload=payload)


def _published(post: Post):
    return _event(post.post_id, post.created_at, events_pb2.PostPublished(
        post_id=post.post_id, author_id=post.author_id, text=post.text, audience=AUDIENCE_TO_PROTO[post.audience],
        created_at=timestamp(post.created_at), community_id=post.community_id or "",
        community_members_only=post.members_only, mention_ids=list(post.mention_ids), hashtags=list(post.hashtags),
        excerpt=post.excerpt, shared_post_id=post.shared_post_id or "", has_media=bool(post.media),
    ))


class PostgresContentRepository(ContentRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    # Posts ---------------------------------------------------------------------------------

    async def add_post(self, post: Post, shared_from: Post | None = None) -> None:
        media = json.dumps([{"kind": m.kind.value, "url": m.url, "alt": m.alt_text} for m in post.media])
        events = [_published(post)]
        if shared_from is not None:
            events.append(_event(shared_from.post_id, post.created_at, events_pb2.PostShared(
                original_post_id=shared_from.post_id, original_author_id=shared_from.author_id,
                share_post_id=post.post_id, user_id=post.author_id, shared_at=timestamp(post.created_at),
                community_id=post.community_id or "")))
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                sql.INSERT_POST, uuid.UUID(post.post_id), uuid.UUID(post.author_id), post.text, post.audience.value,
                post.created_at, _u(post.community_id), post.members_only, media, post.link, list(post.hashtags),
                [uuid.UUID(m) for m in post.mention_ids], _u(post.shared_post_id),
            )
            if post.hashtags:
                await conn.execute(sql.INSERT_HASHTAGS, uuid.UUID(post.post_id), list(post.hashtags), post.created_at)
            if shared_from is not None:
                await conn.execute(sql.ADD_SHARE, uuid.UUID(shared_from.post_id))
            await add_to_postgres_outbox(conn, events)

    async def visible_posts(self, viewer_id: str, post_ids: list[str]) -> dict[str, Post]:
        rows = await self.pool.fetch(sql.SELECT_VISIBLE, uuid.UUID(viewer_id), [uuid.UUID(p) for p in post_ids])
        return {str(r["id"]): _post(r) for r in rows}

    async def edit_post(self, post_id: str, apply) -> Post | None:
        """Lock the live post, let `apply(post)` return the edited one (or raise), store it with
        the old text in the history and PostEdited. None when there is no live post."""
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.LOCK_LIVE_POST, uuid.UUID(post_id))
            if row is None:
                return None
            old = _post(row)
            new = apply(old)
            await conn.execute(sql.INSERT_EDIT, uuid.UUID(post_id), old.text, new.edited_at)
            await conn.execute(sql.EDIT_POST, uuid.UUID(post_id), new.text, list(new.hashtags),
                               [uuid.UUID(m) for m in new.mention_ids], new.edited_at)
            await conn.execute(sql.DELETE_HASHTAGS, uuid.UUID(post_id))
            if new.hashtags:
                await conn.execute(sql.INSERT_HASHTAGS, uuid.UUID(post_id), list(new.hashtags), new.created_at)
            await add_to_postgres_outbox(conn, [_event(post_id, new.edited_at, events_pb2.PostEdited(
                post_id=post_id, author_id=new.author_id, text=new.text, excerpt=new.excerpt,
                hashtags=list(new.hashtags),
                new_mention_ids=[m for m in new.mention_ids if m not in set(old.mention_ids)],
                edited_at=timestamp(new.edited_at), audience=AUDIENCE_TO_PROTO[new.audience],
                community_id=new.community_id or "", community_members_only=new.members_only))])
        return new

    async def delete_post(self, post: Post, at: datetime) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.DELETE_POST, uuid.UUID(post.post_id), at)
            await add_to_postgres_outbox(conn, [_event(post.post_id, at, events_pb2.PostDeleted(
                post_id=post.post_id, author_id=post.author_id, community_id=post.community_id or "",
                hashtags=list(post.hashtags), deleted_at=timestamp(at)))])

    async def remove_post(self, community_id: str, post_id: str, by: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REMOVE_POST, uuid.UUID(post_id), uuid.UUID(community_id), at)
            if row is None:
                return False
            post = _post(row)
            await add_to_postgres_outbox(conn, [_event(post_id, at, events_pb2.PostRemoved(
                post_id=post_id, author_id=post.author_id, community_id=community_id, removed_by=by,
                hashtags=list(post.hashtags), removed_at=timestamp(at)))])
        return True

    async def edits(self, post_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]:
        rows = await self.pool.fetch(sql.SELECT_EDITS, uuid.UUID(post_id), before, limit)
        return [(r["id"], r["text"], r["replaced_at"]) for r in rows]

    async def user_posts(self, viewer_id, author_id, limit, after) -> list[Post]:
        at, last = after or (None, None)
        rows = await self.pool.fetch(sql.USER_POSTS, uuid.UUID(viewer_id), uuid.UUID(author_id), at, _u(last), limit)
        return [_post(r) for r in rows]

    async def hashtag_posts(self, viewer_id, tag, limit, after) -> list[Post]:
        at, last = after or (None, None)
        rows = await self.pool.fetch(sql.HASHTAG_POSTS, uuid.UUID(viewer_id), tag, at, _u(last), limit)
        return [_post(r) for r in rows]

    async def search(self, viewer_id, query, limit, after) -> list[tuple[Post, float]]:
        rank, last = after or (None, None)
        rows = await self.pool.fetch(sql.SEARCH_POSTS, uuid.UUID(viewer_id), query, rank, _u(last), limit)
        return [(_post(r), r["rank"]) for r in rows]

    async def users_who_may_see(self, post: Post, user_ids: list[str]) -> set[str]:
        rows = await self.pool.fetch(
            sql.USERS_WHO_MAY_SEE, [uuid.UUID(u) for u in user_ids], uuid.UUID(post.author_id),
            post.audience.value, post.members_only, _u(post.community_id))
        return {str(r["u"]) for r in rows}

    # Comments ------------------------------------------------------------------------------

    async def comment(self, comment_id: str) -> Comment | None:
        row = await self.pool.fetchrow(sql.SELECT_COMMENT, uuid.UUID(comment_id))
        return None if row is None else _comment(row)

    async def add_comment(self, comment: Comment, post: Post, parent: Comment | None) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                sql.INSERT_COMMENT, uuid.UUID(comment.comment_id), uuid.UUID(comment.post_id), _u(comment.parent_id),
                uuid.UUID(comment.author_id), comment.text, comment.depth,
                [uuid.UUID(m) for m in comment.mention_ids], comment.created_at)
            if parent is not None:
                await conn.execute(sql.ADJUST_REPLIES, uuid.UUID(parent.comment_id), 1)
            await conn.execute(sql.ADJUST_COMMENTS, uuid.UUID(post.post_id), 1)
            await add_to_postgres_outbox(conn, [_event(post.post_id, comment.created_at, events_pb2.CommentAdded(
                comment_id=comment.comment_id, post_id=post.post_id, post_author_id=post.author_id,
                parent_comment_id=comment.parent_id or "", parent_author_id=parent.author_id if parent else "",
                author_id=comment.author_id, excerpt=comment.text[:280], depth=comment.depth,
                mention_ids=list(comment.mention_ids), created_at=timestamp(comment.created_at),
                audience=AUDIENCE_TO_PROTO[post.audience], community_id=post.community_id or "",
                community_members_only=post.members_only))])

    async def _deleted(self, conn, comment: Comment, post_id: str, community_id: str, by: str, removed: bool,
                       at: datetime) -> None:
        await conn.execute(sql.ADJUST_COMMENTS, uuid.UUID(post_id), -1)
        await add_to_postgres_outbox(conn, [_event(post_id, at, events_pb2.CommentDeleted(
            comment_id=comment.comment_id, post_id=post_id, author_id=comment.author_id, removed=removed,
            deleted_by=by, deleted_at=timestamp(at), community_id=community_id))])

    async def delete_comment(self, comment: Comment, post: Post, by: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.execute(sql.DELETE_COMMENT, uuid.UUID(comment.comment_id), at) == "UPDATE 0":
                return False
            await self._deleted(conn, comment, post.post_id, post.community_id or "", by, False, at)
        return True

    async def remove_comment(self, community_id: str, comment_id: str, by: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REMOVE_COMMENT, uuid.UUID(comment_id), uuid.UUID(community_id), at)
            if row is None:
                return False
            comment = _comment(row)
            await self._deleted(conn, comment, comment.post_id, community_id, by, True, at)
        return True

    async def thread(self, viewer_id, post_id, parent_id, order, limit, after) -> list[Comment]:
        args = [uuid.UUID(viewer_id), uuid.UUID(post_id), _u(parent_id)]
        if order == "most_reacted":
            count, at, last = after or (None, None, None)
            rows = await self.pool.fetch(sql.THREAD_MOST_REACTED, *args, count, at, _u(last), limit)
        else:
            at, last = after or (None, None)
            query = sql.THREAD_OLDEST if order == "oldest" else sql.THREAD_NEWEST
            rows = await self.pool.fetch(query, *args, at, _u(last), limit)
        return [_comment(r) for r in rows]

    # Reactions -----------------------------------------------------------------------------

    async def react(self, target_id: str, is_comment: bool, post: Post, target_author: str, user_id: str,
                    kind: ReactionKind, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_REACTION, target_id, user_id)
            previous = await conn.fetchval(sql.SELECT_REACTION, uuid.UUID(target_id), uuid.UUID(user_id))
            if previous == kind.value:
                return False
            if previous is None:
                await conn.execute(sql.INSERT_REACTION, uuid.UUID(target_id), uuid.UUID(user_id),
                                   uuid.UUID(post.post_id), kind.value, at)
                if is_comment:
                    await conn.execute(sql.ADJUST_COMMENT_REACTIONS, uuid.UUID(target_id), 1)
            else:
                await conn.execute(sql.UPDATE_REACTION, uuid.UUID(target_id), uuid.UUID(user_id), kind.value, at)
            await add_to_postgres_outbox(conn, [_event(post.post_id, at, events_pb2.ReactionAdded(
                post_id=post.post_id, comment_id=target_id if is_comment else "", target_author_id=target_author,
                user_id=user_id, kind=REACTION_TO_PROTO[kind],
                previous_kind=REACTION_TO_PROTO[ReactionKind(previous)] if previous else 0,
                reacted_at=timestamp(at), community_id=post.community_id or ""))])
        return True

    async def unreact(self, target_id: str, is_comment: bool, post: Post, target_author: str, user_id: str,
                      at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_REACTION, target_id, user_id)
            previous = await conn.fetchval(sql.DELETE_REACTION, uuid.UUID(target_id), uuid.UUID(user_id))
            if previous is None:
                return False
            if is_comment:
                await conn.execute(sql.ADJUST_COMMENT_REACTIONS, uuid.UUID(target_id), -1)
            await add_to_postgres_outbox(conn, [_event(post.post_id, at, events_pb2.ReactionRemoved(
                post_id=post.post_id, comment_id=target_id if is_comment else "", target_author_id=target_author,
                user_id=user_id, kind=REACTION_TO_PROTO[ReactionKind(previous)], removed_at=timestamp(at),
                community_id=post.community_id or ""))])
        return True

    async def reactions(self, viewer_id: str, target_ids: list[str]):
        """({target: {kind: count}}, {target: the viewer's kind})."""
        ids = [uuid.UUID(t) for t in target_ids]
        counts: dict[str, dict[ReactionKind, int]] = defaultdict(dict)
        for r in await self.pool.fetch(sql.REACTION_COUNTS, ids):
            counts[str(r["target_id"])][ReactionKind(r["kind"])] = r["n"]
        mine = {str(r["target_id"]): ReactionKind(r["kind"])
                for r in await self.pool.fetch(sql.VIEWER_REACTIONS, uuid.UUID(viewer_id), ids)}
        return counts, mine

    async def blocked_among(self, user_id: str, others: list[str]) -> set[str]:
        rows = await self.pool.fetch(sql.BLOCKED_AMONG, uuid.UUID(user_id), [uuid.UUID(o) for o in others])
        return {str(r["u"]) for r in rows}

    # Mirrors -------------------------------------------------------------------------------

    async def mirror(self, kind: str, a: str, b: str, active: bool, at: datetime) -> None:
        await self.pool.execute(MIRRORS[kind], uuid.UUID(a), uuid.UUID(b), active, at)
