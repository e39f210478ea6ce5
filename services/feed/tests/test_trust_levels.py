"""Trust level changes as the stream worker announces them, on the real Redis (make up): each
change announced before it is kept, a repeat recognisable, racing workers ending with the kept
level announced last, and levels that fade without events announced by the daily look."""

from __future__ import annotations

import time
import uuid

import pytest

from kith.feed.v1 import events_pb2 as feed_events
from kith_feed.adapters.keys import community_prefix as prefix
from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.adapters.recognition import TRUST_WATCH_KEY
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.recognition import trust_change_event_id
from kith_feed.service_layer.recognition import member_standing, settle_due_trust_levels, settle_trust
from kith_platform.events import parse_envelope, unpack_payload

pytestmark = pytest.mark.integration


@pytest.fixture
async def store(redis_client):
    store = FeedStores.build(redis_client)
    # Outboxes of their own: the running stream worker relays (and empties) the shared ones.
    store.outbox = RedisOutbox(redis_client, due_key=f"test:outbox-due:{uuid.uuid4()}")
    return store


def _now() -> int:
    return int(time.time() * 1000)


async def _changes(store, community_id: str, user_id: str) -> list[tuple[str, int, int, int]]:
    """(event id, level, previous level, sequence) of the member's announcements in the
    community's outbox, in order."""
    found = []
    for value in await store.outbox.waiting(community_id, 1000):
        envelope = parse_envelope(value)
        change = unpack_payload(envelope)
        assert isinstance(change, feed_events.TrustLevelChanged) and envelope.aggregate_id == community_id
        if change.user_id == user_id:
            found.append((envelope.event_id, change.level, change.previous_level, change.sequence))
    return found


async def _credit(store, community_id: str, user_id: str, points: float) -> None:
    await store.recognition.credit(str(uuid.uuid4()), community_id, _now(), actor=(user_id, points, ""))


async def test_each_change_is_announced_once_with_its_sequence_then_kept(store):
    c, u = str(uuid.uuid4()), str(uuid.uuid4())
    await _credit(store, c, u, 9)
    assert await settle_trust(store, c, u) == 0 and await _changes(store, c, u) == []
    await _credit(store, c, u, 3)
    assert await settle_trust(store, c, u) == 1
    assert await settle_trust(store, c, u) == 1  # nothing moved: nothing announced
    await _credit(store, c, u, 40)
    assert await settle_trust(store, c, u) == 2
    assert await _changes(store, c, u) == [
        (trust_change_event_id(c, u, 1, 1), 1, 0, 1),
        (trust_change_event_id(c, u, 2, 2), 2, 1, 2),
    ]
    standing, level = await member_standing(store, c, u)
    assert (standing.trust, standing.trust_changes, level) == (2, 2, 2)
    # A level above 0 is looked at again in about a day.
    due = await store.redis.zscore(TRUST_WATCH_KEY, f"{c}|{u}")
    assert due is not None and abs(due - (_now() + 86_400_000)) < 60_000


async def test_an_announcement_repeated_after_a_crash_is_the_same_event(store):
    c, u = str(uuid.uuid4()), str(uuid.uuid4())
    await _credit(store, c, u, 10)
    add = store.outbox.add

    async def crash_after_announcing(community_id: str, envelope: bytes) -> None:
        await add(community_id, envelope)
        raise ConnectionError("the worker died before keeping the level")

    store.outbox.add = crash_after_announcing
    with pytest.raises(ConnectionError):
        await settle_trust(store, c, u)
    store.outbox.add = add
    assert await settle_trust(store, c, u) == 1  # the redelivered event settles it again
    first, again = await _changes(store, c, u)
    assert first == again == (trust_change_event_id(c, u, 1, 1), 1, 0, 1)


async def test_a_worker_that_loses_a_race_announces_the_kept_level_last(store):
    c, u = str(uuid.uuid4()), str(uuid.uuid4())
    await _credit(store, c, u, 12)  # this worker sees 12 points: level 1
    add, announced = store.outbox.add, []

    async def meanwhile_another_worker_keeps_level_2(community_id: str, envelope: bytes) -> None:
        await add(community_id, envelope)
        announced.append(envelope)
        if len(announced) == 1:
            await _credit(store, c, u, 40)
            assert await store.recognition.keep_trust(c, u, 0, 2)  # its announcement is not shown here

    store.outbox.add = meanwhile_another_worker_keeps_level_2
    assert await settle_trust(store, c, u) == 2
    # This worker announced level 1 as change 1, but the other kept level 2 as change 1: it
    # announces the kept level again as change 2, so the newest change consumers see is the truth.
    assert await _changes(store, c, u) == [
        (trust_change_event_id(c, u, 1, 1), 1, 0, 1),
        (trust_change_event_id(c, u, 2, 2), 2, 2, 2),
    ]
    standing, _ = await member_standing(store, c, u)
    assert (standing.trust, standing.trust_changes) == (2, 2)


async def test_levels_that_fade_without_events_are_announced_by_the_daily_look(store):
    c, u = str(uuid.uuid4()), str(uuid.uuid4())
    # Level 2 kept a while ago; its points have since left the 30-day window.
    assert await store.recognition.keep_trust(c, u, 0, 2)
    await store.recognition.watch_trust(c, u, _now() - 1)
    assert await settle_due_trust_levels(store, _now()) >= 1
    assert await _changes(store, c, u) == [(trust_change_event_id(c, u, 2, 0), 0, 2, 2)]
    assert await store.redis.zscore(TRUST_WATCH_KEY, f"{c}|{u}") is None  # level 0 cannot fall


async def test_a_level_kept_before_levels_were_announced_is_announced_once(store):
    c, u = str(uuid.uuid4()), str(uuid.uuid4())
    await _credit(store, c, u, 12)
    await store.redis.hset(f"{prefix(c)}trust", u, 1)  # as the API used to keep it, unannounced
    assert await settle_trust(store, c, u) == 1
    assert await settle_trust(store, c, u) == 1
    assert await _changes(store, c, u) == [(trust_change_event_id(c, u, 1, 1), 1, 1, 1)]
