"""Kafka producer and admin helpers (idempotent producer, acks=all)."""

from __future__ import annotations

import logging

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from kith_platform.events import TOPIC_CONFIGS

log = logging.getLogger("kith.kafka")


def create_producer(bootstrap: str, *, client_id: str) -> AIOKafkaProducer:
    """An idempotent producer: acks=all, retries without duplicates within a session."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=2,
        request_timeout_ms=10_000,
        retry_backoff_ms=200,
        metadata_max_age_ms=30_000,
    )


async def ensure_topics(bootstrap: str, topics: list[str], *, partitions: int = 6) -> None:
    """Create missing topics (replication factor 1: the local single-node broker), each with its
    settings from TOPIC_CONFIGS (a compacted topic is compacted from its first record)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(t, partitions, 1, topic_configs=dict(TOPIC_CONFIGS.get(t, {})))
            for t in topics
            if t not in existing
        ]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()
