"""Messaging through the gateway: direct conversations and groups, sends (limits, idempotency,
gap-free sequence numbers, mentions, links), history both ways, edits, deletes, reactions, read
state and receipts, message requests, blocks, search, erasure, and no message text on Kafka or
in the logs. Nobody outside a conversation learns anything of it (NOT_FOUND)."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import grpc
import pytest

from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith.messaging.v1 import events_pb2 as E
from kith.messaging.v1 import messaging_pb2 as M
from kith_platform.events import MESSAGING_CONVERSATIONS, parse_envelope, unpack_payload
from kith_platform.testing import found, wait_until
from tests.integration.endpoints import POSTGRES, SERVICE_ADDRESSES, STATE
from tests.integration.feed_stream import newest_records


@pytest.fixture(scope="module")
async def people(api):
    """Five people shared by the tests that change nothing about them but their conversations."""
    ann, bob, cat, dan, eve = await asyncio.gather(*(api.sign_up(p) for p in ("ann", "bob", "cat", "dan", "eve")))
    return {"ann": ann, "bob": bob, "cat": cat, "dan": dan, "eve": eve}


async def _code(call) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    return refused.value.code()


async def _refused(call, code: grpc.StatusCode, field: str = "") -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    assert refused.value.code() == code, refused.value.details()
    if field:
        assert refused.value.details().startswith(field), refused.value.details()


async def _direct(msg, a, b) -> M.Conversation:
    return (
        await msg.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=b.user_id), metadata=a.auth
        )
    ).conversation


async def _group(msg, admin, *others, name="crew") -> M.Conversation:
    return (
        await msg.CreateGroup(
            M.CreateGroupRequest(name=name, member_ids=[o.user_id for o in others]), metadata=admin.auth
        )
    ).conversation


async def _send(msg, user, conversation_id, text, **kw) -> M.Message:
    return (
        await msg.SendMessage(
            M.SendMessageRequest(conversation_id=conversation_id, text=text, **kw), metadata=user.auth
        )
    ).message


async def _messages(msg, user, conversation_id, **kw) -> M.ListMessagesResponse:
    return await msg.ListMessages(M.ListMessagesRequest(conversation_id=conversation_id, **kw), metadata=user.auth)


# ---- conversations -------------------------------------------------------------------------


async def test_a_pair_has_one_direct_conversation(msg, people):
    ann, bob = people["dan"], people["eve"]  # the only test that pairs these two
    first = await msg.GetOrCreateDirectConversation(
        M.GetOrCreateDirectConversationRequest(user_id=bob.user_id), metadata=ann.auth
    )
    again = await msg.GetOrCreateDirectConversation(
        M.GetOrCreateDirectConversationRequest(user_id=bob.user_id), metadata=ann.auth
    )
    other_way = await _direct(msg, bob, ann)
    assert first.created and not again.created
    assert first.conversation.conversation_id == again.conversation.conversation_id == other_way.conversation_id
    assert first.conversation.kind == M.CONVERSATION_KIND_DIRECT
    assert {m.user_id for m in first.conversation.members} == {ann.user_id, bob.user_id}
    # A direct conversation reaches the other side with its first message.
    cid = first.conversation.conversation_id

    async def listed(user):
        return [
            c.conversation_id
            for c in (await msg.ListConversations(M.ListConversationsRequest(), metadata=user.auth)).conversations
        ]

    assert cid in await listed(ann) and cid in await listed(bob)  # bob opened it too
    cat, eve = people["cat"], people["eve"]
    quiet = (await _direct(msg, cat, eve)).conversation_id
    assert quiet in await listed(cat) and quiet not in await listed(eve)
    await _refused(
        msg.GetConversation(M.GetConversationRequest(conversation_id=quiet), metadata=eve.auth),
        grpc.StatusCode.NOT_FOUND,
    )
    await _send(msg, cat, quiet, "hello eve")
    assert quiet in await listed(eve)
    await _refused(
        msg.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=ann.user_id), metadata=ann.auth
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "user_id",
    )
    await _refused(
        msg.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=str(uuid.uuid4())), metadata=ann.auth
        ),
        grpc.StatusCode.NOT_FOUND,
        "user_id",
    )


async def test_non_members_learn_nothing_of_a_conversation(msg, people):
    ann, bob, dan = people["ann"], people["bob"], people["dan"]
    conversation = await _direct(msg, ann, bob)
    cid = conversation.conversation_id
    message = await _send(msg, ann, cid, "between us")
    not_found = grpc.StatusCode.NOT_FOUND
    for call in (
        msg.GetConversation(M.GetConversationRequest(conversation_id=cid), metadata=dan.auth),
        msg.ListMessages(M.ListMessagesRequest(conversation_id=cid), metadata=dan.auth),
        msg.SendMessage(M.SendMessageRequest(conversation_id=cid, text="let me in"), metadata=dan.auth),
        msg.MarkRead(M.MarkReadRequest(conversation_id=cid), metadata=dan.auth),
        msg.ListReadReceipts(M.ListReadReceiptsRequest(conversation_id=cid), metadata=dan.auth),
        msg.SearchMessages(M.SearchMessagesRequest(query="between", conversation_id=cid), metadata=dan.auth),
        msg.EditMessage(M.EditMessageRequest(message_id=message.message_id, text="x"), metadata=dan.auth),
        msg.DeleteMessage(M.DeleteMessageRequest(message_id=message.message_id), metadata=dan.auth),
        msg.React(M.ReactRequest(message_id=message.message_id, emoji="👍"), metadata=dan.auth),
        msg.ListMessageEdits(M.ListMessageEditsRequest(message_id=message.message_id), metadata=dan.auth),
        msg.GetConversation(M.GetConversationRequest(conversation_id=str(uuid.uuid4())), metadata=ann.auth),
    ):
        assert await _code(call) == not_found
    assert cid not in {
        c.conversation_id
        for c in (await msg.ListConversations(M.ListConversationsRequest(), metadata=dan.auth)).conversations
    }
    assert not (await msg.SearchMessages(M.SearchMessagesRequest(query="between"), metadata=dan.auth)).messages


async def test_groups_have_a_name_admins_and_members_who_come_and_go(msg, people):
    ann, bob, cat, dan = people["ann"], people["bob"], people["cat"], people["dan"]
    group = await _group(msg, ann, bob, cat, name="  book   club ")
    gid = group.conversation_id
    assert (group.kind, group.name) == (M.CONVERSATION_KIND_GROUP, "book club")
    assert {(m.user_id, m.admin) for m in group.members} == {
        (ann.user_id, True),
        (bob.user_id, False),
        (cat.user_id, False),
    }
    await _send(msg, bob, gid, "before dan")
    # Only admins change the members.
    await _refused(
        msg.AddMembers(M.AddMembersRequest(conversation_id=gid, user_ids=[dan.user_id]), metadata=bob.auth),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await _refused(
        msg.RemoveMember(M.RemoveMemberRequest(conversation_id=gid, user_id=cat.user_id), metadata=bob.auth),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    added = await msg.AddMembers(M.AddMembersRequest(conversation_id=gid, user_ids=[dan.user_id]), metadata=ann.auth)
    assert dan.user_id in {m.user_id for m in added.conversation.members}
    # A new member reads from the moment they joined.
    await _send(msg, bob, gid, "after dan")
    assert [m.text for m in (await _messages(msg, dan, gid)).messages] == ["after dan"]
    # Removed: cat reads nothing any more, not even what comes next.
    await msg.RemoveMember(M.RemoveMemberRequest(conversation_id=gid, user_id=cat.user_id), metadata=ann.auth)
    await _send(msg, bob, gid, "cat is gone")
    await _refused(_messages(msg, cat, gid), grpc.StatusCode.NOT_FOUND)
    await _refused(
        msg.GetConversation(M.GetConversationRequest(conversation_id=gid), metadata=cat.auth), grpc.StatusCode.NOT_FOUND
    )
    assert not (await msg.SearchMessages(M.SearchMessagesRequest(query="gone"), metadata=cat.auth)).messages
    # Left: the same for bob; and the admin can make someone else admin.
    await msg.LeaveConversation(M.LeaveConversationRequest(conversation_id=gid), metadata=bob.auth)
    await _send(msg, dan, gid, "bob has left")
    await _refused(_send(msg, bob, gid, "still here?"), grpc.StatusCode.NOT_FOUND)
    await _refused(_messages(msg, bob, gid), grpc.StatusCode.NOT_FOUND)
    assert gid not in [
        c.conversation_id
        for c in (await msg.ListConversations(M.ListConversationsRequest(), metadata=bob.auth)).conversations
    ]
    await msg.SetAdmin(M.SetAdminRequest(conversation_id=gid, user_id=dan.user_id, admin=True), metadata=ann.auth)
    await msg.LeaveConversation(M.LeaveConversationRequest(conversation_id=gid), metadata=ann.auth)
    left = (await msg.GetConversation(M.GetConversationRequest(conversation_id=gid), metadata=dan.auth)).conversation
    assert [(m.user_id, m.admin) for m in left.members] == [(dan.user_id, True)]


async def test_a_group_keeps_an_admin_and_a_direct_conversation_cannot_be_left(msg, people):
    ann, bob = people["ann"], people["bob"]
    gid = (await _group(msg, ann, bob)).conversation_id
    await _refused(
        msg.SetAdmin(M.SetAdminRequest(conversation_id=gid, user_id=ann.user_id, admin=False), metadata=ann.auth),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    await msg.LeaveConversation(M.LeaveConversationRequest(conversation_id=gid), metadata=ann.auth)
    after = (await msg.GetConversation(M.GetConversationRequest(conversation_id=gid), metadata=bob.auth)).conversation
    assert [(m.user_id, m.admin) for m in after.members] == [(bob.user_id, True)]  # the eldest takes over
    direct = (await _direct(msg, ann, bob)).conversation_id
    await _refused(
        msg.LeaveConversation(M.LeaveConversationRequest(conversation_id=direct), metadata=ann.auth),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    await _refused(
        msg.AddMembers(
            M.AddMembersRequest(conversation_id=direct, user_ids=[people["cat"].user_id]), metadata=ann.auth
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )


async def test_group_limits_and_bad_input_are_named(msg, people):
    ann = people["ann"]
    too_many = [str(uuid.uuid4()) for _ in range(250)]
    await _refused(
        msg.CreateGroup(M.CreateGroupRequest(name="big", member_ids=too_many), metadata=ann.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "member_ids",
    )
    await _refused(
        msg.CreateGroup(M.CreateGroupRequest(name=" ", member_ids=[]), metadata=ann.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "name",
    )
    await _refused(
        msg.CreateGroup(M.CreateGroupRequest(name="x", member_ids=["nope"]), metadata=ann.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "member_ids",
    )
    await _refused(
        msg.GetConversation(M.GetConversationRequest(conversation_id="nope"), metadata=ann.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "conversation_id",
    )


# ---- messages ------------------------------------------------------------------------------


async def test_text_must_be_1_to_4000_characters(msg, people):
    ann, bob = people["ann"], people["bob"]
    cid = (await _direct(msg, ann, bob)).conversation_id
    for text in ("", "   ", "x" * 4001):
        await _refused(_send(msg, ann, cid, text), grpc.StatusCode.INVALID_ARGUMENT, "text")
    assert len((await _send(msg, ann, cid, "y" * 4000)).text) == 4000


async def test_a_retried_send_returns_the_same_message(msg, people):
    ann, bob = people["ann"], people["bob"]
    cid = (await _group(msg, ann, bob)).conversation_id
    first = await msg.SendMessage(
        M.SendMessageRequest(conversation_id=cid, text="once", client_id="c-1"), metadata=ann.auth
    )
    again = await asyncio.gather(
        *(
            msg.SendMessage(M.SendMessageRequest(conversation_id=cid, text="once", client_id="c-1"), metadata=ann.auth)
            for _ in range(5)
        )
    )
    assert first.created and not any(r.created for r in again)
    assert {r.message.message_id for r in again} == {first.message.message_id}
    # The same client id from someone else is another message.
    theirs = await _send(msg, bob, cid, "once", client_id="c-1")
    assert theirs.message_id != first.message.message_id
    assert [m.seq for m in (await _messages(msg, ann, cid)).messages] == [1, 2]


async def test_sequence_numbers_have_no_gaps_under_concurrent_sends(msg, people):
    ann, bob = people["ann"], people["bob"]
    cid = (await _group(msg, ann, bob)).conversation_id
    sent = await asyncio.gather(*(_send(msg, (ann, bob)[i % 2], cid, f"m{i}") for i in range(30)))
    assert sorted(m.seq for m in sent) == list(range(1, 31))
    listed = (await _messages(msg, ann, cid, page_size=100)).messages
    assert [m.seq for m in listed] == list(range(1, 31))


async def test_mentions_of_group_members_and_links_are_recorded(msg, people):
    ann, bob, dan = people["ann"], people["bob"], people["dan"]
    cid = (await _group(msg, ann, bob)).conversation_id
    sent = await _send(msg, ann, cid, f"@{bob.handle} and @{dan.handle}: see www.example.org")
    assert list(sent.mention_ids) == [bob.user_id]  # dan is not in the group
    assert sent.has_link
    plain = await _send(msg, ann, cid, "nothing to click")
    assert not plain.has_link and not plain.mention_ids
    direct = (await _direct(msg, ann, dan)).conversation_id
    assert not (await _send(msg, ann, direct, f"hi @{dan.handle}")).mention_ids  # groups only


async def test_history_pages_backwards_and_forwards_from_any_message(msg, people):
    ann, bob = people["ann"], people["bob"]
    cid = (await _group(msg, ann, bob)).conversation_id
    for i in range(1, 8):
        await _send(msg, ann, cid, f"n{i}")
    pages, cursor = [], ""
    while True:
        page = await _messages(msg, bob, cid, page_size=3, cursor=cursor)
        pages.append([m.seq for m in page.messages])
        if not (cursor := page.next_cursor):
            break
    assert pages == [[5, 6, 7], [2, 3, 4], [1]]
    page = await _messages(msg, bob, cid, anchor_seq=3, direction=M.DIRECTION_FORWARD, page_size=2)
    assert [m.seq for m in page.messages] == [3, 4]
    # A message sent between pages does not shift the pages: cursors name positions.
    await _send(msg, ann, cid, "n8")
    page = await _messages(msg, bob, cid, page_size=2, cursor=page.next_cursor)
    assert [m.seq for m in page.messages] == [5, 6]
    page = await _messages(msg, bob, cid, page_size=5, cursor=page.next_cursor)
    assert ([m.seq for m in page.messages], page.next_cursor) == ([7, 8], "")
    back = await _messages(msg, bob, cid, anchor_seq=4, direction=M.DIRECTION_BACKWARD, page_size=2)
    assert [m.seq for m in back.messages] == [3, 4]
    await _refused(_messages(msg, bob, cid, cursor="garbage"), grpc.StatusCode.INVALID_ARGUMENT, "cursor")


async def test_replies_point_at_a_message_of_the_same_conversation(msg, people):
    ann, bob = people["ann"], people["bob"]
    cid = (await _group(msg, ann, bob)).conversation_id
    other = (await _group(msg, ann, bob)).conversation_id
    question = await _send(msg, ann, cid, "lunch?")
    answer = await _send(msg, bob, cid, "yes", reply_to_message_id=question.message_id)
    assert answer.reply_to_message_id == question.message_id
    await _refused(
        _send(msg, bob, other, "yes", reply_to_message_id=question.message_id),
        grpc.StatusCode.NOT_FOUND,
        "reply_to_message_id",
    )


async def test_only_the_sender_edits_and_earlier_versions_are_kept(msg, people):
    ann, bob = people["ann"], people["bob"]
    cid = (await _group(msg, ann, bob)).conversation_id
    message = await _send(msg, ann, cid, "first")
    await _refused(
        msg.EditMessage(M.EditMessageRequest(message_id=message.message_id, text="mine"), metadata=bob.auth),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await _refused(
        msg.EditMessage(M.EditMessageRequest(message_id=message.message_id, text=""), metadata=ann.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "text",
    )
    for text in ("second", "third"):
        edited = (
            await msg.EditMessage(M.EditMessageRequest(message_id=message.message_id, text=text), metadata=ann.auth)
        ).message
    assert (edited.text, edited.edited, edited.seq) == ("third", True, message.seq)
    edits = await msg.ListMessageEdits(M.ListMessageEditsRequest(message_id=message.message_id), metadata=bob.auth)
    assert [e.text for e in edits.edits] == ["second", "first"]


async def test_delete_for_everyone_leaves_a_tombstone_in_place(msg, people):
    ann, bob, cat = people["ann"], people["bob"], people["cat"]
    cid = (await _group(msg, ann, bob, cat)).conversation_id
    mine = await _send(msg, bob, cid, "oops")
    await msg.EditMessage(M.EditMessageRequest(message_id=mine.message_id, text="oops again"), metadata=bob.auth)
    theirs = await _send(msg, cat, cid, "rude words")
    await _send(msg, bob, cid, "after")
    await _refused(
        msg.DeleteMessage(M.DeleteMessageRequest(message_id=theirs.message_id), metadata=bob.auth),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await msg.DeleteMessage(M.DeleteMessageRequest(message_id=mine.message_id), metadata=bob.auth)
    await msg.DeleteMessage(M.DeleteMessageRequest(message_id=theirs.message_id), metadata=ann.auth)  # the admin
    listed = (await _messages(msg, cat, cid)).messages
    assert [(m.seq, m.deleted, m.text) for m in listed] == [(1, True, ""), (2, True, ""), (3, False, "after")]
    assert not (
        await msg.ListMessageEdits(M.ListMessageEditsRequest(message_id=mine.message_id), metadata=cat.auth)
    ).edits
    assert not (
        await msg.SearchMessages(M.SearchMessagesRequest(query="rude", conversation_id=cid), metadata=cat.auth)
    ).messages


async def test_one_reaction_per_person_per_message_changeable(msg, people):
    ann, bob, cat = people["ann"], people["bob"], people["cat"]
    cid = (await _group(msg, ann, bob, cat)).conversation_id
    message = await _send(msg, ann, cid, "party")
    react = msg.React
    assert (await react(M.ReactRequest(message_id=message.message_id, emoji="👍"), metadata=bob.auth)).changed
    assert not (await react(M.ReactRequest(message_id=message.message_id, emoji="👍"), metadata=bob.auth)).changed
    changed = await react(M.ReactRequest(message_id=message.message_id, emoji="🎉"), metadata=bob.auth)
    assert [(r.emoji, r.count) for r in changed.reactions] == [("🎉", 1)]
    both = await react(M.ReactRequest(message_id=message.message_id, emoji="🎉"), metadata=cat.auth)
    assert [(r.emoji, r.count) for r in both.reactions] == [("🎉", 2)]
    gone = await msg.Unreact(M.UnreactRequest(message_id=message.message_id), metadata=bob.auth)
    assert gone.removed and [(r.emoji, r.count) for r in gone.reactions] == [("🎉", 1)]
    seen = (await _messages(msg, cat, cid)).messages[0]
    assert (seen.viewer_reaction, [(r.emoji, r.count) for r in seen.reactions]) == ("🎉", [("🎉", 1)])
    await _refused(
        react(M.ReactRequest(message_id=message.message_id, emoji="two words"), metadata=bob.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "emoji",
    )


# ---- read state ----------------------------------------------------------------------------


async def test_unread_counts_per_conversation_and_in_total(msg, api, people):
    reader, a, b = await api.sign_up("reader"), people["ann"], people["bob"]
    one = (await _direct(msg, a, reader)).conversation_id
    two = (await _group(msg, b, reader)).conversation_id
    for i in range(3):
        await _send(msg, a, one, f"a{i}")
    await _send(msg, b, two, "b0")
    await _send(msg, reader, two, "mine do not count")
    counts = await msg.GetUnreadCounts(M.GetUnreadCountsRequest(), metadata=reader.auth)
    assert ({c.conversation_id: c.unread_count for c in counts.conversations}, counts.total) == ({one: 3, two: 1}, 4)
    listed = (await msg.ListConversations(M.ListConversationsRequest(), metadata=reader.auth)).conversations
    assert [c.conversation_id for c in listed] == [two, one]  # newest activity first
    assert [c.unread_count for c in listed] == [1, 3]
    read = await msg.MarkRead(M.MarkReadRequest(conversation_id=one, seq=2), metadata=reader.auth)
    assert (read.last_read_seq, read.unread_count) == (2, 1)
    back = await msg.MarkRead(M.MarkReadRequest(conversation_id=one, seq=1), metadata=reader.auth)
    assert back.last_read_seq == 2  # never back
    await msg.MarkRead(M.MarkReadRequest(conversation_id=two), metadata=reader.auth)  # everything so far
    counts = await msg.GetUnreadCounts(M.GetUnreadCountsRequest(), metadata=reader.auth)
    assert counts.total == 1
    page = await msg.ListConversations(M.ListConversationsRequest(page_size=1), metadata=reader.auth)
    rest = await msg.ListConversations(
        M.ListConversationsRequest(page_size=1, cursor=page.next_cursor), metadata=reader.auth
    )
    assert [c.conversation_id for c in (*page.conversations, *rest.conversations)] == [two, one]


async def test_read_receipts_show_unless_either_side_turns_them_off(msg, api, people):
    ann, bob, cat = people["ann"], people["bob"], await api.sign_up("quiet")
    cid = (await _group(msg, ann, bob, cat)).conversation_id
    await _send(msg, ann, cid, "read me")
    await msg.MarkRead(M.MarkReadRequest(conversation_id=cid), metadata=bob.auth)
    await msg.MarkRead(M.MarkReadRequest(conversation_id=cid), metadata=cat.auth)

    async def receipts(viewer):
        answer = await msg.ListReadReceipts(M.ListReadReceiptsRequest(conversation_id=cid), metadata=viewer.auth)
        return {r.user_id: r.last_read_seq for r in answer.receipts}

    assert await receipts(ann) == {bob.user_id: 1, cat.user_id: 1}
    settings = await msg.UpdateMessagingSettings(
        M.UpdateMessagingSettingsRequest(read_receipts=False), metadata=cat.auth
    )
    assert not settings.settings.read_receipts
    assert await receipts(ann) == {bob.user_id: 1}  # cat shows nobody
    assert await receipts(cat) == {}  # and sees nobody's


# ---- who may write to whom -----------------------------------------------------------------


async def test_a_first_message_from_outside_the_setting_is_a_request(msg, api, people):
    sender = people["ann"]
    shy, choosy = await asyncio.gather(api.sign_up("shy"), api.sign_up("choosy"))
    for person in (shy, choosy):
        await msg.UpdateMessagingSettings(
            M.UpdateMessagingSettingsRequest(who_may_message=M.WHO_MAY_MESSAGE_NOBODY), metadata=person.auth
        )
    cid = (await _direct(msg, sender, shy)).conversation_id
    await _send(msg, sender, cid, "hello?")
    assert cid not in [
        c.conversation_id
        for c in (await msg.ListConversations(M.ListConversationsRequest(), metadata=shy.auth)).conversations
    ]
    requests = (await msg.ListMessageRequests(M.ListMessageRequestsRequest(), metadata=shy.auth)).conversations
    assert [(c.conversation_id, c.request, c.unread_count) for c in requests] == [(cid, True, 1)]
    counts = await msg.GetUnreadCounts(M.GetUnreadCountsRequest(), metadata=shy.auth)
    assert (counts.total, counts.request_count) == (0, 1)
    # The sender's view: a delivered message not read yet, even once the recipient has read it
    # (and the recipient cannot react until they accept: a reaction would tell).
    await msg.MarkRead(M.MarkReadRequest(conversation_id=cid), metadata=shy.auth)
    first = (await _messages(msg, shy, cid)).messages[0]
    await _refused(
        msg.React(M.ReactRequest(message_id=first.message_id, emoji="👍"), metadata=shy.auth),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    seen = (await msg.GetConversation(M.GetConversationRequest(conversation_id=cid), metadata=sender.auth)).conversation
    assert not seen.request and {m.user_id for m in seen.members} == {sender.user_id, shy.user_id}
    assert not (
        await msg.ListReadReceipts(M.ListReadReceiptsRequest(conversation_id=cid), metadata=sender.auth)
    ).receipts
    accepted = await msg.AcceptMessageRequest(M.AcceptMessageRequestRequest(conversation_id=cid), metadata=shy.auth)
    assert not accepted.conversation.request
    assert cid in [
        c.conversation_id
        for c in (await msg.ListConversations(M.ListConversationsRequest(), metadata=shy.auth)).conversations
    ]
    receipts = await msg.ListReadReceipts(M.ListReadReceiptsRequest(conversation_id=cid), metadata=sender.auth)
    assert [(r.user_id, r.last_read_seq) for r in receipts.receipts] == [(shy.user_id, 1)]

    # Declined: gone for the recipient; the sender still writes without an error.
    other = (await _direct(msg, sender, choosy)).conversation_id
    await _send(msg, sender, other, "hi")
    await msg.DeclineMessageRequest(M.DeclineMessageRequestRequest(conversation_id=other), metadata=choosy.auth)
    await _refused(
        msg.GetConversation(M.GetConversationRequest(conversation_id=other), metadata=choosy.auth),
        grpc.StatusCode.NOT_FOUND,
    )
    await _send(msg, sender, other, "still there?")
    assert not (await msg.ListMessageRequests(M.ListMessageRequestsRequest(), metadata=choosy.auth)).conversations
    await _refused(
        msg.AcceptMessageRequest(M.AcceptMessageRequestRequest(conversation_id=cid), metadata=shy.auth),
        grpc.StatusCode.FAILED_PRECONDITION,
    )


async def _mirrored_follow(follower_id: str, followee_id: str) -> bool:
    conn = await asyncpg.connect(f"{POSTGRES}/messaging")
    try:
        return bool(
            await conn.fetchval(
                "SELECT active FROM mirror_follows WHERE follower_id = $1 AND followee_id = $2",
                uuid.UUID(follower_id),
                uuid.UUID(followee_id),
            )
        )
    finally:
        await conn.close()


async def test_people_i_follow_write_to_me_directly_others_ask(msg, api, people):
    me, followed, stranger = await api.sign_up("me"), people["cat"], people["dan"]
    await msg.UpdateMessagingSettings(
        M.UpdateMessagingSettingsRequest(who_may_message=M.WHO_MAY_MESSAGE_FOLLOWING), metadata=me.auth
    )
    await api.follow(me, followed)
    await wait_until(lambda: _mirrored_follow(me.user_id, followed.user_id), what="the follow in messaging's mirror")
    direct = (await _direct(msg, followed, me)).conversation_id
    asked = (await _direct(msg, stranger, me)).conversation_id
    await _send(msg, followed, direct, "hey")
    await _send(msg, stranger, asked, "hey")
    listed = [
        c.conversation_id
        for c in (await msg.ListConversations(M.ListConversationsRequest(), metadata=me.auth)).conversations
    ]
    requests = [
        c.conversation_id
        for c in (await msg.ListMessageRequests(M.ListMessageRequestsRequest(), metadata=me.auth)).conversations
    ]
    assert (listed, requests) == ([direct], [asked])
    # Replying accepts.
    await _send(msg, me, asked, "ok, hi")
    assert not (await msg.ListMessageRequests(M.ListMessageRequestsRequest(), metadata=me.auth)).conversations


async def _mirrored_friends(a: str, b: str) -> bool:
    conn = await asyncpg.connect(f"{POSTGRES}/messaging")
    try:
        return bool(
            await conn.fetchval(
                "SELECT active FROM mirror_friends WHERE user_id = $1 AND friend_id = $2", uuid.UUID(a), uuid.UUID(b)
            )
        )
    finally:
        await conn.close()


async def test_only_friends_write_directly_to_who_chose_friends_and_nobody_to_nobody(msg, api, people):
    me, friend, follower = await api.sign_up("me"), people["eve"], people["dan"]
    await msg.UpdateMessagingSettings(
        M.UpdateMessagingSettingsRequest(who_may_message=M.WHO_MAY_MESSAGE_FRIENDS), metadata=me.auth
    )
    assert (
        await msg.GetMessagingSettings(M.GetMessagingSettingsRequest(), metadata=me.auth)
    ).settings.who_may_message == M.WHO_MAY_MESSAGE_FRIENDS
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=me.user_id), metadata=friend.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=friend.user_id), metadata=me.auth)
    await api.follow(me, follower)  # following is not enough
    await wait_until(lambda: _mirrored_friends(me.user_id, friend.user_id), what="the friendship in the mirror")
    await wait_until(lambda: _mirrored_follow(me.user_id, follower.user_id), what="the follow in the mirror")
    direct = (await _direct(msg, friend, me)).conversation_id
    asked = (await _direct(msg, follower, me)).conversation_id
    await _send(msg, friend, direct, "hi friend")
    await _send(msg, follower, asked, "hi")
    requests = [
        c.conversation_id
        for c in (await msg.ListMessageRequests(M.ListMessageRequestsRequest(), metadata=me.auth)).conversations
    ]
    assert requests == [asked]
    await _refused(
        msg.UpdateMessagingSettings(M.UpdateMessagingSettingsRequest(who_may_message=99), metadata=me.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "who_may_message",
    )


# ---- blocks --------------------------------------------------------------------------------


async def test_a_block_ends_messaging_both_ways_at_once(msg, api, people):
    ann, hal, bob = await api.sign_up("ann"), await api.sign_up("hal"), people["bob"]
    cid = (await _direct(msg, ann, hal)).conversation_id
    await _send(msg, ann, cid, "hi hal")
    await _send(msg, hal, cid, "hi ann")
    group = (await _group(msg, ann, bob)).conversation_id
    await api.graph.Block(G.BlockRequest(user_id=ann.user_id), metadata=hal.auth)
    # No waiting: the block holds when its call returns.
    for sender in (ann, hal):
        await _refused(_send(msg, sender, cid, "are you there?"), grpc.StatusCode.NOT_FOUND)
    await _refused(_direct(msg, ann, hal), grpc.StatusCode.NOT_FOUND, "user_id")
    await _refused(_direct(msg, hal, ann), grpc.StatusCode.NOT_FOUND, "user_id")
    await _refused(
        msg.AddMembers(M.AddMembersRequest(conversation_id=group, user_ids=[hal.user_id]), metadata=ann.auth),
        grpc.StatusCode.NOT_FOUND,
        "user_ids",
    )
    await _refused(_group(msg, hal, ann), grpc.StatusCode.NOT_FOUND, "member_ids")
    assert cid not in [
        c.conversation_id
        for c in (await msg.ListConversations(M.ListConversationsRequest(), metadata=ann.auth)).conversations
    ]
    await api.graph.Unblock(G.UnblockRequest(user_id=ann.user_id), metadata=hal.auth)
    await wait_until(lambda: _can_send(msg, ann, cid), what="messaging to open again after the unblock")


async def _can_send(msg, user, cid) -> bool:
    return await found(_send(msg, user, cid, "back")) is not None


# ---- search --------------------------------------------------------------------------------


async def test_search_finds_only_the_callers_own_messages(msg, people):
    ann, bob, cat = people["ann"], people["bob"], people["cat"]
    word = f"zebra{uuid.uuid4().hex[:8]}"
    cid = (await _group(msg, ann, bob)).conversation_id
    other = (await _group(msg, cat, bob)).conversation_id
    for i in range(3):
        await _send(msg, ann, cid, f"the {word} number {i}")
    await _send(msg, cat, other, f"cat's own {word}")
    found = await msg.SearchMessages(M.SearchMessagesRequest(query=word, page_size=2), metadata=ann.auth)
    more = await msg.SearchMessages(
        M.SearchMessagesRequest(query=word, page_size=2, cursor=found.next_cursor), metadata=ann.auth
    )
    ids = [m.message_id for m in (*found.messages, *more.messages)]
    assert len(ids) == len(set(ids)) == 3 and not more.next_cursor
    assert {m.conversation_id for m in (*found.messages, *more.messages)} == {cid}
    assert len((await msg.SearchMessages(M.SearchMessagesRequest(query=word), metadata=bob.auth)).messages) == 4
    in_one = await msg.SearchMessages(M.SearchMessagesRequest(query=word, conversation_id=other), metadata=bob.auth)
    assert [m.conversation_id for m in in_one.messages] == [other]
    await _refused(
        msg.SearchMessages(M.SearchMessagesRequest(query=" "), metadata=ann.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
        "query",
    )


# ---- erasure and deactivation --------------------------------------------------------------


async def test_a_deactivated_persons_direct_conversations_close_until_they_return(msg, api, people):
    away, ann = await api.sign_up("away"), people["ann"]
    cid = (await _direct(msg, ann, away)).conversation_id
    await _send(msg, ann, cid, "see you")
    await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=away.password), metadata=away.auth)
    # No waiting: deactivation holds when its call returns.
    await _refused(_send(msg, ann, cid, "where did you go?"), grpc.StatusCode.NOT_FOUND)
    await _refused(_direct(msg, ann, away), grpc.StatusCode.NOT_FOUND, "user_id")
    login = await api.identity.ReactivateAccount(I.ReactivateAccountRequest(login=away.handle, password=away.password))
    assert login.access_token
    assert [m.text for m in (await _messages(msg, ann, cid)).messages] == ["see you"]


async def test_an_erased_persons_text_and_membership_go(msg, api, people):
    leaver, ann, bob = await api.sign_up("leaver"), people["ann"], people["bob"]
    cid = (await _group(msg, ann, leaver, bob)).conversation_id
    said = await _send(msg, leaver, cid, "my words")
    await _send(msg, ann, cid, "an answer", reply_to_message_id=said.message_id)
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        internal = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        assert (await internal.EraseAccountNow(I.EraseAccountNowRequest(user_id=leaver.user_id))).erased

    async def erased():
        listed = (await _messages(msg, bob, cid)).messages
        members = (
            await msg.GetConversation(M.GetConversationRequest(conversation_id=cid), metadata=bob.auth)
        ).conversation.members
        return listed[0].text == "" and listed[0].sender_id == "" and leaver.user_id not in {m.user_id for m in members}

    await wait_until(erased, timeout=20, what="the erased person's messages and membership to go")
    listed = (await _messages(msg, bob, cid)).messages
    assert [(m.seq, m.deleted) for m in listed] == [(1, True), (2, False)]


# ---- events and logs -----------------------------------------------------------------------


async def test_message_text_is_in_no_event_and_no_log_line(msg, people):
    ann, bob = people["ann"], people["bob"]
    secret = f"secret-{uuid.uuid4().hex}"
    cid = (await _group(msg, ann, bob)).conversation_id
    sent = await _send(msg, ann, cid, f"{secret} at www.example.org")
    await msg.EditMessage(M.EditMessageRequest(message_id=sent.message_id, text=f"{secret} edited"), metadata=ann.auth)
    await msg.React(M.ReactRequest(message_id=sent.message_id, emoji="👍"), metadata=bob.auth)
    await msg.DeleteMessage(M.DeleteMessageRequest(message_id=sent.message_id), metadata=ann.auth)

    found: dict[str, object] = {}

    async def read_all() -> bool:
        for record in await newest_records([MESSAGING_CONVERSATIONS]):
            assert secret.encode() not in (record.value or b""), "message text on Kafka"
            if record.key == cid.encode():
                event = unpack_payload(parse_envelope(record.value))
                found[event.DESCRIPTOR.name] = event
        return {"MessageSent", "MessageEdited", "ReactionChanged", "MessageDeleted"} <= set(found)

    await wait_until(read_all, timeout=20, interval=0.5, what="the conversation's events on Kafka")
    event = found["MessageSent"]
    assert isinstance(event, E.MessageSent)
    assert (event.sender_id, event.length, event.has_link, list(event.recipient_ids)) == (
        ann.user_id,
        len(secret) + 19,
        True,
        [bob.user_id],
    )
    log = STATE / "logs" / "messaging.log"
    if log.exists():
        assert secret not in log.read_text(errors="replace")
