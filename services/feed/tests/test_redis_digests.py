"""The Redis adapter of the weekly digests (adapters/digests.py), on the standalone Redis and on the
Redis Cluster: one digest per person and week however many keep it at once, its event in the
person's outbox in the same step, the schedule, the seeding, and erasure leaving nothing of them."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from kith_feed.adapters.digests import RedisDigests, digest_key, digest_outbox_key
from kith_feed.adapters.keys import affinity_key
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.digest import Digest, DigestItem


@pytest.fixture
async def digests(redis_client):
    # Keys of the test's own where the platform's are shared: the running stream worker relays the
    # outboxes on the platform's due list.
    run = uuid.uuid4().hex
    outbox = RedisOutbox(redis_client, due_key=f"test:digest-outbox-due:{run}", key=digest_outbox_key)
    keys = {"schedule_key": f"test:digest-schedule:{run}", "seeded_key": f"test:digest-seeded:{run}"}
    keys["readers_key"] = f"test:readers:{run}"
    yield RedisDigests(redis_client, outbox, **keys)
    await redis_client.delete(outbox.due_key, *keys.values())


def _digest(user_id: str, week: int, *post_ids: str) -> Digest:
    return Digest(user_id, week, week - 10, week + 5, tuple(DigestItem(p, 1.0, ("r",)) for p in post_ids))


async def test_one_digest_per_person_and_week_with_its_event(digests):
    u = str(uuid.uuid4())
    first, second = _digest(u, 1000, "p1"), _digest(u, 1000, "p2")
    kept = await asyncio.gather(digests.keep(first, b"event-1"), digests.keep(second, b"event-2"))
    assert sorted(kept) == [False, True]
    winner = first if kept[0] else second
    assert await digests.latest(u) == winner
    assert await digests.outbox.waiting(u, 10) == [b"event-1" if kept[0] else b"event-2"]
    assert u in [m.decode() for m in await digests.redis.smembers(digests.outbox.due_key)]

    assert not await digests.keep(_digest(u, 500, "old"), b"late")  # an earlier week: never
    assert await digests.keep(_digest(u, 2000), None)  # an empty one announces nothing
    assert (await digests.latest(u)).week_start_ms == 2000
    assert len(await digests.outbox.waiting(u, 10)) == 1
    await digests.redis.delete(digest_key(u), digest_outbox_key(u))


async def test_close_ties_are_the_strongest_affinities(digests):
    u, a, b = (str(uuid.uuid4()) for _ in range(3))
    await digests.redis.zadd(affinity_key(u), {a: 3.0, b: 7.0})
    assert await digests.close_ties(u, 1) == {b: 7.0}
    assert await digests.close_ties(u) == {b: 7.0, a: 3.0}
    await digests.redis.delete(affinity_key(u))


async def test_the_schedule_leases_and_keeps_who_is_taken_off(digests):
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    await digests.schedule(a, 100)
    await digests.schedule(a, 900)  # a time already there stays
    await digests.schedule(b, 2000)
    assert await digests.take_due(200, 1000, 10) == [a]
    assert await digests.take_due(300, 1000, 10) == []  # leased to 1200
    assert await digests.take_due(1200, 1000, 10) == [a]  # the taker died: due again
    await digests.reschedule(a, 5000)
    await digests.redis.zrem(digests.schedule_key, b)  # erased meanwhile
    await digests.reschedule(b, 5000)
    assert await digests.take_due(4000, 1000, 10) == []
    assert await digests.take_due(5000, 1000, 10) == [a]


async def test_readers_are_seeded_once(digests):
    await digests.redis.zadd(digests.readers_key, {"r1": 1, "r2": 2})
    await digests.schedule("r2", 50)
    assert await digests.seed(100) == 1
    assert await digests.seed(100) == 0
    assert await digests.take_due(100, 10, 10) == ["r2", "r1"]


async def test_erasure_leaves_nothing_of_their_digest(redis_client):
    store = FeedStores.build(redis_client)
    u = str(uuid.uuid4())
    await store.digests.schedule(u, 10**15)
    assert await store.digests.keep(_digest(u, 1000, "p"), None)
    await redis_client.rpush(digest_outbox_key(u), b"an unsent event naming them")  # not marked due
    await store.erasure.forget_everywhere([u])
    assert await store.digests.latest(u) is None
    assert await store.digest_outbox.waiting(u, 10) == []
    assert await redis_client.zscore("feed:digest-schedule", u) is None
    assert not await redis_client.sismember("feed:digest-outbox-due", u)
