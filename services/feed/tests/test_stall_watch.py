"""The stream worker's stall watch: quiet while events wait ends the process; quiet with nothing
waiting, or a batch being retried, does not."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from kith_feed.entrypoints.stall_watch import StallWatch, waiting
from tests.integration.endpoints import KAFKA


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_waiting_counts_events_past_the_committed_offsets():
    a, b = TopicPartition("t", 0), TopicPartition("t", 1)
    assert waiting({a: 10, b: 5}, {a: 10, b: 5}) == 0
    assert waiting({a: 10, b: 5}, {a: 7}) == 8  # nothing committed on b: all of it waits


@pytest.mark.integration
async def test_quiet_with_events_waiting_is_a_stall_and_quiet_without_is_not():
    topic, group = f"test.stall.{uuid.uuid4().hex[:8]}", f"test-stall-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
        # A new topic reaches the brokers' metadata one after another, and each look below may
        # ask another broker: wait until several looks in a row find its partition.
        found = 0
        for _ in range(200):
            described = await admin.describe_topics([topic])
            found = found + 1 if described and described[0]["partitions"] else 0
            if found == 6:
                break
            await asyncio.sleep(0.05)
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"one", partition=0)
    finally:
        await producer.stop()
    clock = Clock()
    watch = StallWatch(bootstrap=KAFKA, group=group, topics=[topic], stall_seconds=60, clock=clock)
    mine = [TopicPartition(topic, 0)]

    clock.now += 59
    assert not await watch.check(mine)  # not quiet for long enough yet
    with watch.applying_batch():
        clock.now += 600  # a long batch (a big erasure, Redis down) is work, not quiet
        assert not await watch.check(mine)
    clock.now += 59
    assert not await watch.check(mine)  # quiet since the batch was done: not long enough
    clock.now += 61
    assert await watch.check(mine)  # an event waits and nothing came for 61 s
    assert await watch.check([])  # holding no partition while the topic has events waiting

    # The group catches up: quiet is then just idle.
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(mine)
        await consumer.commit({mine[0]: 1})
    finally:
        await consumer.stop()
    assert not await watch.check(mine)
    assert watch.quiet_for() == 0  # the count starts again

    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        await admin.delete_topics([topic])
    finally:
        await admin.close()
