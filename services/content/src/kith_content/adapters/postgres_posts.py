"""PostgreSQL adapter of posts: writes with their events (outbox) in one transaction, and reads
filtered for the viewer by the SQL (sql.VISIBLE)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from kith_content.adapters import outbox_events, sql, sql_drafts
from kith_content.adapters.postgres_idempotency import claim_key
from kith_content.adapters.postgres_media import attach_media, purge_media_of_post
from kith_content.adapters.postgres_polls import add_poll
from kith_content.adapters.postgres_rows import PoolAdapter, media_json, post_from_row, uuid_or_none
from kith_content.domain.ports import Posts
from kith_content.domain.posts import Post
from kith_content.domain.review import Hold, ReviewState
from kith_platform.errors import NotFound
from kith_platform.idempotency import NewClaim
from kith_platform.outbox import add_to_postgres_outbox


class PostgresPosts(PoolAdapter, Posts):
    async def add_post(
        self,
        post: Post,
        shared_from: Post | None = None,
        hold: Hold | None = None,
        draft_id: str | None = None,
        claim: NewClaim | None = None,
    ) -> None:
        media = media_json(post.media)
        uploads = [m.media_id for m in post.media if m.media_id]
        if hold is not None:  # nothing is published (no hashtags, no share) until approved
            held = outbox_events.held(post.post_id, "", post.author_id, post.community_id or "", hold, post.created_at)
            events = [held]
        else:
            events = [outbox_events.published(post)]
            if shared_from is not None:
                events.append(outbox_events.shared(shared_from, post))
        async with self.pool.acquire() as conn, conn.transaction():
            await claim_key(conn, claim, post.post_id)
            if (
                draft_id is not None
                and await conn.fetchval(sql_drafts.TAKE, uuid.UUID(draft_id), uuid.UUID(post.author_id)) is None
            ):
                raise NotFound("draft_id: no such draft (published or deleted)")
            await conn.execute(
                sql.INSERT_POST,
                uuid.UUID(post.post_id),
                uuid.UUID(post.author_id),
                post.text,
                post.audience.value,
                post.created_at,
                uuid_or_none(post.community_id),
                post.members_only,
                media,
                post.link,
                list(post.hashtags),
                [uuid.UUID(m) for m in post.mention_ids],
                uuid_or_none(post.shared_post_id),
                ReviewState.PENDING.value if hold is not None else None,
                hold.reason if hold is not None else "",
                post.content_warning,
                post.poll is not None,
            )
            if post.poll is not None:
                await add_poll(conn, post.post_id, post.poll)
            if uploads:
                await attach_media(conn, post.post_id, post.author_id, uploads, post.created_at)
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
        return {str(r["id"]): post_from_row(r) for r in rows}

    async def live_post(self, post_id: str) -> Post | None:
        row = await self.pool.fetchrow(sql.SELECT_LIVE_POST, uuid.UUID(post_id))
        return None if row is None else post_from_row(row)

    async def edit_post(self, post_id: str, apply: Callable[[Post], Post]) -> Post | None:
        """Lock the live post, let `apply(post)` return the edited one (or raise), store it with
        the old text in the history and PostEdited. None when there is no live post."""
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.LOCK_LIVE_POST, uuid.UUID(post_id))
            if row is None:
                return None
            old = post_from_row(row)
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
            await add_to_postgres_outbox(conn, [outbox_events.post_edited(old, new)])
        return new

    async def delete_post(self, post: Post, at: datetime) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.DELETE_POST, uuid.UUID(post.post_id), at)
            await purge_media_of_post(conn, post.post_id)
            if post.review is not None:
                return  # never published: nobody downstream knows it
            await add_to_postgres_outbox(conn, [outbox_events.post_deleted(post, at)])

    async def remove_post(
        self, community_id: str | None, post_id: str, by: str, at: datetime, removal_id: str = ""
    ) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if removal_id:
                await conn.execute(sql.LOCK_STAFF_REMOVAL, removal_id)
            row = await conn.fetchrow(
                sql.REMOVE_POST, uuid.UUID(post_id), uuid_or_none(community_id), at, uuid_or_none(removal_id)
            )
            if row is None:
                return False
            post = post_from_row(row)
            # One never published is known downstream only to identity, which learns its author
            # (who may appeal) from a staff removal's PostRemoved; the feed has nothing to take out.
            if post.review is None or removal_id:
                await add_to_postgres_outbox(conn, [outbox_events.post_removed(post, by, at, removal_id)])
        return True

    async def restore_post(self, post_id: str, removal_id: str, at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_STAFF_REMOVAL, removal_id)
            await conn.execute(sql.INSERT_STAFF_RESTORATION, uuid.UUID(removal_id), at)
            row = await conn.fetchrow(sql.RESTORE_POST, uuid.UUID(post_id), uuid.UUID(removal_id))
            if row is None:
                return False
            post = post_from_row(row)
            if post.review is None:  # one never published goes back to its review, unannounced
                await add_to_postgres_outbox(conn, [outbox_events.post_restored(post, removal_id, at)])
        return True

    async def edits(self, post_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]:
        rows = await self.pool.fetch(sql.SELECT_EDITS, uuid.UUID(post_id), before, limit)
        return [(r["id"], r["text"], r["replaced_at"]) for r in rows]

    async def user_posts(self, viewer_id, author_id, limit, after) -> list[Post]:
        at, last = after or (None, None)
        rows = await self.pool.fetch(
            sql.USER_POSTS, uuid.UUID(viewer_id), uuid.UUID(author_id), at, uuid_or_none(last), limit
        )
        return [post_from_row(r) for r in rows]

    async def hashtag_posts(self, viewer_id, tag, limit, after) -> list[Post]:
        at, last = after or (None, None)
        rows = await self.pool.fetch(sql.HASHTAG_POSTS, uuid.UUID(viewer_id), tag, at, uuid_or_none(last), limit)
        return [post_from_row(r) for r in rows]

    async def search(self, viewer_id, query, limit, after) -> list[tuple[Post, float]]:
        rank, last = after or (None, None)
        rows = await self.pool.fetch(sql.SEARCH_POSTS, uuid.UUID(viewer_id), query, rank, uuid_or_none(last), limit)
        return [(post_from_row(r), r["rank"]) for r in rows]

    async def users_who_may_see(self, post: Post, user_ids: list[str]) -> set[str]:
        rows = await self.pool.fetch(
            sql.USERS_WHO_MAY_SEE,
            [uuid.UUID(u) for u in user_ids],
            uuid.UUID(post.author_id),
            post.audience.value,
            post.members_only,
            uuid_or_none(post.community_id),
        )
        return {str(r["u"]) for r in rows}
