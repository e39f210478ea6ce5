"""What the communities service holds of one person, for their data export (read-only SQL
constants and the adapter that runs them in one snapshot)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

EXPORT_MEMBERSHIPS = """
SELECT m.community_id, c.slug, c.name, m.role, m.joined_at, m.muted_until
FROM memberships m JOIN communities c ON c.id = m.community_id
WHERE m.user_id = $1
ORDER BY m.joined_at, m.community_id
"""
EXPORT_JOIN_REQUESTS = """
SELECT r.community_id, c.slug, c.name, r.questions, r.answers, r.requested_at
FROM join_requests r JOIN communities c ON c.id = r.community_id
WHERE r.user_id = $1
ORDER BY r.requested_at, r.community_id
"""
EXPORT_INVITATIONS = """
SELECT i.community_id, c.slug, c.name, i.invited_by, i.invited_at
FROM invitations i JOIN communities c ON c.id = i.community_id
WHERE i.user_id = $1
ORDER BY i.invited_at, i.community_id
"""
# The person's bans (not which moderator banned them).
EXPORT_BANS = """
SELECT b.community_id, c.slug, c.name, b.banned_at, b.until
FROM bans b JOIN communities c ON c.id = b.community_id
WHERE b.user_id = $1
ORDER BY b.banned_at, b.community_id
"""
# Reports the person filed (not what the moderators decided about the reported content).
EXPORT_REPORTS = """
SELECT community_id, target, target_id, reason, reported_at, resolved_at
FROM reports WHERE reporter_id = $1
ORDER BY reported_at, id
"""
EXPORT_RSVPS = """
SELECT r.event_id, e.community_id, e.title, e.starts_at, e.ends_at, e.time_zone, e.place, e.online_url,
       e.cancelled_at, r.status, r.remind_me, r.responded_at
FROM rsvps r JOIN community_events e ON e.id = r.event_id
WHERE r.user_id = $1
ORDER BY e.starts_at, r.event_id
"""
EXPORT_EVENTS_CREATED = """
SELECT id, community_id, title, description, starts_at, ends_at, time_zone, place, online_url, capacity,
       cancelled_at, created_at
FROM community_events WHERE created_by = $1
ORDER BY created_at, id
"""
QUERIES = {
    "memberships": EXPORT_MEMBERSHIPS,
    "join_requests": EXPORT_JOIN_REQUESTS,
    "invitations": EXPORT_INVITATIONS,
    "bans": EXPORT_BANS,
    "reports": EXPORT_REPORTS,
    "rsvps": EXPORT_RSVPS,
    "events_created": EXPORT_EVENTS_CREATED,
}


class PostgresCommunitiesExport:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """The person's rows of each kind in QUERIES, from one snapshot."""
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            return {name: [dict(r) for r in await conn.fetch(query, user)] for name, query in QUERIES.items()}
