"""Writes of account security that other transactions share: a mailed token, a queued mail (the
mail outbox) and a security event (the outbox)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import asyncpg

from kith.identity.v1 import events_pb2
from kith_identity.adapters import sql_security as sql
from kith_identity.adapters.postgres_rows import user_event
from kith_identity.domain.mail import Mail
from kith_identity.domain.ports import SecurityEvent
from kith_identity.domain.security import TokenPurpose
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox

SECOND_FACTOR_CHANGES = {
    "enabled": events_pb2.SECOND_FACTOR_CHANGE_ENABLED,
    "disabled": events_pb2.SECOND_FACTOR_CHANGE_DISABLED,
    "recovery_codes_regenerated": events_pb2.SECOND_FACTOR_CHANGE_RECOVERY_CODES_REGENERATED,
    "recovery_code_used": events_pb2.SECOND_FACTOR_CHANGE_RECOVERY_CODE_USED,
}


def event_payload(event: SecurityEvent):
    at = timestamp(event.at)
    if event.kind == "email_verified":
        return events_pb2.EmailVerified(user_id=event.user_id, verified_at=at)
    if event.kind == "email_changed":
        return events_pb2.EmailChanged(user_id=event.user_id, changed_at=at)
    if event.kind == "password_changed":
        return events_pb2.PasswordChanged(user_id=event.user_id, how=event.detail, changed_at=at)
    if event.kind == "second_factor_changed":
        return events_pb2.SecondFactorChanged(
            user_id=event.user_id,
            change=SECOND_FACTOR_CHANGES[event.detail],
            changed_at=at,
            recovery_codes_left=event.recovery_codes_left,
        )
    raise ValueError(f"unknown security event {event.kind!r}")


async def announce(conn: asyncpg.Connection, event: SecurityEvent) -> None:
    await add_to_postgres_outbox(conn, [user_event(event.user_id, event_payload(event), event.at)])


async def queue_mail(conn: asyncpg.Connection, mail: Mail) -> None:
    """Queue a mail in the caller's transaction; its Message-ID is fixed now, so that a retry after
    a failed attempt carries the same one."""
    message_id = f"<{uuid.uuid4()}@kith>"
    user = uuid.UUID(mail.user_id) if mail.user_id else None
    await conn.execute(sql.QUEUE_MAIL, message_id, user, mail.to, mail.template.value, json.dumps(mail.params))


async def add_token(
    conn: asyncpg.Connection, user_id: str, token_hash: bytes, purpose: TokenPurpose, email: str, expires_at: datetime
) -> None:
    await conn.execute(sql.INSERT_TOKEN, token_hash, uuid.UUID(user_id), purpose.value, email, expires_at)
