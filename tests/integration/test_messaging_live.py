"""Messaging on the live channel, through the gateway: a message reaches its recipients' open
streams with its text (read from messaging's database, never carried on Kafka), edits and
deletes follow, the sender's other devices get it too, read receipts obey the setting, a
message request shows in the requests only, and nobody removed, who left or across a block gets
anything."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.live.v1 import live_pb2
from kith.messaging.v1 import messaging_pb2 as M
from kith_platform.events import MESSAGING_CONVERSATIONS, parse_envelope
from kith_platform.testing import wait_until
from tests.integration.endpoints import POSTGRES
from tests.integration.feed_stream import newest_records
from tests.integration.live_stream import Stream

QUIET = 0.5  # how long a stream must stay silent to count as having nothing more, here


async def _streams(live, *users):
    streams = [Stream(live, u) for u in users]
    await asyncio.gather(*(s.open() for s in streams))
    return streams


def _message(item: live_pb2.LiveItem) -> M.Message:
    return M.Message.FromString(item.conversation.message)


async def _next_message(stream, *, past: str) -> M.Message:
    """The next message on the stream, past the live item of `past`: a message the room had
    before the reader joined, whose item the delivery may still be on its way with (the reader
    may read it, so it is theirs to get, but the test cannot say when)."""
    while True:
        message = _message(await stream.next_of("conversation"))
        if message.text != past:
            return message


async def _send(msg, user, conversation_id, text) -> M.Message:
    return (
        await msg.SendMessage(M.SendMessageRequest(conversation_id=conversation_id, text=text), metadata=user.auth)
    ).message


async def _group(msg, admin, *others) -> str:
    return (
        await msg.CreateGroup(
            M.CreateGroupRequest(name="live", member_ids=[o.user_id for o in others]), metadata=admin.auth
        )
    ).conversation.conversation_id


async def test_a_message_its_edit_and_its_delete_reach_every_member_and_the_senders_devices(api, msg, live):
    ann, bob = await api.sign_up("lann"), await api.sign_up("lbob")
    cid = await _group(msg, ann, bob)
    bob_stream, ann_phone = await _streams(live, bob, ann)
    try:
        sent = await _send(msg, ann, cid, "hello bob, live")
        for stream in (bob_stream, ann_phone):
            item = await stream.next_of("conversation")
            assert (
                item.conversation.conversation_id,
                item.conversation.message_id,
                item.conversation.seq,
                item.conversation.kind,
            ) == (cid, sent.message_id, 1, live_pb2.CONVERSATION_ITEM_KIND_NEW)
            assert item.cursor
            body = _message(item)
            assert (body.text, body.sender_id) == ("hello bob, live", ann.user_id)

        await msg.EditMessage(M.EditMessageRequest(message_id=sent.message_id, text="hello again"), metadata=ann.auth)
        edited = await bob_stream.next_of("conversation")
        assert edited.conversation.kind == live_pb2.CONVERSATION_ITEM_KIND_EDITED
        assert (_message(edited).text, _message(edited).edited) == ("hello again", True)

        await msg.DeleteMessage(M.DeleteMessageRequest(message_id=sent.message_id), metadata=ann.auth)
        deleted = await bob_stream.next_of("conversation")
        assert (deleted.conversation.kind, deleted.conversation.message_id, deleted.conversation.message) == (
            live_pb2.CONVERSATION_ITEM_KIND_DELETED,
            sent.message_id,
            b"",
        )
        # Each once.
        assert not [i for i in await bob_stream.rest(QUIET) if i.kind == "conversation"]
    finally:
        bob_stream.close()
        ann_phone.close()


async def test_read_receipts_reach_the_others_unless_turned_off(api, msg, live):
    ann, bob, cat = await api.sign_up("rann"), await api.sign_up("rbob"), await api.sign_up("rcat")
    await msg.UpdateMessagingSettings(M.UpdateMessagingSettingsRequest(read_receipts=False), metadata=cat.auth)
    cid = await _group(msg, ann, bob, cat)
    sent = await _send(msg, ann, cid, "read me")
    ann_stream, bob_stream, cat_stream = await _streams(live, ann, bob, cat)
    try:
        await msg.MarkRead(M.MarkReadRequest(conversation_id=cid), metadata=bob.auth)
        receipt = await ann_stream.next_of("read_receipt")
        assert (
            receipt.read_receipt.conversation_id,
            receipt.read_receipt.user_id,
            receipt.read_receipt.seq,
            receipt.read_receipt.message_id,
        ) == (cid, bob.user_id, 1, sent.message_id)
        own = await bob_stream.next_change("read")  # bob's other devices: the unread count changed
        assert (own.conversation_list.conversation_id, own.conversation_list.change) == (cid, "read")
        # cat turned receipts off: sees nobody's, and shows nobody hers.
        await msg.MarkRead(M.MarkReadRequest(conversation_id=cid), metadata=cat.auth)
        assert not [i for i in await ann_stream.rest(QUIET) if i.kind == "read_receipt"]
        assert not [i for i in await cat_stream.rest(QUIET) if i.kind == "read_receipt"]
    finally:
        for s in (ann_stream, bob_stream, cat_stream):
            s.close()


async def test_a_removed_member_and_one_who_left_get_nothing_afterwards(api, msg, live):
    ann, bob, cat = await asyncio.gather(api.sign_up("gann"), api.sign_up("gbob"), api.sign_up("gcat"))
    cid = await _group(msg, ann, bob, cat)
    bob_stream, cat_stream = await _streams(live, bob, cat)
    try:
        await msg.RemoveMember(M.RemoveMemberRequest(conversation_id=cid, user_id=bob.user_id), metadata=ann.auth)
        await msg.LeaveConversation(M.LeaveConversationRequest(conversation_id=cid), metadata=cat.auth)
        removed = await bob_stream.next_change("removed")
        assert (removed.conversation_list.conversation_id, removed.conversation_list.change) == (cid, "removed")
        await _send(msg, ann, cid, "after they went")
        assert [i.kind for i in await bob_stream.rest(1.0) if i.kind == "conversation"] == []
        assert [i.kind for i in await cat_stream.rest(0.1) if i.kind == "conversation"] == []
    finally:
        bob_stream.close()
        cat_stream.close()


async def test_a_blocked_person_gets_nothing_and_a_request_shows_in_requests_only(api, msg, live):
    ann, hal, shy = await asyncio.gather(api.sign_up("bann"), api.sign_up("bhal"), api.sign_up("bshy"))
    cid = (
        await msg.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=hal.user_id), metadata=ann.auth
        )
    ).conversation.conversation_id
    hal_stream, ann_stream = await _streams(live, hal, ann)
    try:
        before = await _send(msg, ann, cid, "before the block")
        assert _message(await hal_stream.next_of("conversation")).text == "before the block"
        await api.graph.Block(G.BlockRequest(user_id=ann.user_id), metadata=hal.auth)
        # Nothing is sent, edited or deleted across the block (an event sent just before it and
        # delivered after it reaches nobody either: the consumer looks at the pair when it delivers).
        for call in (
            _send(msg, ann, cid, "after the block"),
            msg.EditMessage(M.EditMessageRequest(message_id=before.message_id, text="x"), metadata=ann.auth),
            msg.SendMessage(M.SendMessageRequest(conversation_id=cid, text="x"), metadata=hal.auth),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await call
            assert refused.value.code() == grpc.StatusCode.NOT_FOUND
        assert not [i for i in await hal_stream.rest(1.0) if i.kind == "conversation"]
    finally:
        hal_stream.close()
        ann_stream.close()

    await msg.UpdateMessagingSettings(
        M.UpdateMessagingSettingsRequest(who_may_message=M.WHO_MAY_MESSAGE_NOBODY), metadata=shy.auth
    )
    asked = (
        await msg.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=shy.user_id), metadata=ann.auth
        )
    ).conversation.conversation_id
    (shy_stream,) = await _streams(live, shy)
    try:
        await _send(msg, ann, asked, "may I?")
        change = await shy_stream.next_change("request")
        assert (change.conversation_list.conversation_id, change.conversation_list.change) == (asked, "request")
        assert not [i for i in await shy_stream.rest(QUIET) if i.kind == "conversation"]
    finally:
        shy_stream.close()


async def test_a_stream_resuming_from_before_a_block_or_a_deactivation_is_given_nothing_naming_them(api, msg, live):
    hal, ann, dee, cy = await asyncio.gather(*(api.sign_up(p) for p in ("rhal", "rann", "rdee", "rcy")))
    chats = {}
    for writer in (ann, dee, cy):
        chats[writer.user_id] = (
            await msg.GetOrCreateDirectConversation(
                M.GetOrCreateDirectConversationRequest(user_id=hal.user_id), metadata=writer.auth
            )
        ).conversation.conversation_id
    first = Stream(live, hal)
    start = (await asyncio.wait_for(first.items.get(), 10)).cursor
    try:
        await api.follow(ann, hal)  # a notification naming ann
        assert (await first.next_of("notification", timeout=15)).notification.actor_id == ann.user_id
        cursors = {}
        for writer in (ann, dee, cy):  # one at a time: hal's log holds them in this order
            await _send(msg, writer, chats[writer.user_id], f"from {writer.user_id}")
            item = await first.next_of("conversation")
            assert _message(item).sender_id == writer.user_id
            cursors[writer.user_id] = item.cursor
    finally:
        first.close()

    await api.graph.Block(G.BlockRequest(user_id=ann.user_id), metadata=hal.auth)
    await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=dee.password), metadata=dee.auth)

    def naming(items, *people):
        return [i for i in items if any(p.user_id.encode() in i.SerializeToString() for p in people)]

    # From before everything: ann's and dee's items are gone, so the chain is broken: resync.
    again = Stream(live, hal, resume_from=start)
    try:
        items = await again.rest(1.0)
        assert [i.kind for i in items][:2] == ["ready", "resync"], items
        assert naming(items, ann, dee) == []
    finally:
        again.close()
    # From just after them: what came next (cy's message) is still there, once.
    later = Stream(live, hal, resume_from=cursors[dee.user_id])
    try:
        items = await later.rest(1.0)
        assert [i.kind for i in items] == ["ready", "conversation"], items
        assert _message(items[1]).sender_id == cy.user_id and items[1].cursor == cursors[cy.user_id]
    finally:
        later.close()


# ---- typing ---------------------------------------------------------------------------------


async def test_typing_reaches_the_other_members_once_a_second_and_is_on_no_topic(api, msg, live):
    ann, bob, out = await asyncio.gather(api.sign_up("tann"), api.sign_up("tbob"), api.sign_up("tout"))
    cid = await _group(msg, ann, bob)
    bob_stream, ann_stream, out_stream = await _streams(live, bob, ann, out)
    try:
        for _ in range(5):  # one goes out, the rest of the second is dropped silently
            await msg.SetTyping(M.SetTypingRequest(conversation_id=cid, typing=True), metadata=ann.auth)
        typing = await bob_stream.next_of("typing")
        assert (typing.typing.conversation_id, typing.typing.user_id, typing.typing.typing, typing.cursor) == (
            cid,
            ann.user_id,
            True,
            "",
        )  # ephemeral: no cursor
        assert not [i for i in await bob_stream.rest(QUIET) if i.kind == "typing"]
        assert not [i for i in await ann_stream.rest(0.1) if i.kind == "typing"]  # not to oneself
        assert not [i for i in await out_stream.rest(0.1) if i.kind == "typing"]
    finally:
        for s in (bob_stream, ann_stream, out_stream):
            s.close()
    # Members only.
    for conversation_id, code in ((cid, grpc.StatusCode.NOT_FOUND), ("nope", grpc.StatusCode.INVALID_ARGUMENT)):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await msg.SetTyping(M.SetTypingRequest(conversation_id=conversation_id, typing=True), metadata=out.auth)
        assert refused.value.code() == code
    # Never stored, never on Kafka: the conversation's only event is its creation, in the outbox
    # (messaging's one way to Kafka) and on the topic.
    conn = await asyncpg.connect(f"{POSTGRES}/messaging")
    try:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE key = $1", cid) == 1
    finally:
        await conn.close()
    assert await _events_of(cid) == ["ConversationCreated"]


async def _events_of(conversation_id: str) -> list[str]:
    """The names of the events keyed by this conversation on messaging.conversations.v1 (the
    newest 2,000 records of each partition)."""
    return [
        parse_envelope(r.value).event_type.rsplit(".", 1)[-1]
        for r in await newest_records([MESSAGING_CONVERSATIONS])
        if r.key == conversation_id.encode()
    ]


# ---- community rooms -------------------------------------------------------------------------


async def _community(api, owner, visibility) -> str:
    response = await api.communities.CreateCommunity(
        C.CreateCommunityRequest(
            slug=f"r-{uuid.uuid4().hex[:12]}",
            name="Room owners",
            description="Rooms.",
            purpose="Talk.",
            topics=["rooms"],
            visibility=visibility,
        ),
        metadata=owner.auth,
    )
    return response.community.community_id


async def _mirrored_member(community_id: str, user_id: str) -> bool:
    conn = await asyncpg.connect(f"{POSTGRES}/messaging")
    try:
        return bool(
            await conn.fetchval(
                "SELECT active FROM mirror_community_members WHERE community_id = $1 AND user_id = $2",
                uuid.UUID(community_id),
                uuid.UUID(user_id),
            )
        )
    finally:
        await conn.close()


async def _refused(call, code: grpc.StatusCode) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    assert refused.value.code() == code, refused.value.details()


async def test_rooms_of_a_private_community_are_for_its_members_and_moderators_open_them(api, msg, live):
    owner, member, outsider = await asyncio.gather(api.sign_up("rown"), api.sign_up("rmem"), api.sign_up("rout"))
    cid = await _community(api, owner, C.VISIBILITY_PRIVATE)
    await wait_until(lambda: _mirrored_member(cid, owner.user_id), what="the owner in messaging's mirror")
    room = (
        await msg.CreateRoom(M.CreateRoomRequest(community_id=cid, name="general"), metadata=owner.auth)
    ).conversation
    assert (room.kind, room.name, room.community_id) == (M.CONVERSATION_KIND_ROOM, "general", cid)
    await _send(msg, owner, room.conversation_id, "welcome")
    # A non-member of a private community learns nothing of its rooms.
    for call in (
        msg.ListRooms(M.ListRoomsRequest(community_id=cid), metadata=outsider.auth),
        msg.JoinRoom(M.JoinRoomRequest(conversation_id=room.conversation_id), metadata=outsider.auth),
        msg.ListMessages(M.ListMessagesRequest(conversation_id=room.conversation_id), metadata=outsider.auth),
        msg.SendMessage(M.SendMessageRequest(conversation_id=room.conversation_id, text="hi"), metadata=outsider.auth),
        msg.CreateRoom(M.CreateRoomRequest(community_id=cid, name="mine"), metadata=outsider.auth),
    ):
        await _refused(call, grpc.StatusCode.NOT_FOUND)
    await _refused(
        msg.CreateRoom(M.CreateRoomRequest(community_id=cid, name=" "), metadata=owner.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    await _refused(
        msg.CreateRoom(M.CreateRoomRequest(community_id="nope", name="x"), metadata=owner.auth),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    # A member reads every room, opens it, reads its history and gets its live items; only
    # moderators and up open rooms.
    await api.communities.InviteUser(C.InviteUserRequest(community_id=cid, user_id=member.user_id), metadata=owner.auth)
    await api.communities.AcceptInvitation(C.AcceptInvitationRequest(community_id=cid), metadata=member.auth)
    await wait_until(lambda: _mirrored_member(cid, member.user_id), what="the member in messaging's mirror")
    listed = (await msg.ListRooms(M.ListRoomsRequest(community_id=cid), metadata=member.auth)).rooms
    assert [r.conversation_id for r in listed] == [room.conversation_id]
    await _refused(
        msg.CreateRoom(M.CreateRoomRequest(community_id=cid, name="mine"), metadata=member.auth),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await msg.JoinRoom(M.JoinRoomRequest(conversation_id=room.conversation_id), metadata=member.auth)
    assert [
        m.text
        for m in (
            await msg.ListMessages(M.ListMessagesRequest(conversation_id=room.conversation_id), metadata=member.auth)
        ).messages
    ] == ["welcome"]
    (stream,) = await _streams(live, member)
    try:
        await _send(msg, owner, room.conversation_id, "live in the room")
        assert (await _next_message(stream, past="welcome")).text == "live in the room"
        # Removed from the community: the room is gone for them at once, and so are its items.
        await api.communities.RemoveMember(
            C.RemoveMemberRequest(community_id=cid, user_id=member.user_id), metadata=owner.auth
        )
        await _refused(
            msg.ListMessages(M.ListMessagesRequest(conversation_id=room.conversation_id), metadata=member.auth),
            grpc.StatusCode.NOT_FOUND,
        )
        await _send(msg, owner, room.conversation_id, "after the removal")
        assert not [i for i in await stream.rest(1.0) if i.kind == "conversation"]
    finally:
        stream.close()


async def test_in_a_public_community_anyone_reads_a_room_and_a_banned_member_cannot_send(api, msg):
    owner, member, passer = await asyncio.gather(api.sign_up("pown"), api.sign_up("pmem"), api.sign_up("ppas"))
    cid = await _community(api, owner, C.VISIBILITY_PUBLIC)
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=member.auth)
    await wait_until(lambda: _mirrored_member(cid, member.user_id), what="the member in messaging's mirror")
    room = (await msg.CreateRoom(M.CreateRoomRequest(community_id=cid, name="lobby"), metadata=owner.auth)).conversation
    rid = room.conversation_id
    # Anyone may open and read a public community's room; writing needs membership.
    await msg.JoinRoom(M.JoinRoomRequest(conversation_id=rid), metadata=passer.auth)
    await _refused(_send(msg, passer, rid, "may I?"), grpc.StatusCode.PERMISSION_DENIED)
    await msg.JoinRoom(M.JoinRoomRequest(conversation_id=rid), metadata=member.auth)
    await _send(msg, member, rid, "hello all")
    assert [
        m.text
        for m in (await msg.ListMessages(M.ListMessagesRequest(conversation_id=rid), metadata=passer.auth)).messages
    ] == ["hello all"]
    # Banned: cannot send, when BanMember returns.
    await api.communities.BanMember(
        C.BanMemberRequest(community_id=cid, user_id=member.user_id, reason="spam"), metadata=owner.auth
    )
    await _refused(_send(msg, member, rid, "still here"), grpc.StatusCode.PERMISSION_DENIED)


async def test_rooms_of_a_hidden_community_do_not_exist_for_outsiders_and_end_for_who_leaves(api, msg, live):
    owner, member, outsider = await asyncio.gather(api.sign_up("hown"), api.sign_up("hmem"), api.sign_up("hout"))
    cid = await _community(api, owner, C.VISIBILITY_HIDDEN)
    await wait_until(lambda: _mirrored_member(cid, owner.user_id), what="the owner in messaging's mirror")
    rid = (
        await msg.CreateRoom(M.CreateRoomRequest(community_id=cid, name="backroom"), metadata=owner.auth)
    ).conversation.conversation_id
    await _send(msg, owner, rid, "hidden words")
    # An outsider gets the answer an unknown room gets, on every path, search included.
    unknown = str(uuid.uuid4())
    for room in (rid, unknown):
        for call in (
            msg.JoinRoom(M.JoinRoomRequest(conversation_id=room), metadata=outsider.auth),
            msg.GetConversation(M.GetConversationRequest(conversation_id=room), metadata=outsider.auth),
            msg.ListMessages(M.ListMessagesRequest(conversation_id=room), metadata=outsider.auth),
            msg.SearchMessages(M.SearchMessagesRequest(query="hidden", conversation_id=room), metadata=outsider.auth),
        ):
            await _refused(call, grpc.StatusCode.NOT_FOUND)
    await _refused(
        msg.ListRooms(M.ListRoomsRequest(community_id=cid), metadata=outsider.auth), grpc.StatusCode.NOT_FOUND
    )
    assert not (await msg.SearchMessages(M.SearchMessagesRequest(query="hidden"), metadata=outsider.auth)).messages
    # An invited member reads it, gets its live items, and nothing once they have left.
    await api.communities.InviteUser(C.InviteUserRequest(community_id=cid, user_id=member.user_id), metadata=owner.auth)
    await api.communities.AcceptInvitation(C.AcceptInvitationRequest(community_id=cid), metadata=member.auth)
    await wait_until(lambda: _mirrored_member(cid, member.user_id), what="the member in messaging's mirror")
    await msg.JoinRoom(M.JoinRoomRequest(conversation_id=rid), metadata=member.auth)
    assert [
        m.text
        for m in (await msg.ListMessages(M.ListMessagesRequest(conversation_id=rid), metadata=member.auth)).messages
    ] == ["hidden words"]
    (stream,) = await _streams(live, member)
    try:
        await _send(msg, owner, rid, "for members")
        assert (await _next_message(stream, past="hidden words")).text == "for members"
        await api.communities.LeaveCommunity(C.LeaveCommunityRequest(community_id=cid), metadata=member.auth)
        await _refused(
            msg.ListMessages(M.ListMessagesRequest(conversation_id=rid), metadata=member.auth),
            grpc.StatusCode.NOT_FOUND,
        )
        await _send(msg, owner, rid, "after the leave")
        assert not [i for i in await stream.rest(1.0) if i.kind == "conversation"]
    finally:
        stream.close()


async def test_a_member_muted_by_a_moderator_reads_a_room_but_cannot_write_while_muted(api, msg):
    from google.protobuf.duration_pb2 import Duration

    owner, member, reporter = await asyncio.gather(api.sign_up("mown"), api.sign_up("mmem"), api.sign_up("mrep"))
    cid = await _community(api, owner, C.VISIBILITY_PUBLIC)
    for user in (member, reporter):
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=user.auth)
        await wait_until(lambda u=user: _mirrored_member(cid, u.user_id), what="members in messaging's mirror")
    rid = (
        await msg.CreateRoom(M.CreateRoomRequest(community_id=cid, name="chat"), metadata=owner.auth)
    ).conversation.conversation_id
    await msg.JoinRoom(M.JoinRoomRequest(conversation_id=rid), metadata=member.auth)
    await _send(msg, member, rid, "before the mute")
    report = (
        await api.communities.Report(
            C.ReportRequest(
                community_id=cid, target=C.REPORT_TARGET_MEMBER, target_id=member.user_id, reason="shouting"
            ),
            metadata=reporter.auth,
        )
    ).report_id
    await api.communities.ResolveReport(
        C.ResolveReportRequest(
            community_id=cid,
            report_id=report,
            action=C.REPORT_ACTION_MUTE,
            user_id=member.user_id,
            duration=Duration(seconds=3600),
        ),
        metadata=owner.auth,
    )

    async def refused() -> bool:  # a mute reaches messaging through its event
        try:
            await _send(msg, member, rid, "still talking")
        except grpc.aio.AioRpcError as exc:
            assert exc.code() == grpc.StatusCode.PERMISSION_DENIED, exc.details()
            return True
        return False

    await wait_until(refused, what="the mute in messaging")
    texts = [
        m.text
        for m in (await msg.ListMessages(M.ListMessagesRequest(conversation_id=rid), metadata=member.auth)).messages
    ]
    assert texts[0] == "before the mute" and set(texts[1:]) <= {"still talking"}  # reading goes on
    await _send(msg, owner, rid, "the moderator still talks")
