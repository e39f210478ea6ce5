"""Redis adapter of the feed read model.

Keys: feed:home:<user> (zset of post ids by time, capped), feed:timeline:<user> (the
user's own posts), feed:followers:<user> (set), feed:post:<id> and feed:user:<id> (hashes).
Every write is keyed and idempotent, so a redelivered event changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis.asyncio as aioredis

from kith_feed.domain.model import AuthorSummary, Cursor, FeedEntry, PostSummary


def home_key(user_id: str) -> str:
    return f"feed:home:{user_id}"


def timeline_key(user_id: str) -> str:
    return f"feed:timeline:{user_id}"


def followers_key(user_id: str) -> str:
    return f"feed:followers:{user_id}"


def post_key(post_id: str) -> str:
    return f"feed:post:{post_id}"


def user_key(user_id: str) -> str:
    return f"feed:user:{user_id}"


class RedisFeedStore:
    def __init__(self, client: aioredis.Redis, *, cap: int = 800, backfill: int = 50, batch: int = 1000) -> None:
        self.redis = client
        self.cap = cap
        self.backfill = backfill
        self.batch = batch

    # --- writes (the stream worker) ---------------------------------------------------

    async def put_author(self, author: AuthorSummary) -> None:
        await self.redis.hset(
            user_key(author.user_id), mapping={"handle": author.handle, "display_name": author.display_name}
        )

    async def _add_to_feeds(self, feed_owners: Iterable[str], entries: dict[str, int]) -> int:
        """ZADD the entries into every owner's home feed and trim it, in large pipelines."""
        owners = list(feed_owners)
        for start in range(0, len(owners), self.batch):
            pipe = self.redis.pipeline(transaction=False)
            for owner in owners[start : start + self.batch]:
                key = home_key(owner)
                pipe.zadd(key, entries)
                pipe.zremrangebyrank(key, 0, -(self.cap + 1))
            await pipe.execute()
        return len(owners)

    async def fan_out_post(self, post: PostSummary) -> int:
        """Store the post's summary and put it in its author's and every follower's home feed.

        A follow processed at the same time cannot miss the post: this writes the timeline
        before reading the followers, and `add_follower` writes the followers before reading
        the timeline, so whichever read runs second sees the other's write.
        """
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(
            post_key(post.post_id),
            mapping={
                "author_id": post.author_id,
                "text": post.text,
                "created_at_ms": post.created_at_ms,
                "audience": post.audience,
            },
        )
        pipe.zadd(timeline_key(post.author_id), {post.post_id: post.created_at_ms})
        pipe.zremrangebyrank(timeline_key(post.author_id), 0, -(self.cap + 1))
        pipe.smembers(followers_key(post.author_id))
        *_, followers = await pipe.execute()
        owners = {f.decode() if isinstance(f, bytes) else f for f in followers}
        owners.add(post.author_id)  # one entry in the author's own feed, never two
        return await self._add_to_feeds(owners, {post.post_id: post.created_at_ms})

    async def delete_post(self, post_id: str, author_id: str) -> None:
        """Tombstone the summary (every feed skips it, and a redelivered publish cannot revive
        it) and take the post off its author's timeline."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(post_key(post_id), "deleted", 1)
        pipe.zrem(timeline_key(author_id), post_id)
        await pipe.execute()

    async def add_follower(self, followee_id: str, follower_id: str) -> None:
        """Record the follow and backfill the followee's recent posts into the follower's feed."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.sadd(followers_key(followee_id), follower_id)
        pipe.zrange(timeline_key(followee_id), 0, self.backfill - 1, desc=True, withscores=True)
        _, recent = await pipe.execute()
        if recent:
            await self._add_to_feeds([follower_id], {m: int(s) for m, s in recent})

    async def remove_follower(self, followee_id: str, follower_id: str) -> None:
        """Forget the follow and take the followee's posts out of the follower's feed."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.srem(followers_key(followee_id), follower_id)
        pipe.zrange(timeline_key(followee_id), 0, -1)
        _, posts = await pipe.execute()
        if posts:
            await self.redis.zrem(home_key(follower_id), *posts)

    # --- reads (the feed API) -----------------------------------------------------------

    async def home_page(self, user_id: str, size: int, cursor: Cursor | None) -> tuple[list[FeedEntry], Cursor | None]:
        key = home_key(user_id)
        top = "+inf" if cursor is None else cursor.score
        # Ties on the score are ordered by member (descending, as ZRANGE REV does); skip those
        # at or before the cursor. Fetch one extra to know whether another page exists.
        raw = await self.redis.zrevrangebyscore(key, top, "-inf", start=0, num=size + 1 + 64, withscores=True)
        page: list[tuple[str, int]] = []
        for member, score in raw:
            member = member.decode() if isinstance(member, bytes) else member
            score = int(score)
            if cursor is not None and score == cursor.score and member >= cursor.member:
                continue
            page.append((member, score))
            if len(page) == size + 1:
                break
        more = len(page) > size
        page = page[:size]
        entries = await self._hydrate([m for m, _ in page])
        next_cursor = Cursor(page[-1][1], page[-1][0]) if more and page else None
        return entries, next_cursor

    async def _hydrate(self, post_ids: list[str]) -> list[FeedEntry]:
        if not post_ids:
            return []
        pipe = self.redis.pipeline(transaction=False)
        for post_id in post_ids:
            pipe.hgetall(post_key(post_id))
        posts = []
        for post_id, fields in zip(post_ids, await pipe.execute(), strict=True):
            if not fields or b"deleted" in fields:
                continue  # the summary is gone or tombstoned (deleted): never show a ghost
            f = {k.decode(): v.decode() for k, v in fields.items()}
            posts.append(PostSummary(post_id, f["author_id"], f["text"], int(f["created_at_ms"]), f.get("audience", "public")))
        authors = sorted({p.author_id for p in posts})
        pipe = self.redis.pipeline(transaction=False)
        for author_id in authors:
            pipe.hgetall(user_key(author_id))
        by_id = {}
        for author_id, fields in zip(authors, await pipe.execute(), strict=True):
            if fields:
                f = {k.decode(): v.decode() for k, v in fields.items()}
                by_id[author_id] = AuthorSummary(author_id, f.get("handle", ""), f.get("display_name", ""))
        return [FeedEntry(p, by_id.get(p.author_id)) for p in posts]
