"""Notification grouping and wording without servers; exactness on the real Redis."""

from __future__ import annotations

import uuid

import pytest

from kith_feed.adapters.notifications import RedisNotifications
from kith_feed.adapters.redis_store import blocks_key
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
    for event_id, actor, at in [("e1", "ana", 1000), ("e2", "ben", 3000), ("e1", "ana", 1000), ("e3", "cat", 2000),
                                ("e2", "ben", 3000), ("e4", "ana", 4000)]:
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
