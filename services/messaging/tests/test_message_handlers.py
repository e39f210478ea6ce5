"""Messaging's message handlers without servers, against the in-memory fakes (tests/fakes.py):
sending (checks naming the field, a retried client id making nothing twice, mentions of members
only, where a first direct message lands, replying accepting a request, rooms' writers), pages,
edits, deletes, reactions and search, each within what the caller reads."""

from __future__ import annotations

import uuid

import pytest

from kith_messaging.domain.conversations import TEXT_MAX, State, WhoMayMessage
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.messages import MessageHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.messaging.tests.fakes import FakeLiveChannel, FakePeople, FakeRepository

ANA, BEN, CAT = (str(uuid.uuid4()) for _ in range(3))
COMMUNITY = str(uuid.uuid4())


@pytest.fixture
def repo() -> FakeRepository:
    return FakeRepository()


@pytest.fixture
def chats(repo) -> MessagingHandlers:
    return MessagingHandlers(repo, FakePeople({"ana": ANA, "ben": BEN, "cat": CAT}, repo), FakeLiveChannel())


@pytest.fixture
def msgs(repo, chats) -> MessageHandlers:
    return MessageHandlers(repo, chats.people)


async def _group(chats: MessagingHandlers, *members: str) -> str:
    return (await chats.create_group(ANA, "crew", list(members))).conversation_id


def _sent(repo: FakeRepository) -> list[dict]:
    return [fields for name, _, fields in repo.data.events if name == "MessageSent"]


# --- sending -----------------------------------------------------------------------------------


async def test_a_message_takes_the_next_number_and_is_announced_to_the_recipients(chats, msgs, repo):
    group = await _group(chats, BEN, CAT)
    first, created = await msgs.send(ANA, group, "hello", "", "c1")
    second, _ = await msgs.send(BEN, group, "hi https://example.org", "", "")
    assert created and (first.seq, second.seq) == (1, 2) and second.has_link
    assert sorted(_sent(repo)[0]["recipient_ids"]) == sorted([BEN, CAT]) and _sent(repo)[0]["length"] == 5


async def test_a_retried_send_returns_the_first_message_and_makes_no_second(chats, msgs, repo):
    group = await _group(chats, BEN)
    first, _ = await msgs.send(ANA, group, "hello", "", "c1")
    again, created = await msgs.send(ANA, group, "hello", "", "c1")
    assert not created and again.message_id == first.message_id and len(_sent(repo)) == 1


@pytest.mark.parametrize(
    ("conversation", "text", "reply_to", "field"),
    [
        ("nope", "hi", "", "conversation_id"),
        (None, "   ", "", "text"),
        (None, "x" * (TEXT_MAX + 1), "", "text"),
        (None, "hi", "nope", "reply_to_message_id"),
    ],
)
async def test_a_send_names_the_field_it_refuses(chats, msgs, repo, conversation, text, reply_to, field):
    group = await _group(chats, BEN)
    with pytest.raises(InvalidArgument) as refused:
        await msgs.send(ANA, conversation or group, text, reply_to, "")
    assert refused.value.field == field and _sent(repo) == []


async def test_outsiders_and_replies_elsewhere_are_not_found(chats, msgs):
    group, other = await _group(chats, BEN), await _group(chats, CAT)
    elsewhere, _ = await msgs.send(ANA, other, "elsewhere", "", "")
    with pytest.raises(NotFound):
        await msgs.send(CAT, group, "let me in", "", "")
    with pytest.raises(NotFound) as reply:
        await msgs.send(ANA, group, "re", elsewhere.message_id, "")
    assert reply.value.message.startswith("reply_to_message_id:")


async def test_mentions_are_the_groups_members_but_the_sender(chats, msgs):
    group = await _group(chats, BEN)
    message, _ = await msgs.send(ANA, group, "@ben @cat @ana look", "", "")
    assert message.mention_ids == (BEN,)
    direct, _ = await chats.direct(ANA, CAT)
    assert (await msgs.send(ANA, direct.conversation_id, "@cat", "", ""))[0].mention_ids == ()


async def test_a_first_message_outside_who_may_message_lands_as_a_request_and_a_reply_accepts_it(chats, msgs, repo):
    await chats.update_settings(BEN, WhoMayMessage.FRIENDS, None)
    direct = (await chats.direct(ANA, BEN))[0].conversation_id
    await msgs.send(ANA, direct, "hello?", "", "")
    assert _sent(repo)[-1]["request"] is True and (await chats.get(BEN, direct)).state is State.REQUEST
    await msgs.send(BEN, direct, "hi!", "", "")  # replying accepts
    assert (await chats.get(BEN, direct)).state is State.ACTIVE and _sent(repo)[-1]["request"] is False


async def test_friends_write_directly_to_someone_who_allows_only_friends(chats, msgs, repo):
    await chats.update_settings(BEN, WhoMayMessage.FRIENDS, None)
    await repo.mirror("friend", BEN, ANA, True, repo.now())
    direct = (await chats.direct(ANA, BEN))[0].conversation_id
    await msgs.send(ANA, direct, "hello", "", "")
    assert (await chats.get(BEN, direct)).state is State.ACTIVE


async def test_only_members_not_banned_nor_muted_write_in_a_room(chats, msgs, repo):
    await repo.mirror_community(COMMUNITY, "public", repo.now())
    await repo.mirror_community_member(COMMUNITY, ANA, "owner", True, repo.now())
    room = (await chats.create_room(ANA, COMMUNITY, "lobby")).conversation_id
    await chats.join_room(BEN, room)  # anyone reads a public community's rooms
    with pytest.raises(PermissionDenied):
        await msgs.send(BEN, room, "may I?", "", "")
    await repo.mirror_community_member(COMMUNITY, BEN, "member", True, repo.now())
    await msgs.send(BEN, room, "now I may", "", "")
    await repo.mirror_community_mute(COMMUNITY, BEN, repo.now())
    with pytest.raises(PermissionDenied):
        await msgs.send(BEN, room, "muted", "", "")


# --- reading -------------------------------------------------------------------------------------


async def test_pages_go_backwards_from_the_newest_then_forwards_with_cursors(chats, msgs):
    group = await _group(chats, BEN)
    for n in range(1, 6):
        await msgs.send(ANA, group, f"m{n}", "", "")
    newest, cursor = await msgs.messages(BEN, group, 0, False, 2, "")
    assert [m.text for m in newest] == ["m4", "m5"] and cursor
    older, _ = await msgs.messages(BEN, group, 0, False, 2, cursor)
    assert [m.text for m in older] == ["m2", "m3"]
    forward, _ = await msgs.messages(BEN, group, 2, True, 2, "")
    assert [m.text for m in forward] == ["m2", "m3"]
    for anchor, cursor, field in ((-1, "", "anchor_seq"), (0, "garbage", "cursor")):
        with pytest.raises(InvalidArgument) as refused:
            await msgs.messages(BEN, group, anchor, False, 2, cursor)
        assert refused.value.field == field


async def test_search_finds_only_in_the_callers_conversations(chats, msgs):
    group, other = await _group(chats, BEN), await _group(chats, CAT)
    await msgs.send(ANA, group, "climbing on sunday", "", "")
    await msgs.send(ANA, other, "climbing on monday", "", "")
    found, _ = await msgs.search(BEN, "Climbing", "", 0, "")
    assert [m.text for m in found] == ["climbing on sunday"]
    with pytest.raises(InvalidArgument) as empty:
        await msgs.search(BEN, "   ", "", 0, "")
    assert empty.value.field == "query"
    with pytest.raises(NotFound):
        await msgs.search(BEN, "climbing", other, 0, "")


# --- edits, deletes, reactions -------------------------------------------------------------------------


async def test_only_the_sender_edits_and_the_earlier_text_is_kept(chats, msgs, repo):
    group = await _group(chats, BEN)
    message, _ = await msgs.send(ANA, group, "helo", "", "")
    with pytest.raises(PermissionDenied):
        await msgs.edit(BEN, message.message_id, "hello")
    edited = await msgs.edit(ANA, message.message_id, "hello @ben")
    assert (edited.text, edited.mention_ids) == ("hello @ben", (BEN,)) and edited.edited_at is not None
    assert [text for text, _ in (await msgs.edits(BEN, message.message_id, 0, ""))[0]] == ["helo"]
    assert repo.names()[-1] == "MessageEdited"
    with pytest.raises(NotFound) as unknown:
        await msgs.edit(ANA, str(uuid.uuid4()), "x")
    assert unknown.value.message == "message_id: no such message"


async def test_the_sender_or_a_group_admin_deletes_and_a_deleted_message_is_not_edited(chats, msgs, repo):
    group = await _group(chats, BEN, CAT)
    message, _ = await msgs.send(BEN, group, "oops", "", "")
    with pytest.raises(PermissionDenied):
        await msgs.delete(CAT, message.message_id)
    await msgs.delete(ANA, message.message_id)  # the admin
    assert repo.names()[-1] == "MessageDeleted"
    with pytest.raises(FailedPrecondition):
        await msgs.edit(BEN, message.message_id, "fixed")
    with pytest.raises(FailedPrecondition):
        await msgs.react(ANA, message.message_id, "👍")


async def test_reactions_count_one_per_person_and_a_request_cannot_be_reacted_to(chats, msgs):
    group = await _group(chats, BEN, CAT)
    message, _ = await msgs.send(ANA, group, "news", "", "")
    assert await msgs.react(BEN, message.message_id, "👍") == (True, {"👍": 1})
    assert await msgs.react(BEN, message.message_id, "👍") == (False, {"👍": 1})
    assert await msgs.react(CAT, message.message_id, "🎉") == (True, {"👍": 1, "🎉": 1})
    assert await msgs.react(BEN, message.message_id, None) == (True, {"🎉": 1})
    with pytest.raises(InvalidArgument) as bad:
        await msgs.react(BEN, message.message_id, "two words")
    assert bad.value.field == "emoji"
    await chats.update_settings(BEN, WhoMayMessage.NOBODY, None)
    direct = (await chats.direct(ANA, BEN))[0].conversation_id
    request, _ = await msgs.send(ANA, direct, "hi?", "", "")
    with pytest.raises(FailedPrecondition):
        await msgs.react(BEN, request.message_id, "👍")  # it would tell Ana the request was read
