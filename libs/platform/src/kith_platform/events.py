"""Building and reading event envelopes; the topic catalog."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf import any_pb2, symbol_database
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from kith.common.v1.envelope_pb2 import Envelope, TraceContext
from kith_platform.logs import request_id_var
from kith_platform.tracing import trace_fields

# Topic names: <context>.<aggregate>.v<N>, keyed by the aggregate id.
IDENTITY_USERS = "identity.users.v1"
# Compacted: the newest record per user id is each person's current public card; a record
# with no value (a tombstone) takes the person off it (docs/erasure.md).
IDENTITY_PROFILES = "identity.profiles.v1"
GRAPH_RELATIONSHIPS = "graph.relationships.v1"
CONTENT_POSTS = "content.posts.v1"
COMMUNITIES_COMMUNITIES = "communities.communities.v1"
MESSAGING_CONVERSATIONS = "messaging.conversations.v1"

RECOGNITION_BADGES = "recognition.badges.v1"
METRICS_COMMUNITY_HEALTH = "metrics.community_health.v1"
FEED_DIGESTS = "feed.digests.v1"  # keyed by the person
FEED_LISTS = "feed.lists.v1"  # keyed by the list's owner
ALL_TOPICS = (
    IDENTITY_USERS,
    IDENTITY_PROFILES,
    GRAPH_RELATIONSHIPS,
    CONTENT_POSTS,
    COMMUNITIES_COMMUNITIES,
    RECOGNITION_BADGES,
    METRICS_COMMUNITY_HEALTH,
    MESSAGING_CONVERSATIONS,
    FEED_DIGESTS,
    FEED_LISTS,
)
# Topic settings that differ from the cluster's defaults (delete after 7 days). A compacted
# topic keeps the newest record per key; max.compaction.lag.ms bounds how long a superseded
# record (an erased person's old card) may wait for the cleaner, as retention bounds the
# others; delete.retention.ms is how long a tombstone stays for consumers that are behind.
COMPACTED = {"cleanup.policy": "compact", "max.compaction.lag.ms": "604800000", "delete.retention.ms": "86400000"}
TOPIC_CONFIGS = {IDENTITY_PROFILES: COMPACTED}


@dataclass(frozen=True)
class OutgoingEvent:
    """An event ready for the outbox: topic, Kafka key and the serialized envelope, or no
    value for a tombstone (compacted topics only: see `tombstone`)."""

    event_id: str
    topic: str
    key: str
    value: bytes | None


def timestamp(at: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(at.astimezone(UTC))
    return ts


def make_event(
    *,
    topic: str,
    aggregate_id: str,
    payload: Message,
    producer: str,
    occurred_at: datetime | None = None,
    event_id: str | None = None,
) -> OutgoingEvent:
    """Wrap a payload in an Envelope carrying the current request id. `event_id` is for events
    whose identity is derived from what they say (a repeat must be recognisable)."""
    event_id = event_id or str(uuid.uuid4())
    packed = any_pb2.Any()
    packed.Pack(payload)
    envelope = Envelope(
        event_id=event_id,
        event_type=payload.DESCRIPTOR.full_name,
        occurred_at=timestamp(occurred_at or datetime.now(UTC)),
        producer=producer,
        trace=TraceContext(request_id=request_id_var.get(), **trace_fields()),
        aggregate_id=aggregate_id,
        payload=packed,
    )
    return OutgoingEvent(event_id, topic, aggregate_id, envelope.SerializeToString())


def tombstone(*, topic: str, key: str) -> OutgoingEvent:
    """A record with the key and no value: compaction then drops every earlier record of the
    key (and the tombstone itself after delete.retention.ms). Its event id only identifies the
    outbox row; Kafka gets the key alone."""
    if TOPIC_CONFIGS.get(topic, {}).get("cleanup.policy") != "compact":
        raise ValueError(f"{topic} is not compacted: consumers of it expect an envelope in every record")
    return OutgoingEvent(str(uuid.uuid4()), topic, key, None)


def parse_envelope(value: bytes) -> Envelope:
    envelope = Envelope()
    envelope.ParseFromString(value)
    return envelope


def unpack_payload(envelope: Envelope) -> Message | None:
    """The payload as its generated message class, or None for a type this process doesn't know."""
    try:
        cls = symbol_database.Default().GetSymbol(envelope.event_type)
    except KeyError:
        return None
    message = cls()
    if not envelope.payload.Unpack(message):
        return None
    return message
