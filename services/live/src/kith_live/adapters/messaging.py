"""gRPC adapter: presence changes handed to messaging (kith.messaging.v1.MessagingInternalService/
PresenceChanged), which tells the person's friends. Coalesced and batched in the background, so a
stream never waits for it; best effort: a batch messaging cannot take is dropped (its people's
presence is still in Redis for GetPresence)."""

from __future__ import annotations

import asyncio
import itertools
import logging

import grpc

from kith.messaging.v1 import messaging_pb2, messaging_pb2_grpc
from kith_live.domain.ports import PresenceNotices

log = logging.getLogger("kith.live.presence")


class GrpcPresenceNotices(PresenceNotices):
    def __init__(
        self,
        channel: grpc.aio.Channel,
        *,
        every_seconds: float = 0.2,
        batch: int = 500,
        max_pending: int = 20_000,
        timeout_seconds: float = 2.0,
    ) -> None:
        self.stub = messaging_pb2_grpc.MessagingInternalServiceStub(channel)
        self.every_seconds = every_seconds
        self.batch = batch
        self.max_pending = max_pending
        self.timeout_seconds = timeout_seconds
        self.pending: dict[str, None] = {}  # an ordered set: one notice per person per round
        self.dropped = 0
        self._stop = asyncio.Event()

    def changed(self, user_id: str) -> None:
        if user_id in self.pending:
            return
        if len(self.pending) >= self.max_pending:  # messaging is far behind: drop, do not grow
            self.dropped += 1
            return
        self.pending[user_id] = None

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._stop.wait(), self.every_seconds)
            except TimeoutError:
                pass
            await self.flush()

    async def flush(self) -> None:
        """Hand over what is pending, a batch at a time; a batch that fails is dropped."""
        if self.dropped:
            log.warning("presence notices dropped (too many pending): %d", self.dropped)
            self.dropped = 0
        while self.pending:
            batch = list(itertools.islice(self.pending, self.batch))
            for user_id in batch:
                del self.pending[user_id]
            try:
                await self.stub.PresenceChanged(
                    messaging_pb2.PresenceChangedRequest(user_ids=batch), timeout=self.timeout_seconds
                )
            except grpc.aio.AioRpcError as exc:
                log.warning("presence notices not delivered to messaging (%d people): %s", len(batch), exc.code().name)
            except Exception as exc:  # noqa: BLE001 - best effort: never the end of the edge (a dead loop is fatal)
                log.warning("presence notices not delivered to messaging (%d people): %r", len(batch), exc)

    def request_stop(self) -> None:
        self._stop.set()
