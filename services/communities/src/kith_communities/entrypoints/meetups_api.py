"""CommunitiesService's event (meetup) RPCs (mixed into CommunitiesServicer)."""

from __future__ import annotations

from kith.communities.v1 import communities_pb2
from kith_communities.adapters.postgres_events import STATUS_TO_PROTO
from kith_communities.domain.meetups import Event
from kith_communities.service_layer.meetups import MeetupHandlers
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp
from kith_platform.validation import optional_time

STATUS_FROM_PROTO = {v: k for k, v in STATUS_TO_PROTO.items()}


def event_message(event: Event) -> communities_pb2.Event:
    d = event.details
    return communities_pb2.Event(
        event_id=event.event_id,
        community_id=event.community_id,
        title=d.title,
        description=d.description,
        starts_at=timestamp(d.starts_at),
        ends_at=timestamp(d.ends_at),
        time_zone=d.time_zone,
        online_url=d.online_url,
        place=d.place,
        capacity=d.capacity,
        cancelled=event.cancelled,
        going=event.going,
        maybe=event.maybe,
        waitlisted=event.waitlisted,
        viewer_status=STATUS_TO_PROTO[event.viewer_status] if event.viewer_status else 0,
    )


class MeetupRpcs:
    """CreateEvent, UpdateEvent, CancelEvent, GetEvent, ListEvents and Rsvp; the servicer sets `meetups`."""

    meetups: MeetupHandlers

    async def CreateEvent(self, request, context):
        event = await self.meetups.create(
            caller_id(context),
            request.community_id,
            title=request.title,
            description=request.description,
            starts_at=optional_time(request, "starts_at"),
            ends_at=optional_time(request, "ends_at"),
            time_zone=request.time_zone,
            online_url=request.online_url,
            place=request.place,
            capacity=request.capacity,
        )
        return communities_pb2.CreateEventResponse(event=event_message(event))

    async def UpdateEvent(self, request, context):
        def opt(field):
            return getattr(request, field) if request.HasField(field) else None

        event = await self.meetups.update(
            caller_id(context), request.event_id, opt("title"), opt("description"), opt("capacity")
        )
        return communities_pb2.UpdateEventResponse(event=event_message(event))

    async def CancelEvent(self, request, context):
        return communities_pb2.CancelEventResponse(
            event=event_message(await self.meetups.cancel(caller_id(context), request.event_id))
        )

    async def GetEvent(self, request, context):
        return communities_pb2.GetEventResponse(
            event=event_message(await self.meetups.get(caller_id(context), request.event_id))
        )

    async def ListEvents(self, request, context):
        events = await self.meetups.upcoming(caller_id(context), request.community_id)
        return communities_pb2.ListEventsResponse(events=[event_message(e) for e in events])

    async def Rsvp(self, request, context):
        wanted = STATUS_FROM_PROTO.get(request.status)
        if wanted is None:
            raise InvalidArgument("status", "is required")
        status, position = await self.meetups.rsvp(caller_id(context), request.event_id, wanted, request.remind_me)
        return communities_pb2.RsvpResponse(status=STATUS_TO_PROTO[status], waitlist_position=position)
