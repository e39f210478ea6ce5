"""Unit tests of the outbox relay's contract with its store (no network)."""

from __future__ import annotations

import asyncio

import pytest

from kith_platform.outbox import OutboxRelay, OutboxStore, PendingEvent


class MemoryOutboxStore(OutboxStore):
    """Marks events sent only when publish returned, like the real stores' transactions."""

    def __init__(self, events: list[PendingEvent]) -> None:
        self.pending = list(events)
        self.sent: list[PendingEvent] = []

    async def publish_batch(self, publish, limit: int) -> int:
        batch = self.pending[:limit]
        if not batch:
            return 0
        await publish(batch)
        del self.pending[: len(batch)]
        self.sent += batch
        return len(batch)

    async def wait_for_events(self, timeout: float) -> None:
        await asyncio.sleep(0)


class FlakyPublisherRelay(OutboxRelay):
    def __init__(self, store, failures: int) -> None:
        super().__init__(store, "unused:9092", client_id="test", batch_size=2)
        self.failures = failures
        self.published_values: list[bytes] = []

    async def _publish(self, events):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker down")
        self.published_values += [e.value for e in events]


def _events(n):
    return [PendingEvent(i, "t", f"k{i}", f"v{i}".encode()) for i in range(n)]


async def test_relay_publishes_in_order_and_marks_sent():
    store = MemoryOutboxStore(_events(5))
    relay = FlakyPublisherRelay(store, failures=0)
    while await relay.run_once():
        pass
    assert relay.published_values == [f"v{i}".encode() for i in range(5)]
    assert not store.pending and len(store.sent) == 5


async def test_failed_publish_keeps_events_pending_until_a_retry_succeeds(monkeypatch):
    monkeypatch.setattr(asyncio, "sleep", _no_sleep)
    store = MemoryOutboxStore(_events(3))
    relay = FlakyPublisherRelay(store, failures=2)
    with pytest.raises(ConnectionError):
        await relay.run_once()
    assert len(store.pending) == 3  # nothing lost, nothing marked
    task = asyncio.create_task(relay.run())
    for _ in range(100):
        if not store.pending:
            break
        await _real_sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert relay.published_values == [b"v0", b"v1", b"v2"]


_real_sleep = asyncio.sleep


async def _no_sleep(_delay, *args, **kwargs):
    await _real_sleep(0)


async def test_a_relay_asked_to_stop_publishes_what_is_pending_then_returns():
    class IdleStore(MemoryOutboxStore):
        async def wait_for_events(self, timeout: float) -> None:
            await _real_sleep(timeout)  # a relay with nothing to do waits a whole second

    store = IdleStore([])
    relay = FlakyPublisherRelay(store, failures=0)
    task = asyncio.create_task(relay.run())
    await _real_sleep(0.05)
    store.pending += _events(3)  # written by the last requests before SIGTERM
    relay.request_stop()
    await asyncio.wait_for(task, 0.5)  # the idle wait is cut short
    assert relay.published_values == [b"v0", b"v1", b"v2"] and not store.pending


async def test_a_neo4j_relay_waits_for_committed_events_not_for_its_idle_wait():
    """Neo4j has no LISTEN: a writer's `written()` (after its commit) ends the relay's wait at
    once, and a wait nothing ends lasts the idle wait; a wake that came while the relay was busy
    is not lost (the next wait returns at once) and is used once."""
    from kith_platform.outbox import Neo4jOutboxStore

    store = Neo4jOutboxStore(driver=None, database="neo4j")
    loop = asyncio.get_running_loop()

    started = loop.time()
    loop.call_later(0.05, store.written)
    await store.wait_for_events(5.0)
    assert loop.time() - started < 1.0

    store.written()  # while the relay publishes
    started = loop.time()
    await store.wait_for_events(5.0)
    assert loop.time() - started < 0.05

    started = loop.time()
    await store.wait_for_events(0.2)
    assert loop.time() - started >= 0.19


async def test_the_backlog_is_measured_while_every_publish_fails(monkeypatch):
    """The backlog gauges must keep moving while Kafka is away: they are what the alert on
    delayed events watches (deploy/k8s/monitoring/alerts.yaml)."""
    from kith_platform.metrics import OUTBOX_AGE, OUTBOX_BACKLOG

    monkeypatch.setattr(asyncio, "sleep", _no_sleep)

    class MeasuredStore(MemoryOutboxStore):
        async def backlog(self):
            return len(self.pending), 42.0

    store = MeasuredStore(_events(3))
    relay = FlakyPublisherRelay(store, failures=10**6)
    OUTBOX_BACKLOG.set(0)
    OUTBOX_AGE.set(0)
    task = asyncio.create_task(relay.run())
    for _ in range(100):
        if OUTBOX_BACKLOG._value.get() == 3:
            break
        await _real_sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert (OUTBOX_BACKLOG._value.get(), OUTBOX_AGE._value.get()) == (3, 42.0)
    assert store.pending and not relay.published_values
