"""ensure_topics (kith_platform.kafka) and the topics' settings (kith_platform.events.TOPIC_CONFIGS):
the event topics age out, and a topic made before a setting existed gets it, its other settings
kept. On the local Kafka, with topics of the test's own (deleted afterwards)."""

from __future__ import annotations

import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from kith_platform.events import (
    COMMUNITIES_COMMUNITIES,
    CONTENT_POSTS,
    GRAPH_RELATIONSHIPS,
    IDENTITY_PROFILES,
    IDENTITY_USERS,
    TOPIC_CONFIGS,
)
from kith_platform.kafka import ensure_topics
from kith_platform.testing import KAFKA, KAFKA_REPLICAS, wait_until


def test_the_event_topics_keep_a_retention_and_the_cards_are_compacted():
    # Erasure holds on the event topics because their records age out (7 days): none of them
    # keeps events for good (docs/erasure.md, docs/read-model.md on what that means for a rebuild).
    for topic in (IDENTITY_USERS, GRAPH_RELATIONSHIPS, COMMUNITIES_COMMUNITIES, CONTENT_POSTS):
        assert "retention.ms" not in TOPIC_CONFIGS.get(topic, {}), topic
    assert TOPIC_CONFIGS[IDENTITY_PROFILES]["cleanup.policy"] == "compact"


async def _settings(admin: AIOKafkaAdminClient, topic: str) -> dict[str, str]:
    """The topic's settings, from a broker that knows of it (one may not, a moment after it is made)."""

    async def described():
        [reply] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        [(error, _message, _kind, _name, entries, *_)] = reply.resources
        return None if error else {e[0]: e[1] for e in entries}

    return await wait_until(described, what=f"the settings of {topic}")


@pytest.mark.integration
async def test_an_existing_topic_gets_its_settings_and_keeps_the_others():
    topic = f"test.settings.{uuid.uuid4().hex[:12]}.v1"
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        # Made as before: a week's retention, and a setting of an operator's own.
        await ensure_topics(
            KAFKA,
            [topic],
            partitions=1,
            replicas=KAFKA_REPLICAS,
            configs={topic: {"retention.ms": "604800000", "segment.ms": "3600000"}},
        )
        assert (await _settings(admin, topic))["retention.ms"] == "604800000"

        await ensure_topics(
            KAFKA, [topic], partitions=1, replicas=KAFKA_REPLICAS, configs={topic: {"retention.ms": "-1"}}
        )

        async def kept_for_good():  # a change reaches every broker's answer shortly after
            settings = await _settings(admin, topic)
            return settings if settings["retention.ms"] == "-1" else None

        settings = await wait_until(kept_for_good, what="retention.ms=-1")
        assert settings["segment.ms"] == "3600000"  # kept
        assert settings["min.insync.replicas"] == str(max(1, KAFKA_REPLICAS - 1))  # kept
        # Again: the same settings.
        await ensure_topics(
            KAFKA, [topic], partitions=1, replicas=KAFKA_REPLICAS, configs={topic: {"retention.ms": "-1"}}
        )
        assert await wait_until(kept_for_good, what="retention.ms=-1") == settings
    finally:
        await admin.delete_topics([topic])
        await admin.close()
