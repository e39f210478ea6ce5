"""Idempotent-consumer helpers: apply each event at most once even when Kafka redelivers it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence

import asyncpg
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from tenacity import AttemptManager

from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.metrics import CONSUMER_LAG, EVENTS_CONSUMED, count_backend_error
from kith_platform.redis_client import AnyRedis
from kith_platform.redis_client import hash_tag as key_hash_tag
from kith_platform.retry import retrying, start_over
from kith_platform.tracing import consumer_span

PG_MARK_PROCESSED = """
INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
ON CONFLICT DO NOTHING RETURNING event_id
"""


async def first_delivery(conn: asyncpg.Connection, consumer: str, event_id: str) -> bool:
    """Record the event for this consumer inside the caller's transaction.

    True on first delivery: apply the event in the same transaction. False: already applied.
    """
    return await conn.fetchval(PG_MARK_PROCESSED, consumer, event_id) is not None


# KEYS[1] is the dedupe key; ARGV[1] its TTL in seconds. The body sees the caller's keys and
# arguments shifted by one (KEYS[2..], ARGV[2..]) exposed as K and A. A body that finds it was
# given the wrong keys calls forget() before writing anything and returns: the event stays
# unapplied, for the caller to try again.
_DEDUPE_PREAMBLE = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) == false then
  return false
end
local function forget() redis.call('DEL', KEYS[1]) end
local K = {}
for i = 2, #KEYS do K[i - 1] = KEYS[i] end
local A = {}
for i = 2, #ARGV do A[i - 1] = ARGV[i] end
"""


class IdempotentRedisScript:
    """A Lua script that runs at most once per (consumer, event id), atomically with its check.

    The body uses `K` and `A` for its own keys and arguments and must `return` a truthy value;
    it touches only the keys it is given (all in one slot, for Redis Cluster). Calling it
    returns None when the event had already been applied.
    """

    def __init__(self, client: AnyRedis, consumer: str, body: str, *, ttl_seconds: int = 7 * 86400):
        self.consumer = consumer
        self.ttl_seconds = ttl_seconds
        self._script = client.register_script(_DEDUPE_PREAMBLE + body)

    def dedupe_key(self, event_id: str, hash_tag: str | None = None) -> str:
        # With Redis Cluster the dedupe key must share a slot with the body's keys: it carries
        # their hash tag.
        tag = f"{{{hash_tag}}}" if hash_tag else ""
        return f"dedupe:{self.consumer}:{tag}{event_id}"

    async def __call__(self, event_id: str, keys: list[str], args: list, *, hash_tag: str | None = None):
        """`hash_tag` defaults to the first key's (see kith_platform.redis_client.hash_tag)."""
        if hash_tag is None and keys:
            hash_tag = key_hash_tag(keys[0])
        return await self._script(keys=[self.dedupe_key(event_id, hash_tag), *keys], args=[self.ttl_seconds, *args])


def advanced(batches: Mapping[TopicPartition, Sequence[ConsumerRecord]]) -> dict[TopicPartition, int]:
    """The offsets to commit after a batch: for each partition it brought records from, the one
    after its last. Partitions it did not touch keep their commit as it is; committing every
    assigned partition after every batch (aiokafka's commit() without offsets) wrote dozens of
    records to __consumer_offsets for each event, which Kafka stores, replicates and compacts."""
    return {tp: records[-1].offset + 1 for tp, records in batches.items() if records}


# How long a broker holds a fetch that finds nothing new before answering it empty (aiokafka's
# default is 500 ms). A record that arrives meanwhile answers it at once, so this is no delay to
# events. An idle consumer fetches once per this from each broker it reads: the services' 18 groups
# fetching every 500 ms cost the three brokers about 10% of a core on an idle platform.
FETCH_MAX_WAIT_MS = 2000


class KafkaEventConsumer:
    """Consumes envelopes at least once: `apply` gets each batch's decoded events and offsets
    are committed only after it returns, so `apply` must be idempotent. Kafka or the store
    being down is retried with backoff; the loop ends when cancelled, or after the batch in
    hand is applied and committed once `request_stop()` is called (it then leaves the group,
    so the other replicas take its partitions over at once)."""

    def __init__(self, bootstrap: str, topics: list[str], group_id: str, apply, *, name: str) -> None:
        self.bootstrap = bootstrap
        self.topics = topics
        self.group_id = group_id
        self.apply = apply  # async (list[Message]) -> None
        self.log = logging.getLogger(f"kith.consumer.{name}")
        self._task: asyncio.Task | None = None
        self._applying = False
        self._stopping = False

    def request_stop(self) -> None:
        self._stopping = True
        if self._task is not None and not self._applying:
            self._task.cancel()  # waiting for records or for a retry: nothing in hand

    def envelopes(self, values: Sequence[bytes | None]) -> list:
        out = []
        for value in values:
            if value is None:
                continue  # a tombstone of a compacted topic: no event to apply
            try:
                out.append(parse_envelope(value))
            except Exception:  # noqa: BLE001 - a malformed record must not stop the consumer
                self.log.error("skipping a record that is not an Envelope")
        return out

    def decode(self, values: Sequence[bytes | None]) -> list:
        return [e for e in (unpack_payload(env) for env in self.envelopes(values)) if e is not None]

    async def _measure_lag(self, consumer: AIOKafkaConsumer) -> None:
        """Lag per assigned partition: the broker's high watermark (as of the last fetch)
        minus this group's position, which is committed after each batch."""
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is not None:
                lag = max(0, high - await consumer.position(tp))
                CONSUMER_LAG.labels(self.group_id, tp.topic, str(tp.partition)).set(lag)

    async def run(self) -> None:
        self._task = asyncio.current_task()
        policy = retrying(
            "consumer failed",
            attempts=None,
            first_delay=0.5,
            max_delay=10.0,
            until=lambda: self._stopping,
            on_failure=count_backend_error,
            logger=self.log,
        )
        try:
            async for attempt in policy:
                with attempt:
                    if not self._stopping:
                        await self._consume(attempt)
        except Exception as exc:  # noqa: BLE001 - it failed while stopping: not retried
            # The batch stays uncommitted: redelivered to the next member.
            self.log.warning("consumer failed while stopping: %r", exc)

    async def _consume(self, attempt: AttemptManager) -> None:
        """One consumer, from its start until it is stopped or fails (Kafka or the store down)."""
        consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=self.bootstrap,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
        )
        try:
            await consumer.start()
            start_over(attempt)  # connected: a failure from now on waits the first delay again
            while not self._stopping:
                batches = await consumer.getmany(timeout_ms=1000, max_records=500)
                values = [m.value for messages in batches.values() for m in messages]
                if values:
                    self._applying = True
                    try:
                        envelopes = self.envelopes(values)
                        with consumer_span(f"consume {self.group_id}", envelopes):
                            await self.apply([e for e in map(unpack_payload, envelopes) if e is not None])
                        await consumer.commit(advanced(batches))
                    finally:
                        self._applying = False
                    EVENTS_CONSUMED.labels(self.group_id).inc(len(values))
                    if self._stopping:
                        break
                await self._measure_lag(consumer)
        finally:
            try:
                await asyncio.wait_for(consumer.stop(), 5)
            except Exception:  # noqa: BLE001 - it is being replaced
                pass
