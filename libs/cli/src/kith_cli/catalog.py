"""The catalog of Kith's Kafka topics, generated from the protos: what each topic carries,
how it is keyed, who produces it, how long it is kept, and an example of each event.

    uv run python -m kith_cli.catalog           # rewrite docs/topics.md
    uv run python -m kith_cli.catalog --check   # fail when docs/topics.md is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from google.protobuf import descriptor_pool, json_format, symbol_database
from google.protobuf.descriptor import FieldDescriptor

import kith.communities.v1.events_pb2  # registers the event types
import kith.content.v1.events_pb2
import kith.feed.v1.digest_events_pb2
import kith.feed.v1.events_pb2
import kith.feed.v1.list_events_pb2
import kith.feed.v1.snapshots_pb2
import kith.graph.v1.events_pb2
import kith.identity.v1.events_pb2
import kith.identity.v1.snapshots_pb2
import kith.messaging.v1.events_pb2  # noqa: F401 - registers the messaging events for the catalog
from kith_platform import events

ROOT = Path(__file__).resolve().parents[4]
OUT = ROOT / "docs" / "topics.md"


@dataclass(frozen=True)
class Topic:
    name: str
    proto_file: str
    key: str
    producer: str
    note: str = ""


TOPICS = (
    Topic(events.IDENTITY_USERS, "kith/identity/v1/events.proto", "user id", "identity"),
    Topic(
        events.IDENTITY_PROFILES,
        "kith/identity/v1/snapshots.proto",
        "user id",
        "identity",
        "Each person's current public card: a snapshot on registration, reactivation and every change "
        "of the card; a tombstone (the key with no value) on deactivation and on erasure, after which "
        "compaction keeps nothing of the person (docs/erasure.md). Read it from the start to rebuild "
        "everyone's card; a record with no value means: forget this user id.",
    ),
    Topic(
        events.GRAPH_RELATIONSHIPS,
        "kith/graph/v1/events.proto",
        "the followee for follow changes, otherwise the user who acted",
        "graph",
    ),
    Topic(events.COMMUNITIES_COMMUNITIES, "kith/communities/v1/events.proto", "community id", "communities"),
    Topic(
        events.CONTENT_POSTS,
        "kith/content/v1/events.proto",
        "post id (comments and reactions: the post they belong to)",
        "content",
    ),
    Topic(
        events.MESSAGING_CONVERSATIONS,
        "kith/messaging/v1/events.proto",
        "conversation id",
        "messaging",
        "Metadata only (who, when, length, whether there is a link, ids): never a message's text.",
    ),
    Topic(events.RECOGNITION_BADGES, "kith/feed/v1/events.proto", "community id", "feed (stream worker)"),
    Topic(
        events.METRICS_COMMUNITY_HEALTH,
        "kith/feed/v1/snapshots.proto",
        "community id",
        "feed (stream worker), every few minutes for communities with new activity",
    ),
    Topic(
        events.FEED_DIGESTS,
        "kith/feed/v1/digest_events.proto",
        "user id",
        "feed (stream worker, and the feed API's BuildDigest), once per person and week",
        "Post ids only, never their text (docs/digest.md); identity consumes it to mail the digest.",
    ),
    Topic(
        events.FEED_LISTS,
        "kith/feed/v1/list_events.proto",
        "the list's owner",
        "feed (the feed API writes each change to the owner's outbox; the stream worker relays it)",
        "Ids and settings only, never a list's title (docs/lists.md).",
    ),
)
assert {t.name for t in TOPICS} == set(events.ALL_TOPICS), "every topic is in the catalog"

SAMPLES = {
    FieldDescriptor.TYPE_STRING: "…",
    FieldDescriptor.TYPE_BOOL: True,
    FieldDescriptor.TYPE_DOUBLE: 0.5,
    FieldDescriptor.TYPE_INT32: 1,
    FieldDescriptor.TYPE_INT64: 1,
}


def _example(message_type) -> dict:
    message = symbol_database.Default().GetSymbol(message_type.full_name)()
    for field in message_type.fields:
        if field.message_type is not None and field.message_type.full_name == "google.protobuf.Timestamp":
            getattr(message, field.name).FromJsonString("2026-01-01T12:00:00Z")
        elif field.type == FieldDescriptor.TYPE_ENUM:
            value = field.enum_type.values[1].number if len(field.enum_type.values) > 1 else 0
            if field.is_repeated:
                getattr(message, field.name).append(value)
            else:
                setattr(message, field.name, value)
        elif field.type in SAMPLES:
            sample = SAMPLES[field.type]
            if field.type == FieldDescriptor.TYPE_STRING and field.name.endswith("_id"):
                sample = "3f1c5a8e-0000-4000-8000-000000000001"
            if field.is_repeated:
                getattr(message, field.name).append(sample)
            else:
                setattr(message, field.name, sample)
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def _type_name(field) -> str:
    if field.message_type is not None:
        name = field.message_type.full_name
    elif field.enum_type is not None:
        name = field.enum_type.full_name
    else:
        name = {v: k for k, v in vars(FieldDescriptor).items() if k.startswith("TYPE_")}[field.type][5:].lower()
    return f"repeated {name}" if field.is_repeated else name


def render() -> str:
    pool = descriptor_pool.Default()
    lines = [
        "# Kafka topics",
        "",
        "Generated by `uv run python -m kith_cli.catalog` from the protos; a test fails when it is stale.",
        "",
        "Every record's value is a `kith.common.v1.Envelope` (event id, event type, occurred_at,",
        "producer, trace context with the request id, aggregate id, and the payload as a",
        "`google.protobuf.Any`), except the tombstones of compacted topics (a key with no value).",
        "Consumers must be idempotent on the event id: delivery is at least once. Topics have 6",
        "partitions (`KITH_KAFKA_PARTITIONS`) and Kafka's default retention (7 days) unless the",
        "cluster or the topic's settings below say otherwise; order holds per key. The compiled",
        "descriptor set of every message is `libs/proto/src/kith/descriptor_set.binpb`.",
        "",
        "Tail any topic as JSON lines: `uv run kith tail <topic> [--from-start] [--type <EventType>]`.",
        "",
    ]
    for topic in TOPICS:
        file = pool.FindFileByName(topic.proto_file)
        lines += [
            f"## `{topic.name}`",
            "",
            f"- key: {topic.key}",
            f"- producer: {topic.producer}",
            f"- payloads: {', '.join(f'`{m.full_name}`' for m in file.message_types_by_name.values())}",
        ]
        if settings := events.TOPIC_CONFIGS.get(topic.name):
            lines.append(f"- settings: {', '.join(f'`{k}={v}`' for k, v in settings.items())}")
        lines += [f"- {topic.note}"] if topic.note else []
        lines.append("")
        for message_type in file.message_types_by_name.values():
            lines += [f"### `{message_type.full_name}`", "", "| field | type |", "| --- | --- |"]
            lines += [f"| `{f.name}` | `{_type_name(f)}` |" for f in message_type.fields]
            lines += ["", "```json", json.dumps(_example(message_type), indent=2, ensure_ascii=False), "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"{OUT.relative_to(ROOT)} is stale: run `uv run python -m kith_cli.catalog`")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
