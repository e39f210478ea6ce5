"""Erasure in the communities service: on identity's UserErased (published here by the test, as
identity does after UserDeactivated) ownership passes on, counts stay exact, a freed seat goes to
the waitlist, and nothing in the communities database names the person but the tombstone."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from kith.common.v1 import mirrors_pb2, mirrors_pb2_grpc
from kith.communities.v1 import communities_pb2 as C
from kith.graph.v1 import events_pb2 as graph_events
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import identity_pb2 as I
from kith_platform.events import GRAPH_RELATIONSHIPS, IDENTITY_USERS, make_event
from kith_platform.kafka import create_producer
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA, POSTGRES, SERVICE_ADDRESSES
from tests.integration.traces import postgres_traces

COMMUNITIES_DSN = f"{POSTGRES}/communities"
TOMBSTONES = ("erased_users",)


def _ts(at: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(at)
    return ts


async def _create(api, owner, visibility=C.VISIBILITY_PUBLIC) -> str:
    response = await api.communities.CreateCommunity(
        C.CreateCommunityRequest(
            slug=f"e-{uuid.uuid4().hex[:12]}", name="Erasure Circle", topics=["erasure"], visibility=visibility
        ),
        metadata=owner.auth,
    )
    return response.community.community_id


async def _join(api, user, cid) -> None:
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=user.auth)


async def _role(api, actor, cid, user, role) -> None:
    await api.communities.ChangeMemberRole(
        C.ChangeMemberRoleRequest(community_id=cid, user_id=user.user_id, role=role), metadata=actor.auth
    )


async def _publish(topic: str, key: str, payload) -> None:
    event = make_event(topic=topic, aggregate_id=key, producer="tests", payload=payload)
    producer = create_producer(KAFKA, client_id="test-erasure-communities")
    await producer.start()
    try:
        await producer.send_and_wait(topic, event.value, key=key.encode())
    finally:
        await producer.stop()


async def _apply_directly(topic: str, key: str, payload) -> None:
    """Through communities' MirrorService: applied by the same consumers, answered once applied."""
    event = make_event(topic=topic, aggregate_id=key, producer="tests", payload=payload)
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["communities"]) as channel:
        await mirrors_pb2_grpc.MirrorServiceStub(channel).ApplyEvents(
            mirrors_pb2.ApplyEventsRequest(events=[mirrors_pb2.MirroredEvent(topic=topic, envelope=event.value)]),
            timeout=10,
        )


async def _db(query: str, *args):
    conn = await asyncpg.connect(COMMUNITIES_DSN)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def _counts_are_exact(cids: list[str]) -> bool:
    rows = await _db(
        "SELECT c.id, c.member_count, (SELECT count(*) FROM memberships m WHERE m.community_id = c.id) AS n "
        "FROM communities c WHERE c.id = ANY($1::uuid[])",
        [uuid.UUID(c) for c in cids],
    )
    return len(rows) == len(cids) and all(r["member_count"] == r["n"] for r in rows)


async def test_erasing_a_member_passes_ownership_on_frees_their_seat_and_leaves_no_trace(api):
    leaver, admin, mod, member, other_owner, waiting, invitee, blocker = [
        await api.sign_up(n) for n in ("leaver", "admin", "mod", "member", "owner2", "waiting", "invitee", "blocker")
    ]

    # A: owned by the leaver, with an admin, a moderator and a member; an invitation, an invite
    # link, an event and moderation log entries by the leaver.
    owned = await _create(api, leaver)
    for user in (mod, admin, member):  # the moderator joined first: seniority is per role
        await _join(api, user, owned)
    await _role(api, leaver, owned, admin, C.ROLE_ADMIN)
    await _role(api, leaver, owned, mod, C.ROLE_MODERATOR)
    await api.communities.InviteUser(
        C.InviteUserRequest(community_id=owned, user_id=invitee.user_id), metadata=leaver.auth
    )
    await api.communities.CreateInviteLink(C.CreateInviteLinkRequest(community_id=owned), metadata=leaver.auth)
    start = datetime.now(UTC) + timedelta(days=2)
    organised = (
        await api.communities.CreateEvent(
            C.CreateEventRequest(
                community_id=owned,
                title="Leaver's meetup",
                starts_at=_ts(start),
                ends_at=_ts(start + timedelta(hours=2)),
                time_zone="Europe/Lisbon",
                place="Library",
            ),
            metadata=leaver.auth,
        )
    ).event.event_id

    # B: someone else's private community, with membership questions: the leaver asked to join
    # (with an answer) and was invited.
    private = await _create(api, other_owner, C.VISIBILITY_PRIVATE)
    await api.communities.UpdateCommunity(
        C.UpdateCommunityRequest(
            community_id=private, membership_questions=C.MembershipQuestions(questions=["Why join?"])
        ),
        metadata=other_owner.auth,
    )
    await api.communities.RequestToJoin(
        C.RequestToJoinRequest(community_id=private, answers=["I like it"]), metadata=leaver.auth
    )
    await api.communities.InviteUser(
        C.InviteUserRequest(community_id=private, user_id=leaver.user_id), metadata=other_owner.auth
    )

    # C: a member of someone else's community: going to its full event (someone waits), filed a
    # report, was reported and warned. D: banned there.
    joined = await _create(api, other_owner)
    for user in (leaver, waiting):
        await _join(api, user, joined)
    event = (
        await api.communities.CreateEvent(
            C.CreateEventRequest(
                community_id=joined,
                title="Full house",
                starts_at=_ts(start),
                ends_at=_ts(start + timedelta(hours=2)),
                time_zone="Europe/Lisbon",
                place="Hall",
                capacity=1,
            ),
            metadata=other_owner.auth,
        )
    ).event.event_id
    assert (
        await api.communities.Rsvp(C.RsvpRequest(event_id=event, status=C.RSVP_STATUS_GOING), metadata=leaver.auth)
    ).status == C.RSVP_STATUS_GOING
    assert (
        await api.communities.Rsvp(C.RsvpRequest(event_id=event, status=C.RSVP_STATUS_GOING), metadata=waiting.auth)
    ).status == C.RSVP_STATUS_WAITLISTED
    filed = (
        await api.communities.Report(
            C.ReportRequest(
                community_id=joined, target=C.REPORT_TARGET_POST, target_id=str(uuid.uuid4()), reason="spam"
            ),
            metadata=leaver.auth,
        )
    ).report_id
    about = (
        await api.communities.Report(
            C.ReportRequest(
                community_id=joined, target=C.REPORT_TARGET_MEMBER, target_id=leaver.user_id, reason="rude"
            ),
            metadata=waiting.auth,
        )
    ).report_id
    await api.communities.ResolveReport(
        C.ResolveReportRequest(community_id=joined, report_id=about, action=C.REPORT_ACTION_WARN, note="be kind"),
        metadata=other_owner.auth,
    )
    banned_from = await _create(api, other_owner)
    await api.communities.BanMember(
        C.BanMemberRequest(community_id=banned_from, user_id=leaver.user_id, reason="trolling"),
        metadata=other_owner.auth,
    )
    await api.graph.Block(G.BlockRequest(user_id=leaver.user_id), metadata=blocker.auth)

    touched = [owned, private, joined, banned_from]
    assert await postgres_traces(COMMUNITIES_DSN, leaver.user_id, TOMBSTONES)  # the scan sees them

    # As identity does: deactivated first, then UserErased.
    await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=leaver.password), metadata=leaver.auth)
    await _publish(
        IDENTITY_USERS,
        leaver.user_id,
        identity_events.UserErased(user_id=leaver.user_id, erased_at=_ts(datetime.now(UTC))),
    )

    async def ownership_passed():
        got = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=owned), metadata=admin.auth)
        return got.community.viewer_role == C.ROLE_OWNER and got.community

    community = await wait_until(ownership_passed, timeout=30, what="the admin owning the community")
    assert community.member_count == 3 and community.archived_at.seconds == 0
    mod_view = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=owned), metadata=mod.auth)
    assert mod_view.community.viewer_role == C.ROLE_MODERATOR
    members = await api.communities.ListMembers(C.ListMembersRequest(community_id=owned), metadata=admin.auth)
    assert {(m.user_id, m.role) for m in members.members} == {
        (admin.user_id, C.ROLE_OWNER),
        (mod.user_id, C.ROLE_MODERATOR),
        (member.user_id, C.ROLE_MEMBER),
    }
    assert (
        await api.communities.GetCommunity(C.GetCommunityRequest(community_id=joined), metadata=waiting.auth)
    ).community.member_count == 2
    assert await _counts_are_exact(touched)

    # The freed seat went to the person waiting; the event the leaver organised stays, the new owner's.
    seat = (await api.communities.GetEvent(C.GetEventRequest(event_id=event), metadata=waiting.auth)).event
    assert (seat.viewer_status, seat.going, seat.waitlisted) == (C.RSVP_STATUS_GOING, 1, 0)
    kept = await _db("SELECT created_by FROM community_events WHERE id = $1", uuid.UUID(organised))
    assert str(kept[0]["created_by"]) == admin.user_id
    queue = await api.communities.ListReports(C.ListReportsRequest(community_id=joined), metadata=other_owner.auth)
    assert filed not in [r.report_id for r in queue.reports]
    log = await api.communities.ListModerationLog(
        C.ListModerationLogRequest(community_id=joined), metadata=other_owner.auth
    )
    assert "resolve report: warn" in [e.action for e in log.entries]  # the entry stays, without the id
    assert all(leaver.user_id not in (e.actor_id, e.target_user_id, e.details) for e in log.entries)

    # Nothing names them but the tombstone, once the outbox rows Kafka has are gone.
    await _no_trace_left(leaver.user_id)
    assert await _db("SELECT 1 FROM erased_users WHERE user_id = $1", uuid.UUID(leaver.user_id))

    # A redelivery changes nothing; late events naming them bring nothing back.
    await _apply_directly(IDENTITY_USERS, leaver.user_id, identity_events.UserErased(user_id=leaver.user_id))
    await _apply_directly(
        IDENTITY_USERS,
        leaver.user_id,
        identity_events.UserReactivated(user_id=leaver.user_id, reactivated_at=_ts(datetime.now(UTC))),
    )
    await _apply_directly(
        GRAPH_RELATIONSHIPS,
        blocker.user_id,
        graph_events.UserBlocked(
            blocker_id=blocker.user_id, blocked_id=leaver.user_id, blocked_at=_ts(datetime.now(UTC))
        ),
    )
    assert await postgres_traces(COMMUNITIES_DSN, leaver.user_id, TOMBSTONES) == []
    assert (await ownership_passed()).member_count == 3 and await _counts_are_exact(touched)


async def test_a_community_nobody_else_belongs_to_is_archived_without_an_owner(api):
    loner, visitor = await api.sign_up("loner"), await api.sign_up("visitor")
    cid = await _create(api, loner)
    await _publish(IDENTITY_USERS, loner.user_id, identity_events.UserErased(user_id=loner.user_id))

    async def archived():
        got = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=cid), metadata=visitor.auth)
        return got.community.archived_at.seconds > 0 and got.community

    community = await wait_until(archived, timeout=30, what="the ownerless community archived")
    assert community.member_count == 0
    owner = await _db("SELECT owner_id FROM communities WHERE id = $1", uuid.UUID(cid))
    assert owner[0]["owner_id"] is None
    code = None
    try:
        await _join(api, visitor, cid)
    except grpc.aio.AioRpcError as exc:
        code = exc.code()
    assert code == grpc.StatusCode.FAILED_PRECONDITION  # archived: read-only
    await _no_trace_left(loner.user_id)


async def _no_trace_left(user_id: str, timeout: float = 40.0) -> None:
    """Wait until the communities database holds no trace of the user outside the tombstone
    list (outbox rows still unsent at the erasure go on a later pass); fail naming what is left."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (
        found := await postgres_traces(COMMUNITIES_DSN, user_id, TOMBSTONES)
    ) and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(1.0)
    assert found == [], found
