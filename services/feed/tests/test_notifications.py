"""Notification grouping and wording without servers; exactness on the real Redis."""

from __future__ import annotations

import os
import uuid

import pytest
import redis.asyncio as aioredis

from kith_feed.adapters.notifications import RedisNotifications
from kith_feed.adapters.redis_store import blocks_key
from kith_feed.domain.notifications import DAY_MS, Notification, group_id, summary

REDIS_URL = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")


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
async def notes():
    client = aioredis.Redis.from_url(REDIS_URL)
    yield RedisNotifications(client)
    await client.aclose()


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
