"""Consumes identity's users topic: SessionsRevoked into the gateway's revoked-session set, and
UserErased into deleting what the gateway's Redis holds under the erased user's id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from kith.identity.v1 import events_pb2
from kith_gateway.adapters.revocations import RedisRevokedSessions
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import IDENTITY_USERS


def revocation_apply(revoked: RedisRevokedSessions, forget_users: Callable[[list[str]], Awaitable[None]] | None = None):
    async def apply(events: list) -> None:
        session_ids = [s for e in events if isinstance(e, events_pb2.SessionsRevoked) for s in e.session_ids]
        if session_ids:
            await revoked.add(session_ids)  # SET with expiry: idempotent under redelivery
        # Revoked-session records carry session ids only; the per-user rate-limit bucket is the
        # one key named after a user (DEL: idempotent under redelivery).
        erased = [e.user_id for e in events if isinstance(e, events_pb2.UserErased) and e.user_id]
        if erased and forget_users is not None:
            await forget_users(erased)

    return apply


def revocation_consumer(
    bootstrap: str, revoked: RedisRevokedSessions, forget_users: Callable[[list[str]], Awaitable[None]] | None = None
) -> KafkaEventConsumer:
    return KafkaEventConsumer(
        bootstrap,
        [IDENTITY_USERS],
        "kith-gateway-revocations",
        revocation_apply(revoked, forget_users),
        name="revocations",
    )
