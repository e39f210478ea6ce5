"""The hub with fakes of its ports (no Redis): devices of one person each get every item, a
resume replays what followed the cursor, a broken chain resyncs, people never see each other's
items, and the subscription follows the streams."""

from __future__ import annotations

import time

from kith.live.v1 import live_pb2
from kith_live.domain.cursors import EMPTY, Entry
from kith_live.domain.ports import LiveLog, Wakeups
from kith_live.service_layer.hub import Hub


class FakeLog(LiveLog):
    def __init__(self) -> None:
        self.logs: dict[str, list[Entry]] = {}
        self.clock = int(time.time() * 1000)

    def append(self, user_id: str, label: str) -> str:
        log = self.logs.setdefault(user_id, [])
        self.clock += 1
        cursor = f"{self.clock}-0"
        item = live_pb2.LiveItem(kind="home_feed", home_feed=live_pb2.HomeFeedHint(post_id=label))
        log.append(Entry(cursor, log[-1].cursor if log else EMPTY, item.SerializeToString()))
        return cursor

    async def position(self, user_id):
        log = self.logs.get(user_id)
        return log[-1].cursor if log else EMPTY

    async def read_after(self, user_id, cursor, count):
        after = [
            e
            for e in self.logs.get(user_id, [])
            if tuple(map(int, e.cursor.split("-"))) > tuple(map(int, cursor.split("-")))
        ]
        return after[:count]


class FakeWakeups(Wakeups):
    def __init__(self) -> None:
        self.subscribed: set[str] = set()

    async def subscribe(self, user_id):
        self.subscribed.add(user_id)

    async def unsubscribe(self, user_id):
        self.subscribed.discard(user_id)


def hub_with_fakes() -> tuple[Hub, FakeLog, FakeWakeups]:
    log, wakeups = FakeLog(), FakeWakeups()
    hub = Hub(log, buffer_limit=100)
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
    log, wakeups = FakeLog(), FakeWakeups()
    hub = Hub(log, buffer_limit=3)
    hub.wakeups = wakeups
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


class FakePresence:
    def __init__(self) -> None:
        self.changes: list[tuple[str, object]] = []

    async def online(self, user_ids):
        self.changes.append(("online", tuple(user_ids)))

    async def offline(self, user_id):
        self.changes.append(("offline", user_id))


async def test_a_person_is_online_from_their_first_stream_to_their_last():
    log, wakeups, presence = FakeLog(), FakeWakeups(), FakePresence()
    hub = Hub(log, presence=presence)
    hub.wakeups = wakeups
    one, two = await hub.open("ana", None), await hub.open("ana", None)
    await hub.close(one)
    assert presence.changes == [("online", ("ana",))]
    await hub.close(two)
    assert presence.changes == [("online", ("ana",)), ("offline", "ana")]
