"""The stream worker's changes to the feeds' read model: posts' summaries and counters,
authors, communities, interests, and the relationship, membership and deactivation facts that
decide who sees what (the fan-out of new posts is `RedisFanOut.posts`, called by
`events.apply_batch` for runs of posts). Each change is idempotent: applying an event twice
leaves the same state."""

from __future__ import annotations

import uuid

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2
from kith_feed.domain.model import Attachment, AuthorSummary, PostSummary
from kith_feed.domain.ports import Stores
from kith_platform.interactions import WEIGHTS

AUDIENCES = {
    content_pb2.AUDIENCE_PUBLIC: "public",
    content_pb2.AUDIENCE_FOLLOWERS: "followers",
    content_pb2.AUDIENCE_FRIENDS: "friends",
    content_pb2.AUDIENCE_COMMUNITY: "community",
}
VISIBILITY = {
    communities_pb2.VISIBILITY_PUBLIC: "public",
    communities_pb2.VISIBILITY_PRIVATE: "private",
    communities_pb2.VISIBILITY_HIDDEN: "hidden",
}


def post_summary(event) -> PostSummary | None:
    audience = AUDIENCES.get(event.audience)
    if audience is None:
        return None  # an audience this worker does not know is never shown to anyone
    return PostSummary(
        post_id=event.post_id,
        author_id=event.author_id,
        text=event.text,
        created_at_ms=event.created_at.ToMilliseconds(),
        audience=audience,
        community_id=event.community_id,
        members_only=event.community_members_only,
        hashtags=tuple(event.hashtags),
        shared_post_id=event.shared_post_id,
        content_warning=event.content_warning,
        media=tuple(
            Attachment(
                m.kind,
                m.url,
                m.alt_text,
                m.media_id,
                m.width,
                m.height,
                m.blurhash,
                tuple((v.name, v.key, v.width, v.height) for v in m.variants),
            )
            for m in event.media
        ),
    )


def _ms(stamp) -> int:
    return stamp.ToMilliseconds()


# Relationship, membership and deactivation facts: the change each event makes (newest per pair wins).
FACTS = {
    graph_events.UserFollowed: lambda r, e: r.set_following(e.follower_id, e.followee_id, True, _ms(e.followed_at)),
    graph_events.UserUnfollowed: lambda r, e: r.set_following(
        e.follower_id, e.followee_id, False, _ms(e.unfollowed_at)
    ),
    graph_events.FriendshipStarted: lambda r, e: r.set_friends(e.user_id, e.friend_id, True, _ms(e.started_at)),
    graph_events.FriendshipEnded: lambda r, e: r.set_friends(e.user_id, e.friend_id, False, _ms(e.ended_at)),
    graph_events.UserBlocked: lambda r, e: r.set_blocked(e.blocker_id, e.blocked_id, True, _ms(e.blocked_at)),
    graph_events.UserUnblocked: lambda r, e: r.set_blocked(e.blocker_id, e.blocked_id, False, _ms(e.unblocked_at)),
    graph_events.UserMuted: lambda r, e: r.set_muted(e.muter_id, e.muted_id, True, _ms(e.muted_at)),
    graph_events.UserUnmuted: lambda r, e: r.set_muted(e.muter_id, e.muted_id, False, _ms(e.unmuted_at)),
    community_events.MemberJoined: lambda r, e: r.set_member(e.community_id, e.user_id, True, _ms(e.joined_at)),
    community_events.MemberLeft: lambda r, e: r.set_member(e.community_id, e.user_id, False, _ms(e.left_at)),
    community_events.MemberRemoved: lambda r, e: r.set_member(e.community_id, e.user_id, False, _ms(e.removed_at)),
    community_events.MemberBanned: lambda r, e: r.set_member(e.community_id, e.user_id, False, _ms(e.banned_at)),
    identity_events.UserDeactivated: lambda r, e: r.set_away(e.user_id, True, _ms(e.deactivated_at)),
    identity_events.UserReactivated: lambda r, e: r.set_away(e.user_id, False, _ms(e.reactivated_at)),
}


async def fact(store: Stores, eid: str, event) -> None:
    """A relationship, membership or deactivation fact from Kafka (FACTS)."""
    await apply_fact(store, event)


async def post_mentions(store: Stores, eid: str, event) -> None:
    """A new post brings its author closer to those it mentions (its fan-out is apart: runs of
    posts go out together, from `events.apply_batch`)."""
    for mentioned in event.mention_ids:
        await store.feeds.add_affinity(f"{eid}:{mentioned}", event.author_id, mentioned, WEIGHTS["mention"])


async def apply_fact(store: Stores, event) -> bool:
    """Apply a relationship, membership or deactivation fact (FACTS): the stream worker applies
    them from Kafka, the feed API's mirror service when a safety change hands them over before
    answering. False for any other event."""
    change = FACTS.get(type(event))
    if change is None:
        return False
    await change(store.relationships, event)
    return True


async def author_changed(store: Stores, eid: str, event) -> None:
    await store.feeds.put_author(AuthorSummary(event.user_id, event.handle, event.display_name))


async def interests_changed(store: Stores, eid: str, event) -> None:
    await store.mentorship.set_interests(event.user_id, list(event.interests))


async def community_changed(store: Stores, eid: str, event) -> None:
    await store.feeds.put_community(event.community_id, VISIBILITY.get(event.visibility, "hidden"))


async def post_edited(store: Stores, eid: str, event) -> None:
    await store.feeds.edit_post(event.post_id, event.text, tuple(event.hashtags))


async def post_deleted(store: Stores, eid: str, event) -> None:
    await store.feeds.delete_post(event.post_id, event.author_id)  # no author: an erased one's


async def post_removed(store: Stores, eid: str, event) -> None:
    """Removed by the community's moderators, or by the platform's staff (`removal_id`)."""
    await store.feeds.delete_post(event.post_id, event.author_id, event.removal_id)


def _staff_post(event) -> tuple[str, str] | None:
    """(post id, removal id) of a staff removal or restoration of a post; None for other targets
    (content's own events take care of comments) and malformed ids."""
    if event.target_kind != trust_safety_pb2.REPORT_TARGET_KIND_POST:
        return None
    try:
        return str(uuid.UUID(event.target_id)), str(uuid.UUID(event.removal_id))
    except ValueError:
        return None


async def removed_by_staff(store: Stores, eid: str, event) -> None:
    """Identity's ContentRemovedByStaff: the post leaves every feed at once (the feed API applies
    it before identity answers; content's PostRemoved, naming the author, follows)."""
    if (ids := _staff_post(event)) is not None:
        await store.feeds.delete_post(ids[0], "", ids[1])


async def restored_by_staff(store: Stores, eid: str, event) -> None:
    """Identity's ContentRestoredByStaff: the removal no longer holds (a late delivery of it takes
    nothing); the post comes back with content's PostRestored, which carries it."""
    if (ids := _staff_post(event)) is not None:
        await store.feeds.restore_post(*ids)


# The platform staff's actions on posts, applied by the stream worker and the feed API's mirror.
STAFF_ACTIONS = {
    identity_events.ContentRemovedByStaff: removed_by_staff,
    identity_events.ContentRestoredByStaff: restored_by_staff,
}


async def apply_staff_action(store: Stores, event) -> bool:
    """Apply a staff removal or restoration (STAFF_ACTIONS); False for any other event."""
    action = STAFF_ACTIONS.get(type(event))
    if action is None:
        return False
    await action(store, "", event)
    return True


FEATURES = {content_pb2.FEATURE_PINNED: "pinned", content_pb2.FEATURE_ANNOUNCEMENT: "announcement"}


async def post_voted(store: Stores, eid: str, event) -> None:
    """A vote on a community post: the voter's vote (blank when erased: the counts still apply)
    and the post's counts after it, which carry the newest state (newest `voted_at` wins)."""
    await store.feeds.vote(
        event.post_id,
        event.community_id,
        event.user_id,
        max(-1, min(1, event.value)),
        (max(0, event.upvotes), max(0, event.downvotes)),
        _ms(event.post_created_at),
        _ms(event.voted_at),
    )


async def post_featured(store: Stores, eid: str, event) -> None:
    """A community post pinned, made the announcement, or neither (newest `featured_at` wins)."""
    await store.feeds.feature(
        event.post_id, event.community_id, FEATURES.get(event.feature, ""), _ms(event.featured_at)
    )


async def comment_added(store: Stores, eid: str, event) -> None:
    await store.feeds.count(eid, event.post_id, "comments", 1)
    other = event.parent_author_id or event.post_author_id
    await store.feeds.add_affinity(eid, event.author_id, other, WEIGHTS["comment"])


async def comment_deleted(store: Stores, eid: str, event) -> None:
    await store.feeds.count(eid, event.post_id, "comments", -1)


async def comment_restored(store: Stores, eid: str, event) -> None:
    await store.feeds.count(eid, event.post_id, "comments", 1)


async def reaction_added(store: Stores, eid: str, event) -> None:
    target = event.comment_id or event.post_id
    if not event.previous_kind:
        await store.feeds.count(eid, target, "reactions", 1, {event.kind: 1})
        await store.feeds.add_affinity(eid, event.user_id, event.target_author_id, WEIGHTS["reaction"])
    else:  # a changed reaction is still one reaction, of another kind
        await store.feeds.count(eid, target, "reactions", 0, {event.kind: 1, event.previous_kind: -1})


async def reaction_removed(store: Stores, eid: str, event) -> None:
    await store.feeds.count(eid, event.comment_id or event.post_id, "reactions", -1, {event.kind: -1})


async def post_shared(store: Stores, eid: str, event) -> None:
    await store.feeds.count(eid, event.original_post_id, "shares", 1)
    await store.feeds.add_affinity(eid, event.user_id, event.original_author_id, WEIGHTS["share"])
