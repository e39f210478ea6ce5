"""Event handlers of the stream worker: each turns one event into read-model writes.

Each handler is idempotent: applying the same event twice leaves the same state.
"""

from __future__ import annotations

import logging

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain.model import AuthorSummary, PostSummary
from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.logs import request_id_var

log = logging.getLogger("kith.feed.worker")


async def apply_event(store: RedisFeedStore, value: bytes) -> str:
    """Apply one envelope; returns its event type (or why it was skipped)."""
    try:
        envelope = parse_envelope(value)
    except Exception:  # noqa: BLE001 - a malformed record must not stop the stream
        log.error("skipping a record that is not an Envelope (%d bytes)", len(value))
        return "malformed"
    request_id_var.set(envelope.trace.request_id)  # logs follow the request across Kafka
    event = unpack_payload(envelope)
    match event:
        case identity_events.UserRegistered() | identity_events.ProfileUpdated():
            await store.put_author(AuthorSummary(event.user_id, event.handle, event.display_name))
        case graph_events.UserFollowed():
            await store.add_follower(event.followee_id, event.follower_id)
        case graph_events.UserUnfollowed():
            await store.remove_follower(event.followee_id, event.follower_id)
        case content_events.PostPublished() if event.audience != content_pb2.AUDIENCE_PUBLIC:
            # Followers-only, friends-only and community posts wait for audience-aware fan-out:
            # placing them in followers' feeds now would show them to people outside their audience.
            return "skipped:restricted-audience"
        case content_events.PostDeleted() | content_events.PostRemoved():
            await store.delete_post(event.post_id, event.author_id)
        case content_events.PostPublished():
            await store.fan_out_post(
                PostSummary(
                    post_id=event.post_id,
                    author_id=event.author_id,
                    text=event.text,
                    created_at_ms=event.created_at.ToMilliseconds(),
                )
            )
        case _:
            return f"ignored:{envelope.event_type}"
    return envelope.event_type
