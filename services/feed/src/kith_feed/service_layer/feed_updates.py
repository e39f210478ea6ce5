"""The stream worker's changes to the feeds' read model: posts' summaries and counters,
authors, communities, interests, and the relationship, membership and deactivation facts that
decide who sees what (the fan-out of new posts is `RedisFeedStore.fan_out_posts`, called by
`events.apply_batch` for runs of posts). Each change is idempotent: applying an event twice
leaves the same state."""

from __future__ import annotations

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain.model import AuthorSummary, PostSummary

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
# Affinity: how much each interaction brings the actor closer to the other (see domain.model.rank).
AFFINITY = {"comment": 3.0, "mention": 2.0, "reaction": 1.0, "share": 2.0}


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
    )


async def apply_fact(store: RedisFeedStore, event) -> bool:
    """Relationship, membership and deactivation facts (newest per pair wins): the stream
    worker applies them from Kafka, the feed API's mirror service when a safety change hands
    them over before answering. False for any other event."""
    match event:
        case graph_events.UserFollowed():
            await store.set_following(event.follower_id, event.followee_id, True, event.followed_at.ToMilliseconds())
        case graph_events.UserUnfollowed():
            await store.set_following(event.follower_id, event.followee_id, False, event.unfollowed_at.ToMilliseconds())
        case graph_events.FriendshipStarted():
            await store.set_friends(event.user_id, event.friend_id, True, event.started_at.ToMilliseconds())
        case graph_events.FriendshipEnded():
            await store.set_friends(event.user_id, event.friend_id, False, event.ended_at.ToMilliseconds())
        case graph_events.UserBlocked():
            await store.set_blocked(event.blocker_id, event.blocked_id, True, event.blocked_at.ToMilliseconds())
        case graph_events.UserUnblocked():
            await store.set_blocked(event.blocker_id, event.blocked_id, False, event.unblocked_at.ToMilliseconds())
        case graph_events.UserMuted():
            await store.set_muted(event.muter_id, event.muted_id, True, event.muted_at.ToMilliseconds())
        case graph_events.UserUnmuted():
            await store.set_muted(event.muter_id, event.muted_id, False, event.unmuted_at.ToMilliseconds())
        case community_events.MemberJoined():
            await store.set_member(event.community_id, event.user_id, True, event.joined_at.ToMilliseconds())
        case community_events.MemberLeft():
            await store.set_member(event.community_id, event.user_id, False, event.left_at.ToMilliseconds())
        case community_events.MemberRemoved():
            await store.set_member(event.community_id, event.user_id, False, event.removed_at.ToMilliseconds())
        case community_events.MemberBanned():
            await store.set_member(event.community_id, event.user_id, False, event.banned_at.ToMilliseconds())
        case identity_events.UserDeactivated():
            await store.set_away(event.user_id, True, event.deactivated_at.ToMilliseconds())
        case identity_events.UserReactivated():
            await store.set_away(event.user_id, False, event.reactivated_at.ToMilliseconds())
        case _:
            return False
    return True


async def project(store: RedisFeedStore, envelope, event) -> str:
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
