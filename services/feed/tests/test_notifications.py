"""Notification grouping and wording without servers; exactness on the real Redis."""

from __future__ import annotations

import uuid
from datetime import UTC

import pytest

from kith_feed.adapters.keys import blocks_key
from kith_feed.adapters.notifications import RedisNotifications
from kith_feed.domain.notifications import DAY_MS, Notification, group_id, summary


def test_grouped_kinds_share_a_group_per_target_and_day():
    assert group_id("reaction", "p1", "ana", 5) == group_id("reaction", "p1", "ben", DAY_MS - 1)
    assert group_id("reaction", "p1", "ana", 5) != group_id("reaction", "p1", "ana", DAY_MS + 5)
    assert group_id("reaction", "p1", "ana", 5) != group_id("reaction", "p2", "ana", 5)
    assert group_id("mention", "p1", "ana", 5) != group_id("mention", "p1", "ben", 5)


def test_summaries_read_like_people_expect():
    def n(kind, actors, count, detail=""):
        return Notification("g", kind, "t", "", actors, count, True, 0, detail)

    names = {"a": "ana", "b": "ben"}
    assert summary(n("reaction", ("a", "b"), 13), names) == "ana and 12 others reacted to your post"
    assert summary(n("reaction", ("b",), 2, "comment"), names) == "ben and 1 other reacted to your comment"
    assert summary(n("new_follower", ("a",), 1), names) == "ana started following you"
    assert summary(n("reply", ("a",), 1, "post"), names) == "ana commented on your post"
    assert summary(n("moderation", ("a",), 1, "removed your post"), names) == "Moderators removed your post"
    assert summary(n("mention", ("zz",), 1), names) == "Someone mentioned you"


@pytest.fixture
async def notes(redis_client):
    return RedisNotifications(redis_client)


async def test_redelivered_and_reordered_events_count_each_person_once(notes):
    me, target = str(uuid.uuid4()), str(uuid.uuid4())
    for event_id, actor, at in [
        ("e1", "ana", 1000),
        ("e2", "ben", 3000),
        ("e1", "ana", 1000),
        ("e3", "cat", 2000),
        ("e2", "ben", 3000),
        ("e4", "ana", 4000),
    ]:
        await notes.notify(f"{target}:{event_id}", me, "reaction", target, actor, at)
    [group] = await notes.page(me, "+inf", None, 10, frozenset())
    assert group.actor_count == 3 and group.actor_ids == ("ana", "ben", "cat") and group.updated_at_ms == 4000
    assert await notes.unread(me) == 1
    await notes.redis.sadd(blocks_key(me), "ana")
    [group] = await notes.page(me, "+inf", None, 10, frozenset({"ana"}))
    assert group.actor_ids == ("ben", "cat") and group.actor_count == 2
    assert not await notes.notify(f"{target}:e5", me, "reaction", target, "ana", 5000)  # blocked: silent
    assert not await notes.notify(f"{target}:e6", me, "reaction", target, me, 5000)  # oneself


async def test_groups_dropped_over_the_cap_take_their_keys_with_them(notes):
    from kith_feed.adapters.notifications import CAP, actors_key, group_key, notif_key

    me = str(uuid.uuid4())
    targets = [str(uuid.uuid4()) for _ in range(CAP + 2)]
    for i, target in enumerate(targets):  # each its own group, the first the oldest
        assert await notes.notify(f"{target}:e", me, "reaction", target, "ana", 1000 + i)
    listed = {m.decode() for m in await notes.redis.zrange(notif_key(me), 0, -1)}
    assert len(listed) == CAP and await notes.unread(me) == CAP
    gone = [group_id("reaction", t, "ana", 1000 + i) for i, t in enumerate(targets[:2])]
    assert not listed & set(gone)
    for gid in gone:
        assert not await notes.redis.exists(group_key(me, gid))
        assert not await notes.redis.exists(actors_key(me, gid))
    kept = group_id("reaction", targets[2], "ana", 1002)
    assert await notes.redis.hget(group_key(me, kept), "count") == b"1"
    # A group dropped earlier starts afresh when it comes back.
    assert await notes.notify(f"{targets[0]}:again", me, "reaction", targets[0], "ben", 10_000)
    [newest] = await notes.page(me, "+inf", None, 1, frozenset())
    assert newest.notification_id == gone[0] and newest.actor_ids == ("ben",) and newest.actor_count == 1


async def test_a_withdrawn_request_leaves_its_group_and_only_that_person(notes):
    me = str(uuid.uuid4())
    day = 20 * DAY_MS
    for event_id, actor, at in [("r1", "ana", day + 1000), ("r2", "ben", day + 2000)]:
        await notes.notify(f"{me}:{event_id}", me, "follow_request", "", actor, at)
    for _ in range(2):  # a redelivered withdrawal changes nothing more
        await notes.close_request(f"{me}:w1", me, "follow_request", "ana", day + 1000, day + 5000)
    [group] = await notes.page(me, "+inf", None, 10, frozenset())
    assert group.actor_ids == ("ben",) and group.actor_count == 1
    await notes.close_request(f"{me}:w2", me, "follow_request", "ben", day + 2000, day + 6000)
    assert await notes.page(me, "+inf", None, 10, frozenset()) == [] and await notes.unread(me) == 0
    # Asking again later is a new request.
    assert await notes.notify(f"{me}:r3", me, "follow_request", "", "ana", day + 7000)
    [group] = await notes.page(me, "+inf", None, 10, frozenset())
    assert group.actor_ids == ("ana",)


async def test_a_request_whose_end_arrived_first_never_shows(notes):
    me = str(uuid.uuid4())
    # FriendRequestClosed is keyed by the sender, FriendRequestSent by the recipient: the end
    # can overtake the request.
    await notes.close_request(f"{me}:c1", me, "friend_request", "ana", 0, 5000)
    assert not await notes.notify(f"{me}:s1", me, "friend_request", "", "ana", 4000)
    assert await notes.page(me, "+inf", None, 10, frozenset()) == []
    assert await notes.notify(f"{me}:s2", me, "friend_request", "", "ana", 6000)  # a later request shows
    await notes.close_request(f"{me}:c0", me, "friend_request", "ana", 0, 5500)  # an older end, late: no effect
    [group] = await notes.page(me, "+inf", None, 10, frozenset())
    assert group.kind == "friend_request" and group.actor_ids == ("ana",)
    assert not await notes.close_request(f"{me}:x", me, "mention", "ana", 0, 9000)  # not a request


async def test_the_worker_takes_back_the_notifications_of_requests_that_end_unanswered(redis_client):
    from datetime import datetime

    from kith.graph.v1 import events_pb2 as graph_events
    from kith_feed.adapters.stores import FeedStores
    from kith_feed.service_layer.events import apply_batch
    from kith_platform.events import GRAPH_RELATIONSHIPS, make_event, timestamp

    store = FeedStores.build(redis_client)
    me, ana, ben = (str(uuid.uuid4()) for _ in range(3))
    now = datetime.now(UTC)

    async def apply(payload, key=me) -> None:
        event = make_event(topic=GRAPH_RELATIONSHIPS, aggregate_id=key, producer="test", payload=payload)
        await apply_batch(store, [event.value])

    await apply(graph_events.FollowRequested(follower_id=ana, followee_id=me, requested_at=timestamp(now)))
    await apply(graph_events.FollowRequested(follower_id=ben, followee_id=me, requested_at=timestamp(now)))
    await apply(graph_events.FriendRequestSent(sender_id=ana, recipient_id=me, sent_at=timestamp(now)))
    assert len(await store.notifications.page(me, "+inf", None, 10, frozenset())) == 2
    await apply(
        graph_events.FollowRequestWithdrawn(
            follower_id=ana, followee_id=me, requested_at=timestamp(now), withdrawn_at=timestamp(now)
        )
    )
    await apply(
        graph_events.FriendRequestClosed(sender_id=ana, recipient_id=me, cancelled=True, closed_at=timestamp(now)),
        key=ana,
    )
    [group] = await store.notifications.page(me, "+inf", None, 10, frozenset())
    assert group.kind == "follow_request" and group.actor_ids == (ben,)
    await apply(
        graph_events.FollowRequestDeclined(
            follower_id=ben, followee_id=me, requested_at=timestamp(now), declined_at=timestamp(now)
        )
    )
    assert await store.notifications.page(me, "+inf", None, 10, frozenset()) == []
