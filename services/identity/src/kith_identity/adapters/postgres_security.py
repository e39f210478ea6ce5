"""PostgreSQL adapter of account security (SecurityStore): each use case's transaction, with the
mail it queues (mail_outbox) and the events it announces (the outbox) in the same commit."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg

from kith_identity.adapters import sql as account_sql
from kith_identity.adapters import sql_security as sql
from kith_identity.adapters.postgres import revoke_one, revoke_where
from kith_identity.adapters.security_writes import add_token, announce, queue_mail
from kith_identity.domain.mail import Mail
from kith_identity.domain.ports import (
    Challenge,
    SecurityAccount,
    SecurityEvent,
    SecurityStore,
    SecurityTransaction,
    SessionInfo,
    StoredToken,
)
from kith_identity.domain.security import ClientInfo, TokenPurpose


def _account(row: asyncpg.Record | None) -> SecurityAccount | None:
    if row is None:
        return None
    return SecurityAccount(
        user_id=str(row["id"]),
        handle=row["handle"],
        email=row["email"],
        email_verified=row["email_verified"],
        deactivated=row["deactivated"],
        totp_secret=row["totp_secret"],
        totp_pending_secret=row["totp_pending_secret"],
        totp_last_step=row["totp_last_step"],
    )


class PostgresSecurityTransaction(SecurityTransaction):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def account(self, user_id: str) -> SecurityAccount | None:
        return _account(await self.conn.fetchrow(sql.SELECT_SECURITY_ACCOUNT, uuid.UUID(user_id)))

    async def account_by_email(self, email: str) -> SecurityAccount | None:
        return _account(await self.conn.fetchrow(sql.SELECT_SECURITY_ACCOUNT_BY_EMAIL, email))

    async def add_token(
        self, user_id: str, token_hash: bytes, purpose: TokenPurpose, email: str, expires_at: datetime
    ) -> None:
        await add_token(self.conn, user_id, token_hash, purpose, email, expires_at)

    async def tokens_since(self, user_id: str, purposes: tuple[TokenPurpose, ...], since: datetime) -> int:
        return await self.conn.fetchval(sql.COUNT_TOKENS_SINCE, uuid.UUID(user_id), [p.value for p in purposes], since)

    async def take_token(self, token_hash: bytes) -> StoredToken | None:
        row = await self.conn.fetchrow(sql.SELECT_TOKEN, token_hash)
        if row is None:
            return None
        return StoredToken(
            str(row["user_id"]), TokenPurpose(row["purpose"]), row["email"], row["expires_at"], row["used"]
        )

    async def spend_tokens(self, user_id: str, purposes: tuple[TokenPurpose, ...]) -> None:
        await self.conn.execute(sql.SPEND_TOKENS, uuid.UUID(user_id), [p.value for p in purposes])

    async def token_used(self, user_id: str, purpose: TokenPurpose, email: str) -> bool:
        return await self.conn.fetchval(sql.TOKEN_USED, uuid.UUID(user_id), purpose.value, email)

    async def note_mail_request(self, email: str, kind: str, since: datetime) -> int:
        await self.conn.execute(sql.FORGET_OLD_MAIL_REQUESTS)
        await self.conn.execute(sql.INSERT_MAIL_REQUEST, email, kind)
        return await self.conn.fetchval(sql.COUNT_MAIL_REQUESTS, email, kind, since)

    async def set_email_verified(self, user_id: str, at: datetime) -> None:
        await self.conn.execute(sql.SET_EMAIL_VERIFIED, uuid.UUID(user_id), at)

    async def change_email(self, user_id: str, email: str, at: datetime) -> bool:
        try:
            status = await self.conn.execute(sql.CHANGE_EMAIL, uuid.UUID(user_id), email, at)
        except asyncpg.UniqueViolationError:  # taken by a commit after our check
            return False
        return status.endswith(" 1")

    async def set_password(self, user_id: str, password_hash: str) -> None:
        await self.conn.execute(account_sql.CHANGE_PASSWORD, uuid.UUID(user_id), password_hash)

    async def revoke_sessions(self, user_id: str, reason: str, keep_session: str | None = None) -> int:
        keep = uuid.UUID(keep_session) if keep_session else None
        return await revoke_where(self.conn, account_sql.REVOKE_USER_SESSIONS, user_id, keep, reason)

    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool:
        return await revoke_one(self.conn, user_id, session_id, reason) == 1

    async def start_session(
        self, user_id: str, refresh_token_hash: bytes, expires_at: datetime, client: ClientInfo
    ) -> tuple[str, bool, bool]:
        user = uuid.UUID(user_id)
        history = await self.conn.fetchrow(sql.SESSION_HISTORY, user, client.user_agent)
        session_id = uuid.uuid4()
        await self.conn.execute(sql.INSERT_SESSION, session_id, user, expires_at, client.user_agent, client.ip_address)
        await self.conn.execute(account_sql.INSERT_REFRESH_TOKEN, refresh_token_hash, session_id)
        return str(session_id), history["had_sessions"], history["known_device"]

    async def set_totp(self, user_id: str, secret: str | None, pending: str | None) -> None:
        await self.conn.execute(sql.SET_TOTP, uuid.UUID(user_id), secret, pending)

    async def use_totp_step(self, user_id: str, step: int) -> None:
        await self.conn.execute(sql.USE_TOTP_STEP, uuid.UUID(user_id), step)

    async def replace_recovery_codes(self, user_id: str, code_hashes: list[bytes]) -> None:
        await self.conn.execute(sql.DELETE_RECOVERY_CODES, uuid.UUID(user_id))
        if code_hashes:
            await self.conn.execute(sql.INSERT_RECOVERY_CODES, uuid.UUID(user_id), code_hashes)

    async def use_recovery_code(self, user_id: str, code_hash: bytes) -> bool:
        return (await self.conn.execute(sql.USE_RECOVERY_CODE, uuid.UUID(user_id), code_hash)).endswith(" 1")

    async def recovery_codes_left(self, user_id: str) -> int:
        return await self.conn.fetchval(sql.COUNT_RECOVERY_CODES_LEFT, uuid.UUID(user_id))

    async def add_challenge(self, token_hash: bytes, user_id: str, client: ClientInfo, expires_at: datetime) -> None:
        await self.conn.execute(sql.FORGET_OLD_CHALLENGES)
        await self.conn.execute(
            sql.INSERT_CHALLENGE, token_hash, uuid.UUID(user_id), client.user_agent, client.ip_address, expires_at
        )

    async def take_challenge(self, token_hash: bytes) -> Challenge | None:
        row = await self.conn.fetchrow(sql.SELECT_CHALLENGE, token_hash)
        if row is None:
            return None
        return Challenge(
            str(row["user_id"]),
            ClientInfo(row["user_agent"], row["ip_address"]),
            row["expires_at"],
            row["failures"],
            row["used"],
        )

    async def challenge_failed(self, token_hash: bytes) -> None:
        await self.conn.execute(sql.CHALLENGE_FAILED, token_hash)

    async def challenge_used(self, token_hash: bytes) -> None:
        await self.conn.execute(sql.CHALLENGE_USED, token_hash)

    async def mail(self, mail: Mail) -> None:
        await queue_mail(self.conn, mail)

    async def announce(self, event: SecurityEvent) -> None:
        await announce(self.conn, event)


class PostgresSecurityStore(SecurityStore):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SecurityTransaction]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield PostgresSecurityTransaction(conn)

    async def sessions(self, user_id: str) -> list[SessionInfo]:
        rows = await self.pool.fetch(sql.OPEN_SESSIONS, uuid.UUID(user_id))
        return [
            SessionInfo(str(r["id"]), ClientInfo(r["user_agent"], r["ip_address"]), r["created_at"], r["last_used_at"])
            for r in rows
        ]

    async def pending_email(self, user_id: str) -> str:
        return await self.pool.fetchval(sql.PENDING_EMAIL, uuid.UUID(user_id)) or ""
