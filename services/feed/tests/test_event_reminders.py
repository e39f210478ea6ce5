"""Event reminders: people going get one; people who answered maybe only when they asked."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith_feed.adapters.notifications import RedisCommunityFacts, RedisNotifications
from kith_feed.service_layer.notifications import rsvp_changed, send_due_reminders, wants_reminder

GOING, MAYBE, NOT_GOING = (
    communities_pb2.RSVP_STATUS_GOING,
    communities_pb2.RSVP_STATUS_MAYBE,
    communities_pb2.RSVP_STATUS_NOT_GOING,
)


def test_reminders_go_to_people_going_and_to_maybes_who_asked():
    cases = [
        (GOING, False, True),
        (GOING, True, True),
        (MAYBE, False, False),
        (MAYBE, True, True),
        (NOT_GOING, True, False),
        (communities_pb2.RSVP_STATUS_WAITLISTED, True, False),
    ]
    assert [wants_reminder(status, remind_me) for status, remind_me, _ in cases] == [want for *_, want in cases]


async def test_due_reminders_follow_each_persons_latest_answer(redis_client):
    event_id, community_id = str(uuid.uuid4()), str(uuid.uuid4())
    # A schedule of its own: the running stream worker must not take this test's event.
    facts = RedisCommunityFacts(redis_client, reminders_key=f"test:event-reminders:{event_id}")
    store = SimpleNamespace(notifications=RedisNotifications(redis_client), community_facts=facts)
    going, quiet_maybe, asking_maybe, changed_mind = (str(uuid.uuid4()) for _ in range(4))

    async def answer(user_id: str, status: int, remind_me: bool = False) -> None:
        await rsvp_changed(
            store,
            str(uuid.uuid4()),
            community_events.RsvpChanged(
                community_id=community_id, event_id=event_id, user_id=user_id, status=status, remind_me=remind_me
            ),
        )

    await answer(going, GOING)
    await answer(quiet_maybe, MAYBE)
    await answer(asking_maybe, MAYBE, remind_me=True)
    await answer(changed_mind, MAYBE)
    await answer(changed_mind, GOING)  # the latest answer counts
    # Every attendee still hears of changes; only those reminded get the reminder.
    assert set(await store.community_facts.attendees(event_id)) == {going, quiet_maybe, asking_maybe, changed_mind}
    await store.community_facts.schedule_reminder(event_id, community_id, starts_at_ms=3_600_000 + 1000)
    assert await send_due_reminders(store, now_ms=2000) == 3
    reminded = {
        u
        for u in (going, quiet_maybe, asking_maybe, changed_mind)
        if await store.notifications.page(u, "+inf", None, 10, frozenset())
    }
    assert reminded == {going, asking_maybe, changed_mind}
    assert await send_due_reminders(store, now_ms=2000) == 0  # taken off the schedule once
