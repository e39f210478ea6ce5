"""The stream worker's stall watch: a consumer that has stopped fetching while its partitions
still have events waiting ends its process, so that supervisord (locally) or Kubernetes starts a
fresh one.

Faust's consumer can stop fetching without an error after the broker has been away (seen in
the fault suite, and reported upstream: faust-streaming/faust issues 175 and 523). Ending the
process is safe: offsets are committed only after a batch is applied, every write of the read
model is idempotent, and the group hands the partitions over after the session timeout.

Quiet with nothing waiting is fine (no events to consume); a batch being applied, however long
it takes (an erasure over a large keyspace, retries while Redis is down), is not quiet: the
watch is for a consumer that has stopped handing batches over, not for slow work."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

log = logging.getLogger("kith.feed.stall_watch")

EXIT_STALLED = 70  # EX_SOFTWARE: supervisord and Kubernetes restart the process


def waiting(end_offsets: dict[TopicPartition, int], committed: dict[TopicPartition, int]) -> int:
    """Events on the partitions past the group's committed offsets (none committed: all)."""
    return sum(max(0, end - committed.get(tp, 0)) for tp, end in end_offsets.items())


class StallWatch:
    def __init__(
        self, *, bootstrap: str, group: str, topics: Iterable[str], stall_seconds: float, clock=time.monotonic
    ) -> None:
        self.bootstrap = bootstrap
        self.group = group
        self.topics = frozenset(topics)
        self.stall_seconds = stall_seconds
        self.clock = clock
        self.last_progress = clock()
        self.applying = 0  # batches in hand

    def progressed(self) -> None:
        self.last_progress = self.clock()

    @contextmanager
    def applying_batch(self) -> Iterator[None]:
        self.applying += 1
        try:
            yield
        finally:
            self.applying -= 1
            self.progressed()

    def quiet_for(self) -> float:
        """Seconds since the last batch was done (0 while one is in hand)."""
        if self.applying:
            self.progressed()
        return self.clock() - self.last_progress

    async def check(self, assigned: Iterable[TopicPartition]) -> bool:
        """True when the worker has been quiet for `stall_seconds` while events wait on its
        partitions (all partitions of its topics when it holds none: a rebalance that never
        ends). Quiet with nothing waiting starts the count again."""
        if self.quiet_for() < self.stall_seconds:
            return False
        mine = [TopicPartition(tp.topic, tp.partition) for tp in assigned if tp.topic in self.topics]
        behind = await self._waiting(mine)
        if behind == 0:
            self.progressed()
            return False
        log.critical(
            "the stream worker consumed nothing for %.0f s while %d events wait on %s; ending the "
            "process so that a fresh one takes over",
            self.quiet_for(),
            behind,
            "its partitions" if mine else "its topics (it holds no partition)",
        )
        return True

    async def _waiting(self, mine: list[TopicPartition]) -> int:
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap)
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        await consumer.start()
        await admin.start()
        try:
            partitions = mine or [
                TopicPartition(t["topic"], p["partition"])
                for t in await admin.describe_topics(sorted(self.topics))
                for p in t["partitions"]
            ]
            ends = await consumer.end_offsets(partitions)
            offsets = await admin.list_consumer_group_offsets(self.group, partitions=partitions)
            committed = {tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}
            return waiting(ends, committed)
        finally:
            await admin.close()
            await consumer.stop()


def end_process() -> None:
    """Exit at once: Faust's own shutdown may wait on the very consumer that is stuck."""
    logging.shutdown()
    os._exit(EXIT_STALLED)
