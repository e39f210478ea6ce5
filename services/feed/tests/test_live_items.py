"""What the feed adds to the live channel (adapters/live_items.py), against the real Redis: one
notification item per notification (with the unread count), none for what is filtered out, none
twice for a redelivered event (even after a crash between the two writes); home-feed hints
coalesced per person, never to the post's author."""

from __future__ import annotations

import uuid

from kith.live.v1 import live_pb2
from kith_feed.adapters.live_items import LiveNotifications, hint_home_feeds
from kith_feed.adapters.notifications import RedisNotifications, blocks_key
from kith_platform import live


def person() -> str:
    return str(uuid.uuid4())


async def items(redis, user: str) -> list[live_pb2.LiveItem]:
    return [live_pb2.LiveItem.FromString(f[b"i"]) for _, f in await redis.xrange(live.stream_key(user))]


async def test_a_notification_reaches_the_live_log_once_with_the_unread_count(redis_client):
    notes = LiveNotifications(redis_client)
    ana, bo, cy = person(), person(), person()
    assert await notes.notify("e1", ana, "new_follower", "", bo, 1_000)
    assert not await notes.notify("e1", ana, "new_follower", "", bo, 1_000)  # redelivered
    assert await notes.notify("e2", ana, "new_follower", "", cy, 2 * 86_400_000)  # another day: another group
    got = await items(redis_client, ana)
    assert [(i.kind, i.notification.actor_id, i.notification.unread_count) for i in got] == [
        ("notification", bo, 1),
        ("notification", cy, 2),
    ]


async def test_nothing_reaches_the_live_log_for_a_filtered_notification(redis_client):
    notes = LiveNotifications(redis_client)
    ana, bo = person(), person()
    await redis_client.sadd(blocks_key(ana), bo)
    assert not await notes.notify("e1", ana, "new_follower", "", bo, 1_000)
    assert not await notes.notify("e2", ana, "new_follower", "", ana, 1_000)  # oneself
    assert await items(redis_client, ana) == []


async def test_a_redelivery_after_a_crash_between_the_writes_appends_the_item(redis_client):
    ana, bo = person(), person()
    # The notification was written, then the worker died before its live item.
    assert await RedisNotifications(redis_client).notify("e1", ana, "friend_request", "", bo, 5_000)
    assert await items(redis_client, ana) == []
    notes = LiveNotifications(redis_client)
    assert not await notes.notify("e1", ana, "friend_request", "", bo, 5_000)  # the redelivery
    assert not await notes.notify("e1", ana, "friend_request", "", bo, 5_000)
    assert [i.notification.notification_kind for i in await items(redis_client, ana)] == ["friend_request"]


async def test_home_feed_hints_are_coalesced_and_skip_the_author(redis_client):
    author, ana, bo = person(), person(), person()
    sent = await hint_home_feeds(redis_client, {author: "p1", ana: "p1", bo: "p1"}, {author}, every_seconds=30)
    assert sent == 2
    assert await hint_home_feeds(redis_client, {ana: "p2", bo: "p2"}, {author}, every_seconds=30) == 0
    assert [i.home_feed.post_id for i in await items(redis_client, ana)] == ["p1"]
    assert await items(redis_client, author) == []
