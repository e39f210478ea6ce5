"""Event handlers of the stream worker: each turns one event into read-model writes.

Each handler is idempotent: applying the same event twice leaves the same state.
"""

from __future__ import annotations

import logging

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain.model import AuthorSummary, PostSummary
from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.logs import request_id_var

log = logging.getLogger("kith.feed.worker")
AUDIENCES = {content_pb2.AUDIENCE_PUBLIC: "public", content_pb2.AUDIENCE_FOLLOWERS: "followers",
             content_pb2.AUDIENCE_FRIENDS: "friends", content_pb2.AUDIENCE_COMMUNITY: "community"}
VISIBILITY = {communities_pb2.VISIBILITY_PUBLIC: "public", communities_pb2.VISIBILITY_PRIVATE: "private",
              communities_pb2.VISIBILITY_HIDDEN: "hidden"}
# Affinity: how much each interaction brings the actor closer to the other (see domain.model.rank).
AFFINITY = {"comment": 3.0, "mention": 2.0, "reaction": 1.0, "share": 2.0}


def _post(event) -> PostSummary | None:
    audience = AUDIENCES.get(event.audience)
    if audience is None:
        return None  # an audience this worker does not know is never shown to anyone
    return PostSummary(
        post_id=event.post_id, author_id=event.author_id, text=event.text,
        created_at_ms=event.created_at.ToMilliseconds(), audience=audience, community_id=event.community_id,
        members_only=event.community_members_only, hashtags=tuple(event.hashtags),
        shared_post_id=event.shared_post_id,
    )


def _decode(value: bytes):
    try:
        return parse_envelope(value)
    except Exception:  # noqa: BLE001 - a malformed record must not stop the stream
        log.error("skipping a record that is not an Envelope (%d bytes)", len(value))
        return None


async def apply_event(store: RedisFeedStore, value: bytes) -> str:
    """Apply one envelope; returns its event type (or why it was skipped)."""
    return (await apply_batch(store, [value]))[0]


async def apply_batch(store: RedisFeedStore, values: list[bytes]) -> list[str]:
    """Apply envelopes in order; runs of PostPublished are fanned out together (one set of
    round trips for the run). Returns each one's outcome."""
    outcomes: list[str] = []
    run: list[tuple[int, object, object]] = []  # (index, envelope, post) of the pending run

    async def flush() -> None:
        if not run:
            return
        await store.fan_out_posts([post for _, _, post in run])
        for _, envelope, _ in run:
            event = unpack_payload(envelope)
            for mentioned in event.mention_ids:
                await store.add_affinity(f"{envelope.event_id}:{mentioned}", event.author_id, mentioned,
                                         AFFINITY["mention"])
        run.clear()

    for value in values:
        envelope = _decode(value)
        if envelope is None:
            outcomes.append("malformed")
            continue
        event = unpack_payload(envelope)
        if isinstance(event, content_events.PostPublished):
            post = _post(event)
            if post is None:
                outcomes.append("skipped:unknown-audience")
                continue
            run.append((len(outcomes), envelope, post))
            outcomes.append(envelope.event_type)
            continue
        await flush()
        outcomes.append(await _apply_one(store, envelope))
    await flush()
    return outcomes


async def _apply_one(store: RedisFeedStore, envelope) -> str:
    request_id_var.set(envelope.trace.request_id)  # logs follow the request across Kafka
    event = unpack_payload(envelope)
    eid = envelope.event_id
    match event:
        case identity_events.UserRegistered() | identity_events.ProfileUpdated():
            await store.put_author(AuthorSummary(event.user_id, event.handle, event.display_name))
        case graph_events.UserFollowed():
            await store.add_follower(event.followee_id, event.follower_id)
        case graph_events.UserUnfollowed():
            await store.remove_follower(event.followee_id, event.follower_id)
        case graph_events.FriendshipStarted():
            await store.set_friends(event.user_id, event.friend_id, True)
        case graph_events.FriendshipEnded():
            await store.set_friends(event.user_id, event.friend_id, False)
        case graph_events.UserBlocked():
            await store.set_blocked(event.blocker_id, event.blocked_id, True)
        case graph_events.UserUnblocked():
            await store.set_blocked(event.blocker_id, event.blocked_id, False)
        case graph_events.UserMuted():
            await store.set_muted(event.muter_id, event.muted_id, True)
        case graph_events.UserUnmuted():
            await store.set_muted(event.muter_id, event.muted_id, False)
        case community_events.CommunityCreated():
            await store.put_community(event.community_id, VISIBILITY.get(event.visibility, "hidden"))
        case community_events.MemberJoined():
            await store.set_member(event.community_id, event.user_id, True)
        case community_events.MemberLeft() | community_events.MemberRemoved() | community_events.MemberBanned():
            await store.set_member(event.community_id, event.user_id, False)
        case content_events.PostEdited():
            await store.edit_post(event.post_id, event.text, tuple(event.hashtags))
        case content_events.PostDeleted() | content_events.PostRemoved():
            await store.delete_post(event.post_id, event.author_id)
        case content_events.CommentAdded():
            await store.count(eid, event.post_id, "comments", 1)
            other = event.parent_author_id or event.post_author_id
            await store.add_affinity(eid, event.author_id, other, AFFINITY["comment"])
        case content_events.CommentDeleted():
            await store.count(eid, event.post_id, "comments", -1)
        case content_events.ReactionAdded():
            if not event.previous_kind:  # a changed reaction is still one reaction
                await store.count(eid, event.post_id if not event.comment_id else event.comment_id, "reactions", 1)
                await store.add_affinity(eid, event.user_id, event.target_author_id, AFFINITY["reaction"])
        case content_events.ReactionRemoved():
            await store.count(eid, event.post_id if not event.comment_id else event.comment_id, "reactions", -1)
        case content_events.PostShared():
            await store.count(eid, event.original_post_id, "shares", 1)
            await store.add_affinity(eid, event.user_id, event.original_author_id, AFFINITY["share"])
        case _:
            return f"ignored:{envelope.event_type}"
    return envelope.event_type
