"""Rows of the messaging database as domain objects, and the events on
messaging.conversations.v1 the PostgreSQL adapters write to the outbox (never a message's text)."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith.messaging.v1 import events_pb2, messaging_pb2
from kith_messaging.domain.conversations import Conversation, Kind, Member, Message, State
from kith_platform.events import MESSAGING_CONVERSATIONS, OutgoingEvent, make_event, timestamp

PRODUCER = "messaging"
KIND_TO_PROTO = {
    Kind.DIRECT: messaging_pb2.CONVERSATION_KIND_DIRECT,
    Kind.GROUP: messaging_pb2.CONVERSATION_KIND_GROUP,
    Kind.ROOM: messaging_pb2.CONVERSATION_KIND_ROOM,
}


def optional_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def conversation_event(conversation_id: str, at: datetime, payload) -> OutgoingEvent:
    """Every messaging event is keyed by its conversation, so its events stay in order."""
    return make_event(
        topic=MESSAGING_CONVERSATIONS, aggregate_id=conversation_id, producer=PRODUCER, occurred_at=at, payload=payload
    )


def created_event(
    conversation_id: str, kind: Kind, created_by: str, member_ids: list[str], at: datetime
) -> OutgoingEvent:
    return conversation_event(
        conversation_id,
        at,
        events_pb2.ConversationCreated(
            conversation_id=conversation_id,
            kind=KIND_TO_PROTO[kind],
            created_by=created_by,
            member_ids=member_ids,
            created_at=timestamp(at),
        ),
    )


def conversation_from(row, members: tuple[Member, ...] = ()) -> Conversation:
    return Conversation(
        conversation_id=str(row["id"]),
        kind=Kind(row["kind"]),
        name=row["name"],
        created_at=row["created_at"],
        community_id=str(row["community_id"]) if row["community_id"] else "",
        last_seq=row["last_seq"],
        last_activity_at=row["activity"],
        members=members,
        state=State(row["state"]),
        admin=row["admin"],
        joined_seq=row["joined_seq"],
        last_read_seq=max(row["last_read_seq"], row["joined_seq"]),
        unread_count=row["unread"],
    )


def message_from(row) -> Message:
    return Message(
        message_id=str(row["id"]),
        conversation_id=str(row["conversation_id"]),
        seq=row["seq"],
        sender_id=str(row["sender_id"]) if row["sender_id"] else "",
        text=row["text"],
        sent_at=row["sent_at"],
        client_id=row["client_id"],
        reply_to=str(row["reply_to"]) if row["reply_to"] else "",
        mention_ids=tuple(str(m) for m in row["mention_ids"]),
        has_link=row["has_link"],
        edited_at=row["edited_at"],
        deleted=row["deleted"],
    )
