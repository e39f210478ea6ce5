"""Mentorship changes and their events on the real Redis (make up): each change is written with
its event to the community's outbox by one script, the stream worker's relay publishes them in
order with derived event ids, and a relay that fails after publishing publishes the same event
again, never a new one."""

from __future__ import annotations

import types
import uuid

import pytest

from kith.feed.v1 import events_pb2 as feed_events
from kith_feed.adapters.mentorship import RedisMentorship
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain import recognition as rules
from kith_feed.service_layer import recognition
from kith_feed.service_layer.outbox_relay import relay_outboxes
from kith_feed.service_layer.recognition import RecognitionReads
from kith_platform.events import RECOGNITION_BADGES, parse_envelope, unpack_payload

pytestmark = pytest.mark.integration


@pytest.fixture
async def store(redis_client):
    store = FeedStores.build(redis_client)
    # Its own list of outboxes to relay: the running stream worker relays the shared one.
    store.outbox = RedisOutbox(redis_client, due_key=f"test:outbox-due:{uuid.uuid4()}")
    store.mentorship = RedisMentorship(redis_client, store.outbox)
    store.announced = []

    async def publish(event) -> None:
        store.announced.append(event)

    store.publish = publish
    return store


@pytest.fixture
def reads(store, monkeypatch):
    """Everyone may see every community, is a member and has trust level 2 (what is checked
    before a change is not what these tests are about)."""

    class Reads(RecognitionReads):
        async def _may_see(self, user_id, community_id):
            return community_id

    async def viewer(user_id):
        return types.SimpleNamespace(communities=frozenset(known), blocked=frozenset(), muted=frozenset())

    async def standing(store, community_id, user_id):
        return None, rules.MENTOR_TRUST

    known: set[str] = set()
    monkeypatch.setattr(store.feeds, "viewer", viewer)
    monkeypatch.setattr(recognition, "member_standing", standing)
    reads = Reads(store)
    reads.communities = known
    return reads


def _announced(store, community_id: str) -> list[tuple[str, object]]:
    found = []
    for event in store.announced:
        envelope = parse_envelope(event.value)
        payload = unpack_payload(envelope)
        assert event.topic == RECOGNITION_BADGES and event.key == community_id == payload.community_id
        assert event.event_id == envelope.event_id
        found.append((envelope.event_id, payload))
    return found


async def test_each_availability_change_is_announced_once_in_order(store, reads):
    cid, mentor = str(uuid.uuid4()), str(uuid.uuid4())
    reads.communities.add(cid)
    await reads.set_mentor(mentor, cid, True, 2)
    await reads.set_mentor(mentor, cid, True, 2)  # nothing changes: nothing announced
    await reads.set_mentor(mentor, cid, True, 4)
    await reads.set_mentor(mentor, cid, False, 0)
    await reads.set_mentor(mentor, cid, False, 0)
    assert await relay_outboxes(store.outbox, store.publish) == 3
    assert await relay_outboxes(store.outbox, store.publish) == 0  # relayed once
    found = _announced(store, cid)
    assert [(p.available, p.capacity, p.sequence) for _, p in found] == [(True, 2, 1), (True, 4, 2), (False, 0, 3)]
    assert [i for i, _ in found] == [rules.mentor_availability_event_id(cid, mentor, n) for n in (1, 2, 3)]
    assert all(isinstance(p, feed_events.MentorAvailabilityChanged) and p.user_id == mentor for _, p in found)


async def test_a_stale_change_count_writes_nothing(store):
    cid, mentor = str(uuid.uuid4()), str(uuid.uuid4())
    assert await store.mentorship.set_available(cid, mentor, 3, 0, b"first") == 1
    assert await store.mentorship.set_available(cid, mentor, 5, 0, b"stale") == -1
    assert await store.outbox.waiting(cid, 10) == [b"first"]
    assert (await store.mentorship.mentors(cid))[mentor] == (3, 0)


async def test_a_match_is_announced_once_even_when_the_relay_fails_after_publishing(store, reads):
    cid, mentor, mentee = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    reads.communities.add(cid)
    await reads.set_mentor(mentor, cid, True, 1)
    await relay_outboxes(store.outbox, store.publish)
    store.announced.clear()
    assert (await reads.request_mentor(mentee, cid))[0] == mentor
    assert (await reads.request_mentor(mentee, cid))[0] == mentor  # already matched: no new event

    publish = store.publish

    async def publish_then_fail(event) -> None:
        await publish(event)
        raise ConnectionError("the worker dies before the outbox is trimmed")

    store.publish = publish_then_fail
    with pytest.raises(ConnectionError):
        await relay_outboxes(store.outbox, store.publish)
    store.publish = publish
    assert await relay_outboxes(store.outbox, store.publish) == 1
    assert await relay_outboxes(store.outbox, store.publish) == 0
    first, again = _announced(store, cid)
    assert first[0] == again[0] == rules.mentor_match_event_id(cid, mentee, mentor)
    assert isinstance(first[1], feed_events.MentorMatched)
    assert (first[1].mentee_id, first[1].mentor_id) == (mentee, mentor)


async def test_an_entry_that_is_not_an_envelope_is_dropped_without_holding_the_others_back(store):
    cid, mentor = str(uuid.uuid4()), str(uuid.uuid4())
    opted_out = feed_events.MentorAvailabilityChanged(community_id=cid, user_id=mentor, sequence=2)
    envelope = recognition._envelope(cid, opted_out, rules.mentor_availability_event_id(cid, mentor, 2))
    assert await store.mentorship.set_available(cid, mentor, 3, 0, b"not an envelope") == 1
    assert await store.mentorship.set_available(cid, mentor, None, 1, envelope) == 1
    assert await relay_outboxes(store.outbox, store.publish) == 1
    assert [e for _, e in _announced(store, cid)] == [opted_out]
    assert await store.outbox.waiting(cid, 10) == []
