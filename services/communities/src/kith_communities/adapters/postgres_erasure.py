"""PostgreSQL adapter of account erasure (identity's UserErased): the tombstone, every row that
names the person, what passes on to others, and the outbox rows that mention them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from kith.communities.v1 import communities_pb2, events_pb2
from kith_communities.adapters import outbox_events, sql
from kith_communities.adapters.outbox_events import community_event
from kith_communities.adapters.postgres_events import promote_waitlist
from kith_communities.adapters.postgres_reports import TARGET_TO_PROTO
from kith_communities.domain.communities import Role
from kith_communities.domain.memberships import SuccessorCandidate, successor
from kith_communities.domain.ports import Erased, ErasureRepository
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox, purge_erased_from_outbox, purge_sent_rows_of

# $1 is the erased user's id (uuid) in every statement below.

# Held until commit: writes naming the person (sql.LOCK_PEOPLE_SHARED) wait, then see the tombstone.
LOCK_PERSON = "SELECT pg_advisory_xact_lock(hashtextextended('kith.erasure:' || $1::uuid::text, 0))"
INSERT_ERASED = "INSERT INTO erased_users (user_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"

# Every community the person owns or belongs to, locked in id order (as sql.LOCK_COMMUNITIES):
# ownership and member counts change under the same locks as TransferOwnership and joins.
TOUCHED = """
SELECT id FROM communities WHERE owner_id = $1
UNION
SELECT community_id FROM memberships WHERE user_id = $1
"""
OWNED = """
SELECT id FROM communities WHERE owner_id = $1
UNION
SELECT community_id FROM memberships WHERE user_id = $1 AND role = 'owner'
ORDER BY 1
"""
# The longest-serving member of each role (active and deactivated apart): rules.successor picks.
SUCCESSOR_CANDIDATES = """
SELECT DISTINCT ON (role, deactivated) user_id, role, joined_at, deactivated
FROM (
    SELECT m.user_id, m.role, m.joined_at,
           EXISTS (SELECT 1 FROM mirror_users mu WHERE mu.user_id = m.user_id AND mu.deactivated) AS deactivated
    FROM memberships m
    WHERE m.community_id = $2 AND m.user_id <> $1
      AND NOT EXISTS (SELECT 1 FROM erased_users e WHERE e.user_id = m.user_id)
) AS candidates
ORDER BY role, deactivated, joined_at, user_id
"""
MAKE_OWNER = "UPDATE memberships SET role = 'owner' WHERE community_id = $1 AND user_id = $2"
SET_OWNER = "UPDATE communities SET owner_id = $2 WHERE id = $1"
# Logged by nobody (the log keeps no actor for what erasure did).
LOG_UNATTRIBUTED = """
INSERT INTO moderation_log (community_id, actor_id, action, target_user_id, reason, details)
VALUES ($1, NULL, $2, $3, '', $4)
"""

# Memberships, with exact counts (no MemberLeft: graph, content and the feed erase memberships
# themselves on UserErased).
DELETE_MEMBERSHIPS = """
WITH gone AS (DELETE FROM memberships WHERE user_id = $1 RETURNING community_id)
UPDATE communities c SET member_count = c.member_count - 1 FROM gone WHERE c.id = gone.community_id
RETURNING c.id
"""

# RSVPs: the events' rows are locked first (as an RSVP does), then a seat freed goes to the
# waitlist as when someone stops going.
LOCK_RSVP_EVENTS = """
SELECT id, community_id, capacity, cancelled_at, ends_at FROM community_events
WHERE id IN (SELECT event_id FROM rsvps WHERE user_id = $1)
ORDER BY id FOR UPDATE
"""
DELETE_RSVPS = "DELETE FROM rsvps WHERE user_id = $1 RETURNING event_id, status"

# Events they organise stay, organised by the community's owner (after ownership passed on).
HAND_ON_EVENTS = """
UPDATE community_events e SET created_by = c.owner_id
FROM communities c WHERE e.created_by = $1 AND c.id = e.community_id
"""

# Reports they filed or that are about them (as a member); open ones are closed as dismissed.
DELETE_REPORTS = """
DELETE FROM reports WHERE reporter_id = $1 OR (target = 'member' AND target_id = $1)
RETURNING id, community_id, target, resolved_at
"""

# Everything else that names them: removed, or the pointer to them cleared. Free text that
# quotes the id (a moderation note, a report's details) keeps its words without it.
FORGET = (
    "DELETE FROM join_requests WHERE user_id = $1",
    "DELETE FROM invitations WHERE user_id = $1 OR invited_by = $1",
    "DELETE FROM invite_links WHERE created_by = $1",
    "DELETE FROM bans WHERE user_id = $1",
    "UPDATE bans SET banned_by = NULL WHERE banned_by = $1",
    "UPDATE community_events SET created_by = NULL WHERE created_by = $1",
    "UPDATE reports SET resolved_by = NULL WHERE resolved_by = $1",
    """UPDATE reports SET reason = regexp_replace(reason, $1::uuid::text, '[erased]', 'gi')
       WHERE reason ~* $1::uuid::text""",
    """UPDATE moderation_log SET actor_id = NULLIF(actor_id, $1), target_user_id = NULLIF(target_user_id, $1),
           reason = regexp_replace(reason, $1::uuid::text, '[erased]', 'gi'),
           details = regexp_replace(details, $1::uuid::text, '[erased]', 'gi')
       WHERE actor_id = $1 OR target_user_id = $1 OR reason ~* $1::uuid::text OR details ~* $1::uuid::text""",
    "DELETE FROM mirror_blocks WHERE blocker_id = $1 OR blocked_id = $1",
    "DELETE FROM mirror_users WHERE user_id = $1",
    "DELETE FROM mirror_privacy WHERE user_id = $1",
)

# The outbox: rows Kafka already has are deleted; unsent ones are published first and deleted
# by a later pass (kith_platform.outbox.purge_erased_from_outbox).


class PostgresErasureRepository(ErasureRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def erase(self, user_id: str, erased_at: datetime) -> Erased:
        user, now = uuid.UUID(user_id), datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(LOCK_PERSON, user)
            await conn.execute(INSERT_ERASED, user, erased_at)
            touched = [r["id"] for r in await conn.fetch(TOUCHED, user)]
            if touched:
                await conn.execute(sql.LOCK_COMMUNITIES, touched)
            passed, archived = await self._hand_on_ownership(conn, user, now)
            memberships = len(await conn.fetch(DELETE_MEMBERSHIPS, user))
            promoted = await self._give_up_seats(conn, user, now)
            await conn.execute(HAND_ON_EVENTS, user)
            await self._drop_reports(conn, user, now)
            for statement in FORGET:
                await conn.execute(statement, user)
            await purge_sent_rows_of(conn, user_id)
        return Erased(passed, archived, memberships, promoted)

    async def _hand_on_ownership(self, conn, user: uuid.UUID, now: datetime) -> tuple[dict[str, str], list[str]]:
        passed: dict[str, str] = {}
        archived: list[str] = []
        for row in await conn.fetch(OWNED, user):
            community_id = str(row["id"])
            candidates = [
                SuccessorCandidate(str(r["user_id"]), Role(r["role"]), r["joined_at"], r["deactivated"])
                for r in await conn.fetch(SUCCESSOR_CANDIDATES, user, row["id"])
            ]
            heir = successor(candidates)
            await conn.execute(SET_OWNER, row["id"], uuid.UUID(heir) if heir else None)
            if heir is not None:
                await conn.execute(MAKE_OWNER, row["id"], uuid.UUID(heir))
                # TransferOwnership's announcement, by nobody: it names only the new owner.
                await add_to_postgres_outbox(
                    conn, [outbox_events.role_changed(community_id, heir, Role.OWNER, "", now)]
                )
                await conn.execute(
                    LOG_UNATTRIBUTED, row["id"], "pass ownership on", uuid.UUID(heir), "the owner's account was erased"
                )
                passed[community_id] = heir
                continue
            # Nobody left to own it: archived (with what is below it, as ArchiveCommunity does).
            ids = [str(r["id"]) for r in await conn.fetch(sql.ARCHIVE_SUBTREE, row["id"], now, None)]
            # No owner any more (the erased person is named nowhere new).
            await add_to_postgres_outbox(conn, [outbox_events.archived(c, community_id, "", now, "") for c in ids])
            if ids:
                await conn.execute(
                    LOG_UNATTRIBUTED,
                    row["id"],
                    "archive",
                    None,
                    "the owner's account was erased and no member was left",
                )
            archived.extend(ids)
        return passed, archived

    async def _give_up_seats(self, conn, user: uuid.UUID, now: datetime) -> int:
        events = {r["id"]: r for r in await conn.fetch(LOCK_RSVP_EVENTS, user)}
        promoted = 0
        for row in await conn.fetch(DELETE_RSVPS, user):
            event = events.get(row["event_id"])
            # A seat of an event still to come goes to the waitlist, with its notifications.
            if (
                event is not None
                and row["status"] == "going"
                and event["cancelled_at"] is None
                and event["ends_at"] > now
            ):
                promoted += await promote_waitlist(
                    conn, str(event["id"]), str(event["community_id"]), event["capacity"], now
                )
        return promoted

    async def _drop_reports(self, conn, user: uuid.UUID, now: datetime) -> None:
        closed = [r for r in await conn.fetch(DELETE_REPORTS, user) if r["resolved_at"] is None]
        # The moderators' workload figures (ReportFiled / ReportResolved) stay exact.
        await add_to_postgres_outbox(
            conn,
            [
                community_event(
                    str(r["community_id"]),
                    events_pb2.ReportResolved(
                        community_id=str(r["community_id"]),
                        report_id=r["id"],
                        target=TARGET_TO_PROTO[r["target"]],
                        action=communities_pb2.REPORT_ACTION_DISMISS,
                        resolved_by="",
                        resolved_at=timestamp(now),
                    ),
                    now,
                )
                for r in closed
            ],
        )

    async def purge_outbox(self, limit: int = 100) -> int:
        return await purge_erased_from_outbox(self.pool, limit)
