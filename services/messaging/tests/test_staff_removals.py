"""Removals of messages by the platform's staff without servers (identity's ContentRemovedByStaff and
ContentRestoredByStaff through the identity consumer, as the mirror push and Kafka apply them): the
message reads as a tombstone everywhere, as DeleteMessage leaves it, its sender named and the staff
member not; a restore of that removal puts back its text and history; redeliveries, other targets,
unknown ids, messages already deleted and erased senders change nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2 as T
from kith.live.v1 import live_pb2
from kith.messaging.v1 import events_pb2 as E
from kith_messaging.domain.conversations import Message, State
from kith_messaging.entrypoints.consumers import identity_consumer
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.live_delivery import LiveDelivery
from kith_messaging.service_layer.messages import MessageHandlers
from services.messaging.tests.fakes import FakeLiveChannel, FakePeople, FakeRepository

ANA, BEN, CAT, STAFF = (str(uuid.uuid4()) for _ in range(4))
AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _ts() -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(AT)
    return ts


def removed(removal_id: str, target_id: str, kind=T.REPORT_TARGET_KIND_MESSAGE):
    return identity_events.ContentRemovedByStaff(
        removal_id=removal_id, target_kind=kind, target_id=target_id, staff_id=STAFF, removed_at=_ts()
    )


def restored(removal_id: str, target_id: str, kind=T.REPORT_TARGET_KIND_MESSAGE):
    return identity_events.ContentRestoredByStaff(
        removal_id=removal_id, target_kind=kind, target_id=target_id, staff_id=STAFF, restored_at=_ts(), how="staff"
    )


@pytest.fixture
def repo() -> FakeRepository:
    return FakeRepository()


@pytest.fixture
def chats(repo) -> MessagingHandlers:
    return MessagingHandlers(repo, FakePeople({"ana": ANA, "ben": BEN, "cat": CAT}, repo), FakeLiveChannel())


@pytest.fixture
def msgs(repo, chats) -> MessageHandlers:
    return MessageHandlers(repo, chats.people)


@pytest.fixture
def apply(chats, msgs):
    return identity_consumer("unused:9092", chats, msgs).apply


async def _sent(chats: MessagingHandlers, msgs: MessageHandlers, text: str = "see http://x.example @cat") -> Message:
    group = (await chats.create_group(ANA, "crew", [BEN, CAT])).conversation_id
    message, _ = await msgs.send(BEN, group, text, "", "")
    return message


def _events(repo: FakeRepository, name: str) -> list[dict]:
    return [fields for n, _, fields in repo.data.events if n == name]


async def test_a_removed_message_reads_as_a_tombstone_everywhere(chats, msgs, repo, apply):
    message = await _sent(chats, msgs)
    await msgs.edit(BEN, message.message_id, "see http://x.example @cat, really")
    await apply([removed(removal := str(uuid.uuid4()), message.message_id)])
    page, _ = await msgs.messages(ANA, message.conversation_id, 0, False, 0, "")
    assert [(m.text, m.deleted, m.mention_ids, m.has_link) for m in page] == [("", True, (), False)]
    assert (await msgs.search(ANA, "really", "", 0, ""))[0] == []
    assert await msgs.edits(ANA, message.message_id, 0, "") == ([], "")  # history kept, not read
    assert (await chats.unread_counts(CAT))[1] == 0
    (deleted,) = _events(repo, "MessageDeleted")
    assert deleted["deleted_by"] == "" and deleted["sender_id"] == BEN and deleted["removal_id"] == removal
    assert sorted(deleted["recipient_ids"]) == sorted([ANA, BEN, CAT])  # the sender's devices too


async def test_a_restore_of_that_removal_puts_the_message_back(chats, msgs, repo, apply):
    message = await _sent(chats, msgs)
    await msgs.edit(BEN, message.message_id, "see http://x.example @cat, really")
    removal = str(uuid.uuid4())
    await apply([removed(removal, message.message_id)])
    await apply([restored(str(uuid.uuid4()), message.message_id)])  # another removal: not this one's
    assert (await msgs.messages(ANA, message.conversation_id, 0, False, 0, ""))[0][0].deleted
    await apply([restored(removal, message.message_id)])
    (back,) = (await msgs.messages(ANA, message.conversation_id, 0, False, 0, ""))[0]
    assert (back.text, back.deleted, back.mention_ids, back.has_link) == (
        "see http://x.example @cat, really",
        False,
        (CAT,),
        True,
    )
    assert [t for t, _ in (await msgs.edits(ANA, message.message_id, 0, ""))[0]] == ["see http://x.example @cat"]
    (event,) = _events(repo, "MessageRestored")
    assert event["removal_id"] == removal and event["sender_id"] == BEN


async def test_redelivered_removals_and_restores_change_nothing(chats, msgs, repo, apply):
    message = await _sent(chats, msgs)
    removal = str(uuid.uuid4())
    await apply([removed(removal, message.message_id), removed(removal, message.message_id)])
    await apply([restored(removal, message.message_id), restored(removal, message.message_id)])
    await apply([removed(removal, message.message_id)])  # Kafka's copy, after the mirror push's restore
    assert not (await msgs.messages(ANA, message.conversation_id, 0, False, 0, ""))[0][0].deleted
    assert len(_events(repo, "MessageDeleted")) == len(_events(repo, "MessageRestored")) == 1


async def test_a_restore_ahead_of_its_removal_keeps_the_removal_from_applying(chats, msgs, repo, apply):
    message = await _sent(chats, msgs)
    removal = str(uuid.uuid4())
    await apply([restored(removal, message.message_id), removed(removal, message.message_id)])
    assert not (await msgs.messages(ANA, message.conversation_id, 0, False, 0, ""))[0][0].deleted
    assert _events(repo, "MessageDeleted") == _events(repo, "MessageRestored") == []


async def test_other_targets_unknown_and_deleted_messages_and_bad_ids_are_ignored(chats, msgs, repo, apply):
    message = await _sent(chats, msgs)
    await apply(
        [
            removed(str(uuid.uuid4()), message.message_id, T.REPORT_TARGET_KIND_POST),
            removed(str(uuid.uuid4()), message.message_id, T.REPORT_TARGET_KIND_COMMUNITY),
            removed(str(uuid.uuid4()), str(uuid.uuid4())),
            removed("not-an-id", message.message_id),
            removed(str(uuid.uuid4()), "not-an-id"),
        ]
    )
    assert _events(repo, "MessageDeleted") == []
    await msgs.delete(BEN, message.message_id)
    removal = str(uuid.uuid4())
    await apply([removed(removal, message.message_id), restored(removal, message.message_id)])
    (deleted,) = _events(repo, "MessageDeleted")  # the sender's own delete, which stays
    assert (deleted["deleted_by"], deleted["sender_id"], deleted["removal_id"]) == (BEN, BEN, "")
    assert (await msgs.messages(ANA, message.conversation_id, 0, False, 0, ""))[0][0].deleted


async def test_an_erased_senders_removed_message_does_not_come_back(chats, msgs, repo, apply):
    message = await _sent(chats, msgs)
    removal = str(uuid.uuid4())
    await apply([removed(removal, message.message_id)])
    await chats.erase_user(BEN, AT)
    await apply([restored(removal, message.message_id)])
    (gone,) = (await msgs.messages(ANA, message.conversation_id, 0, False, 0, ""))[0]
    assert (gone.text, gone.deleted, gone.sender_id) == ("", True, "")
    assert _events(repo, "MessageRestored") == []


class _LiveRepo:
    async def live_recipients(self, conversation_id, seq):
        return [("ann", State.ACTIVE), ("ben", State.ACTIVE)]

    async def message_by_id(self, message_id):
        return Message(message_id=message_id, conversation_id="c1", seq=1, sender_id="ben", text="hi", sent_at=None)


async def test_live_readers_see_a_removal_as_a_delete_and_a_restore_as_an_edit():
    appended = []

    class Channel:
        async def append(self, user_ids, key, item, names=()):
            appended.append((sorted(user_ids), key, live_pb2.LiveItem.FromString(item).conversation, list(names)))

    delivery = LiveDelivery(_LiveRepo(), Channel(), lambda m: m.text.encode())
    now = Timestamp()
    now.GetCurrentTime()
    common = dict(conversation_id="c1", message_id="m1", seq=1, sender_id="ben", removal_id="r1")
    await delivery.apply(E.MessageDeleted(deleted_by="", deleted_at=now, **common))
    await delivery.apply(E.MessageRestored(restored_at=now, **common))
    assert [(users, key, item.kind, item.message, names) for users, key, item, names in appended] == [
        (["ann", "ben"], "message:m1:deleted", live_pb2.CONVERSATION_ITEM_KIND_DELETED, b"", ["ben"]),
        (["ann", "ben"], "message:m1:restored:r1", live_pb2.CONVERSATION_ITEM_KIND_EDITED, b"hi", ["ben"]),
    ]
