"""Issue 15 through the gateway: invite links spent only by joins, CommunityUpdated reaching
the graph and the feed, membership questions, reminders for people going (and maybes who
asked), and comments from non-members in public communities."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from aiokafka import AIOKafkaConsumer
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp

from kith.communities.v1 import communities_pb2 as C
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2
from kith_feed.adapters.keys import community_meta_key
from kith_platform.events import COMMUNITIES_COMMUNITIES, parse_envelope, unpack_payload
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA, services_redis
from tests.integration.feed_stream import topic_partitions


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


async def create(api, owner, visibility=C.VISIBILITY_PUBLIC, **fields) -> C.Community:
    fields.setdefault("name", "Issue Fifteen")
    return (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(slug=f"c-{uuid.uuid4().hex[:12]}", visibility=visibility, **fields),
            metadata=owner.auth,
        )
    ).community


async def single_use_link(api, owner, cid: str) -> str:
    return (
        await api.communities.CreateInviteLink(
            C.CreateInviteLinkRequest(community_id=cid, expires_in=Duration(seconds=3600), max_uses=1),
            metadata=owner.auth,
        )
    ).token


async def join_by_link(api, user, token: str) -> C.JoinByInviteLinkResponse:
    return await api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=token), metadata=user.auth)


async def update(api, user, cid: str, **fields) -> C.Community:
    return (
        await api.communities.UpdateCommunity(C.UpdateCommunityRequest(community_id=cid, **fields), metadata=user.auth)
    ).community


async def make_moderator(api, owner, cid: str, user) -> None:
    await join_by_link(api, user, await single_use_link(api, owner, cid))
    await api.communities.ChangeMemberRole(
        C.ChangeMemberRoleRequest(community_id=cid, user_id=user.user_id, role=C.ROLE_MODERATOR), metadata=owner.auth
    )


# 4. Invite links ---------------------------------------------------------------------------


async def test_a_refused_join_leaves_a_single_use_link_for_the_person_it_was_for(api):
    owner, banned, meant_for = [await api.sign_up(n) for n in ("owner", "banned", "guest")]
    cid = (await create(api, owner, C.VISIBILITY_PRIVATE)).community_id
    await api.communities.BanMember(C.BanMemberRequest(community_id=cid, user_id=banned.user_id), metadata=owner.auth)
    token = await single_use_link(api, owner, cid)
    code, details = await _fails(join_by_link(api, banned, token))
    assert code == grpc.StatusCode.PERMISSION_DENIED and "banned" in details
    # A member presenting the link joins nothing, so spends nothing either.
    assert (await join_by_link(api, owner, token)).community.viewer_role == C.ROLE_OWNER
    joined = await join_by_link(api, meant_for, token)
    assert joined.community.viewer_role == C.ROLE_MEMBER
    code, details = await _fails(join_by_link(api, await api.sign_up("late"), token))
    assert code == grpc.StatusCode.NOT_FOUND and details.startswith("token:")  # now it is used up


async def test_a_link_to_a_fully_nested_or_archived_community_is_not_spent_by_refusals(api):
    owner, outsider, meant_for = [await api.sign_up(n) for n in ("owner", "outsider", "guest")]
    parent = await create(api, owner, C.VISIBILITY_PRIVATE)
    child = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"c-{uuid.uuid4().hex[:12]}",
                name="Inner circle",
                parent_id=parent.community_id,
                nesting=C.NESTING_FULL,
            ),
            metadata=owner.auth,
        )
    ).community
    token = await single_use_link(api, owner, child.community_id)
    code, details = await _fails(join_by_link(api, outsider, token))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "parent" in details
    await join_by_link(api, meant_for, await single_use_link(api, owner, parent.community_id))
    assert (await join_by_link(api, meant_for, token)).community.viewer_role == C.ROLE_MEMBER

    archived = (await create(api, owner)).community_id
    token = await single_use_link(api, owner, archived)
    await api.communities.ArchiveCommunity(C.ArchiveCommunityRequest(community_id=archived), metadata=owner.auth)
    code, details = await _fails(join_by_link(api, outsider, token))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "archived" in details
    await api.communities.UnarchiveCommunity(C.UnarchiveCommunityRequest(community_id=archived), metadata=owner.auth)
    assert (await join_by_link(api, meant_for, token)).community.viewer_role == C.ROLE_MEMBER


# 5. CommunityUpdated -----------------------------------------------------------------------


class CommunityEvents:
    """The communities topic from its current end: what is published after `start`."""

    def __init__(self) -> None:
        self.consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, group_id=None, enable_auto_commit=False)

    async def start(self) -> None:
        await self.consumer.start()
        partitions = await topic_partitions([COMMUNITIES_COMMUNITIES])
        self.consumer.assign(partitions)
        await self.consumer.seek_to_end(*partitions)
        for tp in partitions:
            await self.consumer.position(tp)

    async def of(self, cid: str, kind, count: int) -> list:
        found: list = []
        for _ in range(60):
            for records in (await self.consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    payload = unpack_payload(parse_envelope(record.value))
                    if isinstance(payload, kind) and payload.community_id == cid:
                        found.append(payload)
            if len(found) >= count:
                return found
        raise AssertionError(f"{count} {kind.__name__} of {cid} not published (got {len(found)})")

    async def stop(self) -> None:
        await self.consumer.stop()


async def test_updates_are_published_and_reach_the_graph_and_the_feed(api):
    owner, reader = await api.sign_up("owner"), await api.sign_up("reader")
    topic = f"kites {reader.handle[-8:]}"
    community = await create(api, owner, name="Kite Makers", topics=[topic])
    cid = community.community_id
    await api.identity.UpdateProfile(
        identity_pb2.UpdateProfileRequest(interests=identity_pb2.Interests(topics=[topic])), metadata=reader.auth
    )

    async def suggested_as(name: str):
        response = await api.graph.SuggestCommunities(G.SuggestCommunitiesRequest(limit=50), metadata=reader.auth)
        return any(s.community_id == cid and s.name == name for s in response.suggestions)

    await wait_until(lambda: suggested_as("Kite Makers"), timeout=20, what="the suggestion under the old name")
    # The feed keeps the community's visibility: drop its copy to see the update restore it.
    redis = services_redis()
    try:
        await wait_until(lambda: redis.hget(community_meta_key(cid), "visibility"), what="the feed's community")
        await redis.delete(community_meta_key(cid))
        events = CommunityEvents()
        try:
            await events.start()
            await update(
                api,
                owner,
                cid,
                name="Kite Flyers",
                description="We fly them too.",
                membership_questions=C.MembershipQuestions(questions=["Ever flown one?"]),
            )
            await update(api, owner, cid, name="Kite Flyers")  # no change: nothing published
            await update(api, owner, cid, comments_from_non_members=True)
            first, second = await events.of(cid, community_events.CommunityUpdated, 2)
        finally:
            await events.stop()
        assert list(first.changed) == ["name", "description", "membership_questions"]
        assert (first.name, first.slug, list(first.topics), first.visibility) == (
            "Kite Flyers",
            community.slug,
            [topic],
            C.VISIBILITY_PUBLIC,
        )
        assert list(first.membership_questions) == ["Ever flown one?"] and first.updated_by == owner.user_id
        assert list(second.changed) == ["comments_from_non_members"] and second.comments_from_non_members
        assert second.name == "Kite Flyers"  # the whole public description, every time
        await wait_until(lambda: suggested_as("Kite Flyers"), timeout=20, what="the graph to take the new name")
        visibility = await wait_until(
            lambda: redis.hget(community_meta_key(cid), "visibility"), what="the feed worker to apply CommunityUpdated"
        )
        assert visibility in ("public", b"public")
    finally:
        await redis.aclose()


async def test_reports_are_announced_without_who_reported_or_why(api):
    owner, reporter, author = [await api.sign_up(n) for n in ("owner", "reporter", "author")]
    cid = (await create(api, owner)).community_id
    events = CommunityEvents()
    try:
        await events.start()
        report_id = (
            await api.communities.Report(
                C.ReportRequest(
                    community_id=cid, target=C.REPORT_TARGET_MEMBER, target_id=author.user_id, reason="spams everyone"
                ),
                metadata=reporter.auth,
            )
        ).report_id
        await api.communities.ResolveReport(
            C.ResolveReportRequest(community_id=cid, report_id=report_id, action=C.REPORT_ACTION_DISMISS),
            metadata=owner.auth,
        )
        [filed] = await events.of(cid, community_events.ReportFiled, 1)
        [resolved] = await events.of(cid, community_events.ReportResolved, 1)
    finally:
        await events.stop()
    assert (filed.report_id, filed.target) == (report_id, C.REPORT_TARGET_MEMBER)
    assert reporter.user_id not in str(filed) and "spams" not in str(filed)
    assert (resolved.report_id, resolved.action, resolved.resolved_by) == (
        report_id,
        C.REPORT_ACTION_DISMISS,
        owner.user_id,
    )


# 6. Membership questions -------------------------------------------------------------------


async def test_join_requests_answer_the_membership_questions(api):
    owner, mod, member, asker, outsider = [await api.sign_up(n) for n in ("owner", "mod", "member", "asker", "out")]
    cid = (await create(api, owner, C.VISIBILITY_PRIVATE)).community_id
    await make_moderator(api, owner, cid, mod)
    await join_by_link(api, member, await single_use_link(api, owner, cid))
    questions = ["Why do you want to join?", "Where do you climb?"]

    code, _ = await _fails(update(api, member, cid, membership_questions=C.MembershipQuestions(questions=questions)))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    # Moderators set the questions, but nothing else with them.
    code, _ = await _fails(
        update(
            api,
            mod,
            cid,
            name="Renamed by a moderator",
            membership_questions=C.MembershipQuestions(questions=questions),
        )
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED
    for bad in (["q?"] * 6, ["x" * 301], ["  "]):
        code, details = await _fails(update(api, mod, cid, membership_questions=C.MembershipQuestions(questions=bad)))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("membership_questions:")
    updated = await update(api, mod, cid, membership_questions=C.MembershipQuestions(questions=questions))
    assert list(updated.membership_questions) == questions

    # Anyone who may see the community sees them.
    seen = (
        await api.communities.GetCommunity(C.GetCommunityRequest(community_id=cid), metadata=outsider.auth)
    ).community
    assert list(seen.membership_questions) == questions

    for answers in ([], ["Only one answer"], ["one", "two", "three"], ["To learn", " "]):
        code, details = await _fails(
            api.communities.RequestToJoin(
                C.RequestToJoinRequest(community_id=cid, answers=answers), metadata=asker.auth
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("answers:"), answers
    assert (
        await api.communities.RequestToJoin(
            C.RequestToJoinRequest(community_id=cid, answers=["To learn", "Sintra"]), metadata=asker.auth
        )
    ).requested

    # Later changes to the questions do not change what the request answered.
    await update(api, mod, cid, membership_questions=C.MembershipQuestions(questions=["A new question?"]))
    pending = await api.communities.ListJoinRequests(C.ListJoinRequestsRequest(community_id=cid), metadata=mod.auth)
    [request] = pending.requests
    assert [(a.question, a.answer) for a in request.answered] == list(
        zip(questions, ["To learn", "Sintra"], strict=True)
    )
    assert list(request.answers) == ["To learn", "Sintra"]
    log = await api.communities.ListModerationLog(C.ListModerationLogRequest(community_id=cid), metadata=owner.auth)
    assert ("change membership questions", mod.user_id) in [(e.action, e.actor_id) for e in log.entries]


# 7. Event reminders ------------------------------------------------------------------------


async def test_reminders_go_to_people_going_and_to_maybes_who_asked(api):
    owner, going, maybe, maybe_reminded = [await api.sign_up(n) for n in ("owner", "going", "maybe", "remindme")]
    cid = (await create(api, owner)).community_id
    for user in (going, maybe, maybe_reminded):
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=user.auth)
    # Starting an hour and a few seconds from now: its reminder (an hour before) is due at once.
    start = datetime.now(UTC) + timedelta(minutes=60, seconds=8)

    def ts(dt):
        return Timestamp(seconds=int(dt.timestamp()))

    event = (
        await api.communities.CreateEvent(
            C.CreateEventRequest(
                community_id=cid,
                title="Soon",
                starts_at=ts(start),
                ends_at=ts(start + timedelta(hours=1)),
                time_zone="UTC",
                online_url="https://meet.example/soon",
            ),
            metadata=owner.auth,
        )
    ).event
    for user, status, remind_me in [
        (going, C.RSVP_STATUS_GOING, False),
        (maybe, C.RSVP_STATUS_MAYBE, False),
        (maybe_reminded, C.RSVP_STATUS_MAYBE, True),
    ]:
        answer = await api.communities.Rsvp(
            C.RsvpRequest(event_id=event.event_id, status=status, remind_me=remind_me), metadata=user.auth
        )
        assert answer.status == status

    async def reminded(user) -> bool:
        page = await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=50), metadata=user.auth)
        return any(
            n.kind == F.NOTIFICATION_KIND_EVENT_REMINDER and n.target_id == event.event_id for n in page.notifications
        )

    await wait_until(lambda: reminded(going), timeout=40, what="the reminder of the person going")
    await wait_until(lambda: reminded(maybe_reminded), timeout=10, what="the reminder a maybe asked for")
    await asyncio.sleep(1)  # the same round would have reminded the quiet maybe by now
    assert not await reminded(maybe)


# 8. Comments from non-members --------------------------------------------------------------


async def test_public_communities_may_take_comments_from_non_members(api):
    owner, member, outsider, banned = [await api.sign_up(n) for n in ("owner", "member", "outsider", "banned")]
    cid = (await create(api, owner)).community_id
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=member.auth)
    post = (
        await api.content.CreatePost(P.CreatePostRequest(text="Open thread", community_id=cid), metadata=owner.auth)
    ).post

    async def comment(user, text="Nice one"):
        return await api.content.AddComment(P.AddCommentRequest(post_id=post.post_id, text=text), metadata=user.auth)

    code, details = await _fails(comment(outsider))
    assert code == grpc.StatusCode.PERMISSION_DENIED and details == "only members comment in this community"
    code, _ = await _fails(update(api, member, cid, comments_from_non_members=True))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    await api.communities.BanMember(C.BanMemberRequest(community_id=cid, user_id=banned.user_id), metadata=owner.auth)
    assert (await update(api, owner, cid, comments_from_non_members=True)).comments_from_non_members
    seen = (
        await api.communities.GetCommunity(C.GetCommunityRequest(community_id=cid), metadata=outsider.auth)
    ).community
    assert seen.comments_from_non_members

    assert (await comment(outsider)).comment.author_id == outsider.user_id
    code, details = await _fails(comment(banned))
    assert code == grpc.StatusCode.PERMISSION_DENIED and "banned" in details
    # Posting stays for members.
    code, details = await _fails(
        api.content.CreatePost(P.CreatePostRequest(text="Me too", community_id=cid), metadata=outsider.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED and details == "only members post in this community"

    await update(api, owner, cid, comments_from_non_members=False)
    code, details = await _fails(comment(outsider))
    assert code == grpc.StatusCode.PERMISSION_DENIED and details == "only members comment in this community"

    private = (await create(api, owner, C.VISIBILITY_PRIVATE)).community_id
    code, details = await _fails(update(api, owner, private, comments_from_non_members=True))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("comments_from_non_members:")
