"""Event handlers of the stream worker: each turns one event into read-model writes.

Each handler is idempotent: applying the same event twice leaves the same state.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.feed.v1 import events_pb2 as feed_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.live_items import hint_home_feeds
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain import recognition as recognition_rules
from kith_feed.domain.erasure import scrub
from kith_feed.domain.model import AuthorSummary, PostSummary
from kith_feed.metrics import FANOUT_ENTRIES, FANOUT_POSTS, FANOUT_SECONDS
from kith_feed.service_layer.erasure import erase_user, erased_in
from kith_feed.service_layer.recognition import member_standing
from kith_platform.events import RECOGNITION_BADGES, make_event, parse_envelope, timestamp, unpack_payload
from kith_platform.logs import request_id_var
from kith_platform.tracing import consumer_span

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


def _decode(value: bytes | None):
    if value is None:
        return None  # a tombstone of a compacted topic: no event (outcome "tombstone")
    try:
        return parse_envelope(value)
    except Exception:  # noqa: BLE001 - a malformed record must not stop the stream
        log.error("skipping a record that is not an Envelope (%d bytes)", len(value))
        return None


async def apply_batch(store: RedisFeedStore, values: list[bytes | None]) -> list[str]:
    """Apply envelopes in order; runs of PostPublished are fanned out together (one set of
    round trips for the run). Returns each one's outcome. With tracing on, the batch is one
    span linked to the spans that published its events."""
    outcomes: list[str] = []
    run: list[tuple[object, object, PostSummary]] = []  # (envelope, event, post) of the pending run

    async def flush() -> None:
        if not run:
            return
        reached: dict[str, str] = {}
        with FANOUT_SECONDS.time():
            entries = await store.fan_out_posts([post for _, _, post in run], reached=reached)
        FANOUT_POSTS.inc(len(run))
        FANOUT_ENTRIES.inc(entries)
        await hint_home_feeds(store.redis, reached, {post.author_id for _, _, post in run})
        for envelope, event, _ in run:
            for mentioned in event.mention_ids:
                await store.add_affinity(f"{envelope.event_id}:{mentioned}", event.author_id, mentioned,
                                         AFFINITY["mention"])
            await _second_jobs(store, envelope.event_id, event)
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
                post = _post(event)
                if post is None:
                    outcomes.append("skipped:unknown-audience")
                    continue
                run.append((envelope, event, post))
                outcomes.append(envelope.event_type)
                continue
            await flush()
            request_id_var.set(envelope.trace.request_id)  # logs follow the request across Kafka
            outcomes.append(await _project(store, envelope, event))
            await _second_jobs(store, envelope.event_id, event)
        await flush()
    return outcomes


async def _second_jobs(store: RedisFeedStore, eid: str, event) -> None:
    """What the stream worker does besides feeds: notifications, metrics, recognition."""
    await notify(store, eid, event)
    await measure(store, eid, event)
    await recognize(store, eid, event)


async def apply_fact(store: RedisFeedStore, event) -> bool:
    """Relationship, membership and deactivation facts (newest per pair wins): the stream
    worker applies them from Kafka, the feed API's mirror service when a safety change hands
    them over before answering. False for any other event."""
    match event:
        case graph_events.UserFollowed():
            await store.set_following(event.follower_id, event.followee_id, True, _ms(event.followed_at))
        case graph_events.UserUnfollowed():
            await store.set_following(event.follower_id, event.followee_id, False, _ms(event.unfollowed_at))
        case graph_events.FriendshipStarted():
            await store.set_friends(event.user_id, event.friend_id, True, _ms(event.started_at))
        case graph_events.FriendshipEnded():
            await store.set_friends(event.user_id, event.friend_id, False, _ms(event.ended_at))
        case graph_events.UserBlocked():
            await store.set_blocked(event.blocker_id, event.blocked_id, True, _ms(event.blocked_at))
        case graph_events.UserUnblocked():
            await store.set_blocked(event.blocker_id, event.blocked_id, False, _ms(event.unblocked_at))
        case graph_events.UserMuted():
            await store.set_muted(event.muter_id, event.muted_id, True, _ms(event.muted_at))
        case graph_events.UserUnmuted():
            await store.set_muted(event.muter_id, event.muted_id, False, _ms(event.unmuted_at))
        case community_events.MemberJoined():
            await store.set_member(event.community_id, event.user_id, True, _ms(event.joined_at))
        case community_events.MemberLeft():
            await store.set_member(event.community_id, event.user_id, False, _ms(event.left_at))
        case community_events.MemberRemoved():
            await store.set_member(event.community_id, event.user_id, False, _ms(event.removed_at))
        case community_events.MemberBanned():
            await store.set_member(event.community_id, event.user_id, False, _ms(event.banned_at))
        case identity_events.UserDeactivated():
            await store.set_away(event.user_id, True, _ms(event.deactivated_at))
        case identity_events.UserReactivated():
            await store.set_away(event.user_id, False, _ms(event.reactivated_at))
        case _:
            return False
    return True


async def _project(store: RedisFeedStore, envelope, event) -> str:
    eid = envelope.event_id
    if await apply_fact(store, event):
        return envelope.event_type
    match event:
        case identity_events.UserRegistered() | identity_events.ProfileUpdated():
            await store.put_author(AuthorSummary(event.user_id, event.handle, event.display_name))
        case identity_events.InterestsChanged():
            await store.mentorship.set_interests(event.user_id, list(event.interests))
        case community_events.CommunityCreated() | community_events.CommunityUpdated():
            await store.put_community(event.community_id, VISIBILITY.get(event.visibility, "hidden"))
        case content_events.PostEdited():
            await store.edit_post(event.post_id, event.text, tuple(event.hashtags))
        case content_events.PostDeleted() | content_events.PostRemoved():
            await store.delete_post(event.post_id, event.author_id)  # no author: an erased one's
        case content_events.CommentAdded():
            await store.count(eid, event.post_id, "comments", 1)
            other = event.parent_author_id or event.post_author_id
            await store.add_affinity(eid, event.author_id, other, AFFINITY["comment"])
        case content_events.CommentDeleted():
            await store.count(eid, event.post_id, "comments", -1)
        case content_events.ReactionAdded():
            target = event.comment_id or event.post_id
            if not event.previous_kind:
                await store.count(eid, target, "reactions", 1, {event.kind: 1})
                await store.add_affinity(eid, event.user_id, event.target_author_id, AFFINITY["reaction"])
            else:  # a changed reaction is still one reaction, of another kind
                await store.count(eid, target, "reactions", 0, {event.kind: 1, event.previous_kind: -1})
        case content_events.ReactionRemoved():
            await store.count(eid, event.comment_id or event.post_id, "reactions", -1, {event.kind: -1})
        case content_events.PostShared():
            await store.count(eid, event.original_post_id, "shares", 1)
            await store.add_affinity(eid, event.user_id, event.original_author_id, AFFINITY["share"])
        case _:
            return f"ignored:{envelope.event_type}"
    return envelope.event_type


MODERATOR_ROLES = {communities_pb2.ROLE_MODERATOR, communities_pb2.ROLE_ADMIN, communities_pb2.ROLE_OWNER}
ATTENDING = {communities_pb2.RSVP_STATUS_GOING, communities_pb2.RSVP_STATUS_MAYBE}  # told of changes


def wants_reminder(status: int, remind_me: bool) -> bool:
    """Reminders go to people going; people who answered maybe get one only when they asked."""
    return status == communities_pb2.RSVP_STATUS_GOING or (status == communities_pb2.RSVP_STATUS_MAYBE and remind_me)


def _ms(ts) -> int:
    return ts.ToMilliseconds()


async def notify(store: RedisFeedStore, eid: str, event) -> None:
    """The notifications an event brings (each applied once per event and recipient)."""
    n, facts = store.notifications, store.community_facts
    match event:
        case graph_events.UserFollowed():
            await n.notify(eid, event.followee_id, "new_follower", "", event.follower_id, _ms(event.followed_at))
        case graph_events.FollowRequested():
            await n.notify(eid, event.followee_id, "follow_request", "", event.follower_id, _ms(event.requested_at))
        case graph_events.FriendRequestSent():
            await n.notify(eid, event.recipient_id, "friend_request", "", event.sender_id, _ms(event.sent_at))
        # A request that ends unanswered (withdrawn, cancelled, declined, or by a block) takes
        # its notification with it.
        case graph_events.FollowRequestWithdrawn():
            await n.close_request(eid, event.followee_id, "follow_request", event.follower_id,
                                  _ms(event.requested_at), _ms(event.withdrawn_at))
        case graph_events.FollowRequestDeclined():
            await n.close_request(eid, event.followee_id, "follow_request", event.follower_id,
                                  _ms(event.requested_at), _ms(event.declined_at))
        case graph_events.FriendRequestClosed():
            await n.close_request(eid, event.recipient_id, "friend_request", event.sender_id, 0,
                                  _ms(event.closed_at))
        case graph_events.FriendshipStarted():  # user_id accepted friend_id's request
            await n.notify(eid, event.friend_id, "friend_accepted", "", event.user_id, _ms(event.started_at))
        case content_events.PostPublished():
            for mentioned in event.mention_ids:
                await n.notify(eid, mentioned, "mention", event.post_id, event.author_id, _ms(event.created_at),
                               event.community_id)
        case content_events.PostEdited():
            for mentioned in event.new_mention_ids:
                await n.notify(eid, mentioned, "mention", event.post_id, event.author_id, _ms(event.edited_at),
                               event.community_id)
        case content_events.CommentAdded():
            at = _ms(event.created_at)
            if event.parent_comment_id:
                await n.notify(eid, event.parent_author_id, "reply", event.parent_comment_id, event.author_id, at,
                               event.community_id, "comment")
            else:
                await n.notify(eid, event.post_author_id, "reply", event.post_id, event.author_id, at,
                               event.community_id, "post")
            for mentioned in event.mention_ids:
                await n.notify(eid, mentioned, "mention", event.comment_id, event.author_id, at, event.community_id)
        case content_events.ReactionAdded() if not event.previous_kind:
            target = event.comment_id or event.post_id
            await n.notify(eid, event.target_author_id, "reaction", target, event.user_id, _ms(event.reacted_at),
                           event.community_id, "comment" if event.comment_id else "post")
        case content_events.PostShared():
            await n.notify(eid, event.original_author_id, "share", event.original_post_id, event.user_id,
                           _ms(event.shared_at), event.community_id)
        case content_events.PostRemoved():
            await n.notify(eid, event.author_id, "moderation", event.post_id, event.removed_by,
                           _ms(event.removed_at), event.community_id, "removed your post")
        case content_events.ContentReviewed():  # a post or comment held for review (link review)
            what = "comment" if event.comment_id else "post"
            await n.notify(eid, event.author_id, "moderation", event.comment_id or event.post_id, event.reviewed_by,
                           _ms(event.reviewed_at), event.community_id,
                           f"approved your {what}" if event.approved else f"declined your {what}")
        case content_events.CommentDeleted() if event.removed:
            await n.notify(eid, event.author_id, "moderation", event.comment_id, event.deleted_by,
                           _ms(event.deleted_at), event.community_id, "removed your comment")
        case community_events.MemberJoined():
            await facts.set_moderator(event.community_id, event.user_id, event.role in MODERATOR_ROLES)
            if await facts.set_pending(event.community_id, event.user_id, False):
                await n.notify(eid, event.user_id, "join_approved", event.community_id, "", _ms(event.joined_at),
                               event.community_id)
        case community_events.MemberRoleChanged():
            await facts.set_moderator(event.community_id, event.user_id, event.role in MODERATOR_ROLES)
        case community_events.MemberLeft() | community_events.MemberRemoved():
            await facts.set_moderator(event.community_id, event.user_id, False)
        case community_events.JoinRequested():
            await facts.set_pending(event.community_id, event.user_id, True)
            for moderator in await facts.moderators(event.community_id):
                await n.notify(eid, moderator, "join_request", event.community_id, event.user_id,
                               _ms(event.requested_at), event.community_id)
        case community_events.JoinRequestDenied():
            await facts.set_pending(event.community_id, event.user_id, False)
        case community_events.UserInvited():
            await n.notify(eid, event.user_id, "invitation", event.community_id, event.invited_by,
                           _ms(event.invited_at), event.community_id)
        case community_events.RsvpChanged():
            await facts.set_attending(event.event_id, event.user_id, event.status in ATTENDING,
                                      wants_reminder(event.status, event.remind_me))
            if event.promoted:
                await n.notify(eid, event.user_id, "event_update", event.event_id, "", _ms(event.changed_at),
                               event.community_id, "moved you off the waitlist")
        case community_events.EventChanged():
            if event.cancelled:
                await facts.cancel_reminder(event.event_id)
            detail = "cancelled" if event.cancelled else "updated"
            for attendee in await facts.attendees(event.event_id):
                await n.notify(eid, attendee, "event_update", event.event_id, "", _ms(event.changed_at),
                               event.community_id, detail)
        case graph_events.ReachOutDue():
            await n.notify(eid, event.user_id, "reach_out", event.other_user_id, event.other_user_id,
                           _ms(event.due_at), detail=f"every {event.every_days} days")
        case graph_events.KeepInTouchSuggested():
            await n.notify(eid, event.user_id, "keep_in_touch", event.other_user_id, event.other_user_id,
                           _ms(event.last_interaction_at))
        case community_events.EventScheduled():
            await facts.schedule_reminder(event.event_id, event.community_id, _ms(event.starts_at))
        case community_events.MemberWarned():
            await n.notify(eid, event.user_id, "moderation", event.community_id, event.warned_by,
                           _ms(event.warned_at), event.community_id, "warned you")
        case community_events.MemberMuted():
            await n.notify(eid, event.user_id, "moderation", event.community_id, event.muted_by,
                           int(time.time() * 1000), event.community_id, "muted you for a while")
        case community_events.MemberBanned():
            await facts.set_moderator(event.community_id, event.user_id, False)
            await n.notify(eid, event.user_id, "moderation", event.community_id, event.banned_by,
                           _ms(event.banned_at), event.community_id, "banned you")


async def send_due_reminders(store: RedisFeedStore, now_ms: int) -> int:
    """Remind those going (and those maybe who asked for it) to events starting soon; each event
    once, whichever worker takes it from the schedule first."""
    sent = 0
    facts = store.community_facts
    for event_id, community_id in await facts.take_due_reminders(now_ms):
        for attendee in await facts.to_remind(event_id):
            await store.notifications.notify(f"reminder:{event_id}", attendee, "event_reminder", event_id, "",
                                             now_ms, community_id)
            sent += 1
    return sent


_analyzer = None


def sentiment(text: str) -> float | None:
    """VADER's compound score (-1 to 1) of a text; None when there are no words."""
    global _analyzer
    if not text.strip():
        return None
    if _analyzer is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _analyzer = SentimentIntensityAnalyzer()
    return round(_analyzer.polarity_scores(text)["compound"], 4)


async def measure(store: RedisFeedStore, eid: str, event) -> None:
    """Community metrics an event feeds (each event once; days from the event's own time)."""
    m = store.metrics
    match event:
        case content_events.PostPublished() if event.community_id:
            at = _ms(event.created_at)
            await m.record(eid, event.community_id, "post", event.author_id, at, post_id=event.post_id,
                           created_ms=at, sentiment=sentiment(event.text))
        case content_events.CommentAdded() if event.community_id:
            await m.record(eid, event.community_id, "comment", event.author_id, _ms(event.created_at),
                           post_id=event.post_id, depth=event.depth, sentiment=sentiment(event.excerpt))
        case content_events.ReactionAdded() if event.community_id and not event.previous_kind:
            await m.record(eid, event.community_id, "reaction", event.user_id, _ms(event.reacted_at))
        case community_events.MemberJoined():
            await m.record(eid, event.community_id, "join", event.user_id, _ms(event.joined_at))


POINTS = dict(recognition_rules.DEFAULT_POINTS)


async def recognize(store: RedisFeedStore, eid: str, event) -> None:
    """Points, member counters, badges and trust levels an event brings (each event once)."""
    r = store.recognition
    involved: list[tuple[str, str]] = []  # (community, user) whose badges and trust to re-check
    match event:
        case content_events.PostPublished() if event.community_id:
            await r.credit(eid, event.community_id, _ms(event.created_at),
                           actor=(event.author_id, POINTS["post"], "posts"))
            involved.append((event.community_id, event.author_id))
        case content_events.CommentAdded() if event.community_id:
            at = _ms(event.created_at)
            other = event.parent_author_id or event.post_author_id
            mark = ("", "", "", "")
            joined = await r.joined_at(event.community_id, event.post_author_id)
            if (joined is not None and event.post_author_id != event.author_id
                    and 0 <= at - joined <= recognition_rules.NEWCOMER_MS):
                mark = (f"welcomed:{event.author_id}", event.post_author_id, event.author_id, "welcomed")
            await r.credit(eid, event.community_id, at, actor=(event.author_id, POINTS["comment"], "comments"),
                           other=(other if other != event.author_id else "", POINTS["reply_received"], ""),
                           mark=mark)
            involved.append((event.community_id, event.author_id))
            if other and other != event.author_id:  # a reply received moves their points too
                involved.append((event.community_id, other))
        case content_events.ReactionAdded() if event.community_id and not event.previous_kind:
            self_reaction = event.user_id == event.target_author_id
            mark = ("reacted-comments", event.comment_id, event.target_author_id, "reacted_replies") \
                if event.comment_id and not self_reaction else ("", "", "", "")
            await r.credit(eid, event.community_id, _ms(event.reacted_at),
                           actor=(event.user_id, POINTS["reaction_given"], ""),
                           other=("" if self_reaction else event.target_author_id, POINTS["reaction_received"],
                                  "reactions_received"), mark=mark)
            involved += [(event.community_id, event.user_id), (event.community_id, event.target_author_id)]
        case community_events.RsvpChanged() if event.status == communities_pb2.RSVP_STATUS_GOING:
            await r.credit(eid, event.community_id, _ms(event.changed_at),
                           actor=(event.user_id, POINTS["event_going"], ""),
                           mark=(f"going:{event.user_id}", event.event_id, event.user_id, "events_going"))
            involved.append((event.community_id, event.user_id))
        case community_events.MemberJoined():
            await r.joined(event.community_id, event.user_id, _ms(event.joined_at))
    for community_id, user_id in dict.fromkeys(involved):
        if user_id:  # blank: an erased person (domain.erasure)
            await _standing(store, eid, community_id, user_id)


async def _standing(store: RedisFeedStore, eid: str, community_id: str, user_id: str) -> None:
    """Award the badges the member's counters now earn (announced before they are kept, with
    a derived event id, so a crash in between repeats the announcement, never loses it) and
    move their trust level."""
    standing, _ = await member_standing(store, community_id, user_id)
    for badge in recognition_rules.earned(standing.counters):
        if badge in standing.badges:
            continue
        if store.publish is not None:
            award = feed_events.BadgeAwarded(community_id=community_id, user_id=user_id, badge=badge,
                                             earned_by_event_id=eid, awarded_at=timestamp(datetime.now(UTC)))
            await store.publish(make_event(
                topic=RECOGNITION_BADGES, aggregate_id=community_id, producer="feed", payload=award,
                event_id=recognition_rules.award_event_id(community_id, user_id, badge)))
        await store.recognition.keep_badge(community_id, user_id, badge, eid)
    await settle_trust(store, community_id, user_id, standing)


async def settle_trust(store: RedisFeedStore, community_id: str, user_id: str,
                       standing: recognition_rules.Standing | None = None) -> int:
    """Keep the member's trust level where their points now put it, announcing each change
    (TrustLevelChanged) before keeping it. Workers that race on one member are serialised by
    the change count: the loser looks again, and announces the level kept if it had announced
    another under the same count, so the highest sequence consumers see is the level kept. A
    level kept before levels were announced (no change counted) is announced once too."""
    announced: tuple[int, int] | None = None  # (sequence, level) announced but not kept
    for _ in range(10):
        if standing is None:
            standing, _ = await member_standing(store, community_id, user_id)
        level = recognition_rules.trust_level(standing.trust, standing.month)
        contradicted = (announced is not None and announced[0] == standing.trust_changes
                        and announced[1] != standing.trust)
        unannounced = standing.trust > 0 and standing.trust_changes == 0
        if level == standing.trust and not contradicted and not unannounced:
            return level
        sequence = standing.trust_changes + 1
        if store.publish is not None:
            changed = feed_events.TrustLevelChanged(
                community_id=community_id, user_id=user_id, level=level, previous_level=standing.trust,
                changed_at=timestamp(datetime.now(UTC)), sequence=sequence)
            await store.publish(make_event(
                topic=RECOGNITION_BADGES, aggregate_id=community_id, producer="feed", payload=changed,
                event_id=recognition_rules.trust_change_event_id(community_id, user_id, sequence, level)))
        if await store.recognition.keep_trust(community_id, user_id, standing.trust_changes, level):
            # Points fade without events: a level above 0 is looked at again daily until it is 0.
            await store.recognition.watch_trust(
                community_id, user_id, int(time.time() * 1000) + recognition_rules.DAY_MS if level else None)
            return level
        announced, standing = (sequence, level), None
    raise RuntimeError(f"trust level of {user_id} in {community_id} kept changing under us")


async def settle_due_trust_levels(store: RedisFeedStore, now_ms: int) -> int:
    """Look again at members whose level may have faded (due once a day); returns how many."""
    due = await store.recognition.take_due_trust(now_ms, now_ms + recognition_rules.DAY_MS)
    for community_id, user_id in due:
        if not await settle_trust(store, community_id, user_id):
            await store.recognition.watch_trust(community_id, user_id, None)
    return len(due)
