"""PostgreSQL adapter of the weekly digest mails: who may get one, and the week noted with the mail
queued in one transaction (domain.digest)."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from kith_identity.adapters import sql_digests as sql
from kith_identity.adapters.security_writes import queue_mail
from kith_identity.domain.digest import DigestMailStore, DigestRecipient
from kith_identity.domain.mail import Mail


class PostgresDigestMails(DigestMailStore):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def recipient(self, user_id: str) -> DigestRecipient | None:
        row = await self.pool.fetchrow(sql.SELECT_RECIPIENT, uuid.UUID(user_id))
        return None if row is None else DigestRecipient(str(row["id"]), row["handle"], row["email"])

    async def mailed(self, user_id: str, week_start: datetime) -> bool:
        return bool(await self.pool.fetchval(sql.DIGEST_MAILED, uuid.UUID(user_id), week_start))

    async def queue_once(self, user_id: str, week_start: datetime, mail: Mail) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.NOTE_DIGEST_MAIL, uuid.UUID(user_id), week_start) is None:
                return False
            await queue_mail(conn, mail)
            await conn.execute(sql.FORGET_OLD_DIGEST_MAILS, uuid.UUID(user_id), week_start)
            return True
