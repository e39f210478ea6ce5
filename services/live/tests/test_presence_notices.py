"""Presence notices without servers: the hub tells of a person's first stream opening and last
stream closing on this edge (not of other devices, not of heartbeats), only once recorded; the
gRPC notices coalesce people, send them in batches, and drop a batch messaging cannot take
without ever raising."""

from __future__ import annotations

import grpc

from kith_live.adapters.messaging import GrpcPresenceNotices
from kith_live.service_layer.hub import Hub
from services.live.tests.fakes import FakeLog, FakeNotices, FakePresence, FakeWakeups


def _hub(presence: FakePresence) -> tuple[Hub, FakeNotices]:
    notices = FakeNotices()
    hub = Hub(FakeLog(), presence=presence, notices=notices)
    hub.wakeups = FakeWakeups()
    return hub, notices


async def test_friends_are_told_of_the_first_stream_and_of_the_last_one_closing():
    hub, notices = _hub(FakePresence())
    phone = await hub.open("ana", None)
    assert notices.told == ["ana"]
    laptop = await hub.open("ana", None)  # a second device: nothing new
    await hub.close(phone)
    assert notices.told == ["ana"]
    await hub.close(laptop)  # the last one: offline
    assert notices.told == ["ana", "ana"]


async def test_a_presence_not_recorded_is_not_told_and_the_stream_still_opens():
    hub, notices = _hub(FakePresence(failing=True))
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
