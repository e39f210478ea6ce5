"""Community events and meetups: schedule, change, cancel, read, RSVP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from kith_communities.domain import communities as rules
from kith_communities.domain import meetups
from kith_communities.domain.communities import Role, Visibility
from kith_communities.domain.meetups import Event, RsvpStatus
from kith_communities.domain.ports import EventRepository
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid


@dataclass
class MeetupHandlers:
    communities: CommunityHandlers
    events: EventRepository

    async def _event(self, caller_id: str, event_id: str) -> tuple[Event, Role | None]:
        event = await self.events.get(parse_uuid(event_id, "event_id"), caller_id)
        if event is None:
            raise NotFound("event_id: no such event")
        try:
            community, role = await self.communities.visible(caller_id, event.community_id)
        except NotFound:
            raise NotFound("event_id: no such event") from None
        # Visibility follows the community: a private community's events are for its members.
        if community.visibility is not Visibility.PUBLIC and role is None:
            raise PermissionDenied("this community's events are for its members")
        return event, role

    async def _read(self, event_id: str, caller_id: str) -> Event:
        """An event by id (just written, or from the upcoming list), as the caller sees it."""
        event = await self.events.get(event_id, caller_id)
        if event is None:
            raise NotFound("event_id: no such event")
        return event

    async def create(self, caller_id: str, community_id: str, **fields) -> Event:
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "schedule events")
        rules.refuse_archived(community)
        details = meetups.validate_event(**fields, now=datetime.now(UTC))
        event_id = await self.events.create(community.community_id, details, caller_id)
        return await self._read(event_id, caller_id)

    async def get(self, caller_id: str, event_id: str) -> Event:
        return (await self._event(caller_id, event_id))[0]

    async def upcoming(self, caller_id: str, community_id: str) -> list[Event]:
        community, role = await self.communities.visible(caller_id, community_id)
        if community.visibility is not Visibility.PUBLIC and role is None:
            raise PermissionDenied("this community's events are for its members")
        return [await self._read(e, caller_id) for e in await self.events.upcoming(community.community_id)]

    async def update(
        self, caller_id: str, event_id: str, title: str | None, description: str | None, capacity: int | None
    ) -> Event:
        event, role = await self._event(caller_id, event_id)
        rules.require_rank(role, Role.MODERATOR, "change events")
        d = event.details
        await self.events.update(
            event.event_id,
            d.title if title is None else meetups.validate_title(title),
            d.description if description is None else description.strip()[: meetups.DESCRIPTION_MAX],
            d.capacity if capacity is None else meetups.validate_capacity(capacity),
        )
        return await self._read(event.event_id, caller_id)

    async def cancel(self, caller_id: str, event_id: str) -> Event:
        event, role = await self._event(caller_id, event_id)
        rules.require_rank(role, Role.MODERATOR, "cancel events")
        await self.events.cancel(event.event_id)
        return await self._read(event.event_id, caller_id)

    async def rsvp(
        self, caller_id: str, event_id: str, wanted: RsvpStatus, remind_me: bool = False
    ) -> tuple[RsvpStatus, int]:
        """Answer an event; `remind_me` (with MAYBE) asks for the reminder people going get."""
        if wanted is RsvpStatus.WAITLISTED:
            raise InvalidArgument("status", "answer going, maybe or not going")
        event, role = await self._event(caller_id, event_id)
        if role is None:
            raise PermissionDenied("only members answer this community's events")
        result = await self.events.rsvp(event.event_id, caller_id, wanted, remind_me)
        if result is None:
            raise FailedPrecondition("this event was cancelled")
        return result
