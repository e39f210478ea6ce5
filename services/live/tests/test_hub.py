"""The hub with fakes of its ports (no Redis): devices of one person each get every item, a
resume replays what followed the cursor, a broken chain resyncs, people never see each other's
items, the subscription follows the streams, and a subscription or read that fails loses nothing."""

from __future__ import annotations

import pytest

from kith.live.v1 import live_pb2
from kith_live.service_layer.hub import READ_BATCH, Hub
from services.live.tests.fakes import FakeLog, FakePresence, FakeWakeups


def hub_with_fakes(buffer_limit: int = 100, presence: FakePresence | None = None) -> tuple[Hub, FakeLog, FakeWakeups]:
    log, wakeups = FakeLog(), FakeWakeups()
    hub = Hub(log, buffer_limit=buffer_limit, presence=presence)
    hub.wakeups = wakeups
    return hub, log, wakeups


def taken(stream) -> list[tuple[str, str]]:
    return [(i.kind, i.home_feed.post_id or i.cursor) for i in stream.buffer.take()]


async def test_a_new_stream_starts_with_ready_at_the_present():
    hub, log, _ = hub_with_fakes()
    log.append("ana", "old")
    stream = await hub.open("ana", None)
    (ready,) = stream.buffer.take()
    assert (ready.kind, ready.cursor) == ("ready", log.logs["ana"][-1].cursor)


async def test_every_stream_of_a_person_gets_each_item_once():
    hub, log, _ = hub_with_fakes()
    phone, laptop = await hub.open("ana", None), await hub.open("ana", None)
    phone.buffer.take(), laptop.buffer.take()
    log.append("ana", "one")
    await hub._read("ana")
    log.append("ana", "two")
    await hub._read("ana")
    await hub._read("ana")  # a wake-up with nothing new
    assert taken(phone) == taken(laptop) == [("home_feed", "one"), ("home_feed", "two")]


async def test_resume_replays_what_followed_the_cursor():
    hub, log, _ = hub_with_fakes()
    first = log.append("ana", "a")
    log.append("ana", "b")
    log.append("ana", "c")
    stream = await hub.open("ana", first)
    assert taken(stream) == [("ready", first), ("home_feed", "b"), ("home_feed", "c")]


async def test_a_cursor_whose_successor_is_gone_resyncs():
    hub, log, _ = hub_with_fakes()
    first = log.append("ana", "a")
    log.append("ana", "b")
    log.append("ana", "c")
    del log.logs["ana"][1]  # trimmed
    stream = await hub.open("ana", first)
    items = stream.buffer.take()
    assert [i.kind for i in items] == ["ready", "resync"]
    assert items[1].cursor == log.logs["ana"][-1].cursor


async def test_an_expired_cursor_resyncs_at_once():
    hub, log, _ = hub_with_fakes()
    log.append("ana", "a")
    stream = await hub.open("ana", "1-0")
    assert [i.kind for i in stream.buffer.take()] == ["ready", "resync"]


async def test_items_of_one_person_never_reach_another():
    hub, log, _ = hub_with_fakes()
    ana, bo = await hub.open("ana", None), await hub.open("bo", None)
    ana.buffer.take(), bo.buffer.take()
    log.append("ana", "for ana")
    hub.wake("bo")
    await hub._read("bo")
    await hub._read("ana")
    hub.ephemeral("ana", live_pb2.LiveItem(kind="typing").SerializeToString())
    assert bo.buffer.take() == []
    assert [i.kind for i in ana.buffer.take()] == ["home_feed", "typing"]


async def test_the_channel_is_subscribed_while_a_stream_of_the_person_is_open():
    hub, _, wakeups = hub_with_fakes()
    one, two = await hub.open("ana", None), await hub.open("ana", None)
    assert wakeups.subscribed == {"ana"}
    await hub.close(one)
    assert wakeups.subscribed == {"ana"}
    await hub.close(two)
    assert wakeups.subscribed == set() and hub.open_streams == 0


async def test_a_stream_that_falls_behind_is_overflowed():
    hub, log, _ = hub_with_fakes(buffer_limit=3)
    stream = await hub.open("ana", None)
    for i in range(5):
        log.append("ana", str(i))
    await hub._read("ana")
    assert stream.buffer.overflowed


async def test_a_cursor_past_the_newest_entry_resyncs():
    hub, log, _ = hub_with_fakes()
    log.append("ana", "a")
    future = f"{log.clock + 10_000}-0"
    stream = await hub.open("ana", future)
    items = stream.buffer.take()
    assert [i.kind for i in items] == ["ready", "resync"]
    log.append("ana", "b")
    await hub._read("ana")
    assert taken(stream) == [("home_feed", "b")]


async def test_a_person_is_online_from_their_first_stream_to_their_last():
    presence = FakePresence()
    hub, _, _ = hub_with_fakes(presence=presence)
    one, two = await hub.open("ana", None), await hub.open("ana", None)
    await hub.close(one)
    assert presence.changes == [("online", ("ana",))]
    await hub.close(two)
    assert presence.changes == [("online", ("ana",)), ("offline", "ana")]


async def test_a_stream_whose_subscription_fails_is_closed_and_the_next_one_subscribes_again():
    hub, _, wakeups = hub_with_fakes()
    wakeups.failure = ConnectionError("redis is down")
    with pytest.raises(ConnectionError):
        await hub.open("ana", None)
    assert hub.open_streams == 0 and "ana" not in hub.people
    wakeups.failure = None
    stream = await hub.open("ana", None)
    assert wakeups.subscribed == {"ana"} and [i.kind for i in stream.buffer.take()] == ["ready"]


async def test_a_failed_unsubscribe_still_closes_the_stream():
    presence = FakePresence()
    hub, _, wakeups = hub_with_fakes(presence=presence)
    stream = await hub.open("ana", None)
    wakeups.failure = ConnectionError("redis is down")
    await hub.close(stream)
    assert hub.open_streams == 0 and presence.changes[-1] == ("offline", "ana")


async def test_a_failed_read_keeps_the_position_and_the_next_wake_up_delivers_what_was_missed():
    hub, log, _ = hub_with_fakes()
    stream = await hub.open("ana", None)
    stream.buffer.take()
    log.append("ana", "one")
    log.failure = ConnectionError("redis is down")
    await hub._read("ana")
    assert stream.buffer.take() == []
    log.failure = None
    log.append("ana", "two")
    await hub._read("ana")
    assert taken(stream) == [("home_feed", "one"), ("home_feed", "two")]


async def test_a_log_longer_than_one_read_is_delivered_whole_and_in_order():
    hub, log, _ = hub_with_fakes(buffer_limit=3 * READ_BATCH)
    stream = await hub.open("ana", None)
    stream.buffer.take()
    labels = [str(i) for i in range(2 * READ_BATCH + 1)]
    for label in labels:
        log.append("ana", label)
    await hub._read("ana")
    assert [post for _, post in taken(stream)] == labels
