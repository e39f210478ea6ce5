"""KafkaEventConsumer commits, after each batch, only the partitions the batch brought records
from (kith_platform.consumer.advanced): one record in __consumer_offsets per partition advanced,
not one per partition assigned."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from google.protobuf.empty_pb2 import Empty

from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import make_event
from kith_platform.kafka import ensure_topics
from kith_platform.testing import KAFKA, KAFKA_REPLICAS, wait_until


@pytest.mark.integration
async def test_a_batch_commits_the_partitions_it_advanced_and_leaves_the_others_alone():
    topic, group = f"commit-test-{uuid.uuid4().hex[:8]}", f"commit-test-{uuid.uuid4().hex[:8]}"
    await ensure_topics(KAFKA, [topic], partitions=3, replicas=KAFKA_REPLICAS)
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all")
    await producer.start()

    async def apply(events: list) -> None:
        pass  # what the consumer commits is the point here, not what it applies

    consumer = KafkaEventConsumer(KAFKA, [topic], group, apply, name="commit-test")
    running = asyncio.create_task(consumer.run())
    try:
        for n in range(2):
            event = make_event(topic=topic, aggregate_id=f"a{n}", payload=Empty(), producer="test")
            await producer.send_and_wait(topic, event.value, key=event.key.encode(), partition=1)

        async def committed() -> dict[TopicPartition, int]:
            offsets = await admin.list_consumer_group_offsets(group)
            return {tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}

        async def both_applied() -> bool:
            return await committed() == {TopicPartition(topic, 1): 2}

        await wait_until(both_applied, timeout=30, what="partition 1 committed after its two records")
        await asyncio.sleep(1.5)  # a few empty polls more: still nothing for partitions 0 and 2
        assert await committed() == {TopicPartition(topic, 1): 2}
    finally:
        consumer.request_stop()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await producer.stop()
        await admin.delete_topics([topic])
        await admin.close()
