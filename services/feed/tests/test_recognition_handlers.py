"""Points, badges and trust levels each event brings (service_layer/recognition.py), on the fakes
of the feed's ports: what is announced to the outbox, and that it is announced before it is kept."""

from __future__ import annotations

import time
import uuid

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.feed.v1 import events_pb2 as feed_events
from kith_feed.domain.recognition import award_event_id
from kith_feed.service_layer import recognition
from kith_platform.events import parse_envelope, unpack_payload
from services.feed.tests.fakes import fake_stores


def at() -> Timestamp:
    stamp = Timestamp()
    stamp.FromMilliseconds(int(time.time() * 1000))
    return stamp


def published(author: str, community: str) -> content_events.PostPublished:
    return content_events.PostPublished(
        post_id=str(uuid.uuid4()),
        author_id=author,
        audience=content_pb2.AUDIENCE_COMMUNITY,
        community_id=community,
        created_at=at(),
    )


def announced(store, community: str) -> list[tuple[str, object]]:
    """(event id, event) of each envelope waiting in the community's outbox, oldest first."""
    envelopes = [parse_envelope(value) for value in store.outbox.boxes[community]]
    return [(e.event_id, unpack_payload(e)) for e in envelopes]


async def test_a_first_post_earns_a_badge_announced_before_it_is_kept():
    store = fake_stores()
    author, community = str(uuid.uuid4()), str(uuid.uuid4())
    kept_when_announced = []
    add = store.outbox.add

    async def add_and_look(community_id: str, envelope: bytes) -> None:
        standing = await store.recognition.standing(community_id, author, 0)
        kept_when_announced.append(set(standing.badges))
        await add(community_id, envelope)

    store.outbox.add = add_and_look
    await recognition.post_published(store, "event-1", published(author, community))

    [(event_id, award)] = announced(store, community)
    assert isinstance(award, feed_events.BadgeAwarded)
    assert (award.badge, award.user_id, award.earned_by_event_id) == ("first_post", author, "event-1")
    assert event_id == award_event_id(community, author, "first_post")
    assert kept_when_announced == [set()]  # not yet kept when it was announced
    standing, level = await recognition.member_standing(store, community, author)
    assert standing.badges == {"first_post": "event-1"} and standing.ever == 5.0 and level == 0


async def test_a_badge_that_could_not_be_announced_is_not_kept_and_comes_with_the_redelivery():
    store = fake_stores()
    author, community = str(uuid.uuid4()), str(uuid.uuid4())
    post = published(author, community)
    store.outbox.failure = ConnectionError("redis down")

    with pytest.raises(ConnectionError):
        await recognition.post_published(store, "event-1", post)
    assert (await store.recognition.standing(community, author, 0)).badges == {}

    store.outbox.failure = None
    await recognition.post_published(store, "event-1", post)  # the worker retries the batch

    assert [type(e).__name__ for _, e in announced(store, community)] == ["BadgeAwarded"]
    standing, _ = await recognition.member_standing(store, community, author)
    assert standing.badges == {"first_post": "event-1"} and standing.ever == 5.0  # credited once


async def test_a_crash_between_announcing_and_keeping_announces_again_under_the_same_event_id():
    store = fake_stores()
    author, community = str(uuid.uuid4()), str(uuid.uuid4())
    post = published(author, community)
    keep = store.recognition.keep_badge

    async def crash(*args) -> None:
        raise ConnectionError("worker killed")

    store.recognition.keep_badge = crash
    with pytest.raises(ConnectionError):
        await recognition.post_published(store, "event-1", post)
    store.recognition.keep_badge = keep
    await recognition.post_published(store, "event-1", post)

    ids = [event_id for event_id, _ in announced(store, community)]
    assert ids == [award_event_id(community, author, "first_post")] * 2  # consumers drop the repeat
    assert (await store.recognition.standing(community, author, 0)).badges == {"first_post": "event-1"}


async def test_points_that_reach_a_trust_level_announce_it_before_keeping_it():
    store = fake_stores()
    author, community = str(uuid.uuid4()), str(uuid.uuid4())

    await recognition.post_published(store, str(uuid.uuid4()), published(author, community))
    await recognition.post_published(store, str(uuid.uuid4()), published(author, community))  # 10 points

    events = [e for _, e in announced(store, community)]
    assert [type(e).__name__ for e in events] == ["BadgeAwarded", "TrustLevelChanged"]
    change = events[1]
    assert isinstance(change, feed_events.TrustLevelChanged)
    assert (change.level, change.previous_level, change.sequence) == (1, 0, 1)
    standing, level = await recognition.member_standing(store, community, author)
    assert (standing.trust, standing.trust_changes, level) == (1, 1, 1)
    assert (community, author) in store.recognition.watch  # looked at again as points fade


async def test_a_post_outside_communities_brings_no_points():
    store = fake_stores()
    author = str(uuid.uuid4())

    await recognition.post_published(store, "event-1", published(author, ""))

    assert store.recognition.credited == set() and store.outbox.boxes == {}
