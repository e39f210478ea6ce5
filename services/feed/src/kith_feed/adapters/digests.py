"""Redis adapter of the weekly digests (domain.digest, docs/digest.md).

Keys:
  feed:digest:{u}          hash  week -> the start of the week of u's latest digest (ms);
                                 digest -> that digest (JSON: Digest.to_json)
  feed:digest-outbox:{u}   list  u's DigestReady envelopes not yet relayed (RedisOutbox, per person)
  feed:digest-outbox-due   set   people with envelopes waiting
  feed:digest-schedule     zset  person -> when their next digest is due (ms)
  feed:digest-seeded       string  set once the schedule was seeded with the readers the feed knew

A person's digest and outbox share their slot, so keeping the digest and writing its event is one
script (lua/digest_keep.lua) that also refuses a second digest of the same week. Erasure deletes
both with the person's other keys and takes them off the schedule (adapters/erasure.py).
"""

from __future__ import annotations

from kith_feed.adapters.keys import ACTIVITY_KEY, _s, affinity_key
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.scripts import lua
from kith_feed.domain.digest import CLOSE_TIES, Digest, Digests
from kith_platform.redis_client import AnyRedis

DIGEST_SCHEDULE = "feed:digest-schedule"
DIGEST_SEEDED = "feed:digest-seeded"
DIGEST_OUTBOX_DUE = "feed:digest-outbox-due"
SEED_BATCH = 500


def digest_key(u: str) -> str:
    return f"feed:digest:{{{u}}}"


def digest_outbox_key(u: str) -> str:
    return f"feed:digest-outbox:{{{u}}}"


def digest_outbox(client: AnyRedis) -> RedisOutbox:
    """The people's digest outboxes, relayed like the communities' (service_layer/outbox_relay.py)."""
    return RedisOutbox(client, due_key=DIGEST_OUTBOX_DUE, key=digest_outbox_key)


class RedisDigests(Digests):
    """The shared keys are parameters, for tests that must not touch the platform's own."""

    def __init__(
        self,
        client: AnyRedis,
        outbox: RedisOutbox,
        schedule_key: str = DIGEST_SCHEDULE,
        seeded_key: str = DIGEST_SEEDED,
        readers_key: str = ACTIVITY_KEY,
    ) -> None:
        self.redis = client
        self.outbox = outbox
        self.schedule_key, self.seeded_key, self.readers_key = schedule_key, seeded_key, readers_key
        self._keep = client.register_script(lua("digest_keep"))
        self._take_due = client.register_script(lua("take_due"))

    async def close_ties(self, user_id: str, count: int = CLOSE_TIES) -> dict[str, float]:
        raw = await self.redis.zrevrange(affinity_key(user_id), 0, count - 1, withscores=True)
        return {_s(a): float(w) for a, w in raw}

    async def latest(self, user_id: str) -> Digest | None:
        text = await self.redis.hget(digest_key(user_id), "digest")
        return None if text is None else Digest.from_json(user_id, _s(text))

    async def keep(self, digest: Digest, envelope: bytes | None) -> bool:
        u = digest.user_id
        if envelope is not None:
            await self.outbox.mark_due(u)  # before and after: a relay in between finds it next round
        kept = await self._keep(
            keys=[digest_key(u), digest_outbox_key(u)],
            args=[digest.week_start_ms, digest.to_json(), envelope or ""],
        )
        if kept and envelope is not None:
            await self.outbox.mark_due(u)
        return bool(kept)

    async def schedule(self, user_id: str, due_ms: int) -> None:
        await self.redis.zadd(self.schedule_key, {user_id: due_ms}, nx=True)

    async def reschedule(self, user_id: str, due_ms: int) -> None:
        await self.redis.zadd(self.schedule_key, {user_id: due_ms}, xx=True)

    async def take_due(self, now_ms: int, lease_ms: int, limit: int) -> list[str]:
        taken = await self._take_due(keys=[self.schedule_key], args=[now_ms, now_ms + lease_ms, limit])
        return [_s(m) for m in taken]

    async def seed(self, due_ms: int) -> int:
        # Repeatable until it ends (a schedule time already there stays): the mark is set last.
        if await self.redis.exists(self.seeded_key):
            return 0
        seeded, batch = 0, {}
        async for member, _ in self.redis.zscan_iter(self.readers_key, count=SEED_BATCH):
            batch[_s(member)] = due_ms
            if len(batch) == SEED_BATCH:
                seeded += await self.redis.zadd(self.schedule_key, batch, nx=True)
                batch = {}
        if batch:
            seeded += await self.redis.zadd(self.schedule_key, batch, nx=True)
        await self.redis.set(self.seeded_key, str(due_ms))
        return seeded
