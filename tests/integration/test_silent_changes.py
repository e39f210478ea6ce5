"""Changes that used to be silent, through the gateway: each is announced on Kafka (graph
settings, withdrawn and declined follow requests, what a block ends, dismissed suggestions,
relationship care without the note, mentorship), and a request that ends unanswered takes its
notification with it."""

from __future__ import annotations

import asyncio
import time
import uuid

import grpc
from aiokafka import AIOKafkaConsumer

from kith.communities.v1 import communities_pb2 as C
from kith.feed.v1 import events_pb2 as feed_events
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import events_pb2 as graph_events
from kith.graph.v1 import graph_pb2 as G
from kith_feed.domain.recognition import mentor_availability_event_id, mentor_match_event_id
from kith_platform.events import GRAPH_RELATIONSHIPS, RECOGNITION_BADGES, parse_envelope, unpack_payload
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA
from tests.integration.feed_stream import topic_partitions
from tests.integration.test_content import add_member, community, post
from tests.integration.test_notifications import of_kind


class Tail:
    """What a topic carries from the moment the tail starts: (event id, raw value, payload)."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.seen: list[tuple[str, bytes, object]] = []

    async def __aenter__(self) -> Tail:
        self.consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, group_id=None, enable_auto_commit=False)
        await self.consumer.start()
        partitions = await topic_partitions([self.topic])
        self.consumer.assign(partitions)
        await self.consumer.seek_to_end(*partitions)
        for partition in partitions:  # fixed now, not at the first read
            await self.consumer.position(partition)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.consumer.stop()

    async def read(self, seconds: float = 0.5) -> None:
        for records in (await self.consumer.getmany(timeout_ms=int(seconds * 1000))).values():
            for record in records:
                envelope = parse_envelope(record.value)
                self.seen.append((envelope.event_id, record.value, unpack_payload(envelope)))

    def of(self, kind, **fields) -> list:
        return [
            (i, v, p)
            for i, v, p in self.seen
            if isinstance(p, kind) and all(getattr(p, k) == want for k, want in fields.items())
        ]

    async def wait_for(self, kind, count: int = 1, timeout: float = 30.0, **fields) -> list:
        """The payloads of `kind` with these fields, once there are `count` of them; then a
        moment more, so that one too many would show."""
        deadline = time.monotonic() + timeout
        while len(self.of(kind, **fields)) < count:
            assert time.monotonic() < deadline, f"{count} {kind.DESCRIPTOR.name} {fields} on {self.topic}"
            await self.read()
        await self.read(1.0)
        return [p for _, _, p in self.of(kind, **fields)]


async def test_follow_approval_changes_are_announced_when_they_change(api):
    ana = await api.sign_up("ana")
    async with Tail(GRAPH_RELATIONSHIPS) as tail:
        for required in (True, True, False, False):
            await api.graph.UpdateGraphSettings(
                G.UpdateGraphSettingsRequest(requires_follow_approval=required), metadata=ana.auth
            )
        changes = await tail.wait_for(graph_events.GraphSettingsChanged, 2, user_id=ana.user_id)
    assert [c.requires_follow_approval for c in changes] == [True, False]


async def test_a_withdrawn_follow_request_is_announced_and_leaves_the_notification_group(api):
    ana, ben, cat = [await api.sign_up(n) for n in ("ana", "ben", "cat")]
    await api.graph.UpdateGraphSettings(G.UpdateGraphSettingsRequest(requires_follow_approval=True), metadata=ana.auth)
    async with Tail(GRAPH_RELATIONSHIPS) as tail:
        for follower in (ben, cat):
            assert (await api.graph.Follow(G.FollowRequest(user_id=ana.user_id), metadata=follower.auth)).requested

        async def grouped():
            found = await of_kind(api, ana, F.NOTIFICATION_KIND_FOLLOW_REQUEST)
            return found if found and found[0].actor_count == 2 else None

        await wait_until(grouped, what="both follow requests in one notification")
        assert not (await api.graph.Unfollow(G.UnfollowRequest(user_id=ana.user_id), metadata=ben.auth)).removed
        [withdrawn] = await tail.wait_for(
            graph_events.FollowRequestWithdrawn, follower_id=ben.user_id, followee_id=ana.user_id
        )
        [requested] = await tail.wait_for(graph_events.FollowRequested, follower_id=ben.user_id)
        # The request's own time (kept in milliseconds), which the notification's group is of.
        assert abs(withdrawn.requested_at.ToMilliseconds() - requested.requested_at.ToMilliseconds()) <= 1
        assert withdrawn.withdrawn_at.ToMilliseconds() >= requested.requested_at.ToMilliseconds()

        async def only_cat():
            found = await of_kind(api, ana, F.NOTIFICATION_KIND_FOLLOW_REQUEST)
            return found if found and list(found[0].actor_ids) == [cat.user_id] else None

        [group] = await wait_until(only_cat, what="ben out of the follow-request notification")
        assert group.actor_count == 1 and group.summary.endswith("asked to follow you") and " and " not in group.summary

        # Declining is announced too, and the last request's notification goes with it.
        await api.graph.DeclineFollowRequest(G.DeclineFollowRequestRequest(user_id=cat.user_id), metadata=ana.auth)
        await tail.wait_for(graph_events.FollowRequestDeclined, follower_id=cat.user_id, followee_id=ana.user_id)
        await wait_until(
            lambda: _none(api, ana, F.NOTIFICATION_KIND_FOLLOW_REQUEST), what="the declined request's notification gone"
        )


async def _none(api, user, kind) -> bool:
    return not await of_kind(api, user, kind)


async def test_a_cancelled_friend_request_takes_its_notification_with_it(api):
    ana, ben = await api.sign_up("ana"), await api.sign_up("ben")
    async with Tail(GRAPH_RELATIONSHIPS) as tail:
        await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=ana.user_id), metadata=ben.auth)
        await wait_until(lambda: of_kind(api, ana, F.NOTIFICATION_KIND_FRIEND_REQUEST), what="the friend request")
        await api.graph.CancelFriendRequest(G.CancelFriendRequestRequest(user_id=ana.user_id), metadata=ben.auth)
        await tail.wait_for(
            graph_events.FriendRequestClosed, sender_id=ben.user_id, recipient_id=ana.user_id, cancelled=True
        )
    await wait_until(lambda: _none(api, ana, F.NOTIFICATION_KIND_FRIEND_REQUEST), what="the notification gone")


async def test_a_block_announces_the_pending_requests_it_ends(api):
    ana, ben = await api.sign_up("ana"), await api.sign_up("ben")
    await api.graph.UpdateGraphSettings(G.UpdateGraphSettingsRequest(requires_follow_approval=True), metadata=ana.auth)
    async with Tail(GRAPH_RELATIONSHIPS) as tail:
        await api.graph.Follow(G.FollowRequest(user_id=ana.user_id), metadata=ben.auth)  # asks ana
        await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=ben.user_id), metadata=ana.auth)
        await api.graph.Block(G.BlockRequest(user_id=ben.user_id), metadata=ana.auth)
        await tail.wait_for(graph_events.UserBlocked, blocker_id=ana.user_id, blocked_id=ben.user_id)
        # ben's request to ana is declined, ana's own request to ben cancelled.
        await tail.wait_for(graph_events.FollowRequestDeclined, follower_id=ben.user_id, followee_id=ana.user_id)
        await tail.wait_for(
            graph_events.FriendRequestClosed, sender_id=ana.user_id, recipient_id=ben.user_id, cancelled=True
        )


async def test_a_dismissed_suggestion_is_announced_once(api):
    ana, ben = await api.sign_up("ana"), await api.sign_up("ben")
    async with Tail(GRAPH_RELATIONSHIPS) as tail:
        for _ in range(2):
            await api.graph.DismissSuggestion(G.DismissSuggestionRequest(user_id=ben.user_id), metadata=ana.auth)
        [dismissed] = await tail.wait_for(graph_events.SuggestionDismissed, user_id=ana.user_id)
    assert dismissed.dismissed_user_id == ben.user_id


async def test_relationship_care_changes_are_announced_without_the_note(api):
    ana, ben = await api.sign_up("ana"), await api.sign_up("ben")
    await api.follow(ana, ben)
    secret = f"owes me money {uuid.uuid4().hex}"

    async def care(**fields):
        await api.graph.UpdateConnectionCare(
            G.UpdateConnectionCareRequest(user_id=ben.user_id, **fields), metadata=ana.auth
        )

    async with Tail(GRAPH_RELATIONSHIPS) as tail:
        await care(note=secret)
        await care(note=secret)  # the same note again: nothing changes
        await care(reach_out_every_days=14)
        await care(note="")
        await api.graph.LogInteraction(G.LogInteractionRequest(user_id=ben.user_id), metadata=ana.auth)
        await tail.wait_for(graph_events.InteractionLogged, user_id=ana.user_id, other_user_id=ben.user_id)
        updates = await tail.wait_for(graph_events.ConnectionCareUpdated, 3, user_id=ana.user_id)
    assert [(u.note_changed, u.cadence_changed, u.reach_out_every_days) for u in updates] == [
        (True, False, 0),
        (False, True, 14),
        (True, False, 14),
    ]
    assert all(u.other_user_id == ben.user_id for u in updates)
    assert not any(secret.encode() in value for _, value, _ in tail.seen)


async def test_mentor_availability_and_matches_are_announced_once_with_derived_ids(api):
    owner, mentor, mentee = [await api.sign_up(n) for n in ("owner", "mentor", "mentee")]
    cid = await community(api, owner, C.VISIBILITY_PUBLIC)
    for user in (mentor, mentee):
        await add_member(api, owner, cid, user)
    for i in range(10):  # 50 points: trust level 2
        await post(api, mentor, f"tip {i}", community_id=cid)

    async def trusted():
        got = await api.recognition.GetMemberStanding(
            F.GetMemberStandingRequest(community_id=cid, user_id=mentor.user_id), metadata=mentor.auth
        )
        return got.trust_level >= 2

    await wait_until(trusted, what="the mentor's trust level")

    async def available(on: bool, capacity: int = 0):
        await api.recognition.SetMentorAvailability(
            F.SetMentorAvailabilityRequest(community_id=cid, available=on, capacity=capacity), metadata=mentor.auth
        )

    async with Tail(RECOGNITION_BADGES) as tail:
        await available(True, 2)
        await available(True, 2)  # nothing changes

        async def matched():  # the mentee's membership reaches the feed by events
            try:
                return await api.recognition.RequestMentor(
                    F.RequestMentorRequest(community_id=cid), metadata=mentee.auth
                )
            except grpc.aio.AioRpcError as exc:  # not a member there yet
                assert exc.code() == grpc.StatusCode.PERMISSION_DENIED, exc.details()
                await asyncio.sleep(0.2)
                return None

        assert (await wait_until(matched, what="a mentor")).mentor_id == mentor.user_id
        await api.recognition.RequestMentor(F.RequestMentorRequest(community_id=cid), metadata=mentee.auth)
        await available(False)
        [match] = await tail.wait_for(feed_events.MentorMatched, community_id=cid)
        changes = await tail.wait_for(feed_events.MentorAvailabilityChanged, 2, community_id=cid)
    assert (match.mentee_id, match.mentor_id) == (mentee.user_id, mentor.user_id)
    assert [(c.available, c.capacity, c.sequence) for c in changes] == [(True, 2, 1), (False, 0, 2)]
    assert [i for i, _, _ in tail.of(feed_events.MentorMatched, community_id=cid)] == [
        mentor_match_event_id(cid, mentee.user_id, mentor.user_id)
    ]
    assert [i for i, _, _ in tail.of(feed_events.MentorAvailabilityChanged, community_id=cid)] == [
        mentor_availability_event_id(cid, mentor.user_id, n) for n in (1, 2)
    ]
