"""PostgreSQL adapter of the account repository (with the outbox): accounts, sessions and refresh
tokens, deactivation, deletion and erasure. Profiles are in postgres_profiles.py (a base of the
repository), the import of many accounts in postgres_import.py."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from kith.identity.v1 import events_pb2
from kith_identity.adapters import postgres_import, sql
from kith_identity.adapters.postgres_profiles import PostgresProfiles
from kith_identity.adapters.postgres_rows import (
    account_from,
    credentials_from,
    profile_from,
    registered_event,
    user_event,
)
from kith_identity.adapters.profile_topic import profile_snapshot, profile_tombstone
from kith_identity.adapters.security_writes import add_token, announce, queue_mail
from kith_identity.domain.accounts import Account, ImportResult
from kith_identity.domain.mail import Mail
from kith_identity.domain.ports import (
    AccountRepository,
    NewToken,
    RefreshOutcome,
    Rotation,
    SecurityEvent,
    StoredCredentials,
)
from kith_platform.auth import note_revoked_sessions
from kith_platform.errors import AlreadyExists, NotFound
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox, purge_erased_from_outbox, purge_sent_rows_of


async def _sessions_revoked(conn: asyncpg.Connection, user_id: str, session_ids: list[str], reason: str) -> int:
    """Tell the gateway, in the revoking transaction, which sessions ended (by event)."""
    if session_ids:
        note_revoked_sessions(session_ids)  # the gateway refuses them when the call returns
        now = datetime.now(UTC)
        revoked = events_pb2.SessionsRevoked(
            user_id=user_id, session_ids=session_ids, reason=reason, revoked_at=timestamp(now)
        )
        await add_to_postgres_outbox(conn, [user_event(user_id, revoked, now)])
    return len(session_ids)


async def revoke_where(conn: asyncpg.Connection, query: str, user_id: str, arg, reason: str) -> int:
    """Revoke sessions and, in the same transaction, tell the gateway which ones (by event)."""
    rows = await conn.fetch(query, uuid.UUID(user_id), arg, reason)
    return await _sessions_revoked(conn, user_id, [str(r["id"]) for r in rows], reason)


async def revoke_one(conn: asyncpg.Connection, user_id: str, session_id: str, reason: str) -> int:
    # REVOKE_SESSION takes (session, user, reason); revoke_where passes (user, arg, reason).
    rows = await conn.fetch(sql.REVOKE_SESSION, uuid.UUID(session_id), uuid.UUID(user_id), reason)
    return await _sessions_revoked(conn, user_id, [session_id] if rows else [], reason)


class PostgresAccountRepository(PostgresProfiles, AccountRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def create(
        self, account: Account, email: str, password_hash: str, verification: NewToken, mail: Mail
    ) -> None:
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
            profile = profile_from(await conn.fetchrow(sql.SELECT_PROFILE_FOR_UPDATE, uuid.UUID(account.user_id)))
            events = [registered_event(account), profile_snapshot(profile, account.created_at)]
            await add_to_postgres_outbox(conn, events)
            v = verification
            await add_token(conn, account.user_id, v.token_hash, v.purpose, v.email, v.expires_at)
            await queue_mail(conn, mail)

    async def import_accounts(self, accounts: list[tuple[Account, str, str]]) -> list[ImportResult]:
        async with self.pool.acquire() as conn, conn.transaction():
            return await postgres_import.import_accounts(conn, accounts)

    async def find_credentials(self, login: str) -> StoredCredentials | None:
        return credentials_from(await self.pool.fetchrow(sql.SELECT_CREDENTIALS, login))

    async def find_credentials_by_id(self, user_id: str) -> StoredCredentials | None:
        return credentials_from(await self.pool.fetchrow(sql.SELECT_CREDENTIALS_BY_ID, uuid.UUID(user_id)))

    async def update_password_hash(self, user_id: str, password_hash: str) -> None:
        await self.pool.execute(sql.UPDATE_PASSWORD_HASH, uuid.UUID(user_id), password_hash)

    async def get(self, user_id: str) -> Account | None:
        row = await self.pool.fetchrow(sql.SELECT_ACTIVE_USER, uuid.UUID(user_id))
        return None if row is None else account_from(row)

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
                await revoke_one(conn, user_id, session_id, "refresh token reuse")
                return Rotation(RefreshOutcome.REUSED, user_id, session_id)
            if row["expires_at"] <= datetime.now(UTC):
                return Rotation(RefreshOutcome.EXPIRED, user_id, session_id)
            await conn.execute(sql.MARK_REFRESH_TOKEN_USED, old_hash)
            await conn.execute(sql.INSERT_REFRESH_TOKEN, new_hash, row["session_id"])
            await conn.execute(sql.EXTEND_SESSION, row["session_id"], expires_at)
            return Rotation(RefreshOutcome.ROTATED, user_id, session_id)

    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            return await revoke_one(conn, user_id, session_id, reason) == 1

    async def revoke_sessions(self, user_id: str, reason: str, *, keep_session: str | None = None) -> int:
        keep = uuid.UUID(keep_session) if keep_session else None
        async with self.pool.acquire() as conn, conn.transaction():
            return await revoke_where(conn, sql.REVOKE_USER_SESSIONS, user_id, keep, reason)

    async def change_password(self, user_id: str, password_hash: str, keep_session: str, notice: Mail) -> int:
        keep = uuid.UUID(keep_session) if keep_session else None
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.CHANGE_PASSWORD, uuid.UUID(user_id), password_hash)
            ended = await revoke_where(conn, sql.REVOKE_USER_SESSIONS, user_id, keep, "password changed")
            await announce(conn, SecurityEvent("password_changed", user_id, datetime.now(UTC), detail="changed"))
            await queue_mail(conn, notice)
            return ended

    async def deactivate(self, user_id: str) -> bool:
        now = datetime.now(UTC)
        async with self.pool.acquire() as conn, conn.transaction():
            status = await conn.execute(sql.DEACTIVATE_USER, uuid.UUID(user_id), now)
            if not status.endswith(" 1"):
                return False
            await revoke_where(conn, sql.REVOKE_USER_SESSIONS, user_id, None, "account deactivated")
            await add_to_postgres_outbox(
                conn,
                [
                    user_event(
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
            profile = profile_from(await conn.fetchrow(sql.SELECT_PROFILE_FOR_UPDATE, uuid.UUID(user_id)))
            await add_to_postgres_outbox(
                conn, [*(user_event(user_id, e, now) for e in events), profile_snapshot(profile, now)]
            )
        return True

    async def schedule_deletion(self, user_id: str, erase_after: datetime, notice: Mail) -> None:
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
                await revoke_where(conn, sql.REVOKE_USER_SESSIONS, user_id, None, "account to be deleted")
                events.insert(0, events_pb2.UserDeactivated(user_id=user_id, deactivated_at=timestamp(now)))
                outgoing.append(profile_tombstone(user_id))
            await add_to_postgres_outbox(conn, [*(user_event(user_id, e, now) for e in events), *outgoing])
            await queue_mail(conn, notice)

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
                conn, [*(user_event(user_id, e, now) for e in events), profile_tombstone(user_id)]
            )
            # After the events, so that they keep the person on the purge list until sent.
            await purge_sent_rows_of(conn, user_id)
        return True

    async def due_for_erasure(self, now: datetime, limit: int) -> list[str]:
        return [str(r["id"]) for r in await self.pool.fetch(sql.DUE_FOR_ERASURE, now, limit)]

    async def purge_outbox_of_erased(self, limit: int) -> int:
        return await purge_erased_from_outbox(self.pool, limit)
