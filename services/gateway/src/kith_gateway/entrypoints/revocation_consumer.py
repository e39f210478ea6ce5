"""Consumes identity's users topic: the sessions SessionsRevoked ended and the users UserErased
erased, handed to Revocations."""

from __future__ import annotations

from kith.identity.v1 import events_pb2
from kith_gateway.service_layer.revocations import Revocations
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import IDENTITY_USERS


def revocation_apply(revocations: Revocations):
    async def apply(events: list) -> None:
        await revocations.apply(
            [s for e in events if isinstance(e, events_pb2.SessionsRevoked) for s in e.session_ids],
            [e.user_id for e in events if isinstance(e, events_pb2.UserErased) and e.user_id],
        )

    return apply


def revocation_consumer(bootstrap: str, revocations: Revocations) -> KafkaEventConsumer:
    return KafkaEventConsumer(
        bootstrap,
        [IDENTITY_USERS],
        "kith-gateway-revocations",
        revocation_apply(revocations),
        name="revocations",
    )
