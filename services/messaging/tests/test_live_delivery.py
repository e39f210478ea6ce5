"""Live delivery without servers: which items reach whom, under which keys (a redelivered event
gets the same keys), requests, read receipts by the one rule, and stale events skipped."""

from __future__ import annotations

import time

from google.protobuf.timestamp_pb2 import Timestamp

from kith.live.v1 import live_pb2
from kith.messaging.v1 import events_pb2 as E
from kith_messaging.domain.conversations import Message, Settings, State
from kith_messaging.service_layer.live_delivery import LiveDelivery

CID, MID = "c1", "m1"


def _ts(seconds_ago: float = 0) -> Timestamp:
    ts = Timestamp()
    ts.FromMilliseconds(int((time.time() - seconds_ago) * 1000))
    return ts


class FakeRepo:
    def __init__(self, members, settings=None):
        self.members = members
        self._settings = settings or {}

    async def live_recipients(self, conversation_id, seq):
        return list(self.members)

    async def message_by_id(self, message_id):
        return Message(message_id=message_id, conversation_id=CID, seq=1, sender_id="ann", text="hi", sent_at=None)

    async def live_batch(self, refs):
        self.batches = getattr(self, "batches", 0) + 1
        return [(list(self.members), await self.message_by_id(m) if m else None) for _, _, m in refs]

    async def message_id_at(self, conversation_id, seq):
        return MID

    async def settings(self, user_ids):
        return {u: self._settings.get(u, Settings()) for u in user_ids}


class FakeChannel:
    def __init__(self):
        self.appended = []

    async def append(self, user_ids, key, item, names=()):
        self.appended.append((sorted(user_ids), key, live_pb2.LiveItem.FromString(item)))


def _delivery(repo):
    channel = FakeChannel()
    return LiveDelivery(repo, channel, lambda m: m.text.encode()), channel


async def test_a_message_goes_to_readers_and_a_request_to_the_requests_with_stable_keys():
    delivery, channel = _delivery(FakeRepo([("ann", State.ACTIVE), ("bob", State.REQUEST)]))
    event = E.MessageSent(conversation_id=CID, message_id=MID, sender_id="ann", seq=1, sent_at=_ts())
    await delivery.apply(event)
    await delivery.apply(event)  # redelivered: the same keys (the live log skips them)
    (to_ann, key, item), (to_bob, key2, listed) = channel.appended[:2]
    assert (to_ann, item.kind, item.conversation.message) == (["ann"], "conversation", b"hi")
    assert (to_bob, listed.kind, listed.conversation_list.change) == (["bob"], "conversation_list", "request")
    assert [k for _, k, _ in channel.appended[2:]] == [key, key2]


async def test_nobody_gets_anything_of_a_closed_conversation_nor_of_a_stale_event():
    delivery, channel = _delivery(FakeRepo([]))  # e.g. a direct conversation across a block
    await delivery.apply(E.MessageSent(conversation_id=CID, message_id=MID, sender_id="ann", seq=1, sent_at=_ts()))
    delivery, stale = _delivery(FakeRepo([("ann", State.ACTIVE)]))
    await delivery.apply(
        E.MessageSent(conversation_id=CID, message_id=MID, sender_id="ann", seq=1, sent_at=_ts(2 * 86_400))
    )
    assert channel.appended == stale.appended == []


async def test_read_receipts_follow_both_settings():
    repo = FakeRepo(
        [("ann", State.ACTIVE), ("bob", State.ACTIVE), ("cat", State.ACTIVE)], {"cat": Settings(read_receipts=False)}
    )
    delivery, channel = _delivery(repo)
    await delivery.apply(
        E.ConversationRead(conversation_id=CID, user_id="bob", seq=1, read_at=_ts(), receipt_visible=True)
    )
    kinds = {(tuple(users), item.kind) for users, _, item in channel.appended}
    assert kinds == {(("bob",), "conversation_list"), (("ann",), "read_receipt")}


async def test_a_batch_reads_once_and_delivers_as_its_events_one_by_one():
    members = [("ann", State.ACTIVE), ("bob", State.REQUEST), ("cat", State.ACTIVE)]
    events = [
        E.MessageSent(conversation_id=CID, message_id=MID, sender_id="ann", seq=1, sent_at=_ts()),
        E.ConversationRead(conversation_id=CID, user_id="cat", seq=1, read_at=_ts(), receipt_visible=True),
        E.MessageEdited(conversation_id=CID, message_id=MID, sender_id="ann", seq=1, edited_at=_ts()),
        E.MessageSent(conversation_id=CID, message_id="old", sender_id="ann", seq=2, sent_at=_ts(2 * 86_400)),
        E.MessageDeleted(conversation_id=CID, message_id=MID, seq=1, deleted_by="ann", deleted_at=_ts()),
    ]
    one_by_one, expected = _delivery(FakeRepo(members))
    for event in events:
        await one_by_one.apply(event)
    repo = FakeRepo(members)
    batched, channel = _delivery(repo)
    await batched.apply_batch(events)
    strip = [(users, key, item.WhichOneof("payload"), item.conversation) for users, key, item in expected.appended]
    assert [(u, k, i.WhichOneof("payload"), i.conversation) for u, k, i in channel.appended] == strip
    assert repo.batches == 1
