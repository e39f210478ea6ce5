"""The erased-author column, end to end: someone who did everything (profile and interests,
posts with a hashtag and a mention, comments with and without replies, reactions, follows both
ways, a friendship, a block, a community they own with an admin, membership and an RSVP
elsewhere, a badge, messages in a group and a direct conversation with a mention, a reaction, an
edit, a read position and a messaging setting) is erased through identity (EraseAccountNow, as the eraser does after the
grace period). Then no RPC finds them, what others made is intact with its counters exact,
ownership has passed on, and no store holds their id: every PostgreSQL table of identity,
communities, content and messaging, every Neo4j node and relationship, every Redis key, member and field,
apart from each service's tombstone list of erased users."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith.messaging.v1 import messaging_pb2 as M
from kith.messaging.v1 import messaging_pb2_grpc
from kith_feed.adapters.keys import ERASED_USERS, ERASURE_RECHECKS
from kith_platform.events import timestamp
from kith_platform.testing import wait_until
from tests.integration.endpoints import NEO4J_URI, REDIS_CLUSTER, REDIS_URL, SERVICE_ADDRESSES
from tests.integration.test_content import add_member, befriend, community
from tests.integration.traces import neo4j_traces, postgres_traces
from tests.integration.traces_redis import redis_traces

DATABASES = {
    name: f"postgresql://postgres@127.0.0.1:15432/{name}"
    for name in ("identity", "communities", "content", "messaging")
}


async def _not_found(call) -> bool:
    try:
        await call
    except grpc.aio.AioRpcError as exc:
        assert exc.code() == grpc.StatusCode.NOT_FOUND, exc.details()
        return True
    return False


async def _traces(user_id: str) -> list[str]:
    found = []
    for name, dsn in DATABASES.items():
        found += [f"postgres {name}: {t}" for t in await postgres_traces(dsn, user_id)]
    found += [f"neo4j: {t}" for t in await neo4j_traces(NEO4J_URI, user_id)]
    found += [
        f"redis: {t}"
        for t in await redis_traces(REDIS_URL, user_id, [ERASED_USERS, ERASURE_RECHECKS], cluster=REDIS_CLUSTER)
    ]
    return found


@pytest.fixture
async def internal_identity():
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        yield identity_pb2_grpc.IdentityInternalServiceStub(channel)


async def _message(msg, gone, ana, ben) -> None:
    """The person's messaging: a group they made, a direct conversation, a mention, a reaction,
    an edit, a read position, a setting."""
    group = (
        await msg.CreateGroup(
            M.CreateGroupRequest(name="gone's group", member_ids=[ana.user_id, ben.user_id]), metadata=gone.auth
        )
    ).conversation.conversation_id
    said = (
        await msg.SendMessage(M.SendMessageRequest(conversation_id=group, text=f"hi @{ana.handle}"), metadata=gone.auth)
    ).message
    await msg.EditMessage(
        M.EditMessageRequest(message_id=said.message_id, text=f"hello @{ana.handle}"), metadata=gone.auth
    )
    answer = (
        await msg.SendMessage(
            M.SendMessageRequest(conversation_id=group, text=f"hi @{gone.handle}", reply_to_message_id=said.message_id),
            metadata=ana.auth,
        )
    ).message
    await msg.React(M.ReactRequest(message_id=answer.message_id, emoji="👍"), metadata=gone.auth)
    await msg.MarkRead(M.MarkReadRequest(conversation_id=group), metadata=gone.auth)
    direct = (
        await msg.GetOrCreateDirectConversation(
            M.GetOrCreateDirectConversationRequest(user_id=ana.user_id), metadata=gone.auth
        )
    ).conversation.conversation_id
    await msg.SendMessage(
        M.SendMessageRequest(conversation_id=direct, text="just us", client_id="c1"), metadata=gone.auth
    )
    await msg.UpdateMessagingSettings(M.UpdateMessagingSettingsRequest(read_receipts=False), metadata=gone.auth)


async def test_an_erased_person_leaves_no_trace_anywhere(api, internal_identity, gateway_channel):
    gone, ana, ben, cat = [await api.sign_up(n) for n in ("gone", "ana", "ben", "cat")]
    tag = f"bye{uuid.uuid4().hex[:10]}"
    await api.identity.UpdateProfile(
        I.UpdateProfileRequest(bio="about me", interests=I.Interests(topics=["hiking", "chess"])), metadata=gone.auth
    )
    # Relationships: follows both ways, a friendship, a block.
    await api.follow(gone, ana)
    await api.follow(ana, gone)
    await befriend(api, gone, ben)
    await api.graph.Block(G.BlockRequest(user_id=cat.user_id), metadata=gone.auth)
    # A community they own, with ana as admin and ben as a member; they also join ana's.
    theirs = await community(api, gone, C.VISIBILITY_PUBLIC)
    for member in (ana, ben):
        await add_member(api, gone, theirs, member)
    await api.communities.ChangeMemberRole(
        C.ChangeMemberRoleRequest(community_id=theirs, user_id=ana.user_id, role=C.ROLE_ADMIN), metadata=gone.auth
    )
    anas = await community(api, ana, C.VISIBILITY_PUBLIC)
    await add_member(api, ana, anas, gone)
    starts = datetime.now(UTC) + timedelta(days=3)
    event = (
        await api.communities.CreateEvent(
            C.CreateEventRequest(
                community_id=anas,
                title="Meet-up",
                starts_at=timestamp(starts),
                ends_at=timestamp(starts + timedelta(hours=2)),
                time_zone="UTC",
                place="the park",
            ),
            metadata=ana.auth,
        )
    ).event
    await api.communities.Rsvp(C.RsvpRequest(event_id=event.event_id, status=C.RSVP_STATUS_GOING), metadata=gone.auth)
    await _message(messaging_pb2_grpc.MessagingServiceStub(gateway_channel), gone, ana, ben)
    # Content: their posts (one in their community: a first-post badge), comments with and
    # without replies on ana's post, reactions.
    theirs_post = (
        await api.content.CreatePost(P.CreatePostRequest(text=f"hello @{ana.handle} #{tag}"), metadata=gone.auth)
    ).post.post_id
    await api.content.CreatePost(P.CreatePostRequest(text="in my club", community_id=theirs), metadata=gone.auth)
    anas_post = (
        await api.content.CreatePost(P.CreatePostRequest(text="what do you think?"), metadata=ana.auth)
    ).post.post_id
    lone = (
        await api.content.AddComment(P.AddCommentRequest(post_id=anas_post, text="first!"), metadata=gone.auth)
    ).comment.comment_id
    answered = (
        await api.content.AddComment(P.AddCommentRequest(post_id=anas_post, text="I think so"), metadata=gone.auth)
    ).comment.comment_id
    reply = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=anas_post, parent_comment_id=answered, text="me too"), metadata=ben.auth
        )
    ).comment.comment_id
    await api.content.React(P.ReactRequest(post_id=anas_post, kind=P.REACTION_KIND_LIKE), metadata=gone.auth)
    await api.content.React(P.ReactRequest(comment_id=reply, kind=P.REACTION_KIND_LIKE), metadata=gone.auth)
    await api.content.React(P.ReactRequest(post_id=anas_post, kind=P.REACTION_KIND_LIKE), metadata=ben.auth)
    await api.content.React(P.ReactRequest(post_id=theirs_post, kind=P.REACTION_KIND_LIKE), metadata=ana.auth)

    async def settled() -> bool:  # what travels by events has arrived
        standing = await api.recognition.GetMemberStanding(
            F.GetMemberStandingRequest(community_id=theirs, user_id=gone.user_id), metadata=ana.auth
        )
        notes = (
            await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=ana.auth)
        ).notifications
        return (
            bool(standing.badges)
            and any(gone.user_id in n.actor_ids for n in notes)
            and theirs_post in await api.home_post_ids(ana)
        )

    await wait_until(settled, timeout=30, what="badge, notifications and feeds before the erasure")

    assert (await internal_identity.EraseAccountNow(I.EraseAccountNowRequest(user_id=gone.user_id))).erased

    # Nothing through the API, at once for what deactivation hides.
    assert await _not_found(api.identity.GetProfile(I.GetProfileRequest(user_id=gone.user_id), metadata=ana.auth))
    assert await _not_found(api.content.GetPost(P.GetPostRequest(post_id=theirs_post), metadata=ana.auth))
    found = await api.identity.SearchPeople(I.SearchPeopleRequest(query=gone.handle), metadata=ana.auth)
    assert gone.user_id not in {p.user_id for p in found.people}

    async def no_trace() -> list[str] | None:
        found = await _traces(gone.user_id)
        return None if found else ["clean"]

    try:
        await wait_until(no_trace, timeout=90, interval=2, what="no trace of the erased user in any store")
    except AssertionError:
        raise AssertionError(f"traces left: {await _traces(gone.user_id)}") from None

    # What others made is intact, with exact counters; ownership passed to the admin.
    post = (await api.content.GetPost(P.GetPostRequest(post_id=anas_post), metadata=ana.auth)).post
    assert {(r.kind, r.count) for r in post.reactions} == {(P.REACTION_KIND_LIKE, 1)}  # ben's
    comments = (await api.content.ListComments(P.ListCommentsRequest(post_id=anas_post), metadata=ana.auth)).comments
    by_id = {c.comment_id: c for c in comments}
    assert lone not in by_id
    assert by_id[answered].deleted and not by_id[answered].author_id and by_id[answered].reply_count == 1
    replies = (
        await api.content.ListComments(
            P.ListCommentsRequest(post_id=anas_post, parent_comment_id=answered), metadata=ana.auth
        )
    ).comments
    assert [(c.comment_id, c.author_id, sum(r.count for r in c.reactions)) for c in replies] == [
        (reply, ben.user_id, 0)
    ]
    club = (await api.communities.GetCommunity(C.GetCommunityRequest(community_id=theirs), metadata=ana.auth)).community
    assert club.viewer_role == C.ROLE_OWNER and club.member_count == 2
    members = (
        await api.communities.ListMembers(C.ListMembersRequest(community_id=anas, page_size=100), metadata=ana.auth)
    ).members
    assert gone.user_id not in {m.user_id for m in members}
    followers = (
        await api.graph.ListRelationships(
            G.ListRelationshipsRequest(list=G.RELATIONSHIP_LIST_FOLLOWERS, page_size=100), metadata=ana.auth
        )
    ).users
    assert gone.user_id not in {u.user_id for u in followers}
    notes = (
        await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=ana.auth)
    ).notifications
    assert not any(gone.user_id in n.actor_ids for n in notes)
    board = (
        await api.recognition.GetLeaderboard(F.GetLeaderboardRequest(community_id=theirs), metadata=ana.auth)
    ).entries
    assert gone.user_id not in {e.user_id for e in board}
    assert theirs_post not in await api.home_post_ids(ana)
