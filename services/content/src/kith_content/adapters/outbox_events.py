"""The events the content service writes to its outbox (content.posts.v1), built from domain
objects, and the enum mappings they share with the gRPC messages."""

from __future__ import annotations

from datetime import datetime

from kith.content.v1 import content_pb2, events_pb2
from kith_content.domain.posts import Audience, Comment, Feature, Media, MediaKind, Post, ReactionKind
from kith_content.domain.review import Hold
from kith_platform.events import CONTENT_POSTS, OutgoingEvent, make_event, timestamp

PRODUCER = "content"
AUDIENCE_TO_PROTO = {
    Audience.PUBLIC: content_pb2.AUDIENCE_PUBLIC,
    Audience.FOLLOWERS: content_pb2.AUDIENCE_FOLLOWERS,
    Audience.FRIENDS: content_pb2.AUDIENCE_FRIENDS,
    Audience.COMMUNITY: content_pb2.AUDIENCE_COMMUNITY,
}
REACTION_TO_PROTO = {
    ReactionKind.LIKE: content_pb2.REACTION_KIND_LIKE,
    ReactionKind.LOVE: content_pb2.REACTION_KIND_LOVE,
    ReactionKind.INSIGHTFUL: content_pb2.REACTION_KIND_INSIGHTFUL,
    ReactionKind.FUNNY: content_pb2.REACTION_KIND_FUNNY,
    ReactionKind.SUPPORT: content_pb2.REACTION_KIND_SUPPORT,
}
MEDIA_TO_PROTO = {
    MediaKind.IMAGE: content_pb2.MEDIA_KIND_IMAGE,
    MediaKind.VIDEO: content_pb2.MEDIA_KIND_VIDEO,
    MediaKind.AUDIO: content_pb2.MEDIA_KIND_AUDIO,
}
FEATURE_TO_PROTO = {
    None: content_pb2.FEATURE_UNSPECIFIED,
    Feature.PINNED: content_pb2.FEATURE_PINNED,
    Feature.ANNOUNCEMENT: content_pb2.FEATURE_ANNOUNCEMENT,
}


def content_event(post_id: str, at: datetime, payload) -> OutgoingEvent:
    """Every content event is keyed by its post, so one post's events stay in order."""
    return make_event(topic=CONTENT_POSTS, aggregate_id=post_id, producer=PRODUCER, occurred_at=at, payload=payload)


def published(post: Post) -> OutgoingEvent:
    return content_event(post.post_id, post.created_at, post_published(post))


def post_published(post: Post) -> events_pb2.PostPublished:
    """The PostPublished of a post as it is now (its creation, approval or restoration)."""
    return events_pb2.PostPublished(
        post_id=post.post_id,
        author_id=post.author_id,
        text=post.text,
        audience=AUDIENCE_TO_PROTO[post.audience],
        created_at=timestamp(post.created_at),
        community_id=post.community_id or "",
        community_members_only=post.members_only,
        mention_ids=list(post.mention_ids),
        hashtags=list(post.hashtags),
        excerpt=post.excerpt,
        shared_post_id=post.shared_post_id or "",
        has_media=bool(post.media),
        content_warning=post.content_warning,
        media=[published_media(m) for m in post.media],
    )


def published_media(m: Media) -> events_pb2.PublishedMedia:
    return events_pb2.PublishedMedia(
        kind=MEDIA_TO_PROTO[m.kind],
        url=m.url,
        alt_text=m.alt_text,
        media_id=m.media_id,
        width=m.width,
        height=m.height,
        blurhash=m.blurhash,
        variants=[
            events_pb2.PublishedVariant(name=v.name, key=v.key, width=v.width, height=v.height) for v in m.variants
        ],
    )


def shared(original: Post, share: Post) -> OutgoingEvent:
    return content_event(
        original.post_id,
        share.created_at,
        events_pb2.PostShared(
            original_post_id=original.post_id,
            original_author_id=original.author_id,
            share_post_id=share.post_id,
            user_id=share.author_id,
            shared_at=timestamp(share.created_at),
            community_id=share.community_id or "",
        ),
    )


def post_edited(old: Post, new: Post) -> OutgoingEvent:
    return content_event(
        new.post_id,
        new.edited_at,
        events_pb2.PostEdited(
            post_id=new.post_id,
            author_id=new.author_id,
            text=new.text,
            excerpt=new.excerpt,
            hashtags=list(new.hashtags),
            new_mention_ids=[m for m in new.mention_ids if m not in set(old.mention_ids)],
            edited_at=timestamp(new.edited_at),
            audience=AUDIENCE_TO_PROTO[new.audience],
            community_id=new.community_id or "",
            community_members_only=new.members_only,
        ),
    )


def post_deleted(post: Post, at: datetime) -> OutgoingEvent:
    return content_event(
        post.post_id,
        at,
        events_pb2.PostDeleted(
            post_id=post.post_id,
            author_id=post.author_id,
            community_id=post.community_id or "",
            hashtags=list(post.hashtags),
            deleted_at=timestamp(at),
        ),
    )


def post_removed(post: Post, by: str, at: datetime, removal_id: str = "") -> OutgoingEvent:
    """Removed by the community's moderators (`by`), or by the platform's staff (`removal_id`)."""
    return content_event(
        post.post_id,
        at,
        events_pb2.PostRemoved(
            post_id=post.post_id,
            author_id=post.author_id,
            community_id=post.community_id or "",
            removed_by=by,
            hashtags=list(post.hashtags),
            removed_at=timestamp(at),
            removal_id=removal_id,
        ),
    )


def post_restored(post: Post, removal_id: str, at: datetime) -> OutgoingEvent:
    return content_event(
        post.post_id,
        at,
        events_pb2.PostRestored(post=post_published(post), removal_id=removal_id, restored_at=timestamp(at)),
    )


def comment_added(comment: Comment, post: Post, parent: Comment | None) -> OutgoingEvent:
    return content_event(
        post.post_id,
        comment.created_at,
        events_pb2.CommentAdded(
            comment_id=comment.comment_id,
            post_id=post.post_id,
            post_author_id=post.author_id,
            parent_comment_id=comment.parent_id or "",
            parent_author_id=parent.author_id if parent else "",
            author_id=comment.author_id,
            excerpt=comment.text[:280],
            depth=comment.depth,
            mention_ids=list(comment.mention_ids),
            created_at=timestamp(comment.created_at),
            audience=AUDIENCE_TO_PROTO[post.audience],
            community_id=post.community_id or "",
            community_members_only=post.members_only,
            content_warning=comment.content_warning,
        ),
    )


def comment_deleted(
    comment: Comment, post_id: str, community_id: str, by: str, removed: bool, at: datetime, removal_id: str = ""
) -> OutgoingEvent:
    """Deleted by its author or the post's (`removed` False), or removed by moderators or by the
    platform's staff (`removal_id`)."""
    return content_event(
        post_id,
        at,
        events_pb2.CommentDeleted(
            comment_id=comment.comment_id,
            post_id=post_id,
            author_id=comment.author_id,
            removed=removed,
            deleted_by=by,
            deleted_at=timestamp(at),
            community_id=community_id,
            removal_id=removal_id,
        ),
    )


def comment_restored(comment: Comment, community_id: str, removal_id: str, at: datetime) -> OutgoingEvent:
    return content_event(
        comment.post_id,
        at,
        events_pb2.CommentRestored(
            comment_id=comment.comment_id,
            post_id=comment.post_id,
            author_id=comment.author_id,
            community_id=community_id,
            removal_id=removal_id,
            restored_at=timestamp(at),
        ),
    )


def reaction_added(
    post: Post,
    target_id: str,
    is_comment: bool,
    target_author: str,
    user_id: str,
    kind: ReactionKind,
    previous: ReactionKind | None,
    at: datetime,
) -> OutgoingEvent:
    return content_event(
        post.post_id,
        at,
        events_pb2.ReactionAdded(
            post_id=post.post_id,
            comment_id=target_id if is_comment else "",
            target_author_id=target_author,
            user_id=user_id,
            kind=REACTION_TO_PROTO[kind],
            previous_kind=REACTION_TO_PROTO[previous] if previous else 0,
            reacted_at=timestamp(at),
            community_id=post.community_id or "",
        ),
    )


def reaction_removed(
    post: Post, target_id: str, is_comment: bool, target_author: str, user_id: str, kind: ReactionKind, at: datetime
) -> OutgoingEvent:
    return content_event(
        post.post_id,
        at,
        events_pb2.ReactionRemoved(
            post_id=post.post_id,
            comment_id=target_id if is_comment else "",
            target_author_id=target_author,
            user_id=user_id,
            kind=REACTION_TO_PROTO[kind],
            removed_at=timestamp(at),
            community_id=post.community_id or "",
        ),
    )


def held(post_id: str, comment_id: str, author_id: str, community_id: str, hold: Hold, at: datetime) -> OutgoingEvent:
    return content_event(
        post_id,
        at,
        events_pb2.ContentHeld(
            post_id=post_id,
            comment_id=comment_id,
            author_id=author_id,
            community_id=community_id,
            author_trust_level=hold.trust_level,
            required_trust_level=hold.required,
            held_at=timestamp(at),
        ),
    )


def reviewed(
    post_id: str, comment_id: str, author_id: str, community_id: str, approved: bool, by: str, note: str, at: datetime
) -> OutgoingEvent:
    return content_event(
        post_id,
        at,
        events_pb2.ContentReviewed(
            post_id=post_id,
            comment_id=comment_id,
            author_id=author_id,
            community_id=community_id,
            approved=approved,
            reviewed_by=by,
            note=note,
            reviewed_at=timestamp(at),
        ),
    )


def post_voted(
    post: Post, user_id: str, value: int, previous: int, upvotes: int, downvotes: int, at: datetime
) -> OutgoingEvent:
    return content_event(
        post.post_id,
        at,
        events_pb2.PostVoted(
            post_id=post.post_id,
            community_id=post.community_id or "",
            author_id=post.author_id,
            user_id=user_id,
            value=value,
            previous=previous,
            upvotes=upvotes,
            downvotes=downvotes,
            post_created_at=timestamp(post.created_at),
            voted_at=timestamp(at),
        ),
    )


def post_featured(post: Post, feature: Feature | None, by: str, at: datetime) -> OutgoingEvent:
    return content_event(
        post.post_id,
        at,
        events_pb2.PostFeatured(
            post_id=post.post_id,
            community_id=post.community_id or "",
            feature=FEATURE_TO_PROTO[feature],
            featured_by=by,
            featured_at=timestamp(at),
            post_created_at=timestamp(post.created_at),
        ),
    )


def poll_voted(post: Post, user_id: str, choices: tuple[int, ...], at: datetime) -> OutgoingEvent:
    return content_event(
        post.post_id,
        at,
        events_pb2.PollVoted(
            post_id=post.post_id,
            community_id=post.community_id or "",
            author_id=post.author_id,
            user_id=user_id,
            choices=list(choices),
            voted_at=timestamp(at),
        ),
    )
