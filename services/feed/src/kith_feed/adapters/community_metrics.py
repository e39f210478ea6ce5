"""Redis adapter of community metrics. Every key of a community carries its id as a hash tag
(`feed:m:{c}:...`), so the one script that applies an event touches one slot, and the event-id
check is part of it: counters are exact under redelivery, and days come from the events' own
times, so order does not matter.

  feed:m:{c}:d:<day>          hash  posts, comments, reactions, new_members, depth_sum,
                                    replied_posts, sentiment sum/count/classes
  feed:m:{c}:active:<day>     HyperLogLog of active members that day
  feed:m:{c}:wactive:<week>   set   active members that week (for cohort retention)
  feed:m:{c}:cohort:<week>    set   members who joined that week
  feed:m:{c}:first:<day>      list  seconds from a post to its first comment, by the day answered
  feed:m:{c}:posts            hash  post id -> created (ms), for first replies
  feed:m:{c}:replied          set   posts that got a comment
"""

from __future__ import annotations

import asyncio

from kith_feed.adapters.keys import _s, community_prefix
from kith_feed.adapters.scripts import lua
from kith_feed.domain.health import DAY_MS, NEGATIVE, POSITIVE, Cohort, CommunityMetrics, Day, day_of, week_of
from kith_platform.consumer import IdempotentRedisScript
from kith_platform.redis_client import AnyRedis

KEEP_SECONDS = 100 * 86_400
DIRTY_KEY = "feed:m:dirty"  # communities with activity since their last health snapshot


class RedisCommunityMetrics(CommunityMetrics):
    def __init__(self, client: AnyRedis) -> None:
        self.redis = client
        self._apply = IdempotentRedisScript(
            client, "community-metrics", lua("community_metrics"), ttl_seconds=KEEP_SECONDS
        )
        self._count_active = client.register_script(lua("count_active"))

    async def record(
        self,
        event_id: str,
        community_id: str,
        kind: str,
        actor: str,
        at_ms: int,
        *,
        post_id: str = "",
        created_ms: int = 0,
        depth: int = 0,
        sentiment: float | None = None,
    ) -> bool:
        p, day, week = community_prefix(community_id), day_of(at_ms), week_of(at_ms)
        args = [
            p,
            day,
            week,
            actor,
            KEEP_SECONDS,
            kind,
            post_id,
            created_ms,  # community_metrics.lua's ARG
            depth,
            "" if sentiment is None else repr(sentiment),
            at_ms,
            POSITIVE,
            NEGATIVE,
        ]
        while True:
            # A comment counts towards its post's day: the script must be given that day's key.
            post_created = ""
            if kind == "comment":
                post_created = _s(await self.redis.hget(f"{p}posts", post_id) or "")
            post_day = f"{p}d:{int(post_created) // DAY_MS}" if post_created else f"{p}d:{day}"
            keys = [
                f"{p}d:{day}",
                f"{p}active:{day}",
                f"{p}wactive:{week}",
                f"{p}posts",
                f"{p}replied",
                f"{p}first:{day}",
                f"{p}cohort:{week}",
                post_day,
            ]
            outcome = await self._apply(event_id, keys, [*args, post_created], hash_tag=community_id)
            if outcome != -1:  # -1: the post was recorded between the read and the script
                break
        applied = bool(outcome)
        if applied:
            await self.mark_dirty(community_id)
        return applied

    async def mark_dirty(self, community_id: str) -> None:
        await self.redis.sadd(DIRTY_KEY, community_id)

    async def take_dirty(self, limit: int) -> list[str]:
        return [_s(c) for c in await self.redis.spop(DIRTY_KEY, limit) or []]

    async def days(self, community_id: str, first_day: int, last_day: int) -> list[Day]:
        p = community_prefix(community_id)
        span = list(range(first_day, last_day + 1))
        pipe = self.redis.pipeline(transaction=False)
        for day in span:
            pipe.hgetall(f"{p}d:{day}")
            pipe.lrange(f"{p}first:{day}", 0, -1)
        replies, actives = await asyncio.gather(
            pipe.execute(), self._count_active(keys=[f"{p}active:{day}" for day in span])
        )
        out = []
        for i, day in enumerate(span):
            (fields, first), active = replies[2 * i : 2 * i + 2], actives[i]
            f = {_s(k): _s(v) for k, v in fields.items()}

            def n(k: str, f: dict = f) -> int:
                return int(float(f.get(k, 0)))

            out.append(
                Day(
                    day,
                    active,
                    n("new_members"),
                    n("posts"),
                    n("comments"),
                    n("reactions"),
                    n("depth_sum"),
                    n("replied_posts"),
                    tuple(float(_s(x)) for x in first),
                    float(f.get("sentiment_sum", 0.0)),
                    n("sentiment_n"),
                    n("positive"),
                    n("neutral"),
                    n("negative"),
                )
            )
        return out

    async def active_over(self, community_id: str, last_day: int, days: int) -> int:
        p = community_prefix(community_id)
        return await self.redis.pfcount(*[f"{p}active:{d}" for d in range(last_day - days + 1, last_day + 1)])

    async def cohorts(self, community_id: str, this_week: int, weeks: int = 8) -> list[Cohort]:
        p = community_prefix(community_id)
        out = []
        for week in range(this_week - weeks + 1, this_week + 1):
            size = await self.redis.scard(f"{p}cohort:{week}")
            if not size:
                continue
            pipe = self.redis.pipeline(transaction=False)
            for later in range(week, this_week + 1):
                pipe.sintercard(2, [f"{p}cohort:{week}", f"{p}wactive:{later}"])
            out.append(Cohort(week, size, tuple(await pipe.execute())))
        return out
