"""The stream worker's one entry point: a batch of Kafka records in, every concern's changes out.

`apply_batch` decodes the records, takes erased people out of them, fans runs of new posts out
together (RedisFanOut.posts; a post the platform's staff restored goes out the same way, as it
was published, once its tombstone is lifted), and sends every event through HANDLERS: the one table of which
handlers each event type goes through, in order. The handlers live with their concern:

  feeds          feed_updates.py   posts, counters, authors, communities, relationship facts
  notifications  notifications.py  the notifications an event brings its readers
  insights       insights.py       community health metrics
  recognition    recognition.py    points, badges and trust levels
  digests        digests.py        the weekly digest's schedule

Every handler takes (stores, event id, event) and is idempotent: applying the same event twice
leaves the same state. Each runs at its event's time (clock.event_time: the envelope's
occurred_at), so applying an event again later gives the same values. An event type not in the
table is acknowledged as "ignored:<type>".
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.domain.erasure import scrub
from kith_feed.domain.model import PostSummary
from kith_feed.domain.ports import Stores
from kith_feed.metrics import FANOUT_ENTRIES, FANOUT_POSTS, FANOUT_SECONDS
from kith_feed.service_layer import digests, insights, notifications, recognition
from kith_feed.service_layer import feed_updates as feeds
from kith_feed.service_layer.clock import event_time
from kith_feed.service_layer.erasure import erase_user, erased_in
from kith_feed.service_layer.feed_updates import post_summary
from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.logs import request_id_var
from kith_platform.tracing import consumer_span

log = logging.getLogger("kith.feed.worker")
Handler = Callable[[Stores, str, object], Awaitable[None]]

# Every event type the stream worker handles, and the handlers it goes through, in order.
HANDLERS: dict[type, tuple[Handler, ...]] = {
    identity_events.InterestsChanged: (feeds.interests_changed,),
    identity_events.ProfileUpdated: (feeds.author_changed,),
    identity_events.UserDeactivated: (feeds.fact,),
    identity_events.UserReactivated: (feeds.fact,),
    identity_events.UserRegistered: (feeds.author_changed, digests.person_registered),
    identity_events.ContentRemovedByStaff: (feeds.removed_by_staff,),
    identity_events.ContentRestoredByStaff: (feeds.restored_by_staff,),
    graph_events.FollowRequestDeclined: (notifications.follow_request_declined,),
    graph_events.FollowRequestWithdrawn: (notifications.follow_request_withdrawn,),
    graph_events.FollowRequested: (notifications.follow_requested,),
    graph_events.FriendRequestClosed: (notifications.friend_request_closed,),
    graph_events.FriendRequestSent: (notifications.friend_request_sent,),
    graph_events.FriendshipEnded: (feeds.fact,),
    graph_events.FriendshipStarted: (feeds.fact, notifications.friendship_started),
    graph_events.KeepInTouchSuggested: (notifications.keep_in_touch_suggested,),
    graph_events.ReachOutDue: (notifications.reach_out_due,),
    graph_events.UserBlocked: (feeds.fact,),
    graph_events.UserFollowed: (feeds.fact, notifications.user_followed),
    graph_events.UserMuted: (feeds.fact,),
    graph_events.UserUnblocked: (feeds.fact,),
    graph_events.UserUnfollowed: (feeds.fact,),
    graph_events.UserUnmuted: (feeds.fact,),
    community_events.CommunityCreated: (feeds.community_changed,),
    community_events.CommunityUpdated: (feeds.community_changed,),
    community_events.EventChanged: (notifications.event_changed,),
    community_events.EventScheduled: (notifications.event_scheduled,),
    community_events.JoinRequestDenied: (notifications.join_request_denied,),
    community_events.JoinRequested: (notifications.join_requested,),
    community_events.MemberBanned: (feeds.fact, notifications.member_banned),
    community_events.MemberJoined: (
        feeds.fact,
        notifications.member_joined,
        insights.member_joined,
        recognition.member_joined,
    ),
    community_events.MemberLeft: (feeds.fact, notifications.member_left),
    community_events.MemberMuted: (notifications.member_muted,),
    community_events.MemberRemoved: (feeds.fact, notifications.member_left),
    community_events.MemberRoleChanged: (notifications.member_role_changed,),
    community_events.MemberWarned: (notifications.member_warned,),
    community_events.RsvpChanged: (notifications.rsvp_changed, recognition.rsvp_changed),
    community_events.UserInvited: (notifications.user_invited,),
    content_events.CommentAdded: (
        feeds.comment_added,
        notifications.comment_added,
        insights.comment_added,
        recognition.comment_added,
    ),
    content_events.CommentDeleted: (feeds.comment_deleted, notifications.comment_deleted),
    content_events.CommentRestored: (feeds.comment_restored,),
    content_events.ContentReviewed: (notifications.content_reviewed,),
    content_events.PostDeleted: (feeds.post_deleted,),
    content_events.PostEdited: (feeds.post_edited, notifications.post_edited),
    content_events.CommentEdited: (notifications.comment_edited,),
    content_events.PostPublished: (
        feeds.post_mentions,
        notifications.post_published,
        insights.post_published,
        recognition.post_published,
    ),
    content_events.PostFeatured: (feeds.post_featured,),
    content_events.PostRemoved: (feeds.post_removed, notifications.post_removed),
    # PostRestored is not listed: apply_batch fans it out again as it was published, and nothing
    # else (its mentions, insights and recognition counted it then).
    content_events.PostShared: (feeds.post_shared, notifications.post_shared),
    content_events.PostVoted: (feeds.post_voted,),
    content_events.ReactionAdded: (
        feeds.reaction_added,
        notifications.reaction_added,
        insights.reaction_added,
        recognition.reaction_added,
    ),
    content_events.ReactionRemoved: (feeds.reaction_removed,),
}


def _decode(value: bytes | None):
    if value is None:
        return None  # a tombstone of a compacted topic: no event (outcome "tombstone")
    try:
        return parse_envelope(value)
    except Exception:  # noqa: BLE001 - a malformed record must not stop the stream
        log.error("skipping a record that is not an Envelope (%d bytes)", len(value))
        return None


def _occurred_ms(envelope) -> int:
    return envelope.occurred_at.ToMilliseconds()


async def apply_batch(store: Stores, values: list[bytes | None]) -> list[str]:
    """Apply envelopes in order; runs of PostPublished are fanned out together (one set of
    round trips for the run). Returns each one's outcome. With tracing on, the batch is one
    span linked to the spans that published its events."""
    outcomes: list[str] = []
    # (envelope, event, post, restored) of the pending run
    run: list[tuple[Any, Any, PostSummary, bool]] = []

    async def flush() -> None:
        if not run:
            return
        reached: dict[str, str] = {}
        new = [post for _, _, post, restored in run if not restored]
        back = [post for _, _, post, restored in run if restored]
        # Who counts as an inactive reader is decided at the time of the run's newest event.
        now = max(_occurred_ms(envelope) for envelope, *_ in run) or None
        with FANOUT_SECONDS.time():
            entries = await store.fan_out.posts(new, now, reached=reached) if new else 0
            entries += await store.fan_out.posts(back, now) if back else 0  # not new: no "new posts" hint
        FANOUT_POSTS.inc(len(run))
        FANOUT_ENTRIES.inc(entries)
        await store.live.hint_home_feeds(reached, {post.author_id for post in new})
        for envelope, event, _, restored in run:
            if not restored:
                with event_time(_occurred_ms(envelope)):
                    await _handle(store, envelope.event_id, event)
        run.clear()

    envelopes = [_decode(value) for value in values]
    events = [None if envelope is None else unpack_payload(envelope) for envelope in envelopes]
    with consumer_span("feed worker batch", [e for e in envelopes if e is not None]):
        erased = await erased_in(store, events)
        for value, envelope, event in zip(values, envelopes, events, strict=True):
            if envelope is None:
                outcomes.append("tombstone" if value is None else "malformed")
                continue
            if isinstance(event, identity_events.UserErased):
                await flush()
                with event_time(_occurred_ms(envelope)):
                    await erase_user(store, event.user_id)
                erased.add(event.user_id)
                outcomes.append(envelope.event_type)
                continue
            if erased and event is not None:
                event = scrub(event, erased)  # nothing about an erased person comes back
                if event is None:
                    outcomes.append("skipped:erased")
                    continue
            if isinstance(event, content_events.PostPublished):
                post = post_summary(event)
                if post is None:
                    outcomes.append("skipped:unknown-audience")
                    continue
                run.append((envelope, event, post, False))
                outcomes.append(envelope.event_type)
                continue
            if isinstance(event, content_events.PostRestored):
                await flush()  # what came before it is applied first (its removal, say)
                post = post_summary(event.post)
                if post is None:
                    outcomes.append("skipped:unknown-audience")
                # Its tombstone lifted, it goes out as it was published; unless deleted otherwise
                # since (it then stays out).
                elif not await store.feeds.restore_post(post.post_id, event.removal_id):
                    outcomes.append("skipped:deleted")
                else:
                    run.append((envelope, event, post, True))
                    outcomes.append(envelope.event_type)
                continue
            await flush()
            request_id_var.set(envelope.trace.request_id)  # logs follow the request across Kafka
            if type(event) not in HANDLERS:
                outcomes.append(f"ignored:{envelope.event_type}")
                continue
            with event_time(_occurred_ms(envelope)):
                await _handle(store, envelope.event_id, event)
            outcomes.append(envelope.event_type)
        await flush()
    return outcomes


async def _handle(store: Stores, eid: str, event) -> None:
    for handle in HANDLERS[type(event)]:
        await handle(store, eid, event)
