"""Messaging's conversation handlers without servers, against the in-memory fakes (tests/fakes.py):
who may open, change, join and read what (NOT_FOUND for what the caller does not read,
PERMISSION_DENIED for what only admins or moderators do, the field named for bad input), what
each change records, and what the mirrors of blocks and deactivations take off at once."""

from __future__ import annotations

import uuid

import pytest

from kith_messaging.domain.conversations import GROUP_MAX, Kind, Settings, State, WhoMayMessage
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.messages import MessageHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.messaging.tests.fakes import FakeLiveChannel, FakePeople, FakeRepository

ANA, BEN, CAT, DAN = (str(uuid.uuid4()) for _ in range(4))
NOBODY = str(uuid.uuid4())  # no account
COMMUNITY = str(uuid.uuid4())


@pytest.fixture
def repo() -> FakeRepository:
    return FakeRepository()


@pytest.fixture
def live() -> FakeLiveChannel:
    return FakeLiveChannel()


@pytest.fixture
def chats(repo, live) -> MessagingHandlers:
    people = FakePeople({"ana": ANA, "ben": BEN, "cat": CAT, "dan": DAN}, repo)
    return MessagingHandlers(repo, people, live)


@pytest.fixture
def messages(repo, chats) -> MessageHandlers:
    return MessageHandlers(repo, chats.people)


async def _group(chats: MessagingHandlers, *members: str) -> str:
    return (await chats.create_group(ANA, "crew", list(members))).conversation_id


# --- direct conversations and groups ---------------------------------------------------------


async def test_a_direct_conversation_is_one_per_pair_and_announced_once(chats, repo):
    first, created = await chats.direct(ANA, BEN)
    again, created_again = await chats.direct(BEN, ANA)
    assert created and not created_again and first.conversation_id == again.conversation_id
    assert (first.kind, first.state) == (Kind.DIRECT, State.ACTIVE)
    assert repo.names() == ["ConversationCreated"]


@pytest.mark.parametrize(("user_id", "error"), [("nope", InvalidArgument), (ANA, InvalidArgument), (NOBODY, NotFound)])
async def test_a_direct_conversation_needs_someone_else_who_exists(chats, user_id, error):
    with pytest.raises(error) as refused:
        await chats.direct(ANA, user_id)
    assert (refused.value.field if error is InvalidArgument else refused.value.message.split(":")[0]) == "user_id"


async def test_someone_in_a_block_or_away_is_answered_as_if_they_did_not_exist(chats, repo):
    await repo.mirror("block", BEN, ANA, True, repo.now())
    await repo.mirror_user(CAT, True, repo.now())
    for other in (BEN, CAT):
        with pytest.raises(NotFound) as refused:
            await chats.direct(ANA, other)
        assert refused.value.message == "user_id: no such user"
    assert repo.names() == []


async def test_a_group_has_its_creator_as_admin_and_is_checked(chats, repo):
    group = await chats.create_group(ANA, "  the   crew ", [BEN, CAT, BEN, ANA])
    assert group.name == "the crew" and group.admin
    assert [m.user_id for m in group.members] == [ANA, BEN, CAT]
    for name, members, field in (
        ("", [BEN], "name"),
        ("x", [BEN] * (GROUP_MAX + 1), "member_ids"),
        ("x", ["no"], "member_ids"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            await chats.create_group(ANA, name, members)
        assert refused.value.field == field
    with pytest.raises(NotFound):
        await chats.create_group(ANA, "x", [NOBODY])


async def test_only_members_read_a_conversation(chats):
    group = await _group(chats, BEN)
    assert (await chats.get(BEN, group)).conversation_id == group
    with pytest.raises(NotFound) as outsider:
        await chats.get(CAT, group)
    assert outsider.value.message == "conversation_id: no such conversation"
    with pytest.raises(InvalidArgument):
        await chats.get(BEN, "nope")


# --- members ------------------------------------------------------------------------------------


async def test_admins_add_members_who_read_from_then_on(chats, messages, repo):
    group = await _group(chats, BEN)
    await messages.send(ANA, group, "before you came", "", "")
    with pytest.raises(PermissionDenied):
        await chats.add_members(BEN, group, [CAT])
    added = await chats.add_members(ANA, group, [CAT, ANA])
    assert CAT in [m.user_id for m in added.members] and repo.names()[-1] == "MembersAdded"
    assert (await messages.messages(CAT, group, 0, False, 0, ""))[0] == []
    with pytest.raises(InvalidArgument) as nobody:
        await chats.add_members(ANA, group, [ANA])
    assert nobody.value.field == "user_ids"


async def test_a_direct_conversation_has_no_members_to_change(chats):
    direct, _ = await chats.direct(ANA, BEN)
    with pytest.raises(FailedPrecondition):
        await chats.add_members(ANA, direct.conversation_id, [CAT])
    with pytest.raises(FailedPrecondition):
        await chats.leave(ANA, direct.conversation_id)


async def test_a_removed_member_reads_nothing_and_is_announced(chats, repo):
    group = await _group(chats, BEN, CAT)
    with pytest.raises(InvalidArgument) as oneself:
        await chats.remove_member(ANA, group, ANA)
    assert oneself.value.field == "user_id"
    await chats.remove_member(ANA, group, BEN)
    assert repo.names()[-1] == "MemberLeft"
    with pytest.raises(NotFound):
        await chats.get(BEN, group)
    with pytest.raises(NotFound) as again:
        await chats.remove_member(ANA, group, BEN)
    assert again.value.message == "user_id: not a member of this group"


async def test_a_group_keeps_an_admin(chats):
    group = await _group(chats, BEN)
    with pytest.raises(FailedPrecondition):
        await chats.set_admin(ANA, group, ANA, False)
    await chats.leave(ANA, group)  # its only admin leaves: the longest-standing member is one
    assert (await chats.get(BEN, group)).admin


# --- rooms ---------------------------------------------------------------------------------------


async def _community(repo: FakeRepository, visibility: str, **roles: str) -> None:
    await repo.mirror_community(COMMUNITY, visibility, repo.now())
    for user, role in roles.items():
        await repo.mirror_community_member(COMMUNITY, {"ana": ANA, "ben": BEN}[user], role, True, repo.now())


async def test_moderators_open_rooms_and_members_only_see_them(chats, repo):
    await _community(repo, "private", ana="moderator", ben="member")
    with pytest.raises(PermissionDenied):
        await chats.create_room(BEN, COMMUNITY, "lobby")
    room = await chats.create_room(ANA, COMMUNITY, "lobby")
    assert room.kind is Kind.ROOM and [r.name for r in await chats.rooms(BEN, COMMUNITY)] == ["lobby"]
    for ask in (chats.rooms(CAT, COMMUNITY), chats.create_room(CAT, COMMUNITY, "x")):
        with pytest.raises(NotFound) as refused:
            await ask
        assert refused.value.message == "community_id: no such community"
    with pytest.raises(NotFound):
        await chats.join_room(CAT, room.conversation_id)
    assert (await chats.join_room(BEN, room.conversation_id)).state is State.ACTIVE
    assert repo.names() == ["ConversationCreated", "MembersAdded"]


# --- read state, typing, settings, requests ---------------------------------------------------------


async def test_marking_read_moves_forward_and_says_whether_receipts_show(chats, messages, repo):
    group = await _group(chats, BEN)
    for text in ("one", "two"):
        await messages.send(ANA, group, text, "", "")
    assert await chats.mark_read(BEN, group, 1) == (1, 1)
    assert await chats.mark_read(BEN, group, 0) == (2, 0)
    assert await chats.mark_read(BEN, group, 1) == (2, 0)  # never back
    assert repo.data.events[-1][2]["receipt_visible"] is True
    with pytest.raises(InvalidArgument) as negative:
        await chats.mark_read(BEN, group, -1)
    assert negative.value.field == "seq"


async def test_read_receipts_show_only_when_both_have_them_on(chats, messages):
    group = await _group(chats, BEN)
    await messages.send(ANA, group, "hi", "", "")
    await chats.mark_read(BEN, group, 0)
    assert [u for u, _, _ in await chats.receipts(ANA, group)] == [BEN]
    await chats.update_settings(BEN, None, False)
    assert await chats.receipts(ANA, group) == []


async def test_typing_reaches_the_other_readers_at_most_once_a_window(chats, live):
    group = await _group(chats, BEN, CAT)
    await chats.set_typing(BEN, group, True)
    await chats.set_typing(BEN, group, True)
    assert [to for to, _ in live.sent] == [sorted([ANA, CAT])]


async def test_a_first_message_outside_who_may_message_is_a_request_to_answer(chats, messages, repo):
    await chats.update_settings(BEN, WhoMayMessage.NOBODY, None)
    direct, _ = await chats.direct(ANA, BEN)
    await messages.send(ANA, direct.conversation_id, "hello?", "", "")
    assert (await chats.unread_counts(BEN)) == ([], 0, 1)
    with pytest.raises(FailedPrecondition):
        await chats.answer_request(ANA, direct.conversation_id, True)  # not a request for her
    assert await chats.answer_request(BEN, direct.conversation_id, False) is None
    with pytest.raises(NotFound):
        await chats.get(BEN, direct.conversation_id)  # declined: gone from Ben's view
    assert repo.names()[-1] == "MessageRequestAnswered"


async def test_settings_change_only_what_is_given(chats):
    await chats.update_settings(ANA, None, None, True)
    assert await chats.settings(ANA) == Settings(WhoMayMessage.EVERYONE, True, True)
    assert await chats.update_settings(ANA, WhoMayMessage.FRIENDS, None) == Settings(WhoMayMessage.FRIENDS, True, True)


# --- the mirrors of blocks and deactivations --------------------------------------------------------


async def test_a_block_closes_the_direct_conversation_and_clears_the_live_logs_between_them(chats, live):
    direct, _ = await chats.direct(ANA, BEN)
    await chats.apply_block(BEN, ANA, True, chats.repo.now())
    assert live.forgotten == [(BEN, ANA)]
    for who in (ANA, BEN):
        with pytest.raises(NotFound):
            await chats.get(who, direct.conversation_id)
    await chats.apply_block(BEN, ANA, False, chats.repo.now())
    assert (await chats.get(ANA, direct.conversation_id)).conversation_id == direct.conversation_id


async def test_a_deactivation_clears_the_persons_items_from_every_log(chats, live):
    await chats.apply_deactivation(BEN, True, chats.repo.now())
    await chats.apply_deactivation(BEN, False, chats.repo.now())
    assert live.forgotten == [(BEN,)]


async def test_a_malformed_erasure_is_skipped(chats, repo):
    await chats.erase_user("nope", repo.now())
    assert repo.data.erased == set()
    await chats.erase_user(BEN, repo.now())
    assert repo.data.erased == {BEN}
