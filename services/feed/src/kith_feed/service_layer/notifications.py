"""Notifications: what each event brings its readers (the stream worker's handlers, listed in
events.HANDLERS) and event reminders. The feed API's reads are notification_reads.py."""

from __future__ import annotations

from collections.abc import Iterable

from kith.communities.v1 import communities_pb2
from kith_feed.domain.notifications import staff_detail
from kith_feed.domain.ports import Stores
from kith_feed.service_layer.clock import now_ms

MODERATOR_ROLES = {communities_pb2.ROLE_MODERATOR, communities_pb2.ROLE_ADMIN, communities_pb2.ROLE_OWNER}
ATTENDING = {communities_pb2.RSVP_STATUS_GOING, communities_pb2.RSVP_STATUS_MAYBE}  # told of changes


def wants_reminder(status: int, remind_me: bool) -> bool:
    """Reminders go to people going; people who answered maybe get one only when they asked."""
    return status == communities_pb2.RSVP_STATUS_GOING or (status == communities_pb2.RSVP_STATUS_MAYBE and remind_me)


async def user_followed(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(eid, event.followee_id, "new_follower", "", event.follower_id, event.followed_at.ToMilliseconds())


async def follow_requested(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(eid, event.followee_id, "follow_request", "", event.follower_id, event.requested_at.ToMilliseconds())


async def friend_request_sent(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(eid, event.recipient_id, "friend_request", "", event.sender_id, event.sent_at.ToMilliseconds())


async def follow_request_withdrawn(store: Stores, eid: str, event) -> None:
    # A request that ends unanswered (withdrawn, cancelled, declined, or by a block) takes
    # its notification with it.
    n = store.notifications
    await n.close_request(
        eid,
        event.followee_id,
        "follow_request",
        event.follower_id,
        event.requested_at.ToMilliseconds(),
        event.withdrawn_at.ToMilliseconds(),
    )


async def follow_request_declined(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.close_request(
        eid,
        event.followee_id,
        "follow_request",
        event.follower_id,
        event.requested_at.ToMilliseconds(),
        event.declined_at.ToMilliseconds(),
    )


async def friend_request_closed(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.close_request(
        eid, event.recipient_id, "friend_request", event.sender_id, 0, event.closed_at.ToMilliseconds()
    )


async def friendship_started(store: Stores, eid: str, event) -> None:
    # user_id accepted friend_id's request
    n = store.notifications
    await n.notify(eid, event.friend_id, "friend_accepted", "", event.user_id, event.started_at.ToMilliseconds())


async def post_published(store: Stores, eid: str, event) -> None:
    await _mentions(store, eid, event.mention_ids, event, event.created_at.ToMilliseconds())


async def post_edited(store: Stores, eid: str, event) -> None:
    await _mentions(store, eid, event.new_mention_ids, event, event.edited_at.ToMilliseconds())


async def comment_edited(store: Stores, eid: str, event) -> None:
    """People newly mentioned by an edit are told, as for a new comment's mentions."""
    at = event.edited_at.ToMilliseconds()
    for person in event.new_mention_ids:
        await store.notifications.notify(
            eid, person, "mention", event.comment_id, event.author_id, at, event.community_id
        )


async def _mentions(store: Stores, eid: str, mentioned: Iterable[str], post, at_ms: int) -> None:
    for person in mentioned:
        await store.notifications.notify(eid, person, "mention", post.post_id, post.author_id, at_ms, post.community_id)


async def _hidden_from(store: Stores, recipient: str, comment) -> bool:
    """Whether the recipient's reading filters hide this comment (a muted word in it, or a content
    warning when they hide those): then it notifies them of nothing. Checked as of the comment's
    event (a muted word's expiry included): the feed keeps no comment text to check later."""
    if not recipient:
        return False
    filters = await store.feeds.reading_filters(recipient)
    return filters.hides(comment.author_id, comment.excerpt, comment.content_warning, now_ms())


async def comment_added(store: Stores, eid: str, event) -> None:
    n = store.notifications
    at = event.created_at.ToMilliseconds()
    if event.parent_comment_id:
        replied_to, target, target_kind = event.parent_author_id, event.parent_comment_id, "comment"
    else:
        replied_to, target, target_kind = event.post_author_id, event.post_id, "post"
    if not await _hidden_from(store, replied_to, event):
        await n.notify(eid, replied_to, "reply", target, event.author_id, at, event.community_id, target_kind)
    for mentioned in event.mention_ids:
        if not await _hidden_from(store, mentioned, event):
            await n.notify(eid, mentioned, "mention", event.comment_id, event.author_id, at, event.community_id)


async def reaction_added(store: Stores, eid: str, event) -> None:
    n = store.notifications
    if event.previous_kind:
        return
    target = event.comment_id or event.post_id
    await n.notify(
        eid,
        event.target_author_id,
        "reaction",
        target,
        event.user_id,
        event.reacted_at.ToMilliseconds(),
        event.community_id,
        "comment" if event.comment_id else "post",
    )


async def post_shared(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(
        eid,
        event.original_author_id,
        "share",
        event.original_post_id,
        event.user_id,
        event.shared_at.ToMilliseconds(),
        event.community_id,
    )


def _removal(what: str, removal_id: str) -> str:
    """The detail of a removal: by the platform's staff (a removal id), or by moderators."""
    return staff_detail(what) if removal_id else what


async def post_removed(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(
        eid,
        event.author_id,
        "moderation",
        event.post_id,
        event.removed_by,
        event.removed_at.ToMilliseconds(),
        event.community_id,
        _removal("removed your post", event.removal_id),
    )


async def content_reviewed(store: Stores, eid: str, event) -> None:
    # a post or comment held for review (link review)
    n = store.notifications
    what = "comment" if event.comment_id else "post"
    await n.notify(
        eid,
        event.author_id,
        "moderation",
        event.comment_id or event.post_id,
        event.reviewed_by,
        event.reviewed_at.ToMilliseconds(),
        event.community_id,
        f"approved your {what}" if event.approved else f"declined your {what}",
    )


async def comment_deleted(store: Stores, eid: str, event) -> None:
    n = store.notifications
    if not event.removed:
        return
    await n.notify(
        eid,
        event.author_id,
        "moderation",
        event.comment_id,
        event.deleted_by,
        event.deleted_at.ToMilliseconds(),
        event.community_id,
        _removal("removed your comment", event.removal_id),
    )


async def member_joined(store: Stores, eid: str, event) -> None:
    n = store.notifications
    facts = store.community_facts
    await facts.set_moderator(event.community_id, event.user_id, event.role in MODERATOR_ROLES)
    if await facts.set_pending(event.community_id, event.user_id, False):
        await n.notify(
            eid,
            event.user_id,
            "join_approved",
            event.community_id,
            "",
            event.joined_at.ToMilliseconds(),
            event.community_id,
        )


async def member_role_changed(store: Stores, eid: str, event) -> None:
    facts = store.community_facts
    await facts.set_moderator(event.community_id, event.user_id, event.role in MODERATOR_ROLES)


async def member_left(store: Stores, eid: str, event) -> None:
    facts = store.community_facts
    await facts.set_moderator(event.community_id, event.user_id, False)


async def join_requested(store: Stores, eid: str, event) -> None:
    n = store.notifications
    facts = store.community_facts
    await facts.set_pending(event.community_id, event.user_id, True)
    for moderator in await facts.moderators(event.community_id):
        await n.notify(
            eid,
            moderator,
            "join_request",
            event.community_id,
            event.user_id,
            event.requested_at.ToMilliseconds(),
            event.community_id,
        )


async def join_request_denied(store: Stores, eid: str, event) -> None:
    facts = store.community_facts
    await facts.set_pending(event.community_id, event.user_id, False)


async def user_invited(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(
        eid,
        event.user_id,
        "invitation",
        event.community_id,
        event.invited_by,
        event.invited_at.ToMilliseconds(),
        event.community_id,
    )


async def rsvp_changed(store: Stores, eid: str, event) -> None:
    n = store.notifications
    facts = store.community_facts
    await facts.set_attending(
        event.event_id, event.user_id, event.status in ATTENDING, wants_reminder(event.status, event.remind_me)
    )
    if event.promoted:
        await n.notify(
            eid,
            event.user_id,
            "event_update",
            event.event_id,
            "",
            event.changed_at.ToMilliseconds(),
            event.community_id,
            "moved you off the waitlist",
        )


async def event_changed(store: Stores, eid: str, event) -> None:
    n = store.notifications
    facts = store.community_facts
    if event.cancelled:
        await facts.cancel_reminder(event.event_id)
    detail = "cancelled" if event.cancelled else "updated"
    for attendee in await facts.attendees(event.event_id):
        await n.notify(
            eid,
            attendee,
            "event_update",
            event.event_id,
            "",
            event.changed_at.ToMilliseconds(),
            event.community_id,
            detail,
        )


async def reach_out_due(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(
        eid,
        event.user_id,
        "reach_out",
        event.other_user_id,
        event.other_user_id,
        event.due_at.ToMilliseconds(),
        detail=f"every {event.every_days} days",
    )


async def keep_in_touch_suggested(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(
        eid,
        event.user_id,
        "keep_in_touch",
        event.other_user_id,
        event.other_user_id,
        event.last_interaction_at.ToMilliseconds(),
    )


async def event_scheduled(store: Stores, eid: str, event) -> None:
    facts = store.community_facts
    await facts.schedule_reminder(event.event_id, event.community_id, event.starts_at.ToMilliseconds())


async def member_warned(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(
        eid,
        event.user_id,
        "moderation",
        event.community_id,
        event.warned_by,
        event.warned_at.ToMilliseconds(),
        event.community_id,
        "warned you",
    )


async def member_muted(store: Stores, eid: str, event) -> None:
    n = store.notifications
    await n.notify(
        eid,
        event.user_id,
        "moderation",
        event.community_id,
        event.muted_by,
        now_ms(),  # MemberMuted carries no time of its own: its event's
        event.community_id,
        "muted you for a while",
    )


async def member_banned(store: Stores, eid: str, event) -> None:
    n = store.notifications
    facts = store.community_facts
    await facts.set_moderator(event.community_id, event.user_id, False)
    await n.notify(
        eid,
        event.user_id,
        "moderation",
        event.community_id,
        event.banned_by,
        event.banned_at.ToMilliseconds(),
        event.community_id,
        "banned you",
    )


async def send_due_reminders(store: Stores, now_ms: int) -> int:
    """Remind those going (and those maybe who asked for it) to events starting soon; each event
    once, whichever worker takes it from the schedule first."""
    sent = 0
    facts = store.community_facts
    for event_id, community_id in await facts.take_due_reminders(now_ms):
        for attendee in await facts.to_remind(event_id):
            await store.notifications.notify(
                f"reminder:{event_id}", attendee, "event_reminder", event_id, "", now_ms, community_id
            )
            sent += 1
    return sent
