"""SendMessage's client_id as its idempotency key (kith_platform.idempotency), against the
in-memory fakes: a send that lost the client id to a concurrent one returns that one's message;
the same client id with another text or reply is refused, naming the field; a client id the
server chose keeps no fingerprint."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.messages import MessageHandlers
from kith_platform.errors import FailedPrecondition
from services.messaging.tests import fake_store
from services.messaging.tests.fakes import FakeLiveChannel, FakePeople, FakeRepository

ANA, BEN = (str(uuid.uuid4()) for _ in range(2))


@pytest.fixture
def repo() -> FakeRepository:
    return FakeRepository()


@pytest.fixture
def chats(repo) -> MessagingHandlers:
    return MessagingHandlers(repo, FakePeople({"ana": ANA, "ben": BEN}, repo), FakeLiveChannel())


@pytest.fixture
def msgs(repo, chats) -> MessageHandlers:
    return MessageHandlers(repo, chats.people)


def _sent(repo: FakeRepository) -> list[dict]:
    return [fields for name, _, fields in repo.data.events if name == "MessageSent"]


async def test_the_same_client_id_with_another_text_or_reply_is_refused(chats, msgs, repo):
    group = (await chats.create_group(ANA, "crew", [BEN])).conversation_id
    first, _ = await msgs.send(ANA, group, "hello", "", "c1")
    for text, reply_to in (("hello!", ""), ("hello", first.message_id)):
        with pytest.raises(FailedPrecondition, match="^client_id: "):
            await msgs.send(ANA, group, text, reply_to, "c1")
    again, created = await msgs.send(ANA, group, "hello", "", "c1")
    assert not created and again.message_id == first.message_id and len(_sent(repo)) == 1
    # Someone else's c1 is theirs; without a client id every send is a message.
    assert (await msgs.send(BEN, group, "hello!", "", "c1"))[1]
    assert (await msgs.send(ANA, group, "hello", "", ""))[1] and (await msgs.send(ANA, group, "hello", "", ""))[1]
    assert len(_sent(repo)) == 4


async def test_a_client_id_the_server_chose_keeps_no_fingerprint(chats, msgs, repo):
    group = (await chats.create_group(ANA, "crew", [BEN])).conversation_id
    chosen, _ = await msgs.send(ANA, group, "hello", "", "c1")
    unkeyed, _ = await msgs.send(ANA, group, "hello", "", "")
    assert chosen.message_id in repo.data.fingerprints and unkeyed.message_id not in repo.data.fingerprints


async def test_a_send_that_lost_its_client_id_to_a_concurrent_one_returns_that_message(chats, msgs, repo, monkeypatch):
    group = (await chats.create_group(ANA, "crew", [BEN])).conversation_id
    winner, _ = await msgs.send(ANA, group, "hello", "", "c1")
    lock_for_send = fake_store.FakeTx.lock_for_send
    looked = []

    async def before_the_winner_committed(self, caller_id, conversation_id, client_id):
        """The first lock reads messages as of before the winner's commit: it misses its message."""
        locked = await lock_for_send(self, caller_id, conversation_id, client_id)
        looked.append(locked)
        return locked if len(looked) > 1 else replace(locked, existing=None, existing_fingerprint=None)

    monkeypatch.setattr(fake_store.FakeTx, "lock_for_send", before_the_winner_committed)
    loser, created = await msgs.send(ANA, group, "hello", "", "c1")
    assert not created and loser.message_id == winner.message_id and len(looked) == 2
    assert len(_sent(repo)) == 1 and repo.data.conversations[group]["last_seq"] == 1
    with pytest.raises(FailedPrecondition, match="^client_id: "):
        looked.clear()
        await msgs.send(ANA, group, "goodbye", "", "c1")
