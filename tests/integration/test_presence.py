"""Presence through the gateway: a friend sees someone come online and, when their last stream
closes, when they were last seen (GetPresence and `presence` items on the live stream); nobody
else does (not a friend, across a block, someone who hides it, and then they see nobody's
either); bad input is named; the live edge's notice RPC is not public."""

from __future__ import annotations

import asyncio
import uuid

import grpc

from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.messaging.v1 import messaging_pb2 as M
from kith.messaging.v1 import messaging_pb2_grpc
from kith_platform.testing import SignedUpUser, wait_until
from tests.integration.test_messaging import _mirrored_friends, _refused
from tests.integration.test_messaging_live import QUIET, Stream, _streams


async def _befriend(api, a: SignedUpUser, b: SignedUpUser) -> None:
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=b.user_id), metadata=a.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=a.user_id), metadata=b.auth)
    await wait_until(lambda: _mirrored_friends(a.user_id, b.user_id), what="the friendship in messaging's mirror")


async def _presence(msg, viewer: SignedUpUser, *people: SignedUpUser) -> dict[str, M.PersonPresence]:
    answer = await msg.GetPresence(M.GetPresenceRequest(user_ids=[p.user_id for p in people]), metadata=viewer.auth)
    return {p.user_id: p for p in answer.presences}


async def _presence_items(stream: Stream, quiet: float = QUIET) -> list:
    return [i.presence for i in await stream.rest(quiet) if i.kind == "presence"]


async def _hide(msg, user: SignedUpUser, hide: bool) -> M.MessagingSettings:
    return (
        await msg.UpdateMessagingSettings(M.UpdateMessagingSettingsRequest(hide_presence=hide), metadata=user.auth)
    ).settings


async def test_a_friend_sees_someone_come_online_then_when_they_were_last_seen(api, msg, live):
    ann, bob, out = await asyncio.gather(api.sign_up("pann"), api.sign_up("pbob"), api.sign_up("pout"))
    await _befriend(api, ann, bob)
    assert await _presence(msg, bob, ann) == {}  # never connected: nothing to show
    bob_stream, out_stream = await _streams(live, bob, out)
    try:
        (ann_stream,) = await _streams(live, ann)
        online = await bob_stream.next_of("presence")
        assert (online.presence.user_id, online.presence.online, online.cursor) == (ann.user_id, True, "")
        assert not online.presence.HasField("last_seen")
        now = await _presence(msg, bob, ann, out)
        assert list(now) == [ann.user_id] and now[ann.user_id].online

        ann_stream.close()
        offline = await bob_stream.next_of("presence")
        assert (offline.presence.user_id, offline.presence.online) == (ann.user_id, False)
        assert offline.presence.HasField("last_seen")
        seen = (await _presence(msg, bob, ann))[ann.user_id]
        assert not seen.online and seen.last_seen == offline.presence.last_seen

        # Someone who is not a friend hears nothing and is answered nothing.
        assert await _presence_items(out_stream, 0.2) == []
        assert await _presence(msg, out, ann, bob) == {}
    finally:
        bob_stream.close()
        out_stream.close()


async def test_hidden_presence_shows_to_nobody_and_hides_everyones_from_them(api, msg, live):
    ann, bob = await asyncio.gather(api.sign_up("hann"), api.sign_up("hbob"))
    await _befriend(api, ann, bob)
    assert (
        await msg.GetMessagingSettings(M.GetMessagingSettingsRequest(), metadata=ann.auth)
    ).settings.hide_presence is False
    settings = await _hide(msg, ann, True)
    assert (settings.hide_presence, settings.who_may_message, settings.read_receipts) == (
        True,
        M.WHO_MAY_MESSAGE_EVERYONE,
        True,
    )  # the other settings unchanged
    (bob_stream,) = await _streams(live, bob)
    try:
        (ann_stream,) = await _streams(live, ann)
        ann_stream.close()
        assert await _presence_items(bob_stream, 1.0) == []
        assert await _presence(msg, bob, ann) == {}
        assert await _presence(msg, ann, bob) == {}  # bob is online, but ann hides hers: both ways
        assert (
            await msg.GetMessagingSettings(M.GetMessagingSettingsRequest(), metadata=ann.auth)
        ).settings.hide_presence is True

        # Shown again: online friends see each other again.
        await _hide(msg, ann, False)
        assert (await _presence(msg, ann, bob))[bob.user_id].online
        assert not (await _presence(msg, bob, ann))[ann.user_id].online  # last seen after that stream
    finally:
        bob_stream.close()


async def test_a_blocked_friend_sees_nothing_either_way(api, msg, live):
    ann, bob = await asyncio.gather(api.sign_up("kann"), api.sign_up("kbob"))
    await _befriend(api, ann, bob)
    await api.graph.Block(G.BlockRequest(user_id=ann.user_id), metadata=bob.auth)
    # The block holds when its call returns (the mirror push): no waiting.
    (bob_stream,) = await _streams(live, bob)
    try:
        (ann_stream,) = await _streams(live, ann)
        try:
            assert await _presence(msg, bob, ann) == {}
            assert await _presence(msg, ann, bob) == {}
            assert await _presence_items(bob_stream, 1.0) == []
            assert await _presence_items(ann_stream, 0.1) == []
        finally:
            ann_stream.close()
    finally:
        bob_stream.close()


async def test_a_deactivated_friend_shows_no_presence(api, msg, live):
    ann, bob = await asyncio.gather(api.sign_up("dann"), api.sign_up("dbob"))
    await _befriend(api, ann, bob)
    (ann_stream,) = await _streams(live, ann)
    try:
        assert set(await _presence(msg, bob, ann)) == {ann.user_id}  # seen while they may be
        await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=ann.password), metadata=ann.auth)
        assert await _presence(msg, bob, ann) == {}  # when the call returns (the mirror push)
    finally:
        ann_stream.close()


async def test_bad_input_is_named_and_the_notice_rpc_is_not_public(api, msg, gateway_channel):
    ann = await api.sign_up("iann")
    for user_ids in ([], ["not-an-id"], [str(uuid.uuid4()) for _ in range(101)]):
        await _refused(
            msg.GetPresence(M.GetPresenceRequest(user_ids=user_ids), metadata=ann.auth),
            grpc.StatusCode.INVALID_ARGUMENT,
            "user_ids",
        )
    # An unknown id is answered like anyone whose presence may not be seen: nothing.
    assert (
        await msg.GetPresence(M.GetPresenceRequest(user_ids=[str(uuid.uuid4())]), metadata=ann.auth)
    ).presences == []
    internal = messaging_pb2_grpc.MessagingInternalServiceStub(gateway_channel)
    await _refused(
        internal.PresenceChanged(M.PresenceChangedRequest(user_ids=[ann.user_id]), metadata=ann.auth),
        grpc.StatusCode.UNIMPLEMENTED,
    )
