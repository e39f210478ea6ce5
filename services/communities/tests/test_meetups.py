"""Event (meetup) handlers against in-memory fakes (no servers): who schedules, changes and
answers events, who sees them, and how seats and the waitlist go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kith_communities.domain.communities import Role, Visibility
from kith_communities.domain.meetups import RsvpStatus
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.communities.tests.fakes import communities_service, new_id

OWNER, MOD, ANA, BO, CY = (new_id() for _ in range(5))
SOON = datetime.now(UTC) + timedelta(days=7)


def _details(**changes):
    details = {
        "title": "  Spring   meetup ",
        "description": "",
        "starts_at": SOON,
        "ends_at": SOON + timedelta(hours=2),
        "time_zone": "Europe/Lisbon",
        "online_url": "",
        "place": "The park",
        "capacity": 0,
    }
    return {**details, **changes}


def _community(service, visibility=Visibility.PUBLIC):
    community = service.store.seed(OWNER, visibility)
    service.store.seed_member(community.community_id, MOD, Role.MODERATOR)
    for user in (ANA, BO, CY):
        service.store.seed_member(community.community_id, user)
    return community.community_id


async def test_moderators_schedule_events_and_members_see_them():
    service = communities_service()
    community = _community(service)
    with pytest.raises(PermissionDenied):
        await service.meetups.create(ANA, community, **_details())
    event = await service.meetups.create(MOD, community, **_details())
    assert event.details.title == "Spring meetup" and event.going == 0
    assert service.store.outbox == [("EventScheduled", community, event.event_id)]
    assert [e.event_id for e in await service.meetups.upcoming(new_id(), community)] == [event.event_id]
    assert (await service.meetups.get(ANA, event.event_id)).event_id == event.event_id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": None}, "starts_at"),
        ({"ends_at": SOON - timedelta(hours=1)}, "ends_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"online_url": "http://insecure.example"}, "online_url"),
        ({"place": ""}, "place"),
        ({"capacity": -1}, "capacity"),
        ({"title": "no"}, "title"),
    ],
)
async def test_an_invalid_event_is_refused_naming_the_field(changes, field):
    service = communities_service()
    community = _community(service)
    with pytest.raises(InvalidArgument) as refused:
        await service.meetups.create(MOD, community, **_details(**changes))
    assert refused.value.field == field and service.events.events == {}


async def test_a_private_communitys_events_are_for_its_members():
    service = communities_service()
    community = _community(service, Visibility.PRIVATE)
    event = await service.meetups.create(MOD, community, **_details())
    stranger = new_id()
    with pytest.raises(PermissionDenied, match="for its members"):
        await service.meetups.get(stranger, event.event_id)
    with pytest.raises(PermissionDenied, match="for its members"):
        await service.meetups.upcoming(stranger, community)
    with pytest.raises(NotFound, match="event_id"):
        await service.meetups.get(ANA, new_id())


async def test_a_full_event_puts_people_on_the_waitlist_and_a_freed_seat_goes_to_the_first_waiting():
    service = communities_service()
    community = _community(service)
    event = await service.meetups.create(MOD, community, **_details(capacity=1))
    assert await service.meetups.rsvp(ANA, event.event_id, RsvpStatus.GOING) == (RsvpStatus.GOING, 0)
    assert await service.meetups.rsvp(BO, event.event_id, RsvpStatus.GOING) == (RsvpStatus.WAITLISTED, 1)
    assert await service.meetups.rsvp(CY, event.event_id, RsvpStatus.GOING) == (RsvpStatus.WAITLISTED, 2)
    assert await service.meetups.rsvp(ANA, event.event_id, RsvpStatus.NOT_GOING) == (RsvpStatus.NOT_GOING, 0)
    seen = await service.meetups.get(BO, event.event_id)
    assert seen.viewer_status is RsvpStatus.GOING and seen.going == 1 and seen.waitlisted == 1
    assert service.store.outbox[-1] == ("RsvpChanged", event.event_id, BO, RsvpStatus.GOING, "promoted")
    updated = await service.meetups.update(MOD, event.event_id, None, None, 2)
    assert updated.details.capacity == 2 and updated.going == 2 and updated.waitlisted == 0


async def test_only_members_answer_and_nobody_answers_a_cancelled_event():
    service = communities_service()
    community = _community(service)
    event = await service.meetups.create(MOD, community, **_details())
    with pytest.raises(PermissionDenied, match="only members"):
        await service.meetups.rsvp(new_id(), event.event_id, RsvpStatus.GOING)
    with pytest.raises(InvalidArgument) as waitlisted:
        await service.meetups.rsvp(ANA, event.event_id, RsvpStatus.WAITLISTED)
    assert waitlisted.value.field == "status"
    with pytest.raises(PermissionDenied):
        await service.meetups.cancel(ANA, event.event_id)
    cancelled = await service.meetups.cancel(MOD, event.event_id)
    assert cancelled.cancelled and service.store.outbox[-1] == ("EventChanged", event.event_id, "cancelled")
    with pytest.raises(FailedPrecondition, match="cancelled"):
        await service.meetups.rsvp(ANA, event.event_id, RsvpStatus.GOING)
    assert await service.meetups.upcoming(ANA, community) == []


async def test_a_change_of_an_event_is_by_moderators_and_checked():
    service = communities_service()
    community = _community(service)
    event = await service.meetups.create(MOD, community, **_details())
    with pytest.raises(PermissionDenied):
        await service.meetups.update(ANA, event.event_id, "New title", None, None)
    with pytest.raises(InvalidArgument) as refused:
        await service.meetups.update(MOD, event.event_id, None, None, 100_001)
    assert refused.value.field == "capacity"
    changed = await service.meetups.update(MOD, event.event_id, " New  title ", None, None)
    assert changed.details.title == "New title" and changed.details.place == "The park"
    assert service.store.outbox[-1] == ("EventChanged", event.event_id)
