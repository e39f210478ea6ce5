"""Redis adapter of recognition in a community: points per day and ever, member counters,
badges, trust levels and when to look at a level again. Keys share the community's hash tag
with its metrics (`feed:m:{c}:...`), so the script that credits an event touches one slot.

  feed:m:{c}:score:<day>, score:all   zset  member -> points that day, and ever
  feed:m:{c}:mc:<member>              hash  the member's counters (posts, comments, ...)
  feed:m:{c}:badges:<member>          hash  badge -> the event that earned it
  feed:m:{c}:trust, trust-changes     hash  member -> level, and how many times it changed
  feed:m:{c}:joined                   hash  member -> when they joined (ms)
  feed:trust-watch                    zset  "community|member" -> when to look again (ms)
"""

from __future__ import annotations

from kith_feed.adapters.community_metrics import KEEP_SECONDS
from kith_feed.adapters.keys import _s, community_prefix
from kith_feed.adapters.scripts import lua
from kith_feed.domain.health import day_of
from kith_feed.domain.recognition import Recognition, Standing
from kith_platform.consumer import IdempotentRedisScript
from kith_platform.redis_client import AnyRedis

TRUST_WATCH_KEY = "feed:trust-watch"  # "community|member" -> when to look at their level again (ms)


class RedisRecognition(Recognition):
    def __init__(self, client: AnyRedis) -> None:
        self.redis = client
        self._credit = IdempotentRedisScript(client, "recognition", lua("credit"), ttl_seconds=KEEP_SECONDS)
        self._keep_trust = client.register_script(lua("keep_trust"))
        self._take_due = client.register_script(lua("take_due"))

    async def credit(
        self,
        event_id: str,
        community_id: str,
        at_ms: int,
        *,
        actor: tuple[str, float, str] = ("", 0.0, ""),
        other: tuple[str, float, str] = ("", 0.0, ""),
        mark: tuple[str, str, str, str] = ("", "", "", ""),
    ) -> None:
        p, day = community_prefix(community_id), day_of(at_ms)
        if not mark[2]:  # a mark credits someone (nobody when they were erased)
            mark = ("", "", "", "")
        keys = [
            f"{p}score:{day}",
            f"{p}score:all",
            f"{p}mc:{actor[0]}",
            f"{p}mc:{other[0]}",
            f"{p}{mark[0]}",
            f"{p}mc:{mark[2]}",
        ]
        await self._credit(event_id, keys, [p, day, KEEP_SECONDS, *actor, *other, *mark], hash_tag=community_id)

    async def joined(self, community_id: str, user_id: str, at_ms: int) -> None:
        await self.redis.hsetnx(f"{community_prefix(community_id)}joined", user_id, at_ms)

    async def joined_at(self, community_id: str, user_id: str) -> int | None:
        value = await self.redis.hget(f"{community_prefix(community_id)}joined", user_id)
        return None if value is None else int(value)

    async def standing(self, community_id: str, user_id: str, today: int) -> Standing:
        p = community_prefix(community_id)
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(f"{p}mc:{user_id}")
        pipe.hgetall(f"{p}badges:{user_id}")
        pipe.hget(f"{p}trust", user_id)
        pipe.hget(f"{p}trust-changes", user_id)
        pipe.zscore(f"{p}score:all", user_id)
        for day in range(today - 29, today + 1):
            pipe.zscore(f"{p}score:{day}", user_id)
        counters, badges, trust, changes, ever, *daily = await pipe.execute()
        daily = [d or 0.0 for d in daily]
        return Standing(
            counters={_s(k): int(v) for k, v in counters.items()},
            badges={_s(k): _s(v) for k, v in badges.items()},
            week=float(sum(daily[-7:])),
            month=float(sum(daily)),
            ever=float(ever or 0.0),
            trust=int(trust or 0),
            trust_changes=int(changes or 0),
        )

    async def keep_badge(self, community_id: str, user_id: str, badge: str, event_id: str) -> None:
        await self.redis.hsetnx(f"{community_prefix(community_id)}badges:{user_id}", badge, event_id)

    async def scores(self, community_id: str, last_day: int, days: int | None) -> list[tuple[str, float]]:
        p = community_prefix(community_id)
        if days is None:
            raw = await self.redis.zrevrange(f"{p}score:all", 0, -1, withscores=True)
        else:
            keys = [f"{p}score:{d}" for d in range(last_day - days + 1, last_day + 1)]
            raw = await self.redis.zunion(keys, withscores=True)
            raw = sorted(raw, key=lambda ms: (-ms[1], ms[0]))
        return [(_s(m), float(s)) for m, s in raw]

    async def keep_trust(self, community_id: str, user_id: str, changes: int, level: int) -> bool:
        p = community_prefix(community_id)
        return bool(await self._keep_trust(keys=[f"{p}trust", f"{p}trust-changes"], args=[user_id, changes, level]))

    async def watch_trust(self, community_id: str, user_id: str, due_ms: int | None) -> None:
        member = f"{community_id}|{user_id}"
        if due_ms is None:
            await self.redis.zrem(TRUST_WATCH_KEY, member)
        else:
            await self.redis.zadd(TRUST_WATCH_KEY, {member: due_ms})

    async def take_due_trust(self, now_ms: int, next_ms: int, limit: int = 500) -> list[tuple[str, str]]:
        taken = await self._take_due(keys=[TRUST_WATCH_KEY], args=[now_ms, next_ms, limit])
        return [tuple(_s(m).split("|", 1)) for m in taken]
