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
from pathlib import Path

from kith_feed.adapters.keys import _s, interests_key
from kith_feed.domain.health import DAY_MS, NEGATIVE, POSITIVE, Cohort, Day, day_of, week_of
from kith_feed.domain.recognition import Standing
from kith_platform.consumer import IdempotentRedisScript
from kith_platform.redis_client import AnyRedis

LUA = Path(__file__).parent / "lua"

KEEP_SECONDS = 100 * 86_400
DIRTY_KEY = "feed:m:dirty"  # communities with activity since their last health snapshot


def prefix(community_id: str) -> str:
    return f"feed:m:{{{community_id}}}:"


class RedisCommunityMetrics:
    def __init__(self, client: AnyRedis) -> None:
        self.redis = client
        self._apply = IdempotentRedisScript(client, "community-metrics", (LUA / "community_metrics.lua").read_text(),
                                            ttl_seconds=KEEP_SECONDS)
        self._count_active = client.register_script((LUA / "count_active.lua").read_text())

    async def record(self, event_id: str, community_id: str, kind: str, actor: str, at_ms: int, *,
                     post_id: str = "", created_ms: int = 0, depth: int = 0, sentiment: float | None = None) -> bool:
        p, day, week = prefix(community_id), day_of(at_ms), week_of(at_ms)
        args = [p, day, week, actor, KEEP_SECONDS, kind, post_id, created_ms,  # community_metrics.lua's ARG
                depth, "" if sentiment is None else repr(sentiment), at_ms, POSITIVE, NEGATIVE]
        while True:
            # A comment counts towards its post's day: the script must be given that day's key.
            post_created = ""
            if kind == "comment":
                post_created = _s(await self.redis.hget(f"{p}posts", post_id) or "")
            post_day = f"{p}d:{int(post_created) // DAY_MS}" if post_created else f"{p}d:{day}"
            keys = [f"{p}d:{day}", f"{p}active:{day}", f"{p}wactive:{week}", f"{p}posts", f"{p}replied",
                    f"{p}first:{day}", f"{p}cohort:{week}", post_day]
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
        p = prefix(community_id)
        span = list(range(first_day, last_day + 1))
        pipe = self.redis.pipeline(transaction=False)
        for day in span:
            pipe.hgetall(f"{p}d:{day}")
            pipe.lrange(f"{p}first:{day}", 0, -1)
        replies, actives = await asyncio.gather(
            pipe.execute(), self._count_active(keys=[f"{p}active:{day}" for day in span]))
        out = []
        for i, day in enumerate(span):
            (fields, first), active = replies[2 * i : 2 * i + 2], actives[i]
            f = {_s(k): _s(v) for k, v in fields.items()}
            def n(k: str, f: dict = f) -> int:
                return int(float(f.get(k, 0)))
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


TRUST_WATCH_KEY = "feed:trust-watch"  # "community|member" -> when to look at their level again (ms)


class RedisRecognition:
    def __init__(self, client: AnyRedis) -> None:
        self.redis = client
        self._credit = IdempotentRedisScript(client, "recognition", (LUA / "credit.lua").read_text(),
                                             ttl_seconds=KEEP_SECONDS)
        self._keep_trust = client.register_script((LUA / "keep_trust.lua").read_text())
        self._take_due = client.register_script((LUA / "take_due.lua").read_text())

    async def credit(self, event_id: str, community_id: str, at_ms: int, *,
                     actor: tuple[str, float, str] = ("", 0.0, ""), other: tuple[str, float, str] = ("", 0.0, ""),
                     mark: tuple[str, str, str, str] = ("", "", "", "")) -> None:
        p, day = prefix(community_id), day_of(at_ms)
        if not mark[2]:  # a mark credits someone (nobody when they were erased)
            mark = ("", "", "", "")
        keys = [f"{p}score:{day}", f"{p}score:all", f"{p}mc:{actor[0]}", f"{p}mc:{other[0]}", f"{p}{mark[0]}",
                f"{p}mc:{mark[2]}"]
        await self._credit(event_id, keys, [p, day, KEEP_SECONDS, *actor, *other, *mark], hash_tag=community_id)

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


# Mentorship changes are announced through an outbox of their community (written by the same
# script as the change) that the stream worker relays to Kafka; OUTBOX_DUE lists the communities
# with events waiting (added before and after each write: a relay taking the community between
# the two finds the event on its next round).
MENTORSHIP_OUTBOX_DUE = "feed:mentorship-outbox-due"

class RedisMentorship:
    def __init__(self, client: AnyRedis, outbox_due_key: str = MENTORSHIP_OUTBOX_DUE) -> None:
        self.redis = client
        self.outbox_due_key = outbox_due_key
        self._match = client.register_script((LUA / "mentor_match.lua").read_text())
        self._set_available = client.register_script((LUA / "mentor_available.lua").read_text())
        self._relayed = client.register_script((LUA / "outbox_relayed.lua").read_text())

    async def availability_changes(self, community_id: str, user_id: str) -> int:
        return int(await self.redis.hget(f"{prefix(community_id)}mentor-changes", user_id) or 0)

    async def set_available(self, community_id: str, user_id: str, capacity: int | None, changes: int,
                            envelope: bytes) -> int:
        """Opt in (with a capacity) or out, announcing it with `envelope` (built for change
        number `changes` + 1). 1: changed; 0: nothing to change; -1: `changes` is stale."""
        p = prefix(community_id)
        await self.redis.sadd(self.outbox_due_key, community_id)
        outcome = int(await self._set_available(keys=[f"{p}mentors", f"{p}mentor-changes", f"{p}outbox"],
                                                args=[user_id, str(capacity) if capacity else "", changes, envelope]))
        if outcome == 1:
            await self.redis.sadd(self.outbox_due_key, community_id)
        return outcome

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

    async def match(self, community_id: str, mentee: str, mentor: str, envelope: bytes) -> tuple[int, str]:
        """1: matched (and `envelope` is in the outbox); 0: the mentee already had the mentor
        returned; -1: the mentor has no room."""
        p = prefix(community_id)
        await self.redis.sadd(self.outbox_due_key, community_id)
        outcome, who = await self._match(keys=[f"{p}mentor-of", f"{p}mentors", f"{p}mentee-count", f"{p}outbox"],
                                         args=[mentee, mentor, envelope])
        if int(outcome) == 1:
            await self.redis.sadd(self.outbox_due_key, community_id)
        return int(outcome), _s(who)

    # --- the outbox, relayed by the stream worker ---------------------------------------------

    async def take_outbox_due(self, limit: int) -> list[str]:
        return [_s(c) for c in await self.redis.spop(self.outbox_due_key, limit) or []]

    async def mark_outbox_due(self, community_id: str) -> None:
        await self.redis.sadd(self.outbox_due_key, community_id)

    async def lock_outbox(self, community_id: str, ttl_ms: int = 30_000) -> bool:
        """One relay per community at a time, so its events go out in the order written."""
        return bool(await self.redis.set(f"{prefix(community_id)}outbox-lock", "1", nx=True, px=ttl_ms))

    async def unlock_outbox(self, community_id: str) -> None:
        await self.redis.delete(f"{prefix(community_id)}outbox-lock")

    async def outbox(self, community_id: str, limit: int) -> list[bytes]:
        return list(await self.redis.lrange(f"{prefix(community_id)}outbox", 0, limit - 1))

    async def relayed(self, community_id: str, envelopes: list[bytes]) -> None:
        if envelopes:
            await self._relayed(keys=[f"{prefix(community_id)}outbox"], args=envelopes)

    async def interests(self, user_id: str) -> set[str]:
        return {_s(t) for t in await self.redis.smembers(interests_key(user_id))}

    async def set_interests(self, user_id: str, topics: list[str]) -> None:
        key = interests_key(user_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(key)
        if topics:
            pipe.sadd(key, *topics)
        await pipe.execute()
