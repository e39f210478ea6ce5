"""Data export through the gateway: a person who posted (and edited), commented, reacted,
followed, joined a community, answered an event and set notification preferences asks for an
export, waits for it, downloads the zip as a stream of chunks and finds in it everything they
did, and nothing of another person's private data. Once a day; only the owner can read it; it
goes with the account when the account is erased."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import time
import zipfile

import asyncpg
import grpc
import pytest
from google.protobuf import timestamp_pb2

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.content.v1 import media_pb2 as MS
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith.messaging.v1 import messaging_pb2 as M
from kith_platform.testing import GatewayClient, SignedUpUser, patiently, unique_handle, wait_until
from tests.integration.endpoints import POSTGRES, SERVICE_ADDRESSES

FILES = {
    "manifest.json",
    "profile.json",
    "settings.json",
    "sessions.json",
    "posts.json",
    "comments.json",
    "reactions.json",
    "votes.json",
    "bookmarks.json",
    "drafts.json",
    "read_positions.json",
    "media.json",
    "connections.json",
    "memberships.json",
    "events.json",
    "notification_preferences.json",
    "recognition.json",
    "lists.json",
    "conversations.json",
    "messages.json",
    "message_reactions.json",
}
CHUNK = 64 * 1024


async def _ready(api: GatewayClient, user: SignedUpUser, export_id: str) -> I.DataExport:
    async def probe():
        export = (
            await api.identity.GetDataExport(
                I.GetDataExportRequest(export_id=export_id), metadata=user.auth, timeout=10
            )
        ).data_export
        assert export.status != I.DATA_EXPORT_STATUS_FAILED, export
        return export if export.status == I.DATA_EXPORT_STATUS_READY else None

    return await wait_until(probe, timeout=60, interval=0.3, what="the export to be ready")


async def _download(api: GatewayClient, user: SignedUpUser, export_id: str) -> tuple[bytes, list[int]]:
    chunks, offsets = [], []
    async for response in api.identity.DownloadDataExport(
        I.DownloadDataExportRequest(export_id=export_id), metadata=user.auth, timeout=30
    ):
        offsets.append(response.offset)
        assert len(response.chunk) <= CHUNK
        assert response.offset == sum(len(c) for c in chunks), "chunks come in order, without gaps"
        chunks.append(response.chunk)
    return b"".join(chunks), offsets


@pytest.fixture(scope="module")
async def exported(api: GatewayClient):
    """Alice's activity, her export, and what Bob (another person) did around it."""
    alice, bob = await api.sign_up("exp_a"), await api.sign_up("exp_b")
    # Posts that do not compress, enough for an archive of several chunks (5000 characters at most each).
    noise = [base64.b64encode(os.urandom(3600)).decode() for _ in range(24)]
    kw_a, kw_b = {"metadata": alice.auth, "timeout": 10}, {"metadata": bob.auth, "timeout": 10}

    await api.identity.UpdateProfile(I.UpdateProfileRequest(bio="I export my data", location="Lisbon"), **kw_a)
    await api.follow(alice, bob)
    await api.follow(bob, alice)
    original = (await api.content.CreatePost(P.CreatePostRequest(text="first draft #exporting"), **kw_a)).post
    await api.content.EditPost(P.EditPostRequest(post_id=original.post_id, text="final words #exporting"), **kw_a)
    for text in noise:
        await patiently(lambda text=text: api.content.CreatePost(P.CreatePostRequest(text=text), **kw_a))
    bobs_post = (await api.content.CreatePost(P.CreatePostRequest(text="bob says hi"), **kw_b)).post
    comment = (
        await api.content.AddComment(P.AddCommentRequest(post_id=bobs_post.post_id, text="hi bob, from alice"), **kw_a)
    ).comment
    await api.content.React(P.ReactRequest(post_id=bobs_post.post_id, kind=P.REACTION_KIND_LOVE), **kw_a)
    picture = b"\x89PNG\r\n\x1a\n not really, but an upload all the same"
    upload = (
        await api.media.BeginUpload(MS.BeginUploadRequest(size_bytes=len(picture), alt_text="my cat"), **kw_a)
    ).upload
    await api.media.UploadChunk(MS.UploadChunkRequest(upload_id=upload.upload_id, offset=0, data=picture), **kw_a)

    community = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=unique_handle("exp").replace("_", "-"),
                name="Exporters",
                purpose="testing exports",
                topics=["data"],
            ),
            **kw_b,
        )
    ).community
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=community.community_id), **kw_a)
    start = int(time.time()) + 7 * 86_400
    event = (
        await api.communities.CreateEvent(
            C.CreateEventRequest(
                community_id=community.community_id,
                title="Export meetup",
                starts_at=timestamp_pb2.Timestamp(seconds=start),
                ends_at=timestamp_pb2.Timestamp(seconds=start + 3600),
                time_zone="Europe/Lisbon",
                online_url="https://example.org/meet",
            ),
            **kw_b,
        )
    ).event
    await api.communities.Rsvp(C.RsvpRequest(event_id=event.event_id, status=C.RSVP_STATUS_GOING), **kw_a)
    await api.content.CreatePost(
        P.CreatePostRequest(text="hello exporters", community_id=community.community_id), **kw_a
    )
    await api.notifications.UpdateNotificationPreferences(
        F.UpdateNotificationPreferencesRequest(
            preferences=[F.NotificationPreference(kind=F.NOTIFICATION_KIND_REACTION, enabled=False)]
        ),
        **kw_a,
    )
    await api.graph.UpdateConnectionCare(
        G.UpdateConnectionCareRequest(user_id=bob.user_id, note="alice's own note about bob", reach_out_every_days=14),
        **kw_a,
    )
    await api.graph.UpdateConnectionCare(
        G.UpdateConnectionCareRequest(user_id=alice.user_id, note="bob's private note about alice"), **kw_b
    )

    chat = (
        await api.messaging.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=bob.user_id), **kw_a
        )
    ).conversation
    said = (
        await api.messaging.SendMessage(
            M.SendMessageRequest(conversation_id=chat.conversation_id, text="hello bob, privately"), **kw_a
        )
    ).message
    await api.messaging.EditMessage(M.EditMessageRequest(message_id=said.message_id, text="hello bob, edited"), **kw_a)
    reply = (
        await api.messaging.SendMessage(
            M.SendMessageRequest(conversation_id=chat.conversation_id, text="bob's private reply"), **kw_b
        )
    ).message
    await api.messaging.React(M.ReactRequest(message_id=reply.message_id, emoji="👍"), **kw_a)
    await api.messaging.UpdateMessagingSettings(M.UpdateMessagingSettingsRequest(read_receipts=False), **kw_a)

    # The feed worker credits the community post from its event: wait for the points.
    async def credited():
        standing = await api.recognition.GetMemberStanding(
            F.GetMemberStandingRequest(community_id=community.community_id, user_id=alice.user_id), **kw_a
        )
        return standing.score_all_time > 0

    await wait_until(credited, timeout=30, what="the feed worker to credit alice's community post")

    requested = (await api.identity.RequestDataExport(I.RequestDataExportRequest(), **kw_a)).data_export
    ready = await _ready(api, alice, requested.export_id)
    archive, offsets = await _download(api, alice, requested.export_id)
    return {
        "alice": alice,
        "bob": bob,
        "requested": requested,
        "ready": ready,
        "archive": archive,
        "offsets": offsets,
        "original": original,
        "bobs_post": bobs_post,
        "comment": comment,
        "upload": upload,
        "community": community,
        "event": event,
        "chat": chat,
        "said": said,
        "reply": reply,
    }


def _files(archive: bytes) -> dict[str, dict]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None
        return {name: json.loads(z.read(name)) for name in z.namelist()}


async def test_an_export_is_asked_for_built_and_described(exported):
    requested, ready = exported["requested"], exported["ready"]
    assert requested.status == I.DATA_EXPORT_STATUS_PENDING and requested.export_id == ready.export_id
    assert ready.size_bytes == len(exported["archive"])
    assert ready.sha256 == hashlib.sha256(exported["archive"]).hexdigest()
    assert ready.ready_at.seconds >= requested.requested_at.seconds
    assert ready.expires_at.seconds - ready.ready_at.seconds == 7 * 86_400
    assert ready.next_request_allowed_at.seconds - ready.requested_at.seconds == 86_400


async def test_the_download_is_a_stream_of_64_kib_chunks(exported):
    assert len(exported["offsets"]) >= 2, "a multi-chunk archive (big posts)"
    assert exported["offsets"] == [i * CHUNK for i in range(len(exported["offsets"]))]


async def test_the_archive_holds_every_file_with_what_the_person_did(exported):
    files = _files(exported["archive"])
    alice, bob = exported["alice"], exported["bob"]
    assert set(files) == FILES
    manifest = files["manifest.json"]
    assert manifest["user_id"] == alice.user_id and manifest["export_id"] == exported["requested"].export_id
    assert {f["name"] for f in manifest["files"]} == FILES - {"manifest.json"}

    assert files["profile.json"]["profile"]["handle"] == alice.handle
    assert files["profile.json"]["profile"]["bio"] == "I export my data"
    assert files["settings.json"]["settings"]["email"] == f"{alice.handle}@example.org"
    sessions = files["sessions.json"]["sessions"]
    assert sessions and all(set(s) >= {"session_id", "created_at", "expires_at"} for s in sessions)
    assert alice.refresh_token not in json.dumps(files) and alice.access_token not in json.dumps(files)

    posts = {p["post_id"]: p for p in files["posts.json"]["posts"]}
    edited = posts[exported["original"].post_id]
    assert edited["text"] == "final words #exporting" and edited["hashtags"] == ["exporting"]
    assert [e["text"] for e in edited["edits"]] == ["first draft #exporting"]
    assert any(p["community_id"] == exported["community"].community_id for p in posts.values())
    assert exported["bobs_post"].post_id not in posts  # only her own posts

    (comment,) = files["comments.json"]["comments"]
    assert comment["comment_id"] == exported["comment"].comment_id and comment["text"] == "hi bob, from alice"
    (upload,) = files["media.json"]["media"]
    assert (upload["media_id"], upload["alt_text"], upload["status"]) == (
        exported["upload"].upload_id,
        "my cat",
        "receiving",
    )
    (reaction,) = files["reactions.json"]["reactions"]
    assert (reaction["target"], reaction["target_id"], reaction["kind"]) == (
        "post",
        exported["bobs_post"].post_id,
        "love",
    )

    connections = files["connections.json"]
    assert [f["user_id"] for f in connections["following"]] == [bob.user_id]
    assert [f["user_id"] for f in connections["followers"]] == [bob.user_id]
    (care,) = connections["notes_and_cadences"]
    assert (care["user_id"], care["note"], care["reach_out_every_days"]) == (
        bob.user_id,
        "alice's own note about bob",
        14,
    )

    (membership,) = files["memberships.json"]["memberships"]
    assert (membership["community_id"], membership["role"]) == (exported["community"].community_id, "member")
    (rsvp,) = files["events.json"]["rsvps"]
    assert (rsvp["event_id"], rsvp["status"], rsvp["title"]) == (exported["event"].event_id, "going", "Export meetup")

    preferences = files["notification_preferences.json"]["preferences"]
    assert preferences["reaction"] is False and preferences["mention"] is True
    (standing,) = files["recognition.json"]["communities"]
    assert standing["community_id"] == exported["community"].community_id
    assert standing["points"]["all_time"] > 0

    conversations = files["conversations.json"]
    assert conversations["settings"]["read_receipts"] is False
    (chat,) = conversations["conversations"]
    assert (chat["conversation_id"], chat["kind"], chat["with_user_id"], chat["state"]) == (
        exported["chat"].conversation_id,
        "direct",
        bob.user_id,
        "active",
    )
    (message,) = files["messages.json"]["messages"]  # only her own
    assert (message["message_id"], message["text"], message["status"]) == (
        exported["said"].message_id,
        "hello bob, edited",
        "sent",
    )
    assert [e["text"] for e in message["edits"]] == ["hello bob, privately"]
    (reacted,) = files["message_reactions.json"]["reactions"]
    assert (reacted["message_id"], reacted["emoji"]) == (exported["reply"].message_id, "👍")


async def test_nothing_of_another_persons_private_data_is_in_it(exported):
    text = exported["archive"]
    everything = json.dumps(_files(text))
    assert "bob's private note about alice" not in everything
    assert "bob's private reply" not in everything  # his messages are his
    assert f"{exported['bob'].handle}@example.org" not in everything  # nobody else's email


async def test_a_second_request_the_same_day_is_refused_naming_when(api, exported):
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.identity.RequestDataExport(I.RequestDataExportRequest(), metadata=exported["alice"].auth, timeout=10)
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    allowed = exported["requested"].next_request_allowed_at.ToDatetime().strftime("%Y-%m-%dT%H:%M:%S")
    assert allowed in info.value.details()


async def test_another_person_cannot_read_or_download_it(api, exported):
    bob, export_id = exported["bob"], exported["requested"].export_id
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.identity.GetDataExport(I.GetDataExportRequest(export_id=export_id), metadata=bob.auth, timeout=10)
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await _download(api, bob, export_id)
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as info:  # no token: refused at the gateway
        async for _ in api.identity.DownloadDataExport(I.DownloadDataExportRequest(export_id=export_id), timeout=10):
            pass
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_the_latest_export_is_found_without_its_id(api, exported):
    latest = (
        await api.identity.GetDataExport(I.GetDataExportRequest(), metadata=exported["alice"].auth, timeout=10)
    ).data_export
    assert latest.export_id == exported["requested"].export_id


async def test_an_erased_account_takes_its_exports_with_it(api):
    carol = await api.sign_up("exp_c")
    requested = (
        await api.identity.RequestDataExport(I.RequestDataExportRequest(), metadata=carol.auth, timeout=10)
    ).data_export
    await _ready(api, carol, requested.export_id)
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        erased = await identity_pb2_grpc.IdentityInternalServiceStub(channel).EraseAccountNow(
            I.EraseAccountNowRequest(user_id=carol.user_id), timeout=10
        )
    assert erased.erased
    conn = await asyncpg.connect(f"{POSTGRES}/identity")
    try:
        assert await conn.fetchval("SELECT count(*) FROM data_exports WHERE user_id = $1::uuid", carol.user_id) == 0
    finally:
        await conn.close()
