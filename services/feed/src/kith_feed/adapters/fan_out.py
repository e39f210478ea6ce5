"""Fan-out: a run of new posts into the read model and into the home feeds of their audience.

Two paths, one rule. The audience is `domain.model.fan_out_audience` (who gets a post, before
mutes, blocks, inactive readers and big authors are taken out) and the lists a post goes into
are `post_lists`; both paths take them from here.

  Lua        (standalone Redis) lua/fan_out.lua: one script call per 500 posts, one round trip.
  pipelines  (Redis Cluster, where a script may only touch keys of one slot, declared up front,
             and a post's audience is only known once read) four pipelines per run, which the
             cluster client splits by node.

Either way a community post then enters its community's sorts (lua/enter_sorts.lua, one call per
post, in one pipeline on a standalone Redis, after reading the votes and feature a restored post kept).

bench/fanout_paths.py measures both on one standalone Redis (Reed98 follow graph, batches of
100 posts, the same posts through each): the pipelines cost the worker 3.5 times the time per
post of the script (0.59 against 0.17 ms) for about the same Redis CPU (0.13 and 0.14 ms), so a
standalone Redis keeps the script. One script per node on a cluster (Redis 7's
allow-cross-slot-keys flag) would need each node's keys declared up front, so the audience read
first: two round trips again, and more code; not done.
"""

from __future__ import annotations

import asyncio
import time

from kith_feed.adapters.attachments import attachments_json
from kith_feed.adapters.keys import (
    ACTIVITY_KEY,
    BIG_AUTHORS,
    BIG_COMMUNITIES,
    LIST_CAP,
    POPULAR_CAP,
    POPULAR_KEY,
    _s,
    _set,
    blocks_key,
    community_key,
    community_sort_key,
    featured_key,
    followers_key,
    friends_key,
    hashtag_key,
    home_key,
    members_key,
    muted_by_key,
    post_key,
    timeline_key,
)
from kith_feed.adapters.scripts import lua
from kith_feed.domain.model import DAY_MS, PostSummary, fan_out_audience, feature_score, hot_score, sort_scores
from kith_feed.domain.ports import FanOut
from kith_platform.redis_client import AnyRedis, is_cluster

LUA_POSTS_PER_CALL = 500


def post_lists(post: PostSummary) -> list[str]:
    """The lists a post goes into besides home feeds: its author's timeline, its community's,
    and (publicly visible posts only) its hashtags'."""
    lists = [timeline_key(post.author_id)]
    if post.community_id:
        lists.append(community_key(post.community_id))
    if post.publicly_visible:
        lists += [hashtag_key(tag) for tag in post.hashtags]
    return lists


def summary_fields(post: PostSummary) -> dict[str, str | int]:
    """A post's summary hash as the fan-out writes it (counters come later, from events)."""
    return {
        "author_id": post.author_id,
        "text": post.text,
        "created_at_ms": post.created_at_ms,
        "audience": post.audience,
        "community_id": post.community_id,
        "members_only": "1" if post.members_only else "0",
        "hashtags": " ".join(post.hashtags),
        "shared_post_id": post.shared_post_id,
        "content_warning": post.content_warning,
        "media": attachments_json(post.media),
    }


def _lua_post_args(post: PostSummary) -> list:
    """One post's arguments to lua/fan_out.lua, in the order of its POST table."""
    fields = summary_fields(post)
    lists = post_lists(post)
    return [
        post.post_id,
        post.author_id,
        post.created_at_ms,
        fan_out_audience(post),
        post.community_id,
        post_key(post.post_id),
        *(
            fields[name]
            for name in ("text", "audience", "members_only", "hashtags", "shared_post_id", "content_warning", "media")
        ),
        hot_score(post) if post.publicly_visible else "",
        len(lists),
        *lists,
    ]


class RedisFanOut(FanOut):
    def __init__(
        self,
        client: AnyRedis,
        *,
        cap: int = 800,
        batch: int = 1000,
        big_author_followers: int = 10_000,
        big_community_members: int = 10_000,
        inactive_after_ms: int = 30 * DAY_MS,
        in_lua: bool = True,
    ) -> None:
        self.redis = client
        self.cap = cap
        self.batch = batch
        self.big_author_followers = big_author_followers
        self.big_community_members = big_community_members
        self.inactive_after_ms = inactive_after_ms
        self.in_lua = in_lua and not is_cluster(client)  # see the module's docstring
        self._script = client.register_script(lua("fan_out"))
        self._enter_sorts = client.register_script(lua("enter_sorts"))

    async def posts(
        self, posts: list[PostSummary], now_ms: int | None = None, reached: dict[str, str] | None = None
    ) -> int:
        """Each feed gets one ZADD with all its new entries.

        A follow processed at the same time cannot miss a post: this writes the timelines
        before reading the followers, and a follow writes the followers before reading the
        timeline, so whichever read runs second sees the other's write.
        """
        if not posts:
            return 0
        now_ms = now_ms or int(time.time() * 1000)
        if self.in_lua:
            written = await self._in_lua(posts, now_ms, reached)
            await self._sorts(posts)
            return written
        posts = await self._not_deleted(posts)
        if not posts:
            return 0
        await self._store(posts)
        await self._sorts(posts)
        by_owner = await self._homes(posts, now_ms)
        if reached is not None:
            for owner, entries in by_owner.items():
                reached[owner] = max(entries.items(), key=lambda entry: (entry[1], entry[0]))[0]
        return sum(len(entries) for entries in by_owner.values())

    async def _sorts(self, posts: list[PostSummary]) -> None:
        """Community posts into their community's sorts (and featured posts, for a restored one
        that was featured), with the votes their summary holds: none when new, those kept through
        a staff removal when restored."""
        posts = [p for p in posts if p.community_id]
        if not posts:
            return
        pipe = self.redis.pipeline(transaction=False)
        for post in posts:
            pipe.hmget(post_key(post.post_id), ["upvotes", "downvotes", "feature", "featured_at"])
        calls = []
        for post, (ups, downs, feature, featured_at) in zip(posts, await pipe.execute(), strict=True):
            c = post.community_id
            scores = sort_scores(int(ups or 0), int(downs or 0), post.created_at_ms)
            featured = feature_score(_s(feature), int(featured_at or 0)) if feature and _s(feature) else ""
            keys = [community_key(c), *(community_sort_key(c, s) for s in scores), featured_key(c)]
            calls.append((keys, [post.post_id, *scores.values(), featured, LIST_CAP]))
        if is_cluster(self.redis):  # a cluster pipeline runs no scripts: one call per post, together
            await asyncio.gather(*(self._enter_sorts(keys=keys, args=args) for keys, args in calls))
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for keys, args in calls:
                await self._enter_sorts(keys=keys, args=args, client=pipe)
            await pipe.execute()

    async def _in_lua(self, posts: list[PostSummary], now_ms: int, reached: dict[str, str] | None) -> int:
        # `async with`: a pipeline that fails while loading its script (Redis restarting) still
        # gives its connection back to the pool (redis-py only does so on reset()).
        async with self.redis.pipeline(transaction=False) as pipe:
            for start in range(0, len(posts), LUA_POSTS_PER_CALL):
                # fan_out.lua's SETTINGS, in its order.
                args: list = [
                    self.cap,
                    now_ms - self.inactive_after_ms,
                    self.big_author_followers,
                    self.big_community_members,
                    LIST_CAP,
                    POPULAR_KEY,
                    POPULAR_CAP,
                ]
                for post in posts[start : start + LUA_POSTS_PER_CALL]:
                    args += _lua_post_args(post)
                await self._script(keys=[], args=args, client=pipe)
            replies = await pipe.execute()
        if reached is not None:
            for reply in replies:
                reached.update(zip((_s(o) for o in reply[1::2]), (_s(p) for p in reply[2::2]), strict=True))
        return int(sum(reply[0] for reply in replies))

    # --- the pipeline path ---------------------------------------------------------------

    async def _not_deleted(self, posts: list[PostSummary]) -> list[PostSummary]:
        """Never a ghost: a post deleted before its fan-out stays deleted."""
        pipe = self.redis.pipeline(transaction=False)
        for post in posts:
            pipe.hexists(post_key(post.post_id), "deleted")
        gone = await pipe.execute()
        return [p for p, deleted in zip(posts, gone, strict=True) if not deleted]

    async def _store(self, posts: list[PostSummary]) -> None:
        """The summaries, the lists each post goes into (trimmed) and the popular list."""
        pipe = self.redis.pipeline(transaction=False)
        trims: set[str] = set()
        for post in posts:
            pipe.hset(post_key(post.post_id), mapping=summary_fields(post))
            if post.publicly_visible:
                pipe.zadd(POPULAR_KEY, {post.post_id: hot_score(post)})
            for key in post_lists(post):
                pipe.zadd(key, {post.post_id: post.created_at_ms})
                trims.add(key)
        for key in trims:
            pipe.zremrangebyrank(key, 0, -(LIST_CAP + 1))
        if any(p.publicly_visible for p in posts):
            pipe.zremrangebyrank(POPULAR_KEY, 0, -(POPULAR_CAP + 1))
        await pipe.execute()

    async def _homes(self, posts: list[PostSummary], now_ms: int) -> dict[str, dict[str, int]]:
        """Write every home feed the posts reach; returns owner -> {post id: time}."""
        recipients, big_authors, big_communities = await self._audiences(posts)
        active = set(await self._active(sorted(set().union(*recipients)), now_ms))
        by_owner: dict[str, dict[str, int]] = {}
        for post, audience in zip(posts, recipients, strict=True):
            for owner in (audience & active) | {post.author_id}:
                by_owner.setdefault(owner, {})[post.post_id] = post.created_at_ms
        owners = list(by_owner)
        for start in range(0, len(owners), self.batch):
            pipe = self.redis.pipeline(transaction=False)
            for owner in owners[start : start + self.batch]:
                pipe.zadd(home_key(owner), by_owner[owner])
                pipe.zremrangebyrank(home_key(owner), 0, -(self.cap + 1))
            if start == 0:
                if big_authors:
                    pipe.sadd(BIG_AUTHORS, *big_authors)
                if big_communities:
                    pipe.sadd(BIG_COMMUNITIES, *big_communities)
            await pipe.execute()
        return by_owner

    async def _audiences(self, posts: list[PostSummary]) -> tuple[list[set[str]], list[str], list[str]]:
        """Each post's recipients (before inactive readers are taken out), and the authors and
        communities found big (merged at read time, so not fanned out)."""
        authors = sorted({p.author_id for p in posts})
        communities = sorted({p.community_id for p in posts if p.community_id})
        pipe = self.redis.pipeline(transaction=False)
        pipe.smismember(BIG_AUTHORS, authors)
        for author in authors:
            pipe.scard(followers_key(author))
            for key in (followers_key, friends_key, muted_by_key, blocks_key):
                pipe.smembers(key(author))
        for community_id in communities:
            pipe.smembers(members_key(community_id))
        pinned, *replies = await pipe.execute()
        people = {
            a: (replies[5 * i], *(_set(r) for r in replies[5 * i + 1 : 5 * i + 5])) for i, a in enumerate(authors)
        }
        members = {c: _set(replies[5 * len(authors) + i]) for i, c in enumerate(communities)}
        big_authors = [
            a for a, pin in zip(authors, pinned, strict=True) if pin or people[a][0] > self.big_author_followers
        ]
        big_communities = [c for c in communities if len(members[c]) > self.big_community_members]
        recipients: list[set[str]] = []
        for post in posts:
            _, followers, friends, muted_by, blocked = people[post.author_id]
            audience: set[str] = set()
            if post.author_id not in big_authors:
                mode = fan_out_audience(post)
                audience |= (followers | friends) if mode == "followers" else friends if mode == "friends" else set()
            if post.community_id and post.community_id not in big_communities:
                audience |= members[post.community_id]
            audience -= muted_by | blocked
            audience.discard(post.author_id)
            recipients.append(audience)
        return recipients, big_authors, big_communities

    async def _active(self, users: list[str], now_ms: int) -> list[str]:
        """Users whose last read is recent (or unknown); the others are rebuilt on their next read."""
        if not users:
            return []
        seen = await self.redis.zmscore(ACTIVITY_KEY, users)
        limit = now_ms - self.inactive_after_ms
        return [u for u, at in zip(users, seen, strict=True) if at is None or at >= limit]
