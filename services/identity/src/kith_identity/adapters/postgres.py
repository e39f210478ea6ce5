"""PostgreSQL adapter of the account repository (with the outbox)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg

from kith.identity.v1 import events_pb2
from kith_identity.adapters import sql
from kith_identity.adapters.profile_topic import (
    VISIBILITY_TO_PROTO,
    profile_snapshot,
    profile_tombstone,
    snapshot_changed,
)
from kith_identity.domain.accounts import Account, ImportOutcome, ImportResult
from kith_identity.domain.ports import AccountRepository, RefreshOutcome, Rotation, StoredCredentials
from kith_identity.domain.profiles import Profile, ProfileChanges, SearchCursor, Visibility
from kith_platform.errors import AlreadyExists, NotFound
from kith_platform.events import IDENTITY_USERS, make_event, timestamp
from kith_platform.outbox import add_to_postgres_outbox, purge_erased_from_outbox, purge_sent_rows_of

PRODUCER = "identity"


def _account(row: asyncpg.Record) -> Account:
    return Account(str(row["id"]), row["handle"], row["display_name"], row["created_at"])


def _credentials(row: asyncpg.Record | None) -> StoredCredentials | None:
    if row is None:
        return None
    return StoredCredentials(_account(row), row["password_hash"], row["deactivated_at"] is not None, row["erase_after"])


def _user_event(user_id: str, payload, at: datetime):
    return make_event(topic=IDENTITY_USERS, aggregate_id=user_id, producer=PRODUCER, occurred_at=at, payload=payload)


def _profile(row: asyncpg.Record) -> Profile:
    return Profile(
        user_id=str(row["id"]),
        handle=row["handle"],
        display_name=row["display_name"],
        avatar_url=row["avatar_url"],
        bio=row["bio"],
        location=row["location"],
        language=row["language"],
        interests=tuple(row["interests"]),
        visibility=Visibility(row["profile_visibility"]),
        created_at=row["created_at"],
    )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _profile_events(before: Profile, after: Profile, now: datetime) -> list:
    events = []
    card_or_details = ("display_name", "avatar_url", "visibility", "bio", "location", "language")
    if any(getattr(before, f) != getattr(after, f) for f in card_or_details):
        public = after.visibility is Visibility.PUBLIC
        events.append(
            _user_event(
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
            _user_event(
                after.user_id,
                events_pb2.InterestsChanged(
                    user_id=after.user_id, interests=list(after.interests), changed_at=timestamp(now)
                ),
                now,
            )
        )
    return events


async def _revoke(conn: asyncpg.Connection, query: str, user_id: str, arg, reason: str) -> int:
    """Revoke sessions and, in the same transaction, tell the gateway which ones (by event)."""
    rows = await conn.fetch(query, uuid.UUID(user_id), arg, reason)
    if rows:
        now = datetime.now(UTC)
        await add_to_postgres_outbox(
            conn,
            [
                _user_event(
                    user_id,
                    events_pb2.SessionsRevoked(
                        user_id=user_id,
                        session_ids=[str(r["id"]) for r in rows],
                        reason=reason,
                        revoked_at=timestamp(now),
                    ),
                    now,
                )
            ],
        )
    return len(rows)


async def _revoke_one(conn: asyncpg.Connection, user_id: str, session_id: str, reason: str) -> int:
    # REVOKE_SESSION takes (session, user, reason); _revoke passes (user, arg, reason).
    rows = await conn.fetch(sql.REVOKE_SESSION, uuid.UUID(session_id), uuid.UUID(user_id), reason)
    if rows:
        now = datetime.now(UTC)
        await add_to_postgres_outbox(
            conn,
            [
                _user_event(
                    user_id,
                    events_pb2.SessionsRevoked(
                        user_id=user_id,
                        session_ids=[session_id],
                        reason=reason,
                        revoked_at=timestamp(now),
                    ),
                    now,
                )
            ],
        )
    return len(rows)


class PostgresAccountRepository(AccountRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def create(self, account: Account, email: str, password_hash: str) -> None:
        event = _user_event(
            account.user_id,
            events_pb2.UserRegistered(
                user_id=account.user_id,
                handle=account.handle,
                display_name=account.display_name,
                registered_at=timestamp(account.created_at),
            ),
            account.created_at,
        )
        async with self.pool.acquire() as conn, conn.transaction():
            try:
                await conn.execute(
                    sql.INSERT_USER,
                    uuid.UUID(account.user_id),
                    account.handle,
                    email,
                    password_hash,
                    account.display_name,
                    account.created_at,
                )
            except asyncpg.UniqueViolationError as exc:
                field = "email" if "email" in (exc.constraint_name or "") else "handle"
                raise AlreadyExists(f"{field}: already taken") from None
            profile = _profile(await conn.fetchrow(sql.SELECT_PROFILE_FOR_UPDATE, uuid.UUID(account.user_id)))
            await add_to_postgres_outbox(conn, [event, profile_snapshot(profile, account.created_at)])

    async def import_accounts(self, accounts: list[tuple[Account, str, str]]) -> list[ImportResult]:
        results: list[ImportResult | None] = [None] * len(accounts)
        async with self.pool.acquire() as conn, conn.transaction():
            for _ in range(3):  # a concurrent Register may take a handle or email between look and write
                todo = [i for i, r in enumerate(results) if r is None]
                if not todo:
                    break
                taken = await conn.fetch(
                    sql.SELECT_TAKEN,
                    [accounts[i][0].handle.lower() for i in todo],
                    [accounts[i][1].lower() for i in todo],
                )
                handles = {r["handle"]: (r, None) for r in taken}
                emails = {r["email"]: None for r in taken}
                new: list[int] = []
                depends: dict[int, int] = {}  # results decided by an account earlier in this batch
                for i in todo:  # in order, as one Register after another would
                    account, email, password_hash = accounts[i]
                    existing, earlier = handles.get(account.handle.lower(), (None, None))
                    if existing is not None:
                        results[i] = ImportResult(
                            ImportOutcome.ALREADY_EXISTED,
                            str(existing["id"]),
                            same_password_hash=existing["password_hash"] == password_hash,
                        )
                    elif email.lower() in emails:
                        results[i] = ImportResult.invalid("email: already taken")
                        earlier = emails[email.lower()]
                    else:
                        new.append(i)
                        handles[account.handle.lower()] = ({"id": account.user_id, "password_hash": password_hash}, i)
                        emails[email.lower()] = i
                    if earlier is not None:
                        depends[i] = earlier
                if not new:
                    break
                rows = [accounts[i] for i in new]
                inserted = {
                    str(r["id"])
                    for r in await conn.fetch(
                        sql.IMPORT_USERS,
                        [uuid.UUID(a.user_id) for a, _, _ in rows],
                        [a.handle for a, _, _ in rows],
                        [e for _, e, _ in rows],
                        [h for _, _, h in rows],
                        [a.display_name for a, _, _ in rows],
                        [a.created_at for a, _, _ in rows],
                    )
                }
                for i in new:
                    if accounts[i][0].user_id in inserted:
                        results[i] = ImportResult(ImportOutcome.CREATED, accounts[i][0].user_id)
                for i, earlier in depends.items():
                    if results[earlier] is None:  # that one lost a race: decide this one again
                        results[i] = None
            created = [
                accounts[i][0] for i, r in enumerate(results) if r is not None and r.outcome is ImportOutcome.CREATED
            ]
            if created:
                profiles = {
                    str(r["id"]): _profile(r)
                    for r in await conn.fetch(sql.SELECT_PROFILES, [uuid.UUID(a.user_id) for a in created])
                }
                events = []
                for account in created:  # what `create` writes for each, in the same order
                    events.append(
                        _user_event(
                            account.user_id,
                            events_pb2.UserRegistered(
                                user_id=account.user_id,
                                handle=account.handle,
                                display_name=account.display_name,
                                registered_at=timestamp(account.created_at),
                            ),
                            account.created_at,
                        )
                    )
                    events.append(profile_snapshot(profiles[account.user_id], account.created_at))
                await add_to_postgres_outbox(conn, events)
        return [
            r if r is not None else ImportResult.invalid("handle: taken while importing; try again") for r in results
        ]

    async def find_credentials(self, login: str) -> StoredCredentials | None:
        return _credentials(await self.pool.fetchrow(sql.SELECT_CREDENTIALS, login))

    async def find_credentials_by_id(self, user_id: str) -> StoredCredentials | None:
        return _credentials(await self.pool.fetchrow(sql.SELECT_CREDENTIALS_BY_ID, uuid.UUID(user_id)))

    async def update_password_hash(self, user_id: str, password_hash: str) -> None:
        await self.pool.execute(sql.UPDATE_PASSWORD_HASH, uuid.UUID(user_id), password_hash)

    async def get(self, user_id: str) -> Account | None:
        row = await self.pool.fetchrow(sql.SELECT_ACTIVE_USER, uuid.UUID(user_id))
        return None if row is None else _account(row)

    async def create_session(self, user_id: str, refresh_token_hash: bytes, expires_at: datetime) -> str:
        session_id = uuid.uuid4()
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.INSERT_SESSION, session_id, uuid.UUID(user_id), expires_at)
            await conn.execute(sql.INSERT_REFRESH_TOKEN, refresh_token_hash, session_id)
        return str(session_id)

    async def rotate_refresh_token(self, old_hash: bytes, new_hash: bytes, expires_at: datetime) -> Rotation:
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.SELECT_REFRESH_TOKEN, old_hash)
            if row is None:
                return Rotation(RefreshOutcome.UNKNOWN)
            user_id, session_id = str(row["user_id"]), str(row["session_id"])
            if row["revoked_at"] is not None or row["deactivated_at"] is not None:
                return Rotation(RefreshOutcome.REVOKED, user_id, session_id)
            if row["used_at"] is not None:
                # Someone holds a copy of a spent token: end the session for every holder.
                await _revoke_one(conn, user_id, session_id, "refresh token reuse")
                return Rotation(RefreshOutcome.REUSED, user_id, session_id)
            if row["expires_at"] <= datetime.now(UTC):
                return Rotation(RefreshOutcome.EXPIRED, user_id, session_id)
            await conn.execute(sql.MARK_REFRESH_TOKEN_USED, old_hash)
            await conn.execute(sql.INSERT_REFRESH_TOKEN, new_hash, row["session_id"])
            await conn.execute(sql.EXTEND_SESSION, row["session_id"], expires_at)
            return Rotation(RefreshOutcome.ROTATED, user_id, session_id)

    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            return await _revoke_one(conn, user_id, session_id, reason) == 1

    async def revoke_sessions(self, user_id: str, reason: str, *, keep_session: str | None = None) -> int:
        keep = uuid.UUID(keep_session) if keep_session else None
        async with self.pool.acquire() as conn, conn.transaction():
            return await _revoke(conn, sql.REVOKE_USER_SESSIONS, user_id, keep, reason)

    async def change_password(self, user_id: str, password_hash: str, keep_session: str) -> int:
        keep = uuid.UUID(keep_session) if keep_session else None
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.CHANGE_PASSWORD, uuid.UUID(user_id), password_hash)
            return await _revoke(conn, sql.REVOKE_USER_SESSIONS, user_id, keep, "password changed")

    async def deactivate(self, user_id: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            status = await conn.execute(sql.DEACTIVATE_USER, uuid.UUID(user_id), now)
            if not status.endswith(" 1"):
                return False
            await _revoke(conn, sql.REVOKE_USER_SESSIONS, user_id, None, "account deactivated")
            await add_to_postgres_outbox(
                conn,
                [
                    _user_event(
                        user_id, events_pb2.UserDeactivated(user_id=user_id, deactivated_at=timestamp(now)), now
                    ),
                    profile_tombstone(user_id),  # nobody sees a deactivated person: off the profiles topic
                ],
            )
        return True

    async def reactivate(self, user_id: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.REACTIVATE_USER, uuid.UUID(user_id))
            if row is None:
                return False
            events = [events_pb2.UserReactivated(user_id=user_id, reactivated_at=timestamp(now))]
            if row["was_pending"]:
                events.insert(0, events_pb2.AccountDeletionCancelled(user_id=user_id, cancelled_at=timestamp(now)))
            profile = _profile(await conn.fetchrow(sql.SELECT_PROFILE_FOR_UPDATE, uuid.UUID(user_id)))
            await add_to_postgres_outbox(
                conn, [*(_user_event(user_id, e, now) for e in events), profile_snapshot(profile, now)]
            )
        return True

    async def schedule_deletion(self, user_id: str, erase_after: datetime) -> None:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.SELECT_USER_FOR_ERASURE, uuid.UUID(user_id))
            if row is None:
                raise NotFound(f"user_id: no user {user_id}")
            await conn.execute(sql.SCHEDULE_DELETION, uuid.UUID(user_id), now, erase_after)
            events = [
                events_pb2.AccountDeletionScheduled(
                    user_id=user_id, requested_at=timestamp(now), erase_after=timestamp(erase_after)
                )
            ]
            outgoing = []
            if row["deactivated_at"] is None:
                await _revoke(conn, sql.REVOKE_USER_SESSIONS, user_id, None, "account to be deleted")
                events.insert(0, events_pb2.UserDeactivated(user_id=user_id, deactivated_at=timestamp(now)))
                outgoing.append(profile_tombstone(user_id))
            await add_to_postgres_outbox(conn, [*(_user_event(user_id, e, now) for e in events), *outgoing])

    async def erase(self, user_id: str) -> bool:
        now = datetime.now(UTC)
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.SELECT_USER_FOR_ERASURE, user)
            if row is None:
                if await conn.fetchval(sql.IS_ERASED, user):
                    return False
                raise NotFound(f"user_id: no user {user_id}")
            events = [events_pb2.UserErased(user_id=user_id, erased_at=timestamp(now))]
            if row["deactivated_at"] is None:
                events.insert(0, events_pb2.UserDeactivated(user_id=user_id, deactivated_at=timestamp(now)))
            await conn.execute(sql.ERASE_USER, user)
            await conn.execute(sql.INSERT_ERASED, user, now)
            # The tombstone even when deactivation wrote one: erasure must leave no snapshot behind.
            await add_to_postgres_outbox(
                conn, [*(_user_event(user_id, e, now) for e in events), profile_tombstone(user_id)]
            )
            # After the events, so that they keep the person on the purge list until sent.
            await purge_sent_rows_of(conn, user_id)
        return True

    async def due_for_erasure(self, now: datetime, limit: int) -> list[str]:
        return [str(r["id"]) for r in await self.pool.fetch(sql.DUE_FOR_ERASURE, now, limit)]

    async def purge_outbox_of_erased(self, limit: int) -> int:
        return await purge_erased_from_outbox(self.pool, limit)

    async def get_profile(self, user_id: str, viewer_id: str | None = None) -> Profile | None:
        row = await self.pool.fetchrow(sql.SELECT_PROFILE, uuid.UUID(user_id), _uuid_or_none(viewer_id))
        return None if row is None else _profile(row)

    async def resolve_handles(self, handles: list[str], viewer_id: str | None = None) -> dict[str, str]:
        rows = await self.pool.fetch(sql.RESOLVE_HANDLES, handles, _uuid_or_none(viewer_id))
        return {r["handle"]: str(r["id"]) for r in rows}

    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        await self.pool.execute(sql.MIRROR_BLOCK, uuid.UUID(blocker_id), uuid.UUID(blocked_id), active, at)

    async def get_profiles(self, user_ids: list[str]) -> list[Profile]:
        rows = await self.pool.fetch(sql.SELECT_PROFILES, [uuid.UUID(u) for u in user_ids])
        return [_profile(r) for r in rows]

    async def update_profile(self, user_id: str, changes: ProfileChanges) -> Profile | None:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(sql.SELECT_PROFILE_FOR_UPDATE, uuid.UUID(user_id))
            if row is None:
                return None
            before = _profile(row)
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
            _uuid_or_none(viewer_id),
        )
        return [(_profile(r), r["score"]) for r in rows]
