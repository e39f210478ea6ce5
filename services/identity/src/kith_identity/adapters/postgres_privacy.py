"""PostgreSQL adapter of privacy settings (PrivacyStore): a change and its event in one
transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from kith.identity.v1 import events_pb2, privacy_pb2
from kith_identity.adapters import sql_privacy as sql
from kith_identity.adapters.postgres_rows import profile_from, user_event
from kith_identity.domain.ports import PrivacyStore
from kith_identity.domain.privacy import SETTINGS, PrivacySettings
from kith_identity.domain.profiles import Profile
from kith_platform.errors import NotFound
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox
from kith_platform.privacy import TO_PROTO, Reach, reach_of


def _settings(row: asyncpg.Record) -> PrivacySettings:
    return PrivacySettings(**{name: reach_of(row[name]) for name in SETTINGS})


def settings_message(settings: PrivacySettings) -> privacy_pb2.PrivacySettings:
    return privacy_pb2.PrivacySettings(**{name: TO_PROTO[getattr(settings, name)] for name in SETTINGS})


class PostgresPrivacy(PrivacyStore):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def settings(self, user_id: str) -> PrivacySettings | None:
        row = await self.pool.fetchrow(sql.SETTINGS, uuid.UUID(user_id))
        return None if row is None else _settings(row)

    async def update(self, user_id: str, changes: dict[str, Reach]) -> PrivacySettings:
        values = [changes[name].value if name in changes else None for name in SETTINGS]
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.UPDATE_SETTINGS, uuid.UUID(user_id), *values)
            if row is None:
                raise NotFound("no such user")
            settings, now = _settings(row), datetime.now(UTC)
            changed = events_pb2.PrivacySettingsChanged(
                user_id=user_id, settings=settings_message(settings), changed_at=timestamp(now)
            )
            await add_to_postgres_outbox(conn, [user_event(user_id, changed, now)])
            return settings

    async def mention_settings(self, user_ids: list[str]) -> dict[str, Reach]:
        rows = await self.pool.fetch(sql.MENTION_SETTINGS, [uuid.UUID(u) for u in user_ids])
        return {str(r["id"]): Reach(r["mentions"]) for r in rows}

    async def count_lookup(self, user_id: str, since: datetime) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.FORGET_OLD_LOOKUPS, uuid.UUID(user_id))
            await conn.execute(sql.LOG_LOOKUP, uuid.UUID(user_id))
            return await conn.fetchval(sql.COUNT_LOOKUPS, uuid.UUID(user_id), since)

    async def findable(self, viewer_id: str, emails: list[str]) -> dict[str, Profile]:
        rows = await self.pool.fetch(sql.FINDABLE, emails, uuid.UUID(viewer_id))
        return {r["email"]: profile_from(r) for r in rows}
