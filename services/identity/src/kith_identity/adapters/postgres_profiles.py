"""PostgreSQL adapter of profiles: reads filtered by the mirror of blocks, updates with their
events (ProfileUpdated, InterestsChanged, the new card on identity.profiles.v1), people search
and handle resolution. A base of PostgresAccountRepository (postgres.py)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg

from kith.identity.v1 import events_pb2
from kith_identity.adapters import sql
from kith_identity.adapters.postgres_rows import profile_from, user_event, uuid_or_none
from kith_identity.adapters.profile_topic import VISIBILITY_TO_PROTO, profile_snapshot, snapshot_changed
from kith_identity.domain.profiles import Profile, ProfileChanges, SearchCursor, Visibility
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _profile_events(before: Profile, after: Profile, now: datetime) -> list:
    events = []
    card_or_details = ("display_name", "avatar_url", "visibility", "bio", "location", "language")
    if any(getattr(before, f) != getattr(after, f) for f in card_or_details):
        public = after.visibility is Visibility.PUBLIC
        events.append(
            user_event(
                after.user_id,
                events_pb2.ProfileUpdated(
                    user_id=after.user_id,
                    handle=after.handle,
                    display_name=after.display_name,
                    avatar_url=after.avatar_url,
                    visibility=VISIBILITY_TO_PROTO[after.visibility],
                    bio=after.bio if public else "",
                    location=after.location if public else "",
                    language=after.language if public else "",
                    updated_at=timestamp(now),
                ),
                now,
            )
        )
    if before.interests != after.interests:
        events.append(
            user_event(
                after.user_id,
                events_pb2.InterestsChanged(
                    user_id=after.user_id, interests=list(after.interests), changed_at=timestamp(now)
                ),
                now,
            )
        )
    return events


class PostgresProfiles:
    pool: asyncpg.Pool

    async def get_profile(self, user_id: str, viewer_id: str | None = None) -> Profile | None:
        row = await self.pool.fetchrow(sql.SELECT_PROFILE, uuid.UUID(user_id), uuid_or_none(viewer_id))
        return None if row is None else profile_from(row)

    async def resolve_handles(self, handles: list[str], viewer_id: str | None = None) -> dict[str, str]:
        rows = await self.pool.fetch(sql.RESOLVE_HANDLES, handles, uuid_or_none(viewer_id))
        return {r["handle"]: str(r["id"]) for r in rows}

    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        await self.pool.execute(sql.MIRROR_BLOCK, uuid.UUID(blocker_id), uuid.UUID(blocked_id), active, at)

    async def get_profiles(self, user_ids: list[str]) -> list[Profile]:
        rows = await self.pool.fetch(sql.SELECT_PROFILES, [uuid.UUID(u) for u in user_ids])
        return [profile_from(r) for r in rows]

    async def update_profile(self, user_id: str, changes: ProfileChanges) -> Profile | None:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.SELECT_PROFILE_FOR_UPDATE, uuid.UUID(user_id))
            if row is None:
                return None
            before = profile_from(row)
            after = replace(before, **{k: v for k, v in vars(changes).items() if v is not None})
            await conn.execute(
                sql.UPDATE_PROFILE,
                uuid.UUID(user_id),
                after.display_name,
                after.avatar_url,
                after.bio,
                after.location,
                after.language,
                list(after.interests),
                after.visibility.value,
            )
            events = _profile_events(before, after, now)
            if snapshot_changed(before, after):
                events.append(profile_snapshot(after, now))
            await add_to_postgres_outbox(conn, events)
        return after

    async def search_profiles(
        self, query: str, limit: int, after: SearchCursor | None, viewer_id: str | None = None
    ) -> list[tuple[Profile, float]]:
        escaped = _like_escape(query)
        rows = await self.pool.fetch(
            sql.SEARCH_PEOPLE,
            query,
            f"{escaped}%",
            f"%{escaped}%",
            after.score if after else None,
            uuid.UUID(after.user_id) if after else None,
            limit,
            uuid_or_none(viewer_id),
        )
        return [(profile_from(r), r["score"]) for r in rows]
