"""The stream worker's handlers run at their event's time (service_layer/clock.py): applying an
event again later, as `kith rebuild-read-model` does, gives the values applying it when it was new
gave. On the fakes of the feed's ports."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

from google.protobuf.message import Message

from kith.communities.v1 import events_pb2 as community_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.service_layer.clock import event_time, now_ms, wall_ms
from kith_feed.service_layer.erasure import LOOK_AGAIN_AFTER_MS
from kith_feed.service_layer.events import apply_batch
from kith_platform.events import make_event
from services.feed.tests.fakes import fake_stores

LONG_AGO = datetime(2025, 3, 4, 12, 30, tzinfo=UTC)
LONG_AGO_MS = int(LONG_AGO.timestamp() * 1000)


def record(event: Message, occurred_at: datetime | None) -> bytes:
    value = make_event(topic="test", aggregate_id="test", producer="test", payload=event, occurred_at=occurred_at).value
    assert value is not None
    return value


def test_the_clock_is_the_events_inside_and_the_walls_outside():
    before = wall_ms()
    with event_time(LONG_AGO_MS):
        assert now_ms() == LONG_AGO_MS
        with event_time(None):  # an event without a time: the wall clock
            assert now_ms() >= before
        assert now_ms() == LONG_AGO_MS
    assert now_ms() >= before


async def test_a_mute_notifies_at_the_time_of_its_event_however_late_it_is_applied():
    store = fake_stores()
    member, moderator, community = (str(uuid.uuid4()) for _ in range(3))
    muted = community_events.MemberMuted(community_id=community, user_id=member, muted_by=moderator)

    assert await apply_batch(store, [record(muted, LONG_AGO)]) == ["kith.communities.v1.MemberMuted"]

    [group] = store.notifications.of(member)
    assert (group.kind, group.updated_at_ms) == ("moderation", LONG_AGO_MS)


async def test_an_erasure_is_recorded_at_its_event_and_looked_at_again_30_s_after_it_was_applied():
    store = fake_stores()
    person = str(uuid.uuid4())
    erased = identity_events.UserErased(user_id=person)

    applied_ms = int(time.time() * 1000)
    await apply_batch(store, [record(erased, LONG_AGO)])

    assert store.feeds.erased[person] == LONG_AGO_MS
    # The second pass catches what other services write about them after the first one ran: it
    # is due 30 s after the first pass, whenever the event happened (a worker far behind would
    # otherwise look again at once, before those writes).
    assert (
        applied_ms + LOOK_AGAIN_AFTER_MS
        <= store.erasure.rechecks[person]
        <= int(time.time() * 1000) + LOOK_AGAIN_AFTER_MS
    )


async def test_a_new_persons_first_digest_is_due_in_the_week_after_they_registered():
    store = fake_stores()
    person = str(uuid.uuid4())
    registered = identity_events.UserRegistered(user_id=person, handle="ana", display_name="Ana")

    await apply_batch(store, [record(registered, LONG_AGO)])

    due = store.digests.schedule_[person]
    assert due == store.digest_rules.next_week(LONG_AGO_MS)
    assert due < wall_ms() - timedelta(days=7).total_seconds() * 1000
