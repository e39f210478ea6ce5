"""Safety changes that hold on every read path by the time their call returns.

Content, the feed, identity, communities and graph read from mirrors of other services'
facts, kept by Kafka consumers, so a block or a leave would otherwise reach them a moment
after the call returned. A call that makes such a change runs inside `MirrorPush.holding()`:
the events its transactions write to the outbox are collected, and once the transactions
have committed they are handed to every mirroring service's internal `MirrorService`, which
applies them with the very consumers that apply them from Kafka. The call returns after
every mirror has applied them, or fails UNAVAILABLE (the change is saved and the events
still deliver it) when a mirror cannot be reached in time. Kafka's later delivery changes
nothing: the mirrors keep the newest fact per pair.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import Sequence
from typing import Protocol

import grpc

from kith.common.v1 import mirrors_pb2, mirrors_pb2_grpc
from kith_platform.errors import Unavailable
from kith_platform.events import OutgoingEvent, parse_envelope, unpack_payload
from kith_platform.grpc_server import Registration
from kith_platform.tracing import client_interceptors

log = logging.getLogger("kith.mirrors")
_collected: contextvars.ContextVar[list[OutgoingEvent] | None] = contextvars.ContextVar("mirrored", default=None)


def collect(events: Sequence[OutgoingEvent]) -> None:
    """Called by the outbox writers: inside `holding()`, the events are kept for the push."""
    bucket = _collected.get()
    if bucket is not None:
        bucket.extend(events)


class Mirror(Protocol):
    """What keeps a mirror: the topics it reads and how a batch of their events is applied
    (a `KafkaEventConsumer` is one)."""

    topics: list[str]

    async def apply(self, events: list) -> None: ...


class MirrorServicer(mirrors_pb2_grpc.MirrorServiceServicer):
    def __init__(self, mirrors: Sequence[Mirror]) -> None:
        self.mirrors = list(mirrors)

    async def ApplyEvents(self, request, context):
        applied = 0
        for mirror in self.mirrors:
            events = [
                event
                for item in request.events
                if item.topic in mirror.topics
                if (event := unpack_payload(parse_envelope(item.envelope))) is not None
            ]
            if events:
                await mirror.apply(events)
                applied += len(events)
        return mirrors_pb2.ApplyEventsResponse(applied=applied)


def mirror_registration(mirrors: Sequence[Mirror]) -> Registration:
    """The internal MirrorService of a service that keeps these mirrors."""
    return Registration(
        mirrors_pb2_grpc.add_MirrorServiceServicer_to_server,
        MirrorServicer(mirrors),
        mirrors_pb2.DESCRIPTOR.services_by_name["MirrorService"].full_name,
    )


def addresses(value: str) -> tuple[str, ...]:
    """A comma-separated settings value as a tuple of host:port addresses."""
    return tuple(a.strip() for a in value.split(",") if a.strip())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, grpc.aio.AioRpcError):
        return f"{exc.code().name} {exc.details()}"
    return repr(exc)


class MirrorPush:
    """Hands the events of safety changes to the mirroring services and waits for them."""

    def __init__(self, targets: Sequence[str], *, timeout_seconds: float = 3.0) -> None:
        self.targets = tuple(targets)
        self.timeout_seconds = timeout_seconds
        self._stubs: dict[str, mirrors_pb2_grpc.MirrorServiceStub] = {}
        self._channels: list[grpc.aio.Channel] = []

    def _stub(self, target: str) -> mirrors_pb2_grpc.MirrorServiceStub:
        if target not in self._stubs:
            channel = grpc.aio.insecure_channel(target, interceptors=client_interceptors())
            self._channels.append(channel)
            self._stubs[target] = mirrors_pb2_grpc.MirrorServiceStub(channel)
        return self._stubs[target]

    @contextlib.asynccontextmanager
    async def holding(self, *, required: bool = True):
        """Run a safety change: when the block exits normally, its events are applied by
        every mirror before the caller goes on. `required=False` for a change the caller
        only expects to read back at once (a join): a mirror that cannot apply it in time
        is logged, and the call still succeeds (Kafka delivers the change a moment later)."""
        bucket: list[OutgoingEvent] = []
        token = _collected.set(bucket)
        try:
            yield
        finally:
            _collected.reset(token)
        try:
            await self.push(bucket)
        except Unavailable:
            if required:
                raise

    async def push(self, events: Sequence[OutgoingEvent]) -> None:
        events = [e for e in events if e.value is not None]  # tombstones carry no event to apply
        if not events or not self.targets:
            return
        request = mirrors_pb2.ApplyEventsRequest(
            events=[mirrors_pb2.MirroredEvent(topic=e.topic, envelope=e.value) for e in events]
        )
        deadline = time.monotonic() + self.timeout_seconds
        results = await asyncio.gather(
            *(self._deliver(t, request, deadline) for t in self.targets), return_exceptions=True
        )
        failed = [(t, r) for t, r in zip(self.targets, results, strict=True) if isinstance(r, BaseException)]
        if failed:
            log.warning(
                "mirrors failed to apply a safety change within %.1fs: %s",
                self.timeout_seconds,
                "; ".join(f"{t}: {_reason(r)}" for t, r in failed),
            )
            # Not "try again": a repeated call finds nothing to change and writes no event to
            # push, so its OK would not confirm anything (README, "Visibility guarantee").
            raise Unavailable(
                "the change is saved but not yet in force everywhere: a service that reads it "
                "is unavailable, and the change reaches it as soon as it is back"
            )

    async def _deliver(self, target: str, request, deadline: float) -> None:
        backoff = 0.05
        while True:
            left = deadline - time.monotonic()
            try:
                await self._stub(target).ApplyEvents(request, timeout=max(left, 0.01), wait_for_ready=True)
                return
            except grpc.aio.AioRpcError as exc:
                # A mirror that is restarting answers UNAVAILABLE or NOT_SERVING errors: try
                # again while time is left. Anything else is a real failure.
                if (
                    exc.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
                    or deadline - time.monotonic() < backoff
                ):
                    raise
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 0.5)

    async def close(self) -> None:
        for channel in self._channels:
            await channel.close()
