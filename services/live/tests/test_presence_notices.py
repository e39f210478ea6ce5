"""Presence notices without servers: the hub tells of a person's first stream opening and last
stream closing on this edge (not of other devices, not of heartbeats), only once recorded; the
gRPC notices coalesce people, send them in batches, and drop a batch messaging cannot take
without ever raising."""

from __future__ import annotations

import grpc

from kith_live.adapters.messaging import GrpcPresenceNotices
from kith_live.domain.cursors import EMPTY
from kith_live.domain.ports import LiveLog, Presence, PresenceNotices, Wakeups
from kith_live.service_layer.hub import Hub


class EmptyLog(LiveLog):
    async def position(self, user_id):
        return EMPTY

    async def read_after(self, user_id, cursor, count):
        return []


class NoWakeups(Wakeups):
    async def subscribe(self, user_id):
        pass

    async def unsubscribe(self, user_id):
        pass


class RecordedPresence(Presence):
    def __init__(self, failing: bool = False) -> None:
        self.failing = failing

    async def online(self, user_ids):
        if self.failing:
            raise ConnectionError("redis is down")

    async def offline(self, user_id):
        if self.failing:
            raise ConnectionError("redis is down")


class Notices(PresenceNotices):
    def __init__(self) -> None:
        self.told: list[str] = []

    def changed(self, user_id):
        self.told.append(user_id)


def _hub(presence: Presence) -> tuple[Hub, Notices]:
    notices = Notices()
    hub = Hub(EmptyLog(), presence=presence, notices=notices)
    hub.wakeups = NoWakeups()
    return hub, notices


async def test_friends_are_told_of_the_first_stream_and_of_the_last_one_closing():
    hub, notices = _hub(RecordedPresence())
    phone = await hub.open("ana", None)
    assert notices.told == ["ana"]
    laptop = await hub.open("ana", None)  # a second device: nothing new
    await hub.close(phone)
    assert notices.told == ["ana"]
    await hub.close(laptop)  # the last one: offline
    assert notices.told == ["ana", "ana"]


async def test_a_presence_not_recorded_is_not_told_and_the_stream_still_opens():
    hub, notices = _hub(RecordedPresence(failing=True))
    stream = await hub.open("ana", None)
    assert [i.kind for i in stream.buffer.take()] == ["ready"]
    await hub.close(stream)
    assert notices.told == []


class FakeStub:
    def __init__(self, fail: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.fail = fail

    async def PresenceChanged(self, request, timeout=None):
        self.batches.append(list(request.user_ids))
        if self.fail:
            raise grpc.aio.AioRpcError(grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(), grpc.aio.Metadata())


def _notices(stub: FakeStub, **kw) -> GrpcPresenceNotices:
    notices = GrpcPresenceNotices(grpc.aio.insecure_channel("127.0.0.1:1"), **kw)
    notices.stub = stub
    return notices


async def test_people_are_coalesced_and_sent_in_batches():
    stub = FakeStub()
    notices = _notices(stub, batch=2)
    for person in ("a", "b", "a", "c"):
        notices.changed(person)
    await notices.flush()
    assert stub.batches == [["a", "b"], ["c"]]
    await notices.flush()  # nothing pending: nothing sent
    assert len(stub.batches) == 2


async def test_a_batch_messaging_cannot_take_is_dropped_and_pending_is_bounded():
    stub = FakeStub(fail=True)
    notices = _notices(stub, max_pending=2)
    for person in ("a", "b", "c"):
        notices.changed(person)
    assert list(notices.pending) == ["a", "b"] and notices.dropped == 1
    await notices.flush()  # never raises
    assert stub.batches == [["a", "b"]] and not notices.pending
