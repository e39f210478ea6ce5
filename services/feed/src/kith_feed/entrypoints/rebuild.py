"""Rebuilding the feed's read model from the event topics (`kith rebuild-read-model`,
docs/read-model.md): wipe the derived keys of a Redis (adapters/read_model.py), replay the stream
worker's topics from their first record into it with the worker's own code
(service_layer/events.apply_batch, on FeedStores.for_replay), and stop at the end offsets seen
at the start.

Order: the worker's four agents apply their topics as events arrive; the replay merges every
partition by record time (each partition in its own order), so that events are applied in the
order they were written, which is, within a batch's wait, the order the worker applied them in.

The consumer group: its offsets say where the Redis stands. The rebuild refuses a group with
members (a worker running on it: stop it first), and at the end commits the end offsets it
replayed up to, so a worker started on that Redis with that group goes on from there: the
worker's own group for a rebuild in place, a new one for a new Redis.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from kith_feed.adapters.read_model import WipeReport, restore_read_markers, wipe_derived
from kith_feed.adapters.stores import FeedStores
from kith_feed.config import FeedSettings
from kith_feed.entrypoints.worker import TOPICS
from kith_feed.service_layer.clock import wall_ms
from kith_feed.service_layer.erasure import erase_due_again
from kith_feed.service_layer.events import apply_batch
from kith_feed.service_layer.notifications import send_due_reminders
from kith_feed.service_layer.recognition import settle_due_trust_levels
from kith_platform.errors import TRANSIENT_ERRORS
from kith_platform.redis_client import AnyRedis, redis_client
from kith_platform.retry import retrying

log = logging.getLogger("kith.feed.rebuild")
Say = Callable[[str], None]
PROGRESS_EVERY_SECONDS = 2.0


class RebuildRefused(Exception):
    """Why the rebuild did not start (nothing was changed)."""


@dataclass(frozen=True)
class History:
    """What the topics hold now: per partition, the first offset kept and the end."""

    starts: dict[TopicPartition, int]
    ends: dict[TopicPartition, int]

    @property
    def events(self) -> int:
        return sum(self.ends[tp] - self.starts[tp] for tp in self.ends)

    def by_topic(self) -> dict[str, int]:
        out: Counter = Counter()
        for tp, end in self.ends.items():
            out[tp.topic] += end - self.starts[tp]
        return {topic: out[topic] for topic in TOPICS}

    @property
    def truncated(self) -> list[TopicPartition]:
        """Partitions whose first records are gone (retention deleted them)."""
        return sorted((tp for tp, start in self.starts.items() if start > 0), key=lambda tp: (tp.topic, tp.partition))


@dataclass
class Outcome:
    wipe: WipeReport | None = None
    replayed: int = 0
    outcomes: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    erased_again: int = 0
    trust_settled: int = 0
    reminders: int = 0
    read_markers: int = 0
    committed: bool = False


async def partitions(bootstrap: str, topics: tuple[str, ...] = TOPICS) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    missing = sorted(t["topic"] for t in described if t["error_code"] or not t["partitions"])
    if missing:
        raise RebuildRefused(f"the topics {', '.join(missing)} do not exist on {bootstrap}")
    return sorted(
        (TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]),
        key=lambda tp: (TOPICS.index(tp.topic), tp.partition),
    )


async def group_state(bootstrap: str, group: str) -> tuple[str, int]:
    """The group's state (Empty, Stable, Dead for none...) and how many members it has."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        # One group per request: aiokafka 0.14 cannot decode a reply describing several.
        _error, _group, state, _protocol_type, _protocol, members = (
            (await admin.describe_consumer_groups([group]))[0].groups[0]
        )[:6]
        return state, len(members)
    finally:
        await admin.close()


class MergedPartitions:
    """The records of every partition from `starts` up to `ends`, merged by record time (ties:
    the worker's topic order, then the partition); each partition's own order is kept."""

    def __init__(self, consumer: AIOKafkaConsumer, history: History) -> None:
        self.consumer = consumer
        self.history = history
        self.buffers: dict[TopicPartition, deque] = {tp: deque() for tp in history.ends}
        self.active = {tp for tp in history.ends if history.ends[tp] > history.starts[tp]}

    async def start(self) -> None:
        self.consumer.assign(list(self.history.ends))
        for tp, start in self.history.starts.items():
            self.consumer.seek(tp, start)

    async def _fill(self) -> None:
        """Until each unfinished partition has a record in hand."""
        while True:
            needy = [tp for tp in self.active if not self.buffers[tp]]
            for tp in needy:
                if await self.consumer.position(tp) >= self.history.ends[tp]:
                    self.active.discard(tp)
            needy = [tp for tp in needy if tp in self.active]
            if not needy:
                return
            fetched = await self.consumer.getmany(*needy, timeout_ms=1000)
            for tp, records in fetched.items():
                end = self.history.ends[tp]
                self.buffers[tp].extend(r for r in records if r.offset < end)

    def _head(self, tp: TopicPartition) -> tuple:
        return (self.buffers[tp][0].timestamp, TOPICS.index(tp.topic), tp.partition)

    async def batches(self, size: int) -> AsyncIterator[list]:
        while True:
            await self._fill()
            if not self.active:
                return
            batch: list = []
            # A partition whose records in hand run out is refilled before the merge goes on.
            while len(batch) < size and all(self.buffers[tp] for tp in self.active):
                tp = min(self.active, key=self._head)
                batch.append(self.buffers[tp].popleft())
            yield batch


async def replay(
    store: FeedStores, consumer: AIOKafkaConsumer, history: History, batch: int, say: Say, outcome: Outcome
) -> None:
    merged = MergedPartitions(consumer, history)
    await merged.start()
    policy = retrying(
        "redis unavailable",
        attempts=None,
        first_delay=0.2,
        max_delay=5.0,
        retry_on=TRANSIENT_ERRORS,
        logger=log,
    )
    started = last = time.monotonic()
    async for records in merged.batches(batch):
        # The worker's reminder job runs every few seconds: reminders that came due before these
        # events go out at the time of the first of them.
        first_at = records[0].timestamp
        outcome.reminders += await policy(_until_done, lambda at=first_at: send_due_reminders(store, at))
        results: list[str] = await policy(apply_batch, store, [r.value for r in records])
        for result in results:
            outcome.outcomes[_kind(result)] += 1
        outcome.replayed += len(records)
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_SECONDS:
            rate = outcome.replayed / (now - started)
            say(f"  replayed {outcome.replayed:,} of {history.events:,} events ({rate:,.0f}/s)")
            last = now
    outcome.seconds = time.monotonic() - started


async def _until_done(job: Callable[[], Awaitable[int]]) -> int:
    """Run one of the worker's jobs (each takes a limited number of items off its schedule per
    round) until it finds nothing due; returns how many items it took."""
    total = 0
    while done := await job():
        total += done
    return total


def _kind(result: str) -> str:
    """apply_batch's outcome of one record, as counted: applied, ignored, skipped, tombstone, malformed."""
    if ":" in result:
        return result.split(":", 1)[0]
    return result if result in ("tombstone", "malformed") else "applied"


async def commit_offsets(consumer: AIOKafkaConsumer, history: History) -> None:
    await consumer.commit(dict(history.ends))


def _describe_wipe(report: WipeReport, say: Say) -> None:
    verb = "would wipe" if report.dry_run else "wiped"
    say(f"  {verb} {report.keys_wiped:,} derived keys and notification groups; kept {sum(report.kept.values()):,}")
    for pattern, n in sorted(report.wiped.items(), key=lambda kv: -kv[1]):
        say(f"    {n:>9,}  {pattern}")
    if report.kept:
        say("  kept (owned by Redis):")
        for pattern, n in sorted(report.kept.items(), key=lambda kv: -kv[1]):
            say(f"    {n:>9,}  {pattern}")
    if report.read_markers:
        say(f"  read notification groups saved for after the replay: {report.read_markers:,}")
    if report.unclassified:
        say(f"  {len(report.unclassified):,} feed: keys of no known family, kept: e.g. {report.unclassified[0]}")


async def rebuild(
    settings: FeedSettings,
    *,
    group: str,
    yes: bool,
    partial: bool = False,
    say: Say = print,
    client: AnyRedis | None = None,
) -> Outcome:
    """Wipe and rebuild (or, without `yes`, say what would be done and change nothing)."""
    outcome = Outcome()
    where = f"Redis {settings.redis_url}{' (cluster)' if settings.redis_cluster else ''}"
    say(f"rebuild-read-model: {where}, Kafka {settings.kafka_bootstrap}, group {group}")
    state, members = await group_state(settings.kafka_bootstrap, group)
    if members:
        raise RebuildRefused(
            f"the consumer group {group} has {members} member(s) ({state}): a stream worker is running on it. "
            "Stop it first (deploy/local/kithctl ctl stop services:feed-worker), or rebuild into another Redis "
            "with a group of its own (--redis-url ... --group ...)"
        )
    tps = await partitions(settings.kafka_bootstrap)
    own_client = client is None
    client = client or redis_client(settings.redis_url, cluster=settings.redis_cluster)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    try:
        await consumer.start()
        history = History(await consumer.beginning_offsets(tps), await consumer.end_offsets(tps))
        counts = ", ".join(f"{topic} {n:,}" for topic, n in history.by_topic().items())
        say(f"  {history.events:,} events to replay on {len(tps)} partitions: {counts}")
        if history.truncated:
            first = history.truncated[0]
            message = (
                f"{len(history.truncated)} partition(s) no longer hold their first events "
                f"(e.g. {first.topic}/{first.partition} starts at offset {history.starts[first]:,}): "
                "retention deleted them, so a rebuild would miss what they said (docs/read-model.md)"
            )
            if not partial:
                raise RebuildRefused(message + "; --partial rebuilds from what is left")
            say(f"  warning: {message}")
        await client.ping()
        if not yes:
            _describe_wipe(await wipe_derived(client, dry_run=True), say)
            say("nothing changed: run again with --yes to wipe the derived keys and rebuild them")
            return outcome
        say("  wiping the derived read model")
        outcome.wipe = await wipe_derived(client)
        _describe_wipe(outcome.wipe, say)
        store = FeedStores.for_replay(client, settings)
        say(f"  replaying up to the end offsets seen at the start ({history.events:,} events)")
        await replay(store, consumer, history, settings.worker_batch, say, outcome)
        rate = outcome.replayed / outcome.seconds if outcome.seconds else 0.0
        say(f"  caught up: {outcome.replayed:,} events in {outcome.seconds:.1f} s ({rate:,.0f}/s)")
        say("  outcomes: " + ", ".join(f"{k} {n:,}" for k, n in sorted(outcome.outcomes.items())))
        # What the worker's jobs would have done by now: erasures looked at again, levels that
        # faded without events (announced through the real outbox: consumers drop a repeat by its
        # event id), reminders due; then the readers' read markers.
        now = wall_ms()
        worker_stores = FeedStores.from_settings(client, settings)
        outcome.erased_again = await _until_done(lambda: erase_due_again(store, now))
        outcome.trust_settled = await _until_done(lambda: settle_due_trust_levels(worker_stores, now))
        outcome.reminders += await _until_done(lambda: send_due_reminders(store, now))
        outcome.read_markers = await restore_read_markers(client)
        say(
            f"  then: {outcome.erased_again} erasures looked at again, {outcome.trust_settled} trust levels "
            f"settled, {outcome.reminders} reminders sent, {outcome.read_markers:,} notification groups read again"
        )
        state, members = await group_state(settings.kafka_bootstrap, group)
        if members:
            say(f"  warning: {group} has members now ({state}); its offsets were left alone")
        else:
            await commit_offsets(consumer, history)
            outcome.committed = True
            say(f"  group {group}: offsets committed at the end offsets replayed up to ({len(tps)} partitions)")
        return outcome
    finally:
        await consumer.stop()
        if own_client:
            await client.aclose()
