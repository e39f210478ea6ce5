"""The events the fault tests read back from Kafka: every envelope on some topics since a start."""

from __future__ import annotations

import uuid

from aiokafka import AIOKafkaConsumer, TopicPartition

from kith_platform.events import parse_envelope
from tests.integration.endpoints import KAFKA
from tests.integration.feed_stream import topic_partitions


async def end_offsets(topics: list[str]) -> dict[TopicPartition, int]:
    partitions = await topic_partitions(topics)
    assert partitions, f"no partitions found for {topics}"
    consumer = AIOKafkaConsumer(
        bootstrap_servers=KAFKA, group_id=f"fault-suite-{uuid.uuid4()}", enable_auto_commit=False
    )
    await consumer.start()
    try:
        return await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()


async def events_since(start: dict[TopicPartition, int]) -> list:
    """Every envelope on the topics from `start` to their current ends."""
    ends = await end_offsets(sorted({tp.topic for tp in start}))
    # A group of its own (never committed): aiokafka's group-less consumer can raise
    # CancelledError from stop().
    consumer = AIOKafkaConsumer(
        bootstrap_servers=KAFKA, group_id=f"fault-suite-{uuid.uuid4()}", enable_auto_commit=False
    )
    await consumer.start()
    envelopes = []
    try:
        consumer.assign(list(ends))
        for tp in ends:
            consumer.seek(tp, start.get(tp, 0))
        remaining = {tp for tp, end in ends.items() if end > start.get(tp, 0)}
        while remaining:
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for tp, records in batch.items():
                envelopes += [parse_envelope(r.value) for r in records]
                if records and records[-1].offset + 1 >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await consumer.stop()
    return envelopes
