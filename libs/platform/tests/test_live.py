"""kith_platform.live against the real Redis, standalone and Cluster (marked integration): once per
key, chained entries, retention by count and age, wake-ups and ephemeral items on the person's
(sharded) channel, coalescing, erasure."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from kith.live.v1 import live_pb2
from kith_platform import live
from kith_platform.redis_client import is_cluster
from kith_platform.testing import REDIS_TARGETS, redis_for_test

pytestmark = pytest.mark.integration


@pytest.fixture(params=REDIS_TARGETS)
async def redis(request):
    client = await redis_for_test(request.param)
    yield client
    await client.aclose()


def hint(label: str) -> bytes:
    return live.item(home_feed=live_pb2.HomeFeedHint(post_id=label))


def person() -> str:
    return str(uuid.uuid4())


async def entries(redis, user: str) -> list[tuple[str, str, str]]:
    rows = await redis.xrange(live.stream_key(user))
    return [(i.decode(), f[b"p"].decode(), live_pb2.LiveItem.FromString(f[b"i"]).home_feed.post_id) for i, f in rows]


async def test_an_item_is_appended_once_per_key_and_person(redis):
    ana, bo = person(), person()
    first = await live.append(redis, [ana, bo, ana], "event-1", hint("p1"))
    assert set(first) == {ana, bo} and all(first.values())
    again = await live.append(redis, [ana, bo], "event-1", hint("p1"))  # a redelivered event
    assert again == {ana: None, bo: None}
    assert [label for _, _, label in await entries(redis, ana)] == ["p1"]


async def test_entries_are_chained_by_the_id_before_them(redis):
    ana = person()
    cursors = [(await live.append(redis, [ana], f"k{i}", hint(str(i))))[ana] for i in range(3)]
    assert await entries(redis, ana) == [
        (cursors[0], "0-0", "0"),
        (cursors[1], cursors[0], "1"),
        (cursors[2], cursors[1], "2"),
    ]


async def test_the_log_keeps_about_max_items(redis):
    ana = person()
    retention = live.Retention(max_items=5, max_age_seconds=3600)
    for i in range(400):
        await live.append(redis, [ana], f"k{i}", hint(str(i)), retention)
    kept = await entries(redis, ana)
    assert 5 <= len(kept) < 400  # trimmed by whole stream nodes (MAXLEN ~)
    assert kept[-1][2] == "399"
    assert await redis.zcard(live.keys_key(ana)) == 5


async def test_the_log_and_its_keys_expire_with_the_age_limit(redis):
    ana = person()
    await live.append(redis, [ana], "k", hint("x"), live.Retention(max_items=10, max_age_seconds=60))
    assert 0 < await redis.pttl(live.stream_key(ana)) <= 60_000
    assert 0 < await redis.pttl(live.keys_key(ana)) <= 60_000


async def test_an_append_wakes_the_persons_channel_and_ephemeral_items_go_there_only(redis):
    ana, bo = person(), person()
    if is_cluster(redis):
        await redis.initialize()  # the slot map, for routing SSUBSCRIBE
    pubsub = redis.pubsub()
    subscribe = pubsub.ssubscribe if is_cluster(redis) else pubsub.subscribe
    receive = pubsub.get_sharded_message if is_cluster(redis) else pubsub.get_message
    try:
        await subscribe(live.channel(ana))
        await live.append(redis, [ana], "k", hint("x"))
        await live.append(redis, [bo], "k", hint("not for ana"))
        await live.ephemeral(redis, [ana, bo], live.item(typing=live_pb2.Typing(conversation_id="c", typing=True)))
        got = []
        for _ in range(20):
            message = await receive(timeout=0.1)
            if message and message["type"] in ("message", "smessage"):
                got.append(message["data"])
            if len(got) == 2:
                break
        assert got[0] == live.WAKE
        assert got[1][:1] == live.EPHEMERAL
        assert live_pb2.LiveItem.FromString(got[1][1:]).typing.conversation_id == "c"
        assert await entries(redis, ana) and len(await entries(redis, ana)) == 1  # never stored
    finally:
        await pubsub.aclose()


async def test_due_lets_one_item_through_per_window(redis):
    ana, bo = person(), person()
    assert sorted(await live.due(redis, [ana, bo], "home_feed", 0.3)) == sorted([ana, bo])
    assert await live.due(redis, [ana, bo], "home_feed", 0.3) == []
    await asyncio.sleep(0.4)
    assert await live.due(redis, [ana], "home_feed", 0.3) == [ana]


async def test_erase_takes_the_person_out_of_every_log(redis):
    ana, bo = person(), person()
    await live.append(redis, [ana], "k1", hint("ana's"))
    await live.due(redis, [ana], "home_feed", 60)
    await live.append(redis, [bo], "k1", live.item(notification=live_pb2.NotificationItem(actor_id=ana)), names=[ana])
    await live.append(redis, [bo], "k2", hint("kept"))
    assert await live.erase(redis, ana) == 1
    for key in (live.stream_key(ana), live.keys_key(ana), live.coalesce_key(ana, "home_feed"), live.named_in_key(ana)):
        assert not await redis.exists(key)
    assert [label for _, _, label in await entries(redis, bo)] == ["kept"]
    assert await live.erase(redis, ana) == 0  # repeatable


async def test_an_append_works_when_the_server_has_forgotten_the_script(redis):
    ana, bo = person(), person()
    await live.append(redis, [ana], "k1", hint("before"))
    await redis.script_flush()  # as after a restart
    cursors = await live.append(redis, [ana, bo], "k2", hint("after"), names=[bo])
    assert all(cursors.values())
    assert [label for _, _, label in await entries(redis, ana)] == ["before", "after"]
    assert await redis.sismember(live.named_in_key(bo), ana)
    assert await live.append(redis, [ana], "k2", hint("after")) == {ana: None}  # still once per key


async def test_a_block_drops_the_items_each_side_holds_naming_the_other(redis):
    ana, bo, cy = person(), person(), person()
    await live.append(redis, [ana], "k1", live.item(notification=live_pb2.NotificationItem(actor_id=bo)), names=[bo])
    await live.append(redis, [ana], "k2", live.item(notification=live_pb2.NotificationItem(actor_id=cy)), names=[cy])
    await live.append(redis, [bo], "k3", live.item(notification=live_pb2.NotificationItem(actor_id=ana)), names=[ana])
    await live.append(redis, [bo], "k4", hint("bo's own"))
    assert await live.forget_between(redis, ana, bo) == 2
    assert len(await entries(redis, ana)) == 1  # cy's item stays
    assert [label for _, _, label in await entries(redis, bo)] == ["bo's own"]
    assert not await redis.sismember(live.named_in_key(bo), ana)
    assert await live.forget_between(redis, ana, bo) == 0  # repeatable


async def test_a_deactivation_drops_every_item_naming_the_person_and_keeps_their_log(redis):
    ana, bo, cy = person(), person(), person()
    await live.append(
        redis, [bo, cy], "k1", live.item(notification=live_pb2.NotificationItem(actor_id=ana)), names=[ana]
    )
    await live.append(redis, [bo], "k2", hint("kept"))
    await live.append(redis, [ana], "k3", hint("ana's own"))
    assert await live.forget_person(redis, ana) == 2
    assert [label for _, _, label in await entries(redis, bo)] == ["kept"]
    assert await entries(redis, cy) == []
    assert [label for _, _, label in await entries(redis, ana)] == ["ana's own"]
    assert await live.forget_person(redis, ana) == 0


async def test_presence_is_online_while_an_edge_holds_a_stream_then_last_seen(redis):
    ana, bo = person(), person()
    assert await live.presence(redis, [ana]) == {ana: (False, None)}
    await live.mark_online(redis, "edge-1", [ana], ttl_seconds=30)
    await live.mark_online(redis, "edge-2", [ana], ttl_seconds=30)
    await live.mark_offline(redis, "edge-1", ana)
    online, seen = (await live.presence(redis, [ana]))[ana]
    assert online and seen  # edge-2 still holds one
    await live.mark_offline(redis, "edge-2", ana)
    assert (await live.presence(redis, [ana]))[ana][0] is False
    await live.mark_online(redis, "edge-3", [bo], ttl_seconds=0.2)  # an edge that died
    await asyncio.sleep(0.3)
    assert (await live.presence(redis, [bo]))[bo] == (False, None)
