"""Consumes identity's SessionsRevoked events into the gateway's revoked-session set."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer

from kith.identity.v1 import events_pb2
from kith_gateway.adapters.revocations import RedisRevokedSessions
from kith_platform.events import IDENTITY_USERS, parse_envelope, unpack_payload

log = logging.getLogger("kith.gateway.revocations")


class RevocationConsumer:
    """At least once: offsets are committed after the batch is in Redis (SET is idempotent)."""

    def __init__(self, bootstrap: str, revoked: RedisRevokedSessions, group_id: str = "kith-gateway-revocations"):
        self.bootstrap = bootstrap
        self.revoked = revoked
        self.group_id = group_id

    async def apply(self, values: list[bytes]) -> int:
        session_ids = []
        for value in values:
            try:
                event = unpack_payload(parse_envelope(value))
            except Exception:  # noqa: BLE001 - a malformed record must not stop revocations
                log.error("skipping a record that is not an Envelope")
                continue
            if isinstance(event, events_pb2.SessionsRevoked):
                session_ids += list(event.session_ids)
        if session_ids:
            await self.revoked.add(session_ids)
        return len(session_ids)

    async def run(self) -> None:
        backoff = 0.5
        while True:
            consumer = AIOKafkaConsumer(
                IDENTITY_USERS,
                bootstrap_servers=self.bootstrap,
                group_id=self.group_id,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
            )
            try:
                await consumer.start()
                backoff = 0.5
                while True:
                    batches = await consumer.getmany(timeout_ms=1000, max_records=500)
                    values = [m.value for messages in batches.values() for m in messages]
                    if values:
                        await self.apply(values)
                        await consumer.commit()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Kafka or Redis down: retry, never give up
                log.warning("revocation consumer failed, retrying in %.1fs: %r", backoff, exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
            finally:
                try:
                    await asyncio.wait_for(consumer.stop(), 5)
                except Exception:  # noqa: BLE001 - it is being replaced
                    pass
