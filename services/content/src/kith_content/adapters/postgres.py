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
from kith_content.domain.ports import ContentRepository, Erasure, HeldItem
from kith_content.domain.posts import ERASED_AUTHOR, Audience, Comment, Media, MediaKind, Post, ReactionKind
from kith_content.domain.review import Hold, ReviewState
from kith_platform.events import CONTENT_POSTS, make_event, timestamp
from kith_platform.outbox import add_to_postgres_outbox, purge_erased_from_outbox, purge_sent_rows_of

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
MIRRORS = {
    "follow": sql.MIRROR_FOLLOW,
    "friend": sql.MIRROR_FRIEND,
    "block": sql.MIRROR_BLOCK,
    "member": sql.MIRROR_MEMBER,
}


def _u(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _ids(values) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


def _post(row: asyncpg.Record) -> Post:
    return Post(
        post_id=str(row["id"]),
        author_id=str(row["author_id"]),
        text=row["text"],
        audience=Audience(row["audience"]),
        created_at=row["created_at"],
        community_id=str(row["community_id"]) if row["community_id"] else None,
        members_only=row["members_only"],
        media=tuple(Media(MediaKind(m["kind"]), m["url"], m.get("alt", "")) for m in json.loads(row["media"])),
        link=row["link"],
        hashtags=tuple(row["hashtags"]),
        mention_ids=_ids(row["mention_ids"]),
        shared_post_id=str(row["shared_post_id"]) if row["shared_post_id"] else None,
        edited_at=row["edited_at"],
        comment_count=row["comment_count"],
        share_count=row["share_count"],
        review=ReviewState(row["review"]) if row["review"] else None,
        held_reason=row["held_reason"],
        review_note=row["review_note"],
    )


def _comment(row: asyncpg.Record) -> Comment:
    return Comment(
        comment_id=str(row["id"]),
        post_id=str(row["post_id"]),
        parent_id=str(row["parent_id"]) if row["parent_id"] else None,
        author_id=str(row["author_id"]),
        text=row["text"],
        depth=row["depth"],
        created_at=row["created_at"],
        deleted=row["deleted"],
        reply_count=row["reply_count"],
        reaction_count=row["reaction_count"],
        mention_ids=_ids(row["mention_ids"]),
        review=ReviewState(row["review"]) if row["review"] else None,
        held_reason=row["held_reason"],
        review_note=row["review_note"],
    )


def _event(post_id: str, at: datetime, payload):
    """Every content event is keyed by its post, so one post's events stay in order."""
    return make_event(topic=CONTENT_POSTS, aggregate_id=post_id, producer=PRODUCER, occurred_at=at, payload=payload)


def _published(post: Post):
    return _event(
        post.post_id,
        post.created_at,
        events_pb2.PostPublished(
            post_id=post.post_id,
            author_id=post.author_id,
            text=post.text,
            audience=AUDIENCE_TO_PROTO[post.audience],
            created_at=timestamp(post.created_at),
            community_id=post.community_id or "",
            community_members_only=post.members_only,
            mention_ids=list(post.mention_ids),
            hashtags=list(post.hashtags),
            excerpt=post.excerpt,
            shared_post_id=post.shared_post_id or "",
            has_media=bool(post.media),
        ),
    )


def _shared(original: Post, share: Post):
    return _event(
        original.post_id,
        share.created_at,
        events_pb2.PostShared(
            original_post_id=original.post_id,
            original_author_id=original.author_id,
            share_post_id=share.post_id,
            user_id=share.author_id,
            shared_at=timestamp(share.created_at),
            community_id=share.community_id or "",
        ),
    )


def _comment_added(comment: Comment, post: Post, parent: Comment | None):
    return _event(
        post.post_id,
        comment.created_at,
        events_pb2.CommentAdded(
            comment_id=comment.comment_id,
            post_id=post.post_id,
            post_author_id=post.author_id,
            parent_comment_id=comment.parent_id or "",
            parent_author_id=parent.author_id if parent else "",
            author_id=comment.author_id,
            excerpt=comment.text[:280],
            depth=comment.depth,
            mention_ids=list(comment.mention_ids),
            created_at=timestamp(comment.created_at),
            audience=AUDIENCE_TO_PROTO[post.audience],
            community_id=post.community_id or "",
            community_members_only=post.members_only,
        ),
    )


def _held(post_id: str, comment_id: str, author_id: str, community_id: str, hold: Hold, at: datetime):
    return _event(
        post_id,
        at,
        events_pb2.ContentHeld(
            post_id=post_id,
            comment_id=comment_id,
            author_id=author_id,
            community_id=community_id,
            author_trust_level=hold.trust_level,
            required_trust_level=hold.required,
            held_at=timestamp(at),
        ),
    )


def _reviewed(
    post_id: str, comment_id: str, author_id: str, community_id: str, approved: bool, by: str, note: str, at: datetime
):
    return _event(
        post_id,
        at,
        events_pb2.ContentReviewed(
            post_id=post_id,
            comment_id=comment_id,
            author_id=author_id,
            community_id=community_id,
            approved=approved,
            reviewed_by=by,
            note=note,
            reviewed_at=timestamp(at),
        ),
    )


class PostgresContentRepository(ContentRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    # Posts ---------------------------------------------------------------------------------

    async def add_post(self, post: Post, shared_from: Post | None = None, hold: Hold | None = None) -> None:
        media = json.dumps([{"kind": m.kind.value, "url": m.url, "alt": m.alt_text} for m in post.media])
        if hold is not None:  # nothing is published (no hashtags, no share) until approved
            events = [_held(post.post_id, "", post.author_id, post.community_id or "", hold, post.created_at)]
        else:
            events = [_published(post)] + ([_shared(shared_from, post)] if shared_from is not None else [])
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                sql.INSERT_POST,
                uuid.UUID(post.post_id),
                uuid.UUID(post.author_id),
                post.text,
                post.audience.value,
                post.created_at,
                _u(post.community_id),
                post.members_only,
                media,
                post.link,
                list(post.hashtags),
                [uuid.UUID(m) for m in post.mention_ids],
                _u(post.shared_post_id),
                ReviewState.PENDING.value if hold is not None else None,
                hold.reason if hold is not None else "",
            )
            if hold is None:
                if post.hashtags:
                    await conn.execute(
                        sql.INSERT_HASHTAGS, uuid.UUID(post.post_id), list(post.hashtags), post.created_at
                    )
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
            await conn.execute(
                sql.EDIT_POST,
                uuid.UUID(post_id),
                new.text,
                list(new.hashtags),
                [uuid.UUID(m) for m in new.mention_ids],
                new.edited_at,
            )
            await conn.execute(sql.DELETE_HASHTAGS, uuid.UUID(post_id))
            if new.hashtags:
                await conn.execute(sql.INSERT_HASHTAGS, uuid.UUID(post_id), list(new.hashtags), new.created_at)
            await add_to_postgres_outbox(
                conn,
                [
                    _event(
                        post_id,
                        new.edited_at,
                        events_pb2.PostEdited(
                            post_id=post_id,
                            author_id=new.author_id,
                            text=new.text,
                            excerpt=new.excerpt,
                            hashtags=list(new.hashtags),
                            new_mention_ids=[m for m in new.mention_ids if m not in set(old.mention_ids)],
                            edited_at=timestamp(new.edited_at),
                            audience=AUDIENCE_TO_PROTO[new.audience],
                            community_id=new.community_id or "",
                            community_members_only=new.members_only,
                        ),
                    )
                ],
            )
        return new

    async def delete_post(self, post: Post, at: datetime) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.DELETE_POST, uuid.UUID(post.post_id), at)
            if post.review is not None:
                return  # never published: nobody downstream knows it
            await add_to_postgres_outbox(
                conn,
                [
                    _event(
                        post.post_id,
                        at,
                        events_pb2.PostDeleted(
                            post_id=post.post_id,
                            author_id=post.author_id,
                            community_id=post.community_id or "",
                            hashtags=list(post.hashtags),
                            deleted_at=timestamp(at),
                        ),
                    )
                ],
            )

    async def remove_post(self, community_id: str, post_id: str, by: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REMOVE_POST, uuid.UUID(post_id), uuid.UUID(community_id), at)
            if row is None:
                return False
            post = _post(row)
            if post.review is not None:
                return True  # never published: nobody downstream knows it
            await add_to_postgres_outbox(
                conn,
                [
                    _event(
                        post_id,
                        at,
                        events_pb2.PostRemoved(
                            post_id=post_id,
                            author_id=post.author_id,
                            community_id=community_id,
                            removed_by=by,
                            hashtags=list(post.hashtags),
                            removed_at=timestamp(at),
                        ),
                    )
                ],
            )
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
            sql.USERS_WHO_MAY_SEE,
            [uuid.UUID(u) for u in user_ids],
            uuid.UUID(post.author_id),
            post.audience.value,
            post.members_only,
            _u(post.community_id),
        )
        return {str(r["u"]) for r in rows}

    # Comments ------------------------------------------------------------------------------

    async def comment(self, comment_id: str) -> Comment | None:
        row = await self.pool.fetchrow(sql.SELECT_COMMENT, uuid.UUID(comment_id))
        return None if row is None else _comment(row)

    async def add_comment(self, comment: Comment, post: Post, parent: Comment | None, hold: Hold | None = None) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                sql.INSERT_COMMENT,
                uuid.UUID(comment.comment_id),
                uuid.UUID(comment.post_id),
                _u(comment.parent_id),
                uuid.UUID(comment.author_id),
                comment.text,
                comment.depth,
                [uuid.UUID(m) for m in comment.mention_ids],
                comment.created_at,
                ReviewState.PENDING.value if hold is not None else None,
                hold.reason if hold is not None else "",
            )
            if hold is not None:  # counted and announced only when approved
                await add_to_postgres_outbox(
                    conn,
                    [
                        _held(
                            post.post_id,
                            comment.comment_id,
                            comment.author_id,
                            post.community_id or "",
                            hold,
                            comment.created_at,
                        )
                    ],
                )
                return
            await self._count_comment(conn, comment, post.post_id, 1)
            await add_to_postgres_outbox(conn, [_comment_added(comment, post, parent)])

    @staticmethod
    async def _count_comment(conn, comment: Comment, post_id: str, delta: int) -> None:
        if comment.parent_id is not None:
            await conn.execute(sql.ADJUST_REPLIES, uuid.UUID(comment.parent_id), delta)
        await conn.execute(sql.ADJUST_COMMENTS, uuid.UUID(post_id), delta)

    async def _deleted(
        self, conn, comment: Comment, post_id: str, community_id: str, by: str, removed: bool, at: datetime
    ) -> None:
        await conn.execute(sql.ADJUST_COMMENTS, uuid.UUID(post_id), -1)
        await add_to_postgres_outbox(
            conn,
            [
                _event(
                    post_id,
                    at,
                    events_pb2.CommentDeleted(
                        comment_id=comment.comment_id,
                        post_id=post_id,
                        author_id=comment.author_id,
                        removed=removed,
                        deleted_by=by,
                        deleted_at=timestamp(at),
                        community_id=community_id,
                    ),
                )
            ],
        )

    async def delete_comment(self, comment: Comment, post: Post, by: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.execute(sql.DELETE_COMMENT, uuid.UUID(comment.comment_id), at) == "UPDATE 0":
                return False
            if comment.review is None:  # one never published was never counted nor announced
                await self._deleted(conn, comment, post.post_id, post.community_id or "", by, False, at)
        return True

    async def remove_comment(self, community_id: str, comment_id: str, by: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REMOVE_COMMENT, uuid.UUID(comment_id), uuid.UUID(community_id), at)
            if row is None:
                return False
            comment = _comment(row)
            if comment.review is None:
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
            await add_to_postgres_outbox(
                conn,
                [
                    _event(
                        post.post_id,
                        at,
                        events_pb2.ReactionAdded(
                            post_id=post.post_id,
                            comment_id=target_id if is_comment else "",
                            target_author_id=target_author,
                            user_id=user_id,
                            kind=REACTION_TO_PROTO[kind],
                            previous_kind=REACTION_TO_PROTO[ReactionKind(previous)] if previous else 0,
                            reacted_at=timestamp(at),
                            community_id=post.community_id or "",
                        ),
                    )
                ],
            )
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
            await add_to_postgres_outbox(
                conn,
                [
                    _event(
                        post.post_id,
                        at,
                        events_pb2.ReactionRemoved(
                            post_id=post.post_id,
                            comment_id=target_id if is_comment else "",
                            target_author_id=target_author,
                            user_id=user_id,
                            kind=REACTION_TO_PROTO[ReactionKind(previous)],
                            removed_at=timestamp(at),
                            community_id=post.community_id or "",
                        ),
                    )
                ],
            )
        return True

    async def reactions(self, viewer_id: str, target_ids: list[str]):
        """({target: {kind: count}}, {target: the viewer's kind})."""
        ids = [uuid.UUID(t) for t in target_ids]
        counts: dict[str, dict[ReactionKind, int]] = defaultdict(dict)
        for r in await self.pool.fetch(sql.REACTION_COUNTS, ids):
            counts[str(r["target_id"])][ReactionKind(r["kind"])] = r["n"]
        mine = {
            str(r["target_id"]): ReactionKind(r["kind"])
            for r in await self.pool.fetch(sql.VIEWER_REACTIONS, uuid.UUID(viewer_id), ids)
        }
        return counts, mine

    async def blocked_among(self, user_id: str, others: list[str]) -> set[str]:
        rows = await self.pool.fetch(sql.BLOCKED_AMONG, uuid.UUID(user_id), [uuid.UUID(o) for o in others])
        return {str(r["u"]) for r in rows}

    # Mirrors -------------------------------------------------------------------------------

    async def _mirror_write(self, people: list[uuid.UUID], query: str, *args) -> None:
        """A mirror write under the people's erasure locks (shared): see sql.LOCK_PEOPLE_SHARED."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, [str(p) for p in people])
            await conn.execute(query, *args)

    async def mirror(self, kind: str, a: str, b: str, active: bool, at: datetime) -> None:
        a_id, b_id = uuid.UUID(a), uuid.UUID(b)
        people = [b_id] if kind == "member" else [a_id, b_id]  # a membership's `a` is the community
        await self._mirror_write(people, MIRRORS[kind], a_id, b_id, active, at)

    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_USER, user, deactivated, at)

    # Erasure -------------------------------------------------------------------------------

    async def erase_user(self, user_id: str, at: datetime) -> Erasure:
        user = uuid.UUID(user_id)
        stamp = timestamp(at)
        events = []

        def community(row) -> str:
            return str(row["community_id"]) if row["community_id"] else ""

        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_ERASURE, user_id)  # two deliveries at once: one after the other
            await conn.execute(sql.INSERT_ERASED, user, at)

            # Their posts, for good, with everything on them; the feed is told without their id.
            posts = await conn.fetch(sql.OWN_POSTS, user)
            post_ids = [r["id"] for r in posts]
            if post_ids:
                # Their shares of others' posts stay counted there (a deleted share does too, and
                # the feed keeps the same count); the shares go.
                for statement in (
                    sql.DELETE_REACTIONS_ON_POSTS,
                    sql.DELETE_COMMENTS_ON_POSTS,
                    sql.DELETE_EDITS_OF_POSTS,
                    sql.DELETE_HASHTAGS_OF_POSTS,
                    sql.DELETE_POSTS,
                ):
                    await conn.execute(statement, post_ids)
            events += [
                _event(
                    str(r["id"]),
                    at,
                    events_pb2.PostDeleted(
                        post_id=str(r["id"]), community_id=community(r), hashtags=list(r["hashtags"]), deleted_at=stamp
                    ),
                )
                for r in posts
                if r["announce"]
            ]

            # Their reactions on others' posts and comments (and on their own comments there).
            reactions = await conn.fetch(sql.DELETE_REACTIONS_BY, user)
            await conn.execute(sql.UNCOUNT_COMMENT_REACTIONS, [r["target_id"] for r in reactions if r["on_comment"]])
            events += [
                _event(
                    str(r["post_id"]),
                    at,
                    events_pb2.ReactionRemoved(
                        post_id=str(r["post_id"]),
                        comment_id=str(r["target_id"]) if r["on_comment"] else "",
                        target_author_id=str(r["target_author"] or ""),
                        kind=REACTION_TO_PROTO[ReactionKind(r["kind"])],
                        removed_at=stamp,
                        community_id=community(r),
                    ),
                )
                for r in reactions
            ]

            # Their comments without replies go (deepest first), the others keep their place blank.
            deleted = 0
            while rows := await conn.fetch(sql.DELETE_LEAF_COMMENTS, user):
                deleted += len(rows)
                ids = [r["id"] for r in rows]
                await conn.execute(sql.DELETE_REACTIONS_ON, ids)
                await conn.execute(
                    sql.UNCOUNT_REPLIES, [r["parent_id"] for r in rows if r["published"] and r["parent_id"]]
                )
                await conn.execute(sql.UNCOUNT_POST_COMMENTS, [r["post_id"] for r in rows if r["live"]])
                events += [self._comment_gone(r, community(r), stamp, at) for r in rows if r["live"]]
            blanked = await conn.fetch(sql.BLANKED_COMMENTS, user)
            if blanked:
                await conn.execute(sql.BLANK_COMMENTS, user, uuid.UUID(ERASED_AUTHOR), at)
                await conn.execute(sql.UNCOUNT_POST_COMMENTS, [r["post_id"] for r in blanked if r["live"]])
                events += [self._comment_gone(r, community(r), stamp, at) for r in blanked if r["live"]]

            # Their id wherever else it appears.
            for statement in (
                sql.UNMENTION_POSTS,
                sql.UNMENTION_COMMENTS,
                sql.FORGET_POST_REVIEWER,
                sql.FORGET_COMMENT_REVIEWER,
                *sql.DELETE_MIRRORED,
            ):
                await conn.execute(statement, user)

            await add_to_postgres_outbox(conn, events)
            await purge_sent_rows_of(conn, user_id)
        return Erasure(
            posts=len(posts), comments_deleted=deleted, comments_blanked=len(blanked), reactions=len(reactions)
        )

    @staticmethod
    def _comment_gone(row, community_id: str, stamp, at: datetime):
        return _event(
            str(row["post_id"]),
            at,
            events_pb2.CommentDeleted(
                comment_id=str(row["id"]), post_id=str(row["post_id"]), deleted_at=stamp, community_id=community_id
            ),
        )

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

    # Link review ---------------------------------------------------------------------------

    async def mirror_trust(self, community_id: str, user_id: str, level: int, sequence: int, at: datetime) -> None:
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_TRUST, uuid.UUID(community_id), user, level, sequence, at)

    async def trust_level(self, community_id: str, user_id: str) -> int:
        return await self.pool.fetchval(sql.SELECT_TRUST, uuid.UUID(community_id), uuid.UUID(user_id)) or 0

    async def live_post(self, post_id: str) -> Post | None:
        row = await self.pool.fetchrow(sql.SELECT_LIVE_POST, uuid.UUID(post_id))
        return None if row is None else _post(row)

    async def held(self, community_id: str, limit: int, after: tuple[datetime, str] | None) -> list[HeldItem]:
        args = [uuid.UUID(community_id), after[0] if after else None, _u(after[1] if after else None), limit]
        items = [
            HeldItem(_post(r), None, r["created_at"], r["held_reason"])
            for r in await self.pool.fetch(sql.HELD_POSTS, *args)
        ]
        items += [
            HeldItem(None, _comment(r), r["created_at"], r["held_reason"])
            for r in await self.pool.fetch(sql.HELD_COMMENTS, *args)
        ]
        return sorted(items, key=lambda i: (i.held_at, uuid.UUID(i.item_id)))[:limit]

    async def approve_post(self, post_id: str, by: str, at: datetime) -> Post | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.APPROVE_POST, uuid.UUID(post_id), at, uuid.UUID(by))
            if row is None:
                return None
            post = _post(row)
            events = [
                _reviewed(post.post_id, "", post.author_id, post.community_id or "", True, by, "", at),
                _published(post),
            ]
            if post.hashtags:
                await conn.execute(sql.INSERT_HASHTAGS, uuid.UUID(post.post_id), list(post.hashtags), at)
            original = (
                await conn.fetchrow(sql.SELECT_LIVE_POST, _u(post.shared_post_id)) if post.shared_post_id else None
            )
            if original is not None:
                await conn.execute(sql.ADD_SHARE, original["id"])
                events.append(_shared(_post(original), post))
            await add_to_postgres_outbox(conn, events)
        return post

    async def reject_post(self, post_id: str, by: str, note: str, at: datetime) -> Post | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REJECT_POST, uuid.UUID(post_id), uuid.UUID(by), at, note)
            if row is None:
                return None
            post = _post(row)
            await add_to_postgres_outbox(
                conn, [_reviewed(post.post_id, "", post.author_id, post.community_id or "", False, by, note, at)]
            )
        return post

    async def approve_comment(self, comment_id: str, by: str, at: datetime) -> Comment | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.APPROVE_COMMENT, uuid.UUID(comment_id), at, uuid.UUID(by))
            if row is None:
                return None
            comment = _comment(row)
            post = _post(await conn.fetchrow(sql.SELECT_LIVE_POST, uuid.UUID(comment.post_id)))
            parent = None
            if comment.parent_id is not None:
                parent = _comment(await conn.fetchrow(sql.SELECT_COMMENT, uuid.UUID(comment.parent_id)))
            await self._count_comment(conn, comment, post.post_id, 1)
            await add_to_postgres_outbox(
                conn,
                [
                    _reviewed(
                        post.post_id, comment.comment_id, comment.author_id, post.community_id or "", True, by, "", at
                    ),
                    _comment_added(comment, post, parent),
                ],
            )
        return comment

    async def reject_comment(self, comment_id: str, by: str, note: str, at: datetime) -> Comment | None:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REJECT_COMMENT, uuid.UUID(comment_id), uuid.UUID(by), at, note)
            if row is None:
                return None
            comment = _comment(row)
            post = await conn.fetchrow(sql.SELECT_LIVE_POST, uuid.UUID(comment.post_id))
            await add_to_postgres_outbox(
                conn,
                [
                    _reviewed(
                        comment.post_id,
                        comment.comment_id,
                        comment.author_id,
                        str(post["community_id"]) if post and post["community_id"] else "",
                        False,
                        by,
                        note,
                        at,
                    )
                ],
            )
        return comment
