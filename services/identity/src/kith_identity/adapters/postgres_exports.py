"""PostgreSQL adapter of the data exports (the data_exports table), with its SQL constants."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import asyncpg

from kith_identity.domain.exports import (
    CHUNK_BYTES,
    KEPT_FOR,
    MIN_INTERVAL,
    ClaimedExport,
    DataExport,
    DataExportRepository,
    ExportStatus,
)
from kith_platform.errors import NotFound

# One person's requests are serialised on this lock (the daily limit is checked, then the
# new row inserted, in the same transaction).
LOCK_PERSON = "SELECT pg_advisory_xact_lock(hashtextextended('data-export:' || $1::text, 0))"
# $2: the start of the window (now - 24 h). Failed exports do not count.
LAST_COUNTED_SINCE = """
SELECT max(requested_at) FROM data_exports
WHERE user_id = $1 AND status <> 'failed' AND requested_at > $2
"""
INSERT_EXPORT = """
INSERT INTO data_exports (id, user_id, status, requested_at) VALUES ($1, $2, 'pending', $3)
"""
_COLUMNS = """
e.id, e.user_id, e.status, e.requested_at, e.ready_at, e.expires_at, e.size_bytes, e.sha256,
(SELECT max(c.requested_at) FROM data_exports c WHERE c.user_id = e.user_id AND c.status <> 'failed')
    AS last_counted_request
"""
# $3: now (an export past its expiry is gone, even before the job deletes it).
SELECT_EXPORT = f"""
SELECT {_COLUMNS} FROM data_exports e
WHERE e.id = $1 AND e.user_id = $2 AND (e.expires_at IS NULL OR e.expires_at > $3)
"""
SELECT_LATEST_EXPORT = f"""
SELECT {_COLUMNS} FROM data_exports e
WHERE e.user_id = $1 AND (e.expires_at IS NULL OR e.expires_at > $2)
ORDER BY e.requested_at DESC LIMIT 1
"""
# $3: where the window starts (1-based, as substring counts), $4: its length.
READ_ARCHIVE = """
SELECT substring(archive FROM $3 FOR $4) AS window FROM data_exports
WHERE id = $1 AND user_id = $2 AND status = 'ready' AND expires_at > now()
"""
# The oldest export due: pending (and its retry time come), or building since before $2 (its
# builder died). SKIP LOCKED: replicas each take a different one.
CLAIM_EXPORT = """
UPDATE data_exports SET status = 'building', started_at = $1, attempts = attempts + 1, retry_at = NULL
WHERE id = (
    SELECT id FROM data_exports
    WHERE (status = 'pending' AND (retry_at IS NULL OR retry_at <= $1))
       OR (status = 'building' AND started_at < $2)
    ORDER BY requested_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING id, user_id, requested_at, attempts
"""
SELECT_USER_FOR_EXPORT = """
SELECT id, handle, email, display_name, bio, avatar_url, location, language, interests, profile_visibility,
       created_at, profile_updated_at, password_changed_at, deactivated_at, erase_after,
       find_by_email, mentions, relationship_lists, community_invitations
FROM users WHERE id = $1
"""
SELECT_SESSIONS_FOR_EXPORT = """
SELECT id, created_at, last_refreshed_at, expires_at, revoked_at, revoked_reason
FROM sessions WHERE user_id = $1 ORDER BY created_at, id
"""
# Only the attempt that claimed it may finish it (a builder taken over after going quiet may not).
FINISH_EXPORT = """
UPDATE data_exports
SET status = 'ready', archive = $3, size_bytes = $4, sha256 = $5, ready_at = $6, expires_at = $7, error = ''
WHERE id = $1 AND attempts = $2 AND status = 'building'
"""
RETRY_EXPORT = """
UPDATE data_exports SET status = 'pending', retry_at = $3, error = $4
WHERE id = $1 AND attempts = $2 AND status = 'building'
"""
FAIL_EXPORT = """
UPDATE data_exports SET status = 'failed', error = $3, expires_at = $4
WHERE id = $1 AND attempts = $2 AND status = 'building'
"""
DELETE_EXPIRED = "DELETE FROM data_exports WHERE expires_at <= $1"


def _export(row: asyncpg.Record) -> DataExport:
    return DataExport(
        export_id=str(row["id"]),
        user_id=str(row["user_id"]),
        status=ExportStatus(row["status"]),
        requested_at=row["requested_at"],
        ready_at=row["ready_at"],
        expires_at=row["expires_at"],
        size_bytes=row["size_bytes"],
        sha256=row["sha256"],
        last_counted_request=row["last_counted_request"],
    )


class PostgresDataExports(DataExportRepository):
    # Downloads read this many chunks per query.
    WINDOW_BYTES = 16 * CHUNK_BYTES

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def add_unless_recent(self, export_id: str, user_id: str, now: datetime) -> DataExport | datetime:
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(LOCK_PERSON, user_id)
            last = await conn.fetchval(LAST_COUNTED_SINCE, user, now - MIN_INTERVAL)
            if last is not None:
                return last
            try:
                await conn.execute(INSERT_EXPORT, uuid.UUID(export_id), user, now)
            except asyncpg.ForeignKeyViolationError:
                raise NotFound(f"user_id: no user {user_id}") from None
            return DataExport(export_id, user_id, ExportStatus.PENDING, now, last_counted_request=now)

    async def get(self, user_id: str, export_id: str | None, now: datetime) -> DataExport | None:
        if export_id is None:
            row = await self.pool.fetchrow(SELECT_LATEST_EXPORT, uuid.UUID(user_id), now)
        else:
            row = await self.pool.fetchrow(SELECT_EXPORT, uuid.UUID(export_id), uuid.UUID(user_id), now)
        return None if row is None else _export(row)

    async def read(self, user_id: str, export_id: str, size_bytes: int) -> AsyncIterator[bytes]:
        for offset in range(0, size_bytes, self.WINDOW_BYTES):
            window = await self.pool.fetchval(
                READ_ARCHIVE, uuid.UUID(export_id), uuid.UUID(user_id), offset + 1, self.WINDOW_BYTES
            )
            if window is None:  # expired or erased in the middle of the download
                raise NotFound(f"export_id: no export {export_id}")
            yield window

    async def claim(self, now: datetime, stale_before: datetime) -> ClaimedExport | None:
        row = await self.pool.fetchrow(CLAIM_EXPORT, now, stale_before)
        if row is None:
            return None
        return ClaimedExport(str(row["id"]), str(row["user_id"]), row["requested_at"], row["attempts"])

    async def user_data(self, user_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            row = await conn.fetchrow(SELECT_USER_FOR_EXPORT, user)
            if row is None:
                return None
            sessions = await conn.fetch(SELECT_SESSIONS_FOR_EXPORT, user)
        return dict(row), [dict(s) for s in sessions]

    async def finish(
        self, claimed: ClaimedExport, archive: bytes, sha256: str, ready_at: datetime, expires_at: datetime
    ) -> bool:
        status = await self.pool.execute(
            FINISH_EXPORT,
            uuid.UUID(claimed.export_id),
            claimed.attempt,
            archive,
            len(archive),
            sha256,
            ready_at,
            expires_at,
        )
        return status.endswith(" 1")

    async def give_up_or_retry(
        self, claimed: ClaimedExport, error: str, now: datetime, *, final: bool, retry_at: datetime
    ) -> None:
        export_id = uuid.UUID(claimed.export_id)
        if final:
            await self.pool.execute(FAIL_EXPORT, export_id, claimed.attempt, error[:2000], now + KEPT_FOR)
        else:
            await self.pool.execute(RETRY_EXPORT, export_id, claimed.attempt, retry_at, error[:2000])

    async def delete_expired(self, now: datetime) -> int:
        status = await self.pool.execute(DELETE_EXPIRED, now)
        return int(status.split()[-1])
