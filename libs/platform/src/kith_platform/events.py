"""Building and reading event envelopes; the topic catalog."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from google.protobuf import any_pb2, symbol_database
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from kith.common.v1.envelope_pb2 import Envelope, TraceContext
from kith_platform.logs import request_id_var
from kith_platform.tracing import trace_fields

# Topic names: <context>.<aggregate>.v<N>, keyed by the aggregate id.
IDENTITY_USERS = "identity.users.v1"
GRAPH_RELATIONSHIPS = "graph.relationships.v1"
CONTENT_POSTS = "content.posts.v1"
COMMUNITIES_COMMUNITIES = "communities.communities.v1"

RECOGNITION_BADGES = "recognition.badges.v1"
METRICS_COMMUNITY_HEALTH = "metrics.community_health.v1"
ALL_TOPICS = (IDENTITY_USERS, GRAPH_RELATIONSHIPS, CONTENT_POSTS, COMMUNITIES_COMMUNITIES, RECOGNITION_BADGES,
              METRICS_COMMUNITY_HEALTH)


@dataclass(frozen=True)
class OutgoingEvent:
    """An event ready for the outbox: topic, Kafka key and the serialized envelope."""

    event_id: str
    topic: str
    key: str
    value: bytes


def timestamp(at: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(at.astimezone(timezone.utc))
    return ts


def make_event(
    *, topic: str, aggregate_id: str, payload: Message, producer: str, occurred_at: datetime | None = None,
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
        occurred_at=timestamp(occurred_at or datetime.now(timezone.utc)),
        producer=producer,
        trace=TraceContext(request_id=request_id_var.get(), **trace_fields()),
        aggregate_id=aggregate_id,
        payload=packed,
    )
    return OutgoingEvent(event_id, topic, aggregate_id, envelope.SerializeToString())


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
