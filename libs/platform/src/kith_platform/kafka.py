"""Kafka producer and admin helpers (idempotent producer, acks=all)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
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


async def ensure_topics(
    bootstrap: str,
    topics: list[str],
    *,
    partitions: int = 6,
    replicas: int = 3,
    configs: Mapping[str, Mapping[str, str]] = TOPIC_CONFIGS,
) -> None:
    """Create missing topics, each with `replicas` copies and min.insync.replicas one fewer (an
    acks=all write is then acknowledged once two of three nodes have it, and one node may be
    down), plus its settings from TOPIC_CONFIGS (a compacted topic is compacted from its first
    record). A topic that exists gets its TOPIC_CONFIGS settings where they differ (the read
    model's topics made before they were kept for good, say), keeping the other settings set on
    it. The local cluster and production have 3 nodes; a single-broker Kafka (the dev overlay,
    compose) asks for 1. A topic that exists with fewer replicas is an error: writes to it would
    not survive the loss of a broker."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        min_insync = {"min.insync.replicas": str(max(1, replicas - 1))}
        missing = [
            NewTopic(t, partitions, replicas, topic_configs={**min_insync, **configs.get(t, {})})
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
        # Every topic, the new ones too: one another process made meanwhile was not made here.
        await _align_settings(admin, {t: dict(configs[t]) for t in topics if configs.get(t)})
    finally:
        await admin.close()


DYNAMIC_TOPIC_CONFIG = 1  # DescribeConfigs' config_source of a setting made on the topic itself


UNKNOWN_TOPIC_OR_PARTITION = 3


async def _describe_settings(admin: AIOKafkaAdminClient, topics: list[str], attempts: int = 20) -> list:
    """DescribeConfigs of the topics; a broker that has not heard of a topic made a moment ago
    (it answers UNKNOWN_TOPIC_OR_PARTITION) is asked again, a little later."""
    resources = [ConfigResource(ConfigResourceType.TOPIC, t) for t in topics]
    for attempt in range(attempts):
        replies = await admin.describe_configs(resources)
        errors = {r[0] for reply in replies for r in reply.resources}
        if UNKNOWN_TOPIC_OR_PARTITION not in errors or attempt == attempts - 1:
            return replies
        await asyncio.sleep(0.25)
    raise AssertionError("unreachable")


async def _align_settings(admin: AIOKafkaAdminClient, wanted: dict[str, dict[str, str]]) -> list[str]:
    """Give existing topics the settings `wanted` of them where they differ; returns the topics
    changed. AlterConfigs replaces a topic's own settings as a whole, so those it has that are
    not wanted are sent along unchanged."""
    if not wanted:
        return []
    replies = await _describe_settings(admin, sorted(wanted))
    changes = []
    for reply in replies:
        for error, message, _kind, topic, entries, *_ in reply.resources:
            if error:
                raise RuntimeError(f"cannot read the settings of {topic}: {message or error}")
            current = {e[0]: e[1] for e in entries}
            # Version 0 of the reply says is_default (a bool) where later ones say the source.
            own = {
                e[0]: e[1] for e in entries if (not e[3] if isinstance(e[3], bool) else e[3] == DYNAMIC_TOPIC_CONFIG)
            }
            if any(current.get(k) != v for k, v in wanted[topic].items()):
                changes.append(ConfigResource(ConfigResourceType.TOPIC, topic, configs={**own, **wanted[topic]}))
    if changes:
        for reply in await admin.alter_configs(changes):
            for error, message, _kind, topic, *_ in reply.resources:
                if error:
                    raise RuntimeError(f"cannot change the settings of {topic}: {message or error}")
        log.info("topic settings brought in line: %s", ", ".join(c.name for c in changes))
    return [c.name for c in changes]
