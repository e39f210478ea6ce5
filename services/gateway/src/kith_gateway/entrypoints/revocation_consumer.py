"""Consumes identity's SessionsRevoked events into the gateway's revoked-session set."""

from __future__ import annotations

from kith.identity.v1 import events_pb2
from kith_gateway.adapters.revocations import RedisRevokedSessions
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import IDENTITY_USERS


def revocation_consumer(bootstrap: str, revoked: RedisRevokedSessions) -> KafkaEventConsumer:
    async def apply(events: list) -> None:
        session_ids = [s for e in events if isinstance(e, events_pb2.SessionsRevoked) for s in e.session_ids]
        if session_ids:
            await revoked.add(session_ids)  # SET with expiry: idempotent under redelivery

    return KafkaEventConsumer(bootstrap, [IDENTITY_USERS], "kith-gateway-revocations", apply, name="revocations")
