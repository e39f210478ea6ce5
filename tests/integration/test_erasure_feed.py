"""Erasure in the feed's and the gateway's Redis (issue 15): a person who posted, commented,
reacted, followed and was followed, got and caused notifications and earned a badge is erased
(UserErased published here, as identity would); then a full SCAN of Redis db 0 finds their id
nowhere but in the feed's tombstone list, others' counters are exact and others' notifications
no longer name them.

The setup goes through the gateway."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.keys import ERASED_USERS, ERASURE_RECHECKS, post_key
from kith_platform.events import IDENTITY_USERS, make_event, timestamp
from kith_platform.kafka import create_producer
from kith_platform.redis_client import redis_client
from kith_platform.testing import patiently, wait_until
from tests.integration.endpoints import KAFKA, REDIS_CLUSTER, REDIS_URL
from tests.integration.test_content import add_member, community, post
from tests.integration.traces_redis import redis_traces

ALLOWED = [ERASED_USERS, ERASURE_RECHECKS]  # the feed's tombstone list, and its later pass


async def _publish_erased(user_id: str) -> None:
    producer = create_producer(KAFKA, client_id="erasure-feed-test")
    await producer.start()
    try:
        event = make_event(
            topic=IDENTITY_USERS,
            aggregate_id=user_id,
            producer="test",
            payload=identity_events.UserErased(user_id=user_id, erased_at=timestamp(datetime.now(UTC))),
        )
        await producer.send_and_wait(IDENTITY_USERS, event.value, key=user_id.encode())
    finally:
        await producer.stop()


async def _counts(post_id: str) -> tuple[int, int]:
    client = redis_client(REDIS_URL, cluster=REDIS_CLUSTER)
    try:
        fields = await client.hmget(post_key(post_id), "reactions", "comments")
    finally:
        await client.aclose()
    return tuple(int(v or 0) for v in fields)


async def _notifications(api, user) -> list[F.Notification]:
    return list(
        (
            await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=user.auth)
        ).notifications
    )


async def test_an_erased_person_leaves_nothing_in_redis_but_the_tombstone(api):
    gone, ana, ben = [await api.sign_up(n) for n in ("gone", "ana", "ben")]
    club = await community(api, ana, C.VISIBILITY_PUBLIC)
    for member in (gone, ben):
        await add_member(api, ana, club, member)
    await api.follow(gone, ana)
    await api.follow(ben, gone)
    tag = f"erasure{uuid.uuid4().hex[:8]}"
    mine = await post(api, gone, f"hello #{tag} @{ana.handle}", audience=P.AUDIENCE_PUBLIC)
    await post(api, gone, "my first in the club", audience=P.AUDIENCE_COMMUNITY, community_id=club)
    theirs = await post(api, ana, f"hi @{gone.handle}", audience=P.AUDIENCE_COMMUNITY, community_id=club)
    comment = (
        await api.content.AddComment(P.AddCommentRequest(post_id=theirs.post_id, text="nice one"), metadata=gone.auth)
    ).comment
    await api.content.AddComment(
        P.AddCommentRequest(post_id=theirs.post_id, parent_comment_id=comment.comment_id, text="thanks"),
        metadata=ana.auth,
    )
    like = P.REACTION_KIND_LIKE
    await api.content.React(P.ReactRequest(post_id=mine.post_id, kind=like), metadata=ben.auth)
    for reactor in (gone, ben):
        await api.content.React(P.ReactRequest(post_id=theirs.post_id, kind=like), metadata=reactor.auth)

    async def badge():
        standing = await patiently(
            lambda: api.recognition.GetMemberStanding(
                F.GetMemberStandingRequest(community_id=club, user_id=gone.user_id), metadata=ana.auth
            )
        )
        return "first_post" in {b.badge for b in standing.badges}

    await wait_until(badge, timeout=30, what="the first-post badge")
    caused = {
        F.NOTIFICATION_KIND_REPLY,
        F.NOTIFICATION_KIND_REACTION,
        F.NOTIFICATION_KIND_MENTION,
        F.NOTIFICATION_KIND_NEW_FOLLOWER,
    }
    await wait_until(
        lambda: _has_kinds(api, ana, gone, caused), timeout=30, what="ana's notifications caused by the person"
    )
    await wait_until(
        lambda: _has_kinds(api, gone, ben, {F.NOTIFICATION_KIND_NEW_FOLLOWER, F.NOTIFICATION_KIND_REACTION}),
        timeout=30,
        what="the person's notifications",
    )
    await wait_until(lambda: _equals(_counts(theirs.post_id), (2, 2)), timeout=30, what="the counts before")
    assert len(await redis_traces(REDIS_URL, gone.user_id, ALLOWED, cluster=REDIS_CLUSTER)) > 20

    await _publish_erased(gone.user_id)

    async def clean():
        return not await redis_traces(REDIS_URL, gone.user_id, ALLOWED, cluster=REDIS_CLUSTER)

    await wait_until(clean, timeout=90, interval=1, what="no trace of the person in Redis")
    # Their reaction and their comment (which keeps its place, with ana's reply under it) are
    # taken back by content's events: ana's post counts ben's reaction and ana's reply.
    await wait_until(lambda: _equals(_counts(theirs.post_id), (1, 1)), timeout=60, what="exact counts after")
    notes = await _notifications(api, ana)
    assert all(gone.user_id not in n.actor_ids and gone.user_id not in n.notification_id for n in notes)
    assert any(
        n.kind == F.NOTIFICATION_KIND_REACTION and ben.user_id in n.actor_ids and n.target_id == theirs.post_id
        for n in notes
    )  # ben's reaction is still told
    board = await api.recognition.GetLeaderboard(
        F.GetLeaderboardRequest(community_id=club, window=F.LEADERBOARD_WINDOW_ALL_TIME, limit=100), metadata=ana.auth
    )
    assert gone.user_id not in {e.user_id for e in board.entries}
    assert ana.user_id in {e.user_id for e in board.entries}
    assert await redis_traces(REDIS_URL, gone.user_id, ALLOWED, cluster=REDIS_CLUSTER) == []  # and it stays so


async def _has_kinds(api, reader, actor, kinds) -> bool:
    found = {n.kind for n in await _notifications(api, reader) if actor.user_id in n.actor_ids}
    return kinds <= found


async def _equals(awaitable, expected) -> bool:
    return await awaitable == expected
