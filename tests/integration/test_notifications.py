"""Notifications through the gateway: kinds, grouping, unread counts, preferences and
block/mute filtering."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith_platform.testing import wait_until
from tests.integration.test_content import add_member, befriend, community, post


async def notifications(api, user) -> list[F.Notification]:
    return list(
        (
            await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=user.auth)
        ).notifications
    )


async def of_kind(api, user, kind) -> list[F.Notification]:
    return [n for n in await notifications(api, user) if n.kind == kind]


async def test_reactions_group_and_read_state_counts(api):
    author, *fans = [await api.sign_up(n) for n in ("author", "ana", "ben", "cat")]
    target = await post(api, author, "Group my reactions")
    for fan in fans:
        await api.content.React(P.ReactRequest(post_id=target.post_id, kind=P.REACTION_KIND_LIKE), metadata=fan.auth)
    await api.content.React(
        P.ReactRequest(post_id=target.post_id, kind=P.REACTION_KIND_LOVE), metadata=fans[0].auth
    )  # a change, not a new reaction

    async def grouped():
        found = await of_kind(api, author, F.NOTIFICATION_KIND_REACTION)
        return found if found and found[0].actor_count == 3 else None

    [group] = await wait_until(grouped, what="the reactions grouped")
    assert group.target_id == target.post_id and group.unread
    assert group.summary == f"{fans[-1].handle} and 2 others reacted to your post" or group.summary.endswith(
        "and 2 others reacted to your post"
    )
    assert set(group.actor_ids) <= {f.user_id for f in fans} and len(group.actor_ids) == 3
    unread = (await api.notifications.GetUnreadCount(F.GetUnreadCountRequest(), metadata=author.auth)).unread
    assert unread >= 1
    await api.notifications.MarkNotificationsRead(
        F.MarkNotificationsReadRequest(notification_ids=[group.notification_id]), metadata=author.auth
    )
    assert not (await of_kind(api, author, F.NOTIFICATION_KIND_REACTION))[0].unread
    await api.notifications.MarkAllNotificationsRead(F.MarkAllNotificationsReadRequest(), metadata=author.auth)
    assert (await api.notifications.GetUnreadCount(F.GetUnreadCountRequest(), metadata=author.auth)).unread == 0


async def test_social_and_content_kinds_reach_the_right_people(api):
    ana, ben, cat = [await api.sign_up(n) for n in ("ana", "ben", "cat")]
    await api.follow(ben, ana)
    await befriend(api, cat, ana)  # cat asks, ana accepts
    original = await post(api, ana, f"hello @{ben.handle}")
    comment = (
        await api.content.AddComment(P.AddCommentRequest(post_id=original.post_id, text="hi!"), metadata=ben.auth)
    ).comment
    await api.content.AddComment(
        P.AddCommentRequest(post_id=original.post_id, parent_comment_id=comment.comment_id, text="hi back"),
        metadata=ana.auth,
    )
    await api.content.SharePost(P.SharePostRequest(post_id=original.post_id), metadata=cat.auth)

    async def ana_has_all():
        kinds = {n.kind for n in await notifications(api, ana)}
        wanted = {
            F.NOTIFICATION_KIND_NEW_FOLLOWER,
            F.NOTIFICATION_KIND_FRIEND_REQUEST,
            F.NOTIFICATION_KIND_REPLY,
            F.NOTIFICATION_KIND_SHARE,
        }
        return wanted <= kinds

    await wait_until(ana_has_all, what="ana's notifications")
    [reply] = await of_kind(api, ana, F.NOTIFICATION_KIND_REPLY)
    assert reply.target_id == original.post_id and reply.summary.endswith("commented on your post")
    await wait_until(
        lambda: _kinds(api, ben, {F.NOTIFICATION_KIND_MENTION, F.NOTIFICATION_KIND_REPLY}),
        what="ben's mention and reply",
    )
    [to_ben] = await of_kind(api, ben, F.NOTIFICATION_KIND_REPLY)
    assert to_ben.summary.endswith("replied to your comment") and to_ben.target_id == comment.comment_id
    await wait_until(lambda: _kinds(api, cat, {F.NOTIFICATION_KIND_FRIEND_ACCEPTED}), what="cat's acceptance")


async def _kinds(api, user, wanted) -> bool:
    return wanted <= {n.kind for n in await notifications(api, user)}


async def test_blocked_and_muted_people_and_turned_off_kinds_are_silent(api):
    me, blocked, muted, friend = [await api.sign_up(n) for n in ("me", "blocked", "muted", "friend")]
    await api.graph.Mute(G.MuteRequest(user_id=muted.user_id), metadata=me.auth)
    target = await post(api, me, "quiet please")
    await api.notifications.UpdateNotificationPreferences(
        F.UpdateNotificationPreferencesRequest(
            preferences=[F.NotificationPreference(kind=F.NOTIFICATION_KIND_SHARE, enabled=False)]
        ),
        metadata=me.auth,
    )
    prefs = await api.notifications.GetNotificationPreferences(F.GetNotificationPreferencesRequest(), metadata=me.auth)
    assert {p.kind: p.enabled for p in prefs.preferences}[F.NOTIFICATION_KIND_SHARE] is False
    assert len(prefs.preferences) == 18  # the 17 kinds, and the weekly digest by email

    for user in (blocked, muted, friend):
        await api.content.React(P.ReactRequest(post_id=target.post_id, kind=P.REACTION_KIND_LIKE), metadata=user.auth)
    await api.content.SharePost(P.SharePostRequest(post_id=target.post_id), metadata=friend.auth)
    # The block comes after the reaction: reads still leave the blocked person out.
    await api.graph.Block(G.BlockRequest(user_id=blocked.user_id), metadata=me.auth)

    async def only_friend():
        found = await of_kind(api, me, F.NOTIFICATION_KIND_REACTION)
        return found if found and list(found[0].actor_ids) == [friend.user_id] and found[0].actor_count == 1 else None

    await wait_until(only_friend, timeout=20, what="only the friend's reaction")
    # The friend's share was turned off; a mute silences new reactions at once.
    assert not await of_kind(api, me, F.NOTIFICATION_KIND_SHARE)
    code = None
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.notifications.UpdateNotificationPreferences(
            F.UpdateNotificationPreferencesRequest(preferences=[F.NotificationPreference(kind=99, enabled=False)]),
            metadata=me.auth,
        )
    code = info.value.code()
    assert code == grpc.StatusCode.INVALID_ARGUMENT and info.value.details().startswith("preferences.kind")


async def test_community_notifications_reach_moderators_members_and_attendees(api):
    from datetime import datetime, timedelta

    from google.protobuf.timestamp_pb2 import Timestamp

    owner, asker, invitee, member = [await api.sign_up(n) for n in ("owner", "asker", "invitee", "member")]
    cid = await community(api, owner, C.VISIBILITY_PRIVATE)
    await add_member(api, owner, cid, member)
    await api.communities.RequestToJoin(C.RequestToJoinRequest(community_id=cid), metadata=asker.auth)
    await wait_until(lambda: _kinds(api, owner, {F.NOTIFICATION_KIND_JOIN_REQUEST}), what="the join request")
    await api.communities.ApproveJoinRequest(
        C.ApproveJoinRequestRequest(community_id=cid, user_id=asker.user_id), metadata=owner.auth
    )
    await wait_until(lambda: _kinds(api, asker, {F.NOTIFICATION_KIND_JOIN_APPROVED}), what="the approval")
    await api.communities.InviteUser(
        C.InviteUserRequest(community_id=cid, user_id=invitee.user_id), metadata=owner.auth
    )
    await wait_until(lambda: _kinds(api, invitee, {F.NOTIFICATION_KIND_INVITATION}), what="the invitation")

    def ts(dt):
        t = Timestamp()
        t.FromDatetime(dt)
        return t

    start = datetime.now(UTC) + timedelta(days=3)
    event = (
        await api.communities.CreateEvent(
            C.CreateEventRequest(
                community_id=cid,
                title="Meetup",
                starts_at=ts(start),
                ends_at=ts(start + timedelta(hours=2)),
                time_zone="Europe/Lisbon",
                place="Cafe",
            ),
            metadata=owner.auth,
        )
    ).event
    await api.communities.Rsvp(C.RsvpRequest(event_id=event.event_id, status=C.RSVP_STATUS_GOING), metadata=member.auth)
    await wait_until(lambda: _attending(api, owner, member, event.event_id), what="the RSVP in the worker")
    await api.communities.CancelEvent(C.CancelEventRequest(event_id=event.event_id), metadata=owner.auth)

    async def told():
        found = await of_kind(api, member, F.NOTIFICATION_KIND_EVENT_UPDATE)
        return found and found[0].detail == "cancelled" and found[0].target_id == event.event_id

    await wait_until(told, what="the cancellation to reach the attendee")
    # Moderation on one's content.
    bad = await post(api, member, "spam spam", community_id=cid)
    report = await api.communities.Report(
        C.ReportRequest(community_id=cid, target=C.REPORT_TARGET_POST, target_id=bad.post_id, reason="spam"),
        metadata=owner.auth,
    )
    await api.communities.ResolveReport(
        C.ResolveReportRequest(community_id=cid, report_id=report.report_id, action=C.REPORT_ACTION_REMOVE_CONTENT),
        metadata=owner.auth,
    )

    async def moderated():
        found = await of_kind(api, member, F.NOTIFICATION_KIND_MODERATION)
        return found and found[0].summary == "Moderators removed your post"

    await wait_until(moderated, what="the moderation notice")


async def _attending(api, owner, member, event_id) -> bool:
    from tests.integration.endpoints import services_redis

    client = services_redis()
    try:
        return bool(await client.sismember(f"feed:event-attendees:{{{event_id}}}", member.user_id))
    finally:
        await client.aclose()


async def test_reminders_for_events_cadences_and_quiet_close_ties(api):
    import uuid
    from datetime import datetime, timedelta

    from aiokafka import AIOKafkaProducer
    from google.protobuf.timestamp_pb2 import Timestamp

    from kith.content.v1 import events_pb2 as content_events
    from kith_platform.events import CONTENT_POSTS, make_event, timestamp
    from tests.integration.endpoints import KAFKA

    me, old_friend, owner = [await api.sign_up(n) for n in ("me", "oldfriend", "owner")]
    # Two comments 60 days ago: a close tie (strength 6) that has gone quiet.
    long_ago = datetime.now(UTC) - timedelta(days=60)
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for hours in (0, 1):
            at = long_ago + timedelta(hours=hours)
            event = make_event(
                topic=CONTENT_POSTS,
                aggregate_id=str(uuid.uuid4()),
                producer="test",
                occurred_at=at,
                payload=content_events.CommentAdded(
                    comment_id=str(uuid.uuid4()),
                    post_id=str(uuid.uuid4()),
                    post_author_id=old_friend.user_id,
                    author_id=me.user_id,
                    depth=1,
                    created_at=timestamp(at),
                ),
            )
            await producer.send_and_wait(CONTENT_POSTS, event.value, key=event.key.encode())
    finally:
        await producer.stop()
    await api.follow(me, old_friend)
    await wait_until(lambda: _tie_seen(api, me, old_friend), what="the old interactions in the graph")
    await api.graph.UpdateConnectionCare(
        G.UpdateConnectionCareRequest(user_id=old_friend.user_id, reach_out_every_days=30), metadata=me.auth
    )

    async def reminded():
        found = {n.kind: n for n in await notifications(api, me)}
        return found if {F.NOTIFICATION_KIND_REACH_OUT, F.NOTIFICATION_KIND_KEEP_IN_TOUCH} <= set(found) else None

    found = await wait_until(reminded, timeout=30, what="the reach-out reminder and the keep-in-touch nudge")
    assert found[F.NOTIFICATION_KIND_REACH_OUT].summary == f"Time to reach out to {old_friend.handle} (every 30 days)"
    assert found[F.NOTIFICATION_KIND_KEEP_IN_TOUCH].target_id == old_friend.user_id
    # Announced once: another round does not add a second one.
    await asyncio.sleep(3)
    assert len(await of_kind(api, me, F.NOTIFICATION_KIND_REACH_OUT)) == 1

    # An event starting an hour and a few seconds from now: its reminder (an hour before) is due at once.
    cid = await community(api, owner, C.VISIBILITY_PUBLIC)
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=me.auth)
    start = datetime.now(UTC) + timedelta(minutes=60, seconds=6)

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
    await api.communities.Rsvp(C.RsvpRequest(event_id=event.event_id, status=C.RSVP_STATUS_GOING), metadata=me.auth)

    async def event_reminder():
        found = await of_kind(api, me, F.NOTIFICATION_KIND_EVENT_REMINDER)
        return found and found[0].target_id == event.event_id

    await wait_until(event_reminder, timeout=30, what="the event reminder")


async def _tie_seen(api, me, other) -> bool:
    tie = (await api.graph.GetTieStrength(G.GetTieStrengthRequest(user_id=other.user_id), metadata=me.auth)).tie
    return tie.interactions == 2


async def test_community_health_counts_what_happened_and_is_for_moderators(api):
    owner, member, outsider = [await api.sign_up(n) for n in ("owner", "member", "outsider")]
    cid = await community(api, owner, C.VISIBILITY_PRIVATE)
    await add_member(api, owner, cid, member)
    first = await post(api, owner, "Welcome everyone, I love this place!", community_id=cid)
    await post(api, member, "This is terrible and awful.", community_id=cid)
    await api.content.AddComment(
        P.AddCommentRequest(post_id=first.post_id, text="thanks, great to be here"), metadata=member.auth
    )
    await api.content.React(P.ReactRequest(post_id=first.post_id, kind=P.REACTION_KIND_LIKE), metadata=member.auth)

    async def health():
        got = await api.insights.GetCommunityHealth(
            F.GetCommunityHealthRequest(community_id=cid, days=7), metadata=owner.auth
        )
        counted = (got.posts, got.comments, got.reactions) == (2, 1, 1)
        # the joins come on another topic than the posts, in no set order with them
        joined = bool(got.days) and (got.days[-1].new_members, got.days[-1].active_members) == (2, 2)
        return got if counted and joined else None

    got = await wait_until(health, what="the community's metrics")
    today = got.days[-1]
    assert len(got.days) == 7 and today.new_members == 2 and today.active_members == 2
    assert today.comments_per_post == 0.5 and today.replied_share == 0.5 and today.mean_reply_depth == 1
    assert today.sentiment_positive == 2 and today.sentiment_negative == 1
    assert got.members == 2 and got.weekly_active == 2 and 0 < got.health.value <= 100
    assert got.cohorts and got.cohorts[-1].size == 2
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.insights.GetCommunityHealth(F.GetCommunityHealthRequest(community_id=cid), metadata=member.auth)
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED

    # Analytics consumers get periodic snapshots on their topic.
    from aiokafka import AIOKafkaConsumer

    from kith.feed.v1 import snapshots_pb2
    from kith_platform.events import METRICS_COMMUNITY_HEALTH, parse_envelope, unpack_payload
    from tests.integration.endpoints import KAFKA

    consumer = AIOKafkaConsumer(
        METRICS_COMMUNITY_HEALTH,
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        group_id=None,
        enable_auto_commit=False,
    )
    await consumer.start()
    snapshot = None
    try:
        for _ in range(60):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    payload = unpack_payload(parse_envelope(record.value))
                    # Snapshots are taken every few seconds: an early one can predate the comment.
                    if (
                        isinstance(payload, snapshots_pb2.CommunityHealthSnapshot)
                        and payload.community_id == cid
                        and (payload.posts, payload.comments) == (2, 1)
                    ):
                        snapshot = payload
            if snapshot is not None:
                break
    finally:
        await consumer.stop()
    assert snapshot is not None and snapshot.members == 2 and 0 < snapshot.health <= 100
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.insights.GetCommunityHealth(
            F.GetCommunityHealthRequest(community_id=cid, days=91), metadata=owner.auth
        )
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and info.value.details().startswith("days")


async def test_points_leaderboards_badges_and_trust(api):
    from aiokafka import AIOKafkaConsumer

    from kith.feed.v1 import events_pb2 as feed_events
    from kith_platform.events import RECOGNITION_BADGES, parse_envelope, unpack_payload
    from tests.integration.endpoints import KAFKA

    owner, newcomer, helper, outsider = [await api.sign_up(n) for n in ("owner", "newcomer", "helper", "outsider")]
    cid = await community(api, owner, C.VISIBILITY_PRIVATE)
    for user in (newcomer, helper):
        await add_member(api, owner, cid, user)
    await wait_until(lambda: _joined_known(cid, newcomer.user_id), what="the join in the worker")
    first = await post(api, newcomer, "Hello, I am new here", community_id=cid)
    reply = (
        await api.content.AddComment(P.AddCommentRequest(post_id=first.post_id, text="Welcome!"), metadata=helper.auth)
    ).comment
    await api.content.React(
        P.ReactRequest(comment_id=reply.comment_id, kind=P.REACTION_KIND_LOVE), metadata=newcomer.auth
    )
    await api.content.React(P.ReactRequest(post_id=first.post_id, kind=P.REACTION_KIND_LIKE), metadata=helper.auth)

    async def standing(user):
        return await api.recognition.GetMemberStanding(
            F.GetMemberStandingRequest(community_id=cid, user_id=user.user_id), metadata=owner.auth
        )

    async def settled():
        got = await standing(helper)
        # comment 3 + reaction received 2 (on the comment) + reaction given 1
        return got if got.score_7_days == 6 and {b.badge for b in got.badges} == {"first_reply"} else None

    helper_standing = await wait_until(settled, what="the helper's points and badge")
    assert helper_standing.score_all_time == 6 and helper_standing.trust_level == 0
    newcomer_standing = await standing(newcomer)
    assert newcomer_standing.score_7_days == 5 + 1 + 2 + 2  # post, reaction given, reaction and reply received
    assert [b.badge for b in newcomer_standing.badges] == ["first_post"] and newcomer_standing.trust_level == 1
    board = await api.recognition.GetLeaderboard(
        F.GetLeaderboardRequest(community_id=cid, limit=2), metadata=helper.auth
    )
    assert [(e.user_id, e.score, e.rank) for e in board.entries] == [(newcomer.user_id, 10, 1), (helper.user_id, 6, 2)]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.recognition.GetLeaderboard(F.GetLeaderboardRequest(community_id=cid), metadata=outsider.auth)
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED

    # The awards are announced on their topic, once each (derived event ids).
    consumer = AIOKafkaConsumer(
        RECOGNITION_BADGES,
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        group_id=None,
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        awards = {}
        for _ in range(20):
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    envelope = parse_envelope(record.value)
                    award = unpack_payload(envelope)
                    if isinstance(award, feed_events.BadgeAwarded) and award.community_id == cid:
                        awards[envelope.event_id] = (award.user_id, award.badge)
            if len(awards) >= 2:
                break
    finally:
        await consumer.stop()
    assert sorted(awards.values()) == sorted([(newcomer.user_id, "first_post"), (helper.user_id, "first_reply")])


async def _joined_known(cid, user_id) -> bool:
    from tests.integration.endpoints import services_redis

    client = services_redis()
    try:
        return bool(await client.hexists(f"feed:m:{{{cid}}}:joined", user_id))
    finally:
        await client.aclose()


async def test_trusted_members_mentor_newcomers_matched_by_interests(api):
    from kith.identity.v1 import identity_pb2

    owner, veteran, novice, newcomer = [await api.sign_up(n) for n in ("owner", "veteran", "novice", "newcomer")]
    cid = await community(api, owner, C.VISIBILITY_PUBLIC)
    for user in (veteran, novice, newcomer):
        await add_member(api, owner, cid, user)
    topic = f"knots {uuid.uuid4().hex[:6]}"
    for user in (veteran, newcomer):
        await api.identity.UpdateProfile(
            identity_pb2.UpdateProfileRequest(interests=identity_pb2.Interests(topics=[topic, "sailing"])),
            metadata=user.auth,
        )
    for i in range(10):  # 10 posts: 50 points, trust level 2
        await post(api, veteran, f"tip {i}", community_id=cid)

    async def trusted():
        got = await api.recognition.GetMemberStanding(
            F.GetMemberStandingRequest(community_id=cid, user_id=veteran.user_id), metadata=veteran.auth
        )
        return got.trust_level == 2

    await wait_until(trusted, what="the veteran's trust level")
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.recognition.SetMentorAvailability(
            F.SetMentorAvailabilityRequest(community_id=cid, available=True), metadata=novice.auth
        )
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.recognition.RequestMentor(F.RequestMentorRequest(community_id=cid), metadata=newcomer.auth)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION  # nobody has opted in yet
    await api.recognition.SetMentorAvailability(
        F.SetMentorAvailabilityRequest(community_id=cid, available=True, capacity=1), metadata=veteran.auth
    )

    async def matched():
        got = await api.recognition.RequestMentor(F.RequestMentorRequest(community_id=cid), metadata=newcomer.auth)
        return got if set(got.shared_interests) == {topic, "sailing"} else None

    got = await wait_until(matched, what="the interests in the worker")  # interests arrive by events
    assert got.mentor_id == veteran.user_id
    again = await api.recognition.RequestMentor(F.RequestMentorRequest(community_id=cid), metadata=newcomer.auth)
    assert again.mentor_id == veteran.user_id
    with pytest.raises(grpc.aio.AioRpcError) as info:  # the mentor's one place is taken
        await api.recognition.RequestMentor(F.RequestMentorRequest(community_id=cid), metadata=novice.auth)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    [told_mentee] = await of_kind(api, newcomer, F.NOTIFICATION_KIND_MENTOR_MATCHED)
    [told_mentor] = await of_kind(api, veteran, F.NOTIFICATION_KIND_MENTOR_MATCHED)
    assert told_mentee.summary == f"{veteran.handle} is your mentor"
    assert told_mentor.summary == f"You are now mentoring {newcomer.handle}"
