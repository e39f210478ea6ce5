"""Transactional outbox for PostgreSQL and Neo4j, and the relay that publishes it to Kafka.

Writers add events inside the transaction that changes state. One relay at a time per
store (a PostgreSQL advisory lock, a Neo4j lock node) publishes pending events in commit
order with an idempotent producer, waits for acks=all, and only then marks them sent.
Kafka being down delays events; it never loses them and never fails the writer. An event
with no value (a tombstone of a compacted topic) is stored with a NULL value and published
as a record with the key and no value.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer
from tenacity import AsyncRetrying

from kith_platform.events import OutgoingEvent
from kith_platform.kafka import create_producer
from kith_platform.metrics import OUTBOX_AGE, OUTBOX_BACKLOG, OUTBOX_PUBLISHED, count_backend_error
from kith_platform.mirrors import collect as collect_for_mirrors
from kith_platform.retry import retrying

log = logging.getLogger("kith.outbox")
BACKLOG_EVERY_SECONDS = 5.0  # how often the relay refreshes the backlog gauges


@dataclass(frozen=True)
class PendingEvent:
    ref: object  # the store's id of the row or node
    topic: str
    key: str
    value: bytes | None  # None: a tombstone


def _bytes_or_none(value) -> bytes | None:
    return None if value is None else bytes(value)


# --- PostgreSQL -------------------------------------------------------------------

PG_INSERT = "INSERT INTO outbox (event_id, topic, key, value) VALUES ($1, $2, $3, $4)"
PG_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('kith.outbox.relay'))"
PG_PENDING = "SELECT id, topic, key, value FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1"
PG_MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])"
PG_PURGE = "DELETE FROM outbox WHERE sent_at < now() - make_interval(days => $1)"
PG_BACKLOG = "SELECT count(*), EXTRACT(EPOCH FROM now() - min(created_at)) FROM outbox WHERE sent_at IS NULL"


# Erasure (docs/erasure.md): outbox rows that mention an erased person (their id as the key, in
# the event's text, or as a uuid's 16 bytes) are deleted once Kafka has them; the person's row in
# the service's `erased_users` table (user_id uuid, erased_at, outbox_purged) is marked once no
# row, sent or not, mentions them. $1: the user id as text.
_PG_MENTIONS = """(key = $1::text OR position(convert_to($1::text, 'UTF8') IN value) > 0
    OR position(uuid_send($1::text::uuid) IN value) > 0)"""
PG_ERASED_NOT_PURGED = "SELECT user_id FROM erased_users WHERE NOT outbox_purged ORDER BY erased_at LIMIT $1"
PG_PURGE_SENT_OF = f"DELETE FROM outbox WHERE sent_at IS NOT NULL AND {_PG_MENTIONS}"
PG_MARK_PURGED = f"""
UPDATE erased_users SET outbox_purged = true
WHERE user_id = $1::text::uuid AND NOT outbox_purged AND NOT EXISTS (SELECT 1 FROM outbox WHERE {_PG_MENTIONS})
"""


async def purge_sent_rows_of(conn: asyncpg.Connection, user_id: str) -> bool:
    """In the caller's transaction: delete the sent outbox rows that mention the erased person;
    True when none is left (unsent ones wait for the relay, then `purge_erased_from_outbox`)."""
    await conn.execute(PG_PURGE_SENT_OF, user_id)
    return (await conn.execute(PG_MARK_PURGED, user_id)).endswith(" 1")


async def purge_erased_from_outbox(pool: asyncpg.Pool, limit: int = 100) -> int:
    """A later pass for erased people whose rows were still unsent; how many are done now."""
    done = 0
    for row in await pool.fetch(PG_ERASED_NOT_PURGED, limit):
        async with pool.acquire() as conn, conn.transaction():
            done += await purge_sent_rows_of(conn, str(row["user_id"]))
    return done


async def add_to_postgres_outbox(conn: asyncpg.Connection, events: Sequence[OutgoingEvent]) -> None:
    """Write events in the caller's open transaction."""
    await conn.executemany(PG_INSERT, [(e.event_id, e.topic, e.key, e.value) for e in events])
    collect_for_mirrors(events)


# --- Neo4j ------------------------------------------------------------------------

# Before the single nodes below had their constraints, the first writers on an empty database
# could each MERGE a counter of their own; from then on every insert made one event per counter
# and failed on outbox_event_id. This keeps one node of a label (the counter with the highest
# value: seq never goes back) and deletes the others, so that the constraints can be created.
NEO4J_KEEP_ONE = """
MATCH (n:{label} {{name: 'outbox'}})
WITH n ORDER BY coalesce(n.value, 0) DESC
WITH collect(n) AS nodes
WHERE size(nodes) > 1
UNWIND nodes[1..] AS extra
DELETE extra
"""
NEO4J_SCHEMA = (
    *(NEO4J_KEEP_ONE.format(label=label) for label in ("OutboxCounter", "OutboxRelayLock")),
    # The counter and the relay lock are single nodes found by MERGE; only a uniqueness
    # constraint makes concurrent MERGEs find one node instead of creating one each.
    "CREATE CONSTRAINT outbox_counter_name IF NOT EXISTS FOR (c:OutboxCounter) REQUIRE c.name IS UNIQUE",
    "CREATE CONSTRAINT outbox_relay_lock_name IF NOT EXISTS FOR (l:OutboxRelayLock) REQUIRE l.name IS UNIQUE",
    "CREATE INDEX outbox_seq IF NOT EXISTS FOR (e:OutboxEvent) ON (e.seq)",
    "CREATE CONSTRAINT outbox_event_id IF NOT EXISTS FOR (e:OutboxEvent) REQUIRE e.event_id IS UNIQUE",
)
# The counter node serialises writers that emit events, so seq order is commit order.
NEO4J_INSERT = """
MERGE (c:OutboxCounter {name: 'outbox'})
SET c.value = coalesce(c.value, 0) + size($events)
WITH c.value - size($events) AS base
UNWIND range(0, size($events) - 1) AS i
CREATE (:OutboxEvent {
    event_id: $events[i].event_id, topic: $events[i].topic, key: $events[i].key,
    value: $events[i].value, seq: base + i + 1, created_at: timestamp()
})
"""
NEO4J_ANY_PENDING = "MATCH (e:OutboxEvent) RETURN e.seq AS seq LIMIT 1"
NEO4J_LOCK = "MERGE (l:OutboxRelayLock {name: 'outbox'}) SET l.held_at = timestamp()"
NEO4J_PENDING = """
MATCH (e:OutboxEvent) WHERE e.seq IS NOT NULL
RETURN e.seq AS seq, e.topic AS topic, e.key AS key, e.value AS value
ORDER BY e.seq LIMIT $limit
"""
# Sent events lose the OutboxEvent label (so the pending scan stays small) and keep a sent time.
NEO4J_MARK_SENT = """
MATCH (e:OutboxEvent) WHERE e.seq IN $seqs
REMOVE e:OutboxEvent SET e:SentOutboxEvent, e.sent_at = timestamp()
"""
NEO4J_PURGE = "MATCH (e:SentOutboxEvent) WHERE e.sent_at < $before WITH e LIMIT 10000 DELETE e"
NEO4J_BACKLOG = "MATCH (e:OutboxEvent) RETURN count(e) AS n, timestamp() - min(e.created_at) AS age_ms"


async def add_to_neo4j_outbox(tx, events: Sequence[OutgoingEvent]) -> None:
    """Write events in the caller's open Neo4j transaction."""
    if not events:
        return
    collect_for_mirrors(events)
    await tx.run(
        NEO4J_INSERT,
        events=[
            {
                "event_id": e.event_id,
                "topic": e.topic,
                "key": e.key,
                "value": None if e.value is None else bytearray(e.value),
            }
            for e in events
        ],
    )


# --- The relay ----------------------------------------------------------------------


class OutboxStore(ABC):
    """Where a relay reads pending events from; `publish_batch` runs in one store transaction."""

    @abstractmethod
    async def publish_batch(self, publish, limit: int) -> int:
        """Lock, read up to `limit` pending events, `await publish(events)`, mark them sent."""

    async def wait_for_events(self, timeout: float) -> None:
        await asyncio.sleep(timeout)

    async def purge_sent(self, older_than_days: int) -> None:
        return None

    async def backlog(self) -> tuple[int, float]:
        """Pending events and the age in seconds of the oldest (0 when none)."""
        return 0, 0.0

    async def close(self) -> None:
        return None


async def _woken_or_timed_out(wakeup: asyncio.Event, timeout: float) -> None:
    """A relay's idle wait: until `wakeup` is set (events were written) or `timeout` passes; the
    wake-up is then used (a wake-up that came while the relay was busy ends the next wait at once)."""
    try:
        await asyncio.wait_for(wakeup.wait(), timeout)
    except TimeoutError:
        pass
    wakeup.clear()


class PostgresOutboxStore(OutboxStore):
    def __init__(self, pool: asyncpg.Pool, dsn: str) -> None:
        self.pool = pool
        self.dsn = dsn
        self._wakeup = asyncio.Event()
        self._listener: asyncpg.Connection | None = None

    async def _ensure_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        try:
            self._listener = await asyncpg.connect(self.dsn)
            await self._listener.add_listener("outbox", lambda *_: self._wakeup.set())
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("outbox LISTEN unavailable, polling instead: %r", exc)
            self._listener = None

    async def wait_for_events(self, timeout: float) -> None:
        await self._ensure_listener()
        await _woken_or_timed_out(self._wakeup, timeout)

    async def publish_batch(self, publish, limit: int) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            if not await conn.fetchval(PG_LOCK):
                return 0  # another relay replica is publishing
            rows = await conn.fetch(PG_PENDING, limit)
            if not rows:
                return 0
            await publish([PendingEvent(r["id"], r["topic"], r["key"], _bytes_or_none(r["value"])) for r in rows])
            await conn.execute(PG_MARK_SENT, [r["id"] for r in rows])
            return len(rows)

    async def purge_sent(self, older_than_days: int) -> None:
        await self.pool.execute(PG_PURGE, older_than_days)

    async def backlog(self) -> tuple[int, float]:
        count, age = await self.pool.fetchrow(PG_BACKLOG)
        return count, float(age or 0.0)

    async def close(self) -> None:
        if self._listener is not None:
            await self._listener.close()


class Neo4jOutboxStore(OutboxStore):
    """Neo4j has no LISTEN: the writers of this process call `written()` once their transaction
    has committed events, which wakes the relay at once; the relay's idle wait only bounds how
    late it finds events written elsewhere (another replica whose relay is down). Polling every
    0.2 s instead cost the idle graph service and Neo4j about 40 ms of CPU a second."""

    def __init__(self, driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._written = asyncio.Event()

    def written(self) -> None:
        """Events were committed to the outbox in this process (after the commit, not before:
        woken earlier, the relay could look before they are there and then sleep)."""
        self._written.set()

    async def wait_for_events(self, timeout: float) -> None:
        await _woken_or_timed_out(self._written, timeout)

    async def publish_batch(self, publish, limit: int) -> int:
        # A cheap read first, so an idle relay does not write the lock node every poll.
        records, _, _ = await self.driver.execute_query(NEO4J_ANY_PENDING, database_=self.database, routing_="r")
        if not records:
            return 0
        async with self.driver.session(database=self.database) as session:
            tx = await session.begin_transaction()
            try:
                await tx.run(NEO4J_LOCK)  # write lock held until commit: one relay at a time
                result = await tx.run(NEO4J_PENDING, limit=limit)
                rows = [r async for r in result]
                if not rows:
                    await tx.rollback()
                    return 0
                await publish([PendingEvent(r["seq"], r["topic"], r["key"], _bytes_or_none(r["value"])) for r in rows])
                await tx.run(NEO4J_MARK_SENT, seqs=[r["seq"] for r in rows])
                await tx.commit()
                return len(rows)
            except BaseException:
                if not tx.closed():
                    await tx.rollback()
                raise

    async def purge_sent(self, older_than_days: int) -> None:
        before = int((time.time() - older_than_days * 86400) * 1000)
        async with self.driver.session(database=self.database) as session:
            await session.run(NEO4J_PURGE, before=before)

    async def backlog(self) -> tuple[int, float]:
        records, _, _ = await self.driver.execute_query(NEO4J_BACKLOG, database_=self.database, routing_="r")
        count, age_ms = records[0]["n"], records[0]["age_ms"]
        return int(count), (age_ms or 0) / 1000.0


class OutboxRelay:
    """Publishes a store's pending events to Kafka until stopped: `request_stop()` lets it
    publish what is pending (the events of the last RPCs) and return; cancelling stops it at once."""

    def __init__(
        self,
        store: OutboxStore,
        bootstrap: str,
        *,
        client_id: str,
        batch_size: int = 500,
        idle_wait: float = 1.0,
        retention_days: int = 7,
    ) -> None:
        self.store = store
        self.bootstrap = bootstrap
        self.client_id = client_id
        self.batch_size = batch_size
        self.idle_wait = idle_wait
        self.retention_days = retention_days
        self._producer: AIOKafkaProducer | None = None
        self._stopping = asyncio.Event()
        self.published = 0
        self._cycles = 0
        self._measured = 0.0  # time.monotonic() of the last backlog measure

    def request_stop(self) -> None:
        self._stopping.set()

    async def _unless_stopping(self, waiting) -> None:
        """Await `waiting` (an idle wait or a backoff pause), cut short by request_stop()."""
        waits = [asyncio.ensure_future(waiting), asyncio.ensure_future(self._stopping.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()
            await asyncio.gather(*waits, return_exceptions=True)

    async def _producer_or_start(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = create_producer(self.bootstrap, client_id=self.client_id)
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), 5)
            except Exception:  # noqa: BLE001 - it is being discarded anyway
                pass

    async def _publish(self, events: list[PendingEvent]) -> None:
        producer = await self._producer_or_start()
        futures = [await producer.send(e.topic, e.value, key=e.key.encode()) for e in events]
        await asyncio.gather(*futures)  # every record acknowledged by all in-sync replicas

    async def run_once(self) -> int:
        return await self.store.publish_batch(self._publish, self.batch_size)

    async def _measure_backlog(self) -> None:
        count, age = await self.store.backlog()
        OUTBOX_BACKLOG.set(count)
        OUTBOX_AGE.set(age)

    async def run(self) -> None:
        try:
            while await self._retrying()(self._cycle):
                pass
        except Exception as exc:  # noqa: BLE001 - it failed while stopping: not retried
            # The events stay in the outbox for the next relay (or this one's restart).
            log.warning("outbox relay: stopping with events unpublished: %r", exc)
        finally:
            await self._drop_producer()
            await self.store.close()

    def _retrying(self) -> AsyncRetrying:
        # Each cycle on its own: the backoff starts over once one went through.
        return retrying(
            "outbox relay: publish failed",
            attempts=None,
            first_delay=0.5,
            max_delay=10.0,
            jitter=0.5,
            until=self._stopping.is_set,
            on_failure=count_backend_error,
            sleep=self._pause,
            logger=log,
        )

    async def _pause(self, seconds: float) -> None:
        """Before a retry: a new producer next time, and a pause that request_stop() cuts short."""
        await self._drop_producer()
        await self._unless_stopping(asyncio.sleep(seconds))

    async def _cycle(self) -> bool:
        """Publish a batch, then (with less than a batch pending) wait for events; False once
        stopping with nothing left to publish."""
        # Measured before publishing, so that the backlog and its age keep growing on the
        # dashboards (and alert) while Kafka is away and every publish fails.
        if time.monotonic() - self._measured >= BACKLOG_EVERY_SECONDS:
            self._measured = time.monotonic()
            await self._measure_backlog()
        sent = await self.run_once()
        self.published += sent
        OUTBOX_PUBLISHED.inc(sent)
        if sent < self.batch_size:
            if self._stopping.is_set():
                return False
            await self._unless_stopping(self.store.wait_for_events(self.idle_wait))
        self._cycles += 1
        if self._cycles % 3600 == 0:
            await self.store.purge_sent(self.retention_days)
        return True
