"""The hub on the real Redis, standalone and Cluster (marked integration): the shared wake-up
subscription (SSUBSCRIBE on a cluster) brings appended items to open streams, ephemeral items
too, and people stay subscribed only while they have a stream open."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from kith.live.v1 import live_pb2
from kith_live.adapters.redis_log import RedisLiveLog
from kith_live.adapters.wakeups import RedisWakeups
from kith_live.service_layer.hub import Hub
from kith_platform import live
from kith_platform.redis_client import is_cluster
from kith_platform.testing import REDIS_TARGETS, redis_for_test

pytestmark = pytest.mark.integration


@pytest.fixture(params=REDIS_TARGETS)
async def edge(request):
    reads, subscriber = await redis_for_test(request.param), await redis_for_test(request.param)
    if is_cluster(reads):
        await reads.initialize()
    hub = Hub(RedisLiveLog(reads), buffer_limit=100)
    wakeups = RedisWakeups(subscriber, hub.wake, hub.ephemeral, hub.wake_all)
    hub.wakeups = wakeups
    reader = asyncio.ensure_future(wakeups.run())
    yield hub, reads
    wakeups.request_stop()
    await asyncio.wait_for(reader, 5)
    await hub.close_all()
    await wakeups.close()
    await subscriber.aclose()
    await reads.aclose()


async def next_items(stream, count: int, timeout: float = 5.0) -> list[live_pb2.LiveItem]:
    found: list[live_pb2.LiveItem] = []
    async with asyncio.timeout(timeout):
        while len(found) < count:
            await stream.buffer.wait()
            found += stream.buffer.take()
    return found


async def test_appended_and_ephemeral_items_reach_the_open_streams(edge):
    hub, redis = edge
    ana, bo = str(uuid.uuid4()), str(uuid.uuid4())
    phone, laptop, other = await hub.open(ana, None), await hub.open(ana, None), await hub.open(bo, None)
    for stream in (phone, laptop, other):
        assert [i.kind for i in stream.buffer.take()] == ["ready"]
    cursors = await live.append(redis, [ana], "k1", live.item(home_feed=live_pb2.HomeFeedHint(post_id="p1")))
    for stream in (phone, laptop):
        (item,) = await next_items(stream, 1)
        assert (item.kind, item.cursor) == ("home_feed", cursors[ana])
    await live.ephemeral(redis, [ana], live.item(typing=live_pb2.Typing(conversation_id="c")))
    assert [i.kind for i in await next_items(phone, 1)] == ["typing"]
    await asyncio.sleep(0.2)
    assert other.buffer.take() == []


async def test_a_person_with_no_stream_left_is_unsubscribed_and_later_resumes(edge):
    hub, redis = edge
    ana = str(uuid.uuid4())
    first = await hub.open(ana, None)
    start = first.buffer.take()[0].cursor
    await hub.close(first)
    assert hub.open_streams == 0
    await live.append(redis, [ana], "while-away", live.item(home_feed=live_pb2.HomeFeedHint(post_id="missed")))
    again = await hub.open(ana, start)
    kinds = [(i.kind, i.home_feed.post_id) for i in await next_items(again, 2)]
    assert kinds == [("ready", ""), ("home_feed", "missed")]
