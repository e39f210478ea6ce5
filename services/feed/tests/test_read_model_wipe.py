"""The wipe of the derived read model (adapters/read_model.py) on real Redis servers of the test's
own: a scratch standalone redis-server and a scratch Redis Cluster of three primaries (every
primary is scanned). Owned records, other services' keys and keys of no known family stay,
byte for byte; the readers' read notification groups are saved and restored."""

from __future__ import annotations

import uuid

import pytest

from kith_feed.adapters import keys, notifications
from kith_feed.adapters.outbox import outbox_key
from kith_feed.adapters.read_model import (
    PIPELINE,
    is_derived,
    read_markers_key,
    restore_read_markers,
    wipe_derived,
)
from kith_platform.redis_client import redis_client
from kith_platform.scratch_redis import ScratchRedis


@pytest.fixture(scope="module", params=["standalone", "cluster"])
def scratch(request, tmp_path_factory):
    server = ScratchRedis(
        tmp_path_factory.mktemp(f"redis-{request.param}"), nodes=3 if request.param == "cluster" else 1
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def redis(scratch):
    client = redis_client(scratch.url, cluster=scratch.cluster)
    await client.flushall()  # every primary of the cluster: each test starts from nothing
    yield client
    await client.aclose()


async def _everything(client) -> dict[str, tuple]:
    """Every key with its type and value, as a comparable snapshot."""
    out = {}
    async for raw in client.scan_iter(count=1000):
        name = raw.decode()
        kind = (await client.type(name)).decode()
        if kind == "string":
            value = await client.get(name)
        elif kind == "hash":
            value = sorted((await client.hgetall(name)).items())
        elif kind == "set":
            value = sorted(await client.smembers(name))
        elif kind == "zset":
            value = await client.zrange(name, 0, -1, withscores=True)
        elif kind == "list":
            value = await client.lrange(name, 0, -1)
        else:
            value = None
        out[name] = (kind, value)
    return out


async def _fill(client, u: str, c: str) -> dict[str, list[str]]:
    """Derived keys, owned records, other services' keys and an unknown feed key, as the services
    write them; returns their names by what they are."""
    pipe = client.pipeline(transaction=False)
    derived = []
    for n in range(PIPELINE + 100):  # more than one pipeline of UNLINKs, spread over the nodes
        derived.append(keys.home_key(f"{u}-{n}"))
        pipe.zadd(derived[-1], {f"p{n}": n})
    for name, write in [
        (keys.post_key(f"{u}-post"), lambda p, k: p.hset(k, mapping={"author_id": u, "text": "hi"})),
        (keys.facts_key(u), lambda p, k: p.hset(k, "following:x", "1:1")),
        (keys.POPULAR_KEY, lambda p, k: p.zadd(k, {"p1": 1.5})),
        (f"{keys.community_prefix(c)}d:20000", lambda p, k: p.hset(k, "posts", 3)),
        (f"{keys.community_prefix(c)}score:all", lambda p, k: p.zadd(k, {u: 4})),
        (notifications.group_key(u, "reaction:p1:20000"), lambda p, k: p.hset(k, "kind", "reaction")),
        (notifications.actors_key(u, "reaction:p1:20000"), lambda p, k: p.zadd(k, {"a": 1})),
        (f"dedupe:feed-counts:{{p1}}{u}-ev", lambda p, k: p.set(k, "1", ex=3600)),
        ("feed:m:dirty", lambda p, k: p.sadd(k, c)),
    ]:
        write(pipe, name)
        derived.append(name)
    owned = []
    for name, write in [
        (keys.reading_filters_key(u), lambda p, k: p.hset(k, "content_warnings", "hide")),
        (keys.lists_key(u), lambda p, k: p.hset(k, "l1", '{"title":"close"}')),
        (keys.list_members_key(u, "l1"), lambda p, k: p.zadd(k, {"m": 1})),
        (f"{keys.community_prefix(c)}mentors", lambda p, k: p.hset(k, u, 3)),
        (outbox_key(c), lambda p, k: p.rpush(k, b"\x0a\x01x")),
        (keys.ACTIVITY_KEY, lambda p, k: p.zadd(k, {u: 123})),
        (keys.ERASED_USERS, lambda p, k: p.zadd(k, {"gone": 5})),
        (keys.BIG_AUTHORS, lambda p, k: p.sadd(k, "star")),
        (notifications.prefs_key(u), lambda p, k: p.hset(k, "reaction", "0")),
        (notifications.group_key(u, f"mentor_matched:{c}:m"), lambda p, k: p.hset(k, "kind", "mentor_matched")),
    ]:
        write(pipe, name)
        owned.append(name)
    others = [f"live:{{{u}}}", f"gw:rl:ip:{u}", f"dedupe:other-service:{u}", f"feed:brand-new:{{{u}}}"]
    for name in others:
        pipe.set(name, "keep me")
    # The reader's lists: g-read read, g-unread not, the mentor group kept as it is.
    pipe.zadd(notifications.notif_key(u), {"g-read": 100, "g-unread": 200, f"mentor_matched:{c}:m": 300})
    pipe.zadd(notifications.unread_key(u), {"g-unread": 200, f"mentor_matched:{c}:m": 300})
    await pipe.execute()
    return {"derived": derived, "owned": owned, "others": others}


async def test_the_wipe_takes_the_derived_keys_of_every_primary_and_nothing_else(redis):
    u, c = str(uuid.uuid4()), str(uuid.uuid4())
    names = await _fill(redis, u, c)
    before = await _everything(redis)

    report = await wipe_derived(redis)

    after = await _everything(redis)
    assert [n for n in names["derived"] if n in after] == []
    for name in names["owned"] + names["others"]:
        assert after[name] == before[name], name
    assert [n for n in after if is_derived(n) and not n.startswith(("feed:notif:", "feed:notif-unread:"))] == []
    assert report.keys_wiped == len(names["derived"]) + 2  # and the reader's two worker groups
    assert report.unclassified == [f"feed:brand-new:{{{u}}}"]
    # The notification lists keep the feed API's group, and the read group is saved.
    assert await redis.zrange(notifications.notif_key(u), 0, -1) == [f"mentor_matched:{c}:m".encode()]
    assert await redis.zrange(notifications.unread_key(u), 0, -1) == [f"mentor_matched:{c}:m".encode()]
    assert await redis.hgetall(read_markers_key(u)) == {b"g-read": b"100"}


async def test_a_dry_run_changes_nothing_and_counts_what_a_wipe_would_take(redis):
    u, c = str(uuid.uuid4()), str(uuid.uuid4())
    names = await _fill(redis, u, c)
    before = await _everything(redis)

    report = await wipe_derived(redis, dry_run=True)

    assert await _everything(redis) == before
    assert report.dry_run and report.keys_wiped == len(names["derived"]) + 2 and report.read_markers == 1


async def test_read_groups_are_read_again_after_the_replay_unless_they_moved(redis):
    u, c = str(uuid.uuid4()), str(uuid.uuid4())
    await _fill(redis, u, c)
    await wipe_derived(redis)
    # The replay makes the groups again, every one unread; g-read had no activity since it was
    # read, g-unread stays unread; a third, read before, got newer activity.
    await redis.hset(read_markers_key(u), "g-moved", 150)
    await redis.zadd(notifications.notif_key(u), {"g-read": 100, "g-unread": 200, "g-moved": 180})
    await redis.zadd(notifications.unread_key(u), {"g-read": 100, "g-unread": 200, "g-moved": 180})

    assert await restore_read_markers(redis) == 1

    unread = {m.decode() for m in await redis.zrange(notifications.unread_key(u), 0, -1)}
    assert unread == {"g-unread", "g-moved", f"mentor_matched:{c}:m"}
    assert not await redis.exists(read_markers_key(u))


async def test_a_second_wipe_keeps_the_read_markers_the_first_one_saved(redis):
    u, c = str(uuid.uuid4()), str(uuid.uuid4())
    await _fill(redis, u, c)
    await wipe_derived(redis)
    # A rebuild stopped halfway: the groups made again are all unread; wiping again must not
    # forget what the reader had read.
    await redis.zadd(notifications.notif_key(u), {"g-read": 100})
    await redis.zadd(notifications.unread_key(u), {"g-read": 100})

    await wipe_derived(redis)

    assert await redis.hgetall(read_markers_key(u)) == {b"g-read": b"100"}
