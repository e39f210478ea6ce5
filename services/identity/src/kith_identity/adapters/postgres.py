"""PostgreSQL adapter of the account repository (with the outbox)."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from kith.identity.v1 import events_pb2
from kith_identity.adapters import sql
from kith_identity.domain.accounts import Account
from kith_identity.domain.ports import AccountRepository, StoredCredentials
from kith_platform.errors import AlreadyExists
from kith_platform.events import IDENTITY_USERS, make_event, timestamp
from kith_platform.outbox import add_to_postgres_outbox

PRODUCER = "identity"


def _account(row: asyncpg.Record) -> Account:
    return Account(str(row["id"]), row["handle"], row["display_name"], row["created_at"])


class PostgresAccountRepository(AccountRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def create(self, account: Account, email: str, password_hash: str) -> None:
        event = make_event(
            topic=IDENTITY_USERS,
            aggregate_id=account.user_id,
            producer=PRODUCER,
            occurred_at=account.created_at,
            payload=events_pb2.UserRegistered(
                user_id=account.user_id,
                handle=account.handle,
                display_name=account.display_name,
                registered_at=timestamp(account.created_at),
            ),
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
            await add_to_postgres_outbox(conn, [event])

    async def find_credentials(self, login: str) -> StoredCredentials | None:
        row = await self.pool.fetchrow(sql.SELECT_CREDENTIALS, login)
        return None if row is None else StoredCredentials(_account(row), row["password_hash"])

    async def update_password_hash(self, user_id: str, password_hash: str) -> None:
        await self.pool.execute(sql.UPDATE_PASSWORD_HASH, uuid.UUID(user_id), password_hash)

    async def get(self, user_id: str) -> Account | None:
        row = await self.pool.fetchrow(sql.SELECT_USER, uuid.UUID(user_id))
        return None if row is None else _account(row)

    async def create_session(self, user_id: str, refresh_token_hash: bytes, expires_at: datetime) -> str:
        session_id = uuid.uuid4()
        await self.pool.execute(
            sql.INSERT_SESSION, session_id, uuid.UUID(user_id), refresh_token_hash, expires_at
        )
        return str(session_id)
