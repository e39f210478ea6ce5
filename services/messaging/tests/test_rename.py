"""Renaming a group without servers: admins only, members of groups only, names as CreateGroup's,
and the members' live streams told "renamed" (under a key from the event)."""

from __future__ import annotations

import contextlib
import time
import uuid
from datetime import UTC, datetime

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.live.v1 import live_pb2
from kith.messaging.v1 import events_pb2 as E
from kith_messaging.domain.conversations import Conversation, Kind, State
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.live_delivery import LiveDelivery
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

CID = str(uuid.uuid4())
NOW = datetime.now(UTC)


def _conversation(kind=Kind.GROUP, admin=True, state=State.ACTIVE, name="crew") -> Conversation:
    return Conversation(
        conversation_id=CID,
        kind=kind,
        name=name,
        created_at=NOW,
        last_seq=0,
        last_activity_at=NOW,
        state=state,
        admin=admin,
    )


class FakeTx:
    def __init__(self, repo):
        self.repo = repo

    async def lock(self, caller_id, conversation_id):
        found = self.repo.views.get(caller_id)
        return None if found is None or conversation_id != CID else (found, ("", ""))

    async def rename(self, conversation_id, name, by, at):
        self.repo.renamed.append((conversation_id, name, by))
        return True


class FakeRepo:
    def __init__(self, views):
        self.views = views  # caller -> their view of the conversation (absent: not a member)
        self.renamed = []

    @contextlib.asynccontextmanager
    async def transaction(self):
        yield FakeTx(self)

    async def conversation(self, caller_id, conversation_id):
        view = self.views.get(caller_id)
        return None if view is None else view

    async def live_recipients(self, conversation_id, seq):
        return [("ann", State.ACTIVE), ("bob", State.ACTIVE), ("req", State.REQUEST)]


async def test_an_admin_renames_a_group_with_a_name_cleaned_as_create_groups():
    repo = FakeRepo({"ann": _conversation()})
    await MessagingHandlers(repo, people=None).rename_group("ann", CID, "  new   name ")
    assert repo.renamed == [(CID, "new name", "ann")]


@pytest.mark.parametrize(
    "views, caller, name, error",
    [
        ({"bob": _conversation(admin=False)}, "bob", "x", PermissionDenied),
        ({}, "out", "x", NotFound),  # not a member
        ({"gone": _conversation(state=State.LEFT)}, "gone", "x", NotFound),
        ({"ann": _conversation(kind=Kind.DIRECT)}, "ann", "x", FailedPrecondition),
        ({"ann": _conversation(kind=Kind.ROOM)}, "ann", "x", FailedPrecondition),
        ({"ann": _conversation()}, "ann", "   ", InvalidArgument),
        ({"ann": _conversation()}, "ann", "x" * 101, InvalidArgument),
    ],
)
async def test_who_may_rename_what(views, caller, name, error):
    repo = FakeRepo(views)
    with pytest.raises(error) as refused:
        await MessagingHandlers(repo, people=None).rename_group(caller, CID, name)
    assert repo.renamed == []
    if error is InvalidArgument:
        assert refused.value.field == "name"


class FakeChannel:
    def __init__(self):
        self.appended = []

    async def append(self, user_ids, key, item, names=()):
        self.appended.append((sorted(user_ids), key, live_pb2.LiveItem.FromString(item)))


async def test_the_active_members_are_told_renamed_once():
    channel = FakeChannel()
    delivery = LiveDelivery(FakeRepo({}), channel, lambda m: b"")
    at = Timestamp()
    at.FromMilliseconds(int(time.time() * 1000))
    event = E.ConversationRenamed(conversation_id=CID, renamed_by="ann", renamed_at=at)
    await delivery.apply(event)
    await delivery.apply(event)  # redelivered: the same key (the live log skips it)
    (to, key, item), (_, again, _) = channel.appended
    assert to == ["ann", "bob"] and key == again
    assert (item.conversation_list.conversation_id, item.conversation_list.change) == (CID, "renamed")
