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

import redis.asyncio as aioredis

from kith_feed.adapters.keys import _s, interests_key
from kith_feed.domain.health import DAY_MS, NEGATIVE, POSITIVE, Cohort, Day, day_of, week_of
from kith_feed.domain.recognition import Standing
from kith_platform.consumer import IdempotentRedisScript

KEEP_SECONDS = 100 * 86_400
DIRTY_KEY = "feed:m:dirty"  # communities with activity since their last health snapshot


def prefix(community_id: str) -> str:
    return f"feed:m:{{{community_id}}}:"


# A: prefix, day, week, actor, ttl, kind, post id, created (ms), depth, sentiment (or ""), at (ms)
_APPLY = """
local p, day, week, actor, ttl, kind = A[1], A[2], A[3], A[4], tonumber(A[5]), A[6]
local d = p .. 'd:' .. day
local function touch(key) redis.call('EXPIRE', key, ttl) end
if actor ~= '' and kind ~= 'join' then
  redis.call('PFADD', p .. 'active:' .. day, actor); touch(p .. 'active:' .. day)
  redis.call('SADD', p .. 'wactive:' .. week, actor); touch(p .. 'wactive:' .. week)
end
if kind == 'post' then
  redis.call('HINCRBY', d, 'posts', 1)
  redis.call('HSET', p .. 'posts', A[7], A[8])
elseif kind == 'comment' then
  redis.call('HINCRBY', d, 'comments', 1)
  redis.call('HINCRBY', d, 'depth_sum', tonumber(A[9]))
  local created = redis.call('HGET', p .. 'posts', A[7])
  if created and redis.call('SADD', p .. 'replied', A[7]) == 1 then
    local post_day = p .. 'd:' .. math.floor(tonumber(created) / 86400000)
    redis.call('HINCRBY', post_day, 'replied_posts', 1); touch(post_day)
    local wait = math.max(0, (tonumber(A[11]) - tonumber(created)) / 1000)
    redis.call('RPUSH', p .. 'first:' .. day, wait); touch(p .. 'first:' .. day)
  end
elseif kind == 'reaction' then
  redis.call('HINCRBY', d, 'reactions', 1)
elseif kind == 'join' then
  redis.call('HINCRBY', d, 'new_members', 1)
  redis.call('SADD', p .. 'cohort:' .. week, actor); touch(p .. 'cohort:' .. week)
end
if A[10] ~= '' then
  local s = tonumber(A[10])
  redis.call('HINCRBYFLOAT', d, 'sentiment_sum', s)
  redis.call('HINCRBY', d, 'sentiment_n', 1)
  if s >= tonumber(A[12]) then redis.call('HINCRBY', d, 'positive', 1)
  elseif s <= tonumber(A[13]) then redis.call('HINCRBY', d, 'negative', 1)
  else redis.call('HINCRBY', d, 'neutral', 1) end
end
touch(d)
return 1
"""


class RedisCommunityMetrics:
    def __init__(self, client: aioredis.Redis) -> None:
        self.redis = client
        self._apply = IdempotentRedisScript(client, "community-metrics", _APPLY, ttl_seconds=KEEP_SECONDS)

    async def record(self, event_id: str, community_id: str, kind: str, actor: str, at_ms: int, *,
                     post_id: str = "", created_ms: int = 0, depth: int = 0, sentiment: float | None = None) -> bool:
        args = [prefix(community_id), day_of(at_ms), week_of(at_ms), actor, KEEP_SECONDS, kind, post_id, created_ms,
                depth, "" if sentiment is None else repr(sentiment), at_ms, POSITIVE, NEGATIVE]
        applied = bool(await self._apply(event_id, [], args, hash_tag=community_id))
        if applied:
            await self.mark_dirty(community_id)
        return applied

    async def mark_dirty(self, community_id: str) -> None:
        await self.redis.sadd(DIRTY_KEY, community_id)

    async def take_dirty(self, limit: int) -> list[str]:
        return [_s(c) for c in await self.redis.spop(DIRTY_KEY, limit) or []]

    async def days(self, community_id: str, first_day: int, last_day: int) -> list[Day]:
        p = prefix(community_id)
        span = list(range(first_day, last_day + 1))
        pipe = self.redis.pipeline(transaction=False)
        for day in span:
            pipe.hgetall(f"{p}d:{day}")
            pipe.pfcount(f"{p}active:{day}")
            pipe.lrange(f"{p}first:{day}", 0, -1)
        replies = await pipe.execute()
        out = []
        for i, day in enumerate(span):
            fields, active, first = replies[3 * i : 3 * i + 3]
            f = {_s(k): _s(v) for k, v in fields.items()}
            n = lambda k: int(float(f.get(k, 0)))  # noqa: E731
            out.append(Day(day, active, n("new_members"), n("posts"), n("comments"), n("reactions"), n("depth_sum"),
                           n("replied_posts"), tuple(float(_s(x)) for x in first),
                           float(f.get("sentiment_sum", 0.0)), n("sentiment_n"), n("positive"), n("neutral"),
                           n("negative")))
        return out

    async def active_over(self, community_id: str, last_day: int, days: int) -> int:
        p = prefix(community_id)
        return await self.redis.pfcount(*[f"{p}active:{d}" for d in range(last_day - days + 1, last_day + 1)])

    async def cohorts(self, community_id: str, this_week: int, weeks: int = 8) -> list[Cohort]:
        p = prefix(community_id)
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


__all__ = ["RedisCommunityMetrics", "DAY_MS"]


# A: prefix, day, then up to two credits (user, points, counter field) and an optional
# first-time mark (set suffix, member, user to credit, counter field).
_CREDIT = """
local p, day = A[1], A[2]
local ttl = tonumber(A[3])
local function credit(user, points, field)
  if user == '' then return end
  local pts = tonumber(points)
  if pts ~= 0 then
    redis.call('ZINCRBY', p .. 'score:' .. day, pts, user)
    redis.call('EXPIRE', p .. 'score:' .. day, ttl)
    redis.call('ZINCRBY', p .. 'score:all', pts, user)
  end
  if field ~= '' then redis.call('HINCRBY', p .. 'mc:' .. user, field, 1) end
end
credit(A[4], A[5], A[6])
credit(A[7], A[8], A[9])
if A[10] ~= '' and redis.call('SADD', p .. A[10], A[11]) == 1 then
  redis.call('HINCRBY', p .. 'mc:' .. A[12], A[13], 1)
end
return 1
"""


# K: trust hash, change-count hash. A: member, the change count read with the level, new level.
_KEEP_TRUST = """
local changes = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if changes ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], changes + 1)
return 1
"""
# K: the watch zset. A: now (ms), next look (ms), limit.
_TAKE_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
return due
"""
TRUST_WATCH_KEY = "feed:trust-watch"  # "community|member" -> when to look at their level again (ms)


class RedisRecognition:
    def __init__(self, client: aioredis.Redis) -> None:
        self.redis = client
        self._credit = IdempotentRedisScript(client, "recognition", _CREDIT, ttl_seconds=KEEP_SECONDS)
        self._keep_trust = client.register_script(_KEEP_TRUST)
        self._take_due = client.register_script(_TAKE_DUE)

    async def credit(self, event_id: str, community_id: str, at_ms: int, *,
                     actor: tuple[str, float, str] = ("", 0.0, ""), other: tuple[str, float, str] = ("", 0.0, ""),
                     mark: tuple[str, str, str, str] = ("", "", "", "")) -> None:
        args = [prefix(community_id), day_of(at_ms), KEEP_SECONDS, *actor, *other, *mark]
        await self._credit(event_id, [], args, hash_tag=community_id)

    async def joined(self, community_id: str, user_id: str, at_ms: int) -> None:
        await self.redis.hsetnx(f"{prefix(community_id)}joined", user_id, at_ms)

    async def joined_at(self, community_id: str, user_id: str) -> int | None:
        value = await self.redis.hget(f"{prefix(community_id)}joined", user_id)
        return None if value is None else int(value)

    async def standing(self, community_id: str, user_id: str, today: int) -> Standing:
        """A member's counters, badges, points (7 days, 30 days, all time) and stored trust
        level, in one round trip."""
        p = prefix(community_id)
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
            counters={_s(k): int(v) for k, v in counters.items()}, badges={_s(k): _s(v) for k, v in badges.items()},
            week=float(sum(daily[-7:])), month=float(sum(daily)), ever=float(ever or 0.0), trust=int(trust or 0),
            trust_changes=int(changes or 0))

    async def keep_badge(self, community_id: str, user_id: str, badge: str, event_id: str) -> None:
        await self.redis.hsetnx(f"{prefix(community_id)}badges:{user_id}", badge, event_id)

    async def scores(self, community_id: str, last_day: int, days: int | None) -> list[tuple[str, float]]:
        """Members and points over the last `days` days (None: all time), best first."""
        p = prefix(community_id)
        if days is None:
            raw = await self.redis.zrevrange(f"{p}score:all", 0, -1, withscores=True)
        else:
            keys = [f"{p}score:{d}" for d in range(last_day - days + 1, last_day + 1)]
            raw = await self.redis.zunion(keys, withscores=True)
            raw = sorted(raw, key=lambda ms: (-ms[1], ms[0]))
        return [(_s(m), float(s)) for m, s in raw]

    async def keep_trust(self, community_id: str, user_id: str, changes: int, level: int) -> bool:
        """Store the member's new level as their change number `changes + 1`, unless another
        worker changed it meanwhile (then False: look again)."""
        p = prefix(community_id)
        return bool(await self._keep_trust(keys=[f"{p}trust", f"{p}trust-changes"], args=[user_id, changes, level]))

    async def watch_trust(self, community_id: str, user_id: str, due_ms: int | None) -> None:
        """Look at the member's level again at `due_ms` (points fade without events); None: not
        at all (level 0 cannot fall)."""
        member = f"{community_id}|{user_id}"
        if due_ms is None:
            await self.redis.zrem(TRUST_WATCH_KEY, member)
        else:
            await self.redis.zadd(TRUST_WATCH_KEY, {member: due_ms})

    async def take_due_trust(self, now_ms: int, next_ms: int, limit: int = 500) -> list[tuple[str, str]]:
        """Members due for a look, each pushed to `next_ms` in the same step (whichever worker
        takes them; one that fails on them looks again then)."""
        taken = await self._take_due(keys=[TRUST_WATCH_KEY], args=[now_ms, next_ms, limit])
        return [tuple(_s(m).split("|", 1)) for m in taken]


# K: none. A: prefix, mentee, mentor. Matches once: refuses when the mentee already has a
# mentor (returns that mentor) or the mentor is full or gone.
_MATCH = """
local p, mentee, mentor = ARGV[1], ARGV[2], ARGV[3]
local current = redis.call('HGET', p .. 'mentor-of', mentee)
if current then return {0, current} end
local capacity = redis.call('HGET', p .. 'mentors', mentor)
if not capacity then return {-1, ''} end
if tonumber(redis.call('HGET', p .. 'mentee-count', mentor) or '0') >= tonumber(capacity) then return {-1, ''} end
redis.call('HSET', p .. 'mentor-of', mentee, mentor)
redis.call('HINCRBY', p .. 'mentee-count', mentor, 1)
return {1, mentor}
"""


class RedisMentorship:
    def __init__(self, client: aioredis.Redis) -> None:
        self.redis = client
        self._match = client.register_script(_MATCH)

    async def set_available(self, community_id: str, user_id: str, capacity: int | None) -> None:
        key = f"{prefix(community_id)}mentors"
        if capacity:
            await self.redis.hset(key, user_id, capacity)
        else:
            await self.redis.hdel(key, user_id)

    async def mentors(self, community_id: str) -> dict[str, tuple[int, int]]:
        """Mentor -> (capacity, mentees)."""
        p = prefix(community_id)
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(f"{p}mentors")
        pipe.hgetall(f"{p}mentee-count")
        mentors, counts = await pipe.execute()
        counts = {_s(k): int(v) for k, v in counts.items()}
        return {_s(k): (int(v), counts.get(_s(k), 0)) for k, v in mentors.items()}

    async def mentor_of(self, community_id: str, user_id: str) -> str | None:
        value = await self.redis.hget(f"{prefix(community_id)}mentor-of", user_id)
        return None if value is None else _s(value)

    async def match(self, community_id: str, mentee: str, mentor: str) -> tuple[int, str]:
        outcome, who = await self._match(keys=[], args=[prefix(community_id), mentee, mentor])
        return int(outcome), _s(who)

    async def interests(self, user_id: str) -> set[str]:
        return {_s(t) for t in await self.redis.smembers(interests_key(user_id))}

    async def set_interests(self, user_id: str, topics: list[str]) -> None:
        key = interests_key(user_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(key)
        if topics:
            pipe.sadd(key, *topics)
        await pipe.execute()
