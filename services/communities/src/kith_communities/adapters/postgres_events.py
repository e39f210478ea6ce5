"""PostgreSQL adapter of community events and RSVPs (with the outbox). Every RSVP and
capacity change locks the event row, so seats and the waitlist stay consistent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from kith.communities.v1 import communities_pb2, events_pb2
from kith_communities.adapters.outbox_events import community_event
from kith_communities.domain.meetups import Event, EventDetails, RsvpStatus, seat_for
from kith_communities.domain.ports import EventRepository
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox

STATUS_TO_PROTO = {
    RsvpStatus.GOING: communities_pb2.RSVP_STATUS_GOING,
    RsvpStatus.MAYBE: communities_pb2.RSVP_STATUS_MAYBE,
    RsvpStatus.NOT_GOING: communities_pb2.RSVP_STATUS_NOT_GOING,
    RsvpStatus.WAITLISTED: communities_pb2.RSVP_STATUS_WAITLISTED,
}

INSERT_EVENT = """
INSERT INTO community_events (id, community_id, title, description, starts_at, ends_at, time_zone, online_url,
                              place, capacity, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
"""
SELECT_EVENT = """
SELECT e.*,
       count(*) FILTER (WHERE r.status = 'going') AS going,
       count(*) FILTER (WHERE r.status = 'maybe') AS maybe,
       count(*) FILTER (WHERE r.status = 'waitlisted') AS waitlisted,
       max(r.status) FILTER (WHERE r.user_id = $2) AS viewer_status
FROM community_events e LEFT JOIN rsvps r ON r.event_id = e.id
WHERE e.id = $1
GROUP BY e.id
"""
UPCOMING = """
SELECT id FROM community_events
WHERE community_id = $1 AND ends_at > now() AND cancelled_at IS NULL
ORDER BY starts_at, id LIMIT 100
"""
LOCK_EVENT = "SELECT community_id, capacity, cancelled_at FROM community_events WHERE id = $1 FOR UPDATE"
COUNT_GOING = "SELECT count(*) FROM rsvps WHERE event_id = $1 AND status = 'going'"
SELECT_RSVP = "SELECT status FROM rsvps WHERE event_id = $1 AND user_id = $2"
UPSERT_RSVP = """
INSERT INTO rsvps (event_id, user_id, status, remind_me) VALUES ($1, $2, $3, $4)
ON CONFLICT (event_id, user_id) DO UPDATE SET status = $3, remind_me = $4, responded_at = now()
"""
# The longest-waiting people, as many as there are free seats.
PROMOTE = """
UPDATE rsvps SET status = 'going'
WHERE (event_id, user_id) IN (
    SELECT event_id, user_id FROM rsvps WHERE event_id = $1 AND status = 'waitlisted'
    ORDER BY responded_at, user_id LIMIT $2
)
RETURNING user_id, remind_me
"""
WAITLIST_POSITION = """
SELECT count(*) FROM rsvps w, rsvps me
WHERE me.event_id = $1 AND me.user_id = $2 AND w.event_id = $1 AND w.status = 'waitlisted'
  AND (w.responded_at, w.user_id) <= (me.responded_at, me.user_id)
"""
UPDATE_EVENT = "UPDATE community_events SET title = $2, description = $3, capacity = $4 WHERE id = $1"
CANCEL_EVENT = "UPDATE community_events SET cancelled_at = now() WHERE id = $1 AND cancelled_at IS NULL"


def _event_record(row: asyncpg.Record) -> Event:
    return Event(
        event_id=str(row["id"]),
        community_id=str(row["community_id"]),
        details=EventDetails(
            row["title"],
            row["description"],
            row["starts_at"],
            row["ends_at"],
            row["time_zone"],
            row["online_url"],
            row["place"],
            row["capacity"],
        ),
        cancelled=row["cancelled_at"] is not None,
        going=row["going"],
        maybe=row["maybe"],
        waitlisted=row["waitlisted"],
        viewer_status=RsvpStatus(row["viewer_status"]) if row["viewer_status"] else None,
    )


async def promote_waitlist(conn, event_id: str, community_id: str, capacity: int, now: datetime) -> int:
    """Give the free seats of an event (its row locked by the caller) to the longest-waiting
    people, each announced with RsvpChanged (promoted: they are notified). How many moved up."""
    if capacity == 0:
        free = 1_000_000  # no limit: everyone waiting gets in
    else:
        free = capacity - await conn.fetchval(COUNT_GOING, uuid.UUID(event_id))
    if free <= 0:
        return 0
    promoted = await conn.fetch(PROMOTE, uuid.UUID(event_id), free)
    await add_to_postgres_outbox(
        conn,
        [
            community_event(
                community_id,
                events_pb2.RsvpChanged(
                    community_id=community_id,
                    event_id=event_id,
                    user_id=str(r["user_id"]),
                    status=communities_pb2.RSVP_STATUS_GOING,
                    promoted=True,
                    changed_at=timestamp(now),
                    remind_me=r["remind_me"],
                ),
                now,
            )
            for r in promoted
        ],
    )
    return len(promoted)


class PostgresEventRepository(EventRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def create(self, community_id: str, details: EventDetails, by: str) -> str:
        event_id, now = str(uuid.uuid4()), datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                INSERT_EVENT,
                uuid.UUID(event_id),
                uuid.UUID(community_id),
                details.title,
                details.description,
                details.starts_at,
                details.ends_at,
                details.time_zone,
                details.online_url,
                details.place,
                details.capacity,
                uuid.UUID(by),
            )
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.EventScheduled(
                            community_id=community_id,
                            event_id=event_id,
                            title=details.title,
                            starts_at=timestamp(details.starts_at),
                            ends_at=timestamp(details.ends_at),
                            created_by=by,
                        ),
                        now,
                    )
                ],
            )
        return event_id

    async def get(self, event_id: str, viewer_id: str) -> Event | None:
        row = await self.pool.fetchrow(SELECT_EVENT, uuid.UUID(event_id), uuid.UUID(viewer_id))
        return None if row is None else _event_record(row)

    async def upcoming(self, community_id: str) -> list[str]:
        return [str(r["id"]) for r in await self.pool.fetch(UPCOMING, uuid.UUID(community_id))]

    async def _promote(self, conn, event_id: str, community_id: str, capacity: int, now: datetime) -> None:
        await promote_waitlist(conn, event_id, community_id, capacity, now)

    async def rsvp(
        self, event_id: str, user_id: str, wanted: RsvpStatus, remind_me: bool = False
    ) -> tuple[RsvpStatus, int] | None:
        """None when the event is gone or cancelled. `remind_me` is stored with the answer and
        carried on RsvpChanged (the stream worker reminds people going, and those maybe who asked)."""
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            event = await conn.fetchrow(LOCK_EVENT, uuid.UUID(event_id))
            if event is None or event["cancelled_at"] is not None:
                return None
            community_id = str(event["community_id"])
            previous = await conn.fetchval(SELECT_RSVP, uuid.UUID(event_id), uuid.UUID(user_id))
            if previous == RsvpStatus.WAITLISTED.value and wanted is RsvpStatus.GOING:
                status = RsvpStatus.WAITLISTED  # keep the place in the queue
            else:
                going = await conn.fetchval(COUNT_GOING, uuid.UUID(event_id))
                status = seat_for(wanted, going, event["capacity"], previous == RsvpStatus.GOING.value)
                await conn.execute(UPSERT_RSVP, uuid.UUID(event_id), uuid.UUID(user_id), status.value, remind_me)
                await add_to_postgres_outbox(
                    conn,
                    [
                        community_event(
                            community_id,
                            events_pb2.RsvpChanged(
                                community_id=community_id,
                                event_id=event_id,
                                user_id=user_id,
                                status=STATUS_TO_PROTO[status],
                                changed_at=timestamp(now),
                                remind_me=remind_me,
                            ),
                            now,
                        )
                    ],
                )
                if previous == RsvpStatus.GOING.value and status is not RsvpStatus.GOING:
                    await self._promote(conn, event_id, community_id, event["capacity"], now)
            position = 0
            if status is RsvpStatus.WAITLISTED:
                position = await conn.fetchval(WAITLIST_POSITION, uuid.UUID(event_id), uuid.UUID(user_id))
            return status, position

    async def update(self, event_id: str, title: str, description: str, capacity: int) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            event = await conn.fetchrow(LOCK_EVENT, uuid.UUID(event_id))
            if event is None:
                return False
            community_id = str(event["community_id"])
            await conn.execute(UPDATE_EVENT, uuid.UUID(event_id), title, description, capacity)
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.EventChanged(
                            community_id=community_id, event_id=event_id, changed_at=timestamp(now)
                        ),
                        now,
                    )
                ],
            )
            if event["cancelled_at"] is None:
                await self._promote(conn, event_id, community_id, capacity, now)
        return True

    async def cancel(self, event_id: str) -> None:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            event = await conn.fetchrow(LOCK_EVENT, uuid.UUID(event_id))
            if event is None or event["cancelled_at"] is not None:
                return
            community_id = str(event["community_id"])
            await conn.execute(CANCEL_EVENT, uuid.UUID(event_id))
            await add_to_postgres_outbox(
                conn,
                [
                    community_event(
                        community_id,
                        events_pb2.EventChanged(
                            community_id=community_id, event_id=event_id, cancelled=True, changed_at=timestamp(now)
                        ),
                        now,
                    )
                ],
            )
