"""The live channel through the gateway: what producers append reaches the person's open streams
(every one of them), a reconnect with the last cursor replays exactly what was missed, a cursor
past retention gets a resync, and streams are limited and authenticated."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import urllib.request
import uuid

import grpc
import pytest

from kith.content.v1 import content_pb2
from kith.live.v1 import live_pb2, live_pb2_grpc
from kith_platform import live
from kith_platform.redis_client import redis_client
from kith_platform.testing import SignedUpUser, wait_until
from tests.integration.endpoints import METRICS_ADDRESSES, REDIS_CLUSTER, REDIS_URL
from tests.integration.live_stream import Stream
from tests.integration.processes import supervised_pid

LIVE_METRICS = f"http://{METRICS_ADDRESSES['live']}/metrics"


@pytest.fixture(scope="module")
async def redis():
    client = redis_client(REDIS_URL, cluster=REDIS_CLUSTER)
    yield client
    await client.aclose()


@pytest.fixture(scope="module")
def stub(gateway_channel) -> live_pb2_grpc.LiveServiceStub:
    return live_pb2_grpc.LiveServiceStub(gateway_channel)


async def append(redis, user: SignedUpUser, label: str) -> str:
    key = f"test:{uuid.uuid4()}"
    cursors = await live.append(redis, [user.user_id], key, live.item(home_feed=live_pb2.HomeFeedHint(post_id=label)))
    return cursors[user.user_id]


def labels(items: list[live_pb2.LiveItem]) -> list[str]:
    return [i.home_feed.post_id for i in items]


async def test_an_appended_item_reaches_the_open_stream_with_its_cursor(api, stub, redis):
    ana = await api.sign_up("live")
    stream = Stream(stub, ana)
    try:
        await stream.ready()
        cursor = await append(redis, ana, "one")
        item = await stream.next()
        assert (item.kind, item.home_feed.post_id, item.cursor) == ("home_feed", "one", cursor)
        assert await stream.rest() == []
    finally:
        stream.close()


async def test_resume_from_replays_exactly_what_was_missed_once_and_in_order(api, stub, redis):
    ana = await api.sign_up("live")
    first = Stream(stub, ana)
    await first.ready()
    await append(redis, ana, "seen")
    seen = await first.next()
    first.close()

    for label in ("m1", "m2", "m3"):
        await append(redis, ana, label)
    again = Stream(stub, ana, resume_from=seen.cursor)
    try:
        assert await again.ready() == seen.cursor
        replayed = [await again.next() for _ in range(3)]
        assert labels(replayed) == ["m1", "m2", "m3"]
        await append(redis, ana, "after")
        rest = await again.rest()
        assert labels(rest) == ["after"]  # nothing twice
        cursors = [i.cursor for i in replayed + rest]
        assert len(set(cursors)) == 4
    finally:
        again.close()


async def test_resuming_from_the_newest_cursor_replays_nothing(api, stub, redis):
    ana = await api.sign_up("live")
    last = await append(redis, ana, "x")
    stream = Stream(stub, ana, resume_from=last)
    try:
        await stream.ready()
        assert await stream.rest() == []
    finally:
        stream.close()


async def test_a_cursor_older_than_what_is_retained_yields_resync_first(api, stub, redis):
    ana = await api.sign_up("live")
    await append(redis, ana, "kept")
    stream = Stream(stub, ana, resume_from="1-0")  # 1970: long past the retention window
    try:
        await stream.ready()
        resync = await stream.next()
        assert resync.kind == "resync" and resync.HasField("resync") and resync.cursor
        await append(redis, ana, "new")
        assert labels(await stream.rest()) == ["new"]  # on from the resync's cursor
    finally:
        stream.close()


async def test_a_broken_chain_after_the_cursor_yields_resync(api, stub, redis):
    """Entries after the client's cursor are gone (trimmed, or lost with Redis): resync."""
    ana = await api.sign_up("live")
    cursor = await append(redis, ana, "a")
    gone = await append(redis, ana, "b")
    await append(redis, ana, "c")
    await redis.xdel(live.stream_key(ana.user_id), gone)  # as a trim or a Redis losing writes would
    stream = Stream(stub, ana, resume_from=cursor)
    try:
        await stream.ready()
        assert [i.kind for i in await stream.rest()] == ["resync"]
    finally:
        stream.close()


async def test_every_stream_of_one_person_gets_every_item(api, stub, redis):
    ana = await api.sign_up("live")
    phone, laptop = Stream(stub, ana), Stream(stub, ana)
    try:
        await phone.ready()
        await laptop.ready()
        for label in ("one", "two"):
            await append(redis, ana, label)
        assert labels([await phone.next(), await phone.next()]) == ["one", "two"]
        assert labels([await laptop.next(), await laptop.next()]) == ["one", "two"]
    finally:
        phone.close()
        laptop.close()


async def test_a_person_never_receives_items_for_others(api, stub, redis):
    ana, bo = await api.sign_up("live"), await api.sign_up("live")
    ana_stream, bo_stream = Stream(stub, ana), Stream(stub, bo)
    try:
        await ana_stream.ready()
        await bo_stream.ready()
        await append(redis, ana, "for ana")
        await live.ephemeral(redis, [ana.user_id], live.item(typing=live_pb2.Typing(user_id=ana.user_id)))
        # (an ephemeral item may overtake a stored one: it needs no read of the log)
        assert sorted(i.kind for i in [await ana_stream.next(), await ana_stream.next()]) == ["home_feed", "typing"]
        await append(redis, bo, "for bo")
        assert labels(await bo_stream.rest()) == ["for bo"]
    finally:
        ana_stream.close()
        bo_stream.close()


async def test_ephemeral_items_are_sent_but_never_replayed(api, stub, redis):
    ana = await api.sign_up("live")
    stream = Stream(stub, ana)
    start = await stream.ready()
    await live.ephemeral(redis, [ana.user_id], live.item(typing=live_pb2.Typing(conversation_id="c", typing=True)))
    typing = await stream.next()
    assert (typing.kind, typing.cursor, typing.typing.typing) == ("typing", "", True)
    stream.close()
    again = Stream(stub, ana, resume_from=start)
    try:
        await again.ready()
        assert await again.rest() == []
    finally:
        again.close()


async def test_more_streams_than_the_limit_is_resource_exhausted(api, stub):
    ana = await api.sign_up("live")
    streams = [Stream(stub, ana) for _ in range(5)]  # the gateway's default per-user limit
    try:
        for stream in streams:
            await stream.ready()
        extra = Stream(stub, ana)
        assert await extra.ended() == grpc.StatusCode.RESOURCE_EXHAUSTED
        streams[0].close()
        await asyncio.sleep(0.3)  # the gateway notices the cancel
        replacement = Stream(stub, ana)
        streams.append(replacement)
        await replacement.ready()
    finally:
        for stream in streams:
            stream.close()


async def test_subscribe_without_a_token_is_unauthenticated(stub):
    assert await Stream(stub, None).ended() == grpc.StatusCode.UNAUTHENTICATED


async def test_a_cursor_that_was_never_given_out_is_invalid_argument(api, stub):
    ana = await api.sign_up("live")
    assert await Stream(stub, ana, resume_from="not a cursor").ended() == grpc.StatusCode.INVALID_ARGUMENT


async def test_a_new_follower_notification_reaches_the_open_stream_with_the_unread_count(api, stub):
    ana, bo = await api.sign_up("live"), await api.sign_up("live")
    stream = Stream(stub, ana)
    try:
        await stream.ready()
        await api.follow(bo, ana)
        item = await stream.next(timeout=15)
        assert item.kind == "notification"
        n = item.notification
        assert (n.notification_kind, n.actor_id, n.unread_count) == ("new_follower", bo.user_id, 1)
        assert await stream.rest() == []  # once
    finally:
        stream.close()


async def test_a_post_reaching_the_home_feed_sends_a_hint(api, stub):
    ana, bo = await api.sign_up("live"), await api.sign_up("live")
    ana_stream = Stream(stub, ana)
    await ana_stream.ready()
    await api.follow(bo, ana)
    # ana's notification says the stream worker has applied the follow (a post fanned out
    # before that would reach bo's feed by the follow's backfill, which sends no hint).
    assert (await ana_stream.next(timeout=15)).kind == "notification"
    ana_stream.close()
    stream = Stream(stub, bo)
    try:
        await stream.ready()
        posted = await api.content.CreatePost(
            content_pb2.CreatePostRequest(text="hello followers", audience=content_pb2.AUDIENCE_PUBLIC),
            metadata=ana.auth,
            timeout=10,
        )
        while True:  # the follow may still be on its way as a notification of ana's: skip it
            item = await stream.next(timeout=15)
            if item.kind == "home_feed":
                break
        assert item.home_feed.post_id == posted.post.post_id
    finally:
        stream.close()


def open_streams_at_the_edge() -> float:
    text = urllib.request.urlopen(LIVE_METRICS, timeout=5).read().decode()
    return float(re.search(r"^kith_live_open_streams (\S+)$", text, re.M).group(1))


async def test_a_client_that_cancels_ends_the_stream_at_the_live_edge_too(api, stub):
    ana = await api.sign_up("live")
    stream = Stream(stub, ana)
    await stream.ready()
    before = await asyncio.to_thread(open_streams_at_the_edge)
    assert before >= 1
    stream.close()

    async def closed() -> bool:
        return await asyncio.to_thread(open_streams_at_the_edge) <= before - 1

    await wait_until(closed, timeout=5, what="the live edge to close the cancelled stream")


async def test_a_killed_live_edge_loses_nothing_for_a_client_that_resumes(api, stub, redis):
    """SIGKILL the edge while items are appended: the client reconnects with its last cursor
    (as an app does on UNAVAILABLE) and ends with every item exactly once, in order."""
    ana = await api.sign_up("live")
    labels_sent = [str(i) for i in range(120)]
    received: list[str] = []
    cursor = ""
    done = asyncio.Event()

    async def client() -> None:
        nonlocal cursor
        while not done.is_set():
            stream = Stream(stub, ana, resume_from=cursor)
            try:
                while len(received) < len(labels_sent):
                    reader_ended = asyncio.ensure_future(stream.reader)
                    got = asyncio.ensure_future(stream.items.get())
                    await asyncio.wait((got, reader_ended), timeout=20, return_when=asyncio.FIRST_COMPLETED)
                    if not got.done():
                        got.cancel()
                        break  # the stream ended (the edge went): reconnect
                    item = got.result()
                    if item.kind == "home_feed":
                        received.append(item.home_feed.post_id)
                    if item.cursor and item.kind != "ready":
                        cursor = item.cursor
                    assert item.kind != "resync"
                else:
                    done.set()
            finally:
                stream.close()
            await asyncio.sleep(0.2)

    reading = asyncio.ensure_future(client())
    await asyncio.sleep(0.5)
    for i, label in enumerate(labels_sent):
        await live.append(
            redis, [ana.user_id], f"kill-test:{label}", live.item(home_feed=live_pb2.HomeFeedHint(post_id=label))
        )
        if i == 40:
            os.kill(supervised_pid("services:live"), signal.SIGKILL)
        await asyncio.sleep(0.01)
    await asyncio.wait_for(reading, 60)
    assert received == labels_sent


async def test_a_person_is_online_while_a_stream_is_open_then_has_a_last_seen_time(api, stub, redis):
    ana = await api.sign_up("live")
    assert (await live.presence(redis, [ana.user_id]))[ana.user_id] == (False, None)
    stream = Stream(stub, ana)
    await stream.ready()
    assert (await live.presence(redis, [ana.user_id]))[ana.user_id][0] is True
    stream.close()

    async def offline() -> bool:
        online, seen = (await live.presence(redis, [ana.user_id]))[ana.user_id]
        return not online and seen is not None

    await wait_until(offline, timeout=5, what="ana offline with a last seen time")
