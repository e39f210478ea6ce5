"""In-memory fakes of the communities service's ports (each subclasses its port in
domain/ports.py; the community repository's is in fake_store.py), and the service's handlers
over them, for unit tests without servers.

There is no outbox port: each repository write stores its events in the same transaction. The
fakes record in `outbox` the events their port says a write stores, as (event type, ids...)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kith_communities.domain.meetups import Event, EventDetails, RsvpStatus, seat_for
from kith_communities.domain.moderation import Report
from kith_communities.domain.ports import (
    Erased,
    ErasureRepository,
    EventRepository,
    Relationship,
    Relationships,
    ReportRepository,
)
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_communities.service_layer.invitations import InvitationHandlers
from kith_communities.service_layer.meetups import MeetupHandlers
from kith_communities.service_layer.memberships import MembershipHandlers
from kith_communities.service_layer.moderation import ModerationHandlers
from kith_communities.service_layer.reports import ReportHandlers
from kith_platform.errors import Unavailable
from services.communities.tests.fake_store import T0, FakeCommunityStore, new_id, page


class FakeEvents(EventRepository):
    """Events and RSVPs; seats and the waitlist as the adapter keeps them (domain.meetups.seat_for)."""

    def __init__(self, outbox: list[tuple]) -> None:
        self.events: dict[str, tuple[str, EventDetails, bool]] = {}  # id -> (community, details, cancelled)
        self.rsvps: dict[tuple[str, str], RsvpStatus] = {}  # insertion order: who answered first
        self.outbox = outbox

    async def create(self, community_id: str, details: EventDetails, by: str) -> str:
        event_id = new_id()
        self.events[event_id] = (community_id, details, False)
        self.outbox.append(("EventScheduled", community_id, event_id))
        return event_id

    def _with(self, event_id: str, status: RsvpStatus) -> list[str]:
        return [u for (e, u), s in self.rsvps.items() if e == event_id and s is status]

    async def get(self, event_id: str, viewer_id: str) -> Event | None:
        if event_id not in self.events:
            return None
        community_id, details, cancelled = self.events[event_id]
        counts = {s: len(self._with(event_id, s)) for s in RsvpStatus}
        return Event(
            event_id,
            community_id,
            details,
            cancelled,
            counts[RsvpStatus.GOING],
            counts[RsvpStatus.MAYBE],
            counts[RsvpStatus.WAITLISTED],
            self.rsvps.get((event_id, viewer_id)),
        )

    async def upcoming(self, community_id: str) -> list[str]:
        live = [(d.starts_at, e) for e, (c, d, cancelled) in self.events.items() if c == community_id and not cancelled]
        return [e for _, e in sorted(live)]

    def _promote(self, event_id: str) -> None:
        capacity = self.events[event_id][1].capacity
        for user in self._with(event_id, RsvpStatus.WAITLISTED):
            if capacity and len(self._with(event_id, RsvpStatus.GOING)) >= capacity:
                return
            self.rsvps[(event_id, user)] = RsvpStatus.GOING
            self.outbox.append(("RsvpChanged", event_id, user, RsvpStatus.GOING, "promoted"))

    async def update(self, event_id: str, title: str, description: str, capacity: int) -> bool:
        if event_id not in self.events:
            return False
        community_id, details, cancelled = self.events[event_id]
        details = replace(details, title=title, description=description, capacity=capacity)
        self.events[event_id] = (community_id, details, cancelled)
        self.outbox.append(("EventChanged", event_id))
        if not cancelled:
            self._promote(event_id)
        return True

    async def cancel(self, event_id: str) -> None:
        community_id, details, cancelled = self.events[event_id]
        if not cancelled:
            self.events[event_id] = (community_id, details, True)
            self.outbox.append(("EventChanged", event_id, "cancelled"))

    async def rsvp(self, event_id, user_id, wanted, remind_me=False) -> tuple[RsvpStatus, int] | None:
        if event_id not in self.events or self.events[event_id][2]:
            return None
        previous = self.rsvps.get((event_id, user_id))
        status = RsvpStatus.WAITLISTED
        if not (previous is RsvpStatus.WAITLISTED and wanted is RsvpStatus.GOING):
            going = len(self._with(event_id, RsvpStatus.GOING))
            status = seat_for(wanted, going, self.events[event_id][1].capacity, previous is RsvpStatus.GOING)
            self.rsvps.pop((event_id, user_id), None)
            self.rsvps[(event_id, user_id)] = status
            self.outbox.append(("RsvpChanged", event_id, user_id, status))
            if previous is RsvpStatus.GOING and status is not RsvpStatus.GOING:
                self._promote(event_id)
        waiting = self._with(event_id, RsvpStatus.WAITLISTED)
        return status, waiting.index(user_id) + 1 if status is RsvpStatus.WAITLISTED else 0


class FakeReports(ReportRepository):
    """Reports; a mute resolves against the memberships of the community store."""

    def __init__(self, store: FakeCommunityStore) -> None:
        self.store = store
        self.open: dict[int, tuple[str, Report]] = {}  # id -> (community, report)
        self.resolved: dict[int, str] = {}  # id -> action

    async def add(self, community_id: str, reporter_id: str, target: str, target_id: str, reason: str) -> int:
        report_id = len(self.open) + len(self.resolved) + 1
        self.open[report_id] = (community_id, Report(report_id, reporter_id, target, target_id, reason, T0))
        self.store.outbox.append(("ReportFiled", community_id, report_id))
        return report_id

    async def open_reports(self, community_id: str, limit: int, after: int | None) -> list[Report]:
        rows = [r for c, r in self.open.values() if c == community_id]
        return page(rows, lambda r: (r.report_id,), limit, (after,) if after is not None else None)

    async def resolve(self, community_id, report_id, by, action, subject, mute_until, note) -> str | None:
        if report_id not in self.open or self.open[report_id][0] != community_id:
            return None
        report = self.open[report_id][1]
        if action == "mute":
            member = self.store.memberships.get((community_id, subject or ""))
            if member is None:
                return "not a member"
            member.muted_until = mute_until
        del self.open[report_id]
        self.resolved[report_id] = action
        self.store.outbox.append(("ReportResolved", community_id, report_id, action))
        extra = {"remove content": "ContentRemoved", "warn": "MemberWarned", "mute": "MemberMuted"}
        if action in extra:
            self.store.outbox.append((extra[action], community_id, subject or report.target_id))
        await self.store.log(None, community_id, by, f"resolve report: {action}", subject, note)
        return report.target


class FakeErasure(ErasureRepository):
    def __init__(self) -> None:
        self.erased: list[tuple[str, datetime]] = []

    async def erase(self, user_id: str, erased_at: datetime) -> Erased:
        self.erased.append((user_id, erased_at))
        return Erased({}, [], 0, 0)

    async def purge_outbox(self, limit: int = 100) -> int:
        return 0


class FakeRelationships(Relationships):
    """The graph's relationships: who follows whom and who are friends; `asked` records each
    question, and `down` makes every one fail as when graph cannot answer."""

    def __init__(self) -> None:
        self.follows: set[tuple[str, str]] = set()  # (follower, followee)
        self.friends: set[frozenset[str]] = set()
        self.asked: list[tuple[str, str]] = []
        self.down = False

    async def between(self, user_id: str, other_user_id: str) -> Relationship:
        self.asked.append((user_id, other_user_id))
        if self.down:
            raise Unavailable("graph service: UNAVAILABLE")
        return Relationship(
            follows=(user_id, other_user_id) in self.follows,
            friends=frozenset((user_id, other_user_id)) in self.friends,
        )


@dataclass
class CommunitiesService:
    """The fakes and every handler of the communities service over them."""

    store: FakeCommunityStore
    events: FakeEvents
    reports_store: FakeReports
    graph: FakeRelationships
    communities: CommunityHandlers
    memberships: MembershipHandlers
    invitations: InvitationHandlers
    moderation: ModerationHandlers
    meetups: MeetupHandlers
    reports: ReportHandlers


def communities_service() -> CommunitiesService:
    store = FakeCommunityStore()
    events, reports, graph = FakeEvents(store.outbox), FakeReports(store), FakeRelationships()
    communities = CommunityHandlers(store)  # no mirrors to push safety changes to
    moderation = ModerationHandlers(communities, store)
    return CommunitiesService(
        store,
        events,
        reports,
        graph,
        communities,
        MembershipHandlers(communities, store),
        InvitationHandlers(communities, store, graph),
        moderation,
        MeetupHandlers(communities, events),
        ReportHandlers(communities, moderation, reports),
    )
