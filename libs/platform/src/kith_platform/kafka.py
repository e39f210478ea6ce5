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


async def ensure_topics(bootstrap: str, topics: list[str], *, partitions: int = 6, replicas: int = 3) -> None:
    """Create missing topics, each with `replicas` copies and min.insync.replicas one fewer (an
    acks=all write is then acknowledged once two of three nodes have it, and one node may be
    down), plus its settings from TOPIC_CONFIGS (a compacted topic is compacted from its first
    record). The local cluster and production have 3 nodes; a single-broker Kafka (the dev
    overlay, compose) asks for 1. A topic that exists with fewer replicas is an error: writes to
    it would not survive the loss of a broker."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        min_insync = {"min.insync.replicas": str(max(1, replicas - 1))}
        missing = [
            NewTopic(t, partitions, replicas, topic_configs={**min_insync, **TOPIC_CONFIGS.get(t, {})})
            for t in topics
            if t not in existing
        ]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass
        were_there = [t for t in topics if t in existing]
        described = await admin.describe_topics(were_there) if were_there else []
        fewest = {t["topic"]: min(len(p["replicas"]) for p in t["partitions"]) for t in described if t["partitions"]}
        short = {topic: n for topic, n in fewest.items() if n < replicas}
        if short:
            raise RuntimeError(f"topics with fewer than {replicas} replicas: {short}")
    finally:
        await admin.close()
