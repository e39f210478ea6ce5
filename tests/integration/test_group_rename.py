"""Renaming a group through the gateway: its admins rename it, every member reads the new name and
their live streams (the renamer's other devices too) get a conversation-list change "renamed";
ConversationRenamed is published without the name; other members are PERMISSION_DENIED, outsiders
and people who left NOT_FOUND, direct conversations and rooms FAILED_PRECONDITION, and a bad name
INVALID_ARGUMENT naming the field."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import grpc

from kith.communities.v1 import communities_pb2 as C
from kith.messaging.v1 import messaging_pb2 as M
from kith_platform.testing import wait_until
from tests.integration.endpoints import POSTGRES
from tests.integration.test_messaging import _direct, _group, _refused
from tests.integration.test_messaging_live import _community, _events_of, _mirrored_member, _streams


async def _rename(msg, user, conversation_id: str, name: str) -> M.Conversation:
    return (
        await msg.RenameGroup(M.RenameGroupRequest(conversation_id=conversation_id, name=name), metadata=user.auth)
    ).conversation


async def _outbox_values(conversation_id: str) -> list[bytes]:
    conn = await asyncpg.connect(f"{POSTGRES}/messaging")
    try:
        return [
            r["value"] for r in await conn.fetch("SELECT value FROM outbox WHERE key = $1 ORDER BY id", conversation_id)
        ]
    finally:
        await conn.close()


async def test_an_admin_renames_a_group_and_every_member_hears_of_it(api, msg, live):
    ann, bob = await asyncio.gather(api.sign_up("nann"), api.sign_up("nbob"))
    cid = (await _group(msg, ann, bob, name="before")).conversation_id
    bob_stream, ann_phone = await _streams(live, bob, ann)
    try:
        secret = f"Secret plans {uuid.uuid4().hex[:8]}"
        renamed = await _rename(msg, ann, cid, f"  {secret}  ")
        assert (renamed.conversation_id, renamed.name) == (cid, secret)  # trimmed as CreateGroup's
        for stream in (bob_stream, ann_phone):
            change = await stream.next_change("renamed")
            assert (change.conversation_list.conversation_id, change.cursor != "") == (cid, True)
        got = await msg.GetConversation(M.GetConversationRequest(conversation_id=cid), metadata=bob.auth)
        assert got.conversation.name == secret
        # The same name again changes nothing and announces nothing.
        await _rename(msg, ann, cid, secret)
        assert not [
            i
            for i in await bob_stream.rest(1.0)
            if i.kind == "conversation_list" and i.conversation_list.change == "renamed"
        ]
    finally:
        bob_stream.close()
        ann_phone.close()

    # One event, on the topic, without the name (metadata only).
    values = await _outbox_values(cid)
    assert len(values) == 2 and not [v for v in values if secret.encode() in v or b"before" in v]

    async def published() -> bool:
        return (await _events_of(cid)).count("ConversationRenamed") == 1

    await wait_until(published, what="ConversationRenamed on messaging.conversations.v1")


async def test_only_admins_of_groups_rename_and_bad_names_are_named(api, msg):
    ann, bob, cat, out = await asyncio.gather(*(api.sign_up(p) for p in ("eann", "ebob", "ecat", "eout")))
    cid = (await _group(msg, ann, bob, cat)).conversation_id
    await _refused(_rename(msg, bob, cid, "mine now"), grpc.StatusCode.PERMISSION_DENIED)
    await _refused(_rename(msg, out, cid, "mine now"), grpc.StatusCode.NOT_FOUND, "conversation_id")
    await msg.LeaveConversation(M.LeaveConversationRequest(conversation_id=cid), metadata=cat.auth)
    await _refused(_rename(msg, cat, cid, "mine now"), grpc.StatusCode.NOT_FOUND, "conversation_id")
    await _refused(_rename(msg, out, str(uuid.uuid4()), "x"), grpc.StatusCode.NOT_FOUND, "conversation_id")
    for name in ("", "   ", "x" * 101):
        await _refused(_rename(msg, ann, cid, name), grpc.StatusCode.INVALID_ARGUMENT, "name")
    await _refused(_rename(msg, ann, "nope", "x"), grpc.StatusCode.INVALID_ARGUMENT, "conversation_id")
    # An admin made by SetAdmin may rename it.
    await msg.SetAdmin(M.SetAdminRequest(conversation_id=cid, user_id=bob.user_id, admin=True), metadata=ann.auth)
    assert (await _rename(msg, bob, cid, "bob's now")).name == "bob's now"

    direct = (await _direct(msg, ann, out)).conversation_id
    await _refused(_rename(msg, ann, direct, "us"), grpc.StatusCode.FAILED_PRECONDITION, "conversation_id")

    community = await _community(api, ann, C.VISIBILITY_PUBLIC)
    await wait_until(lambda: _mirrored_member(community, ann.user_id), what="the owner in messaging's mirror")
    room = (
        await msg.CreateRoom(M.CreateRoomRequest(community_id=community, name="lobby"), metadata=ann.auth)
    ).conversation.conversation_id
    await _refused(_rename(msg, ann, room, "hall"), grpc.StatusCode.FAILED_PRECONDITION, "conversation_id")
