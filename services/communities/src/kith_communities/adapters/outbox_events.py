"""The events every communities adapter writes to the outbox (communities.communities.v1, keyed
by the community), and the enum mappings they share with the gRPC messages."""

from __future__ import annotations

from datetime import datetime

from kith.communities.v1 import communities_pb2, events_pb2
from kith_communities.domain.communities import Community, Nesting, NewCommunity, PostingPolicy, Role, Visibility
from kith_platform.events import COMMUNITIES_COMMUNITIES, OutgoingEvent, make_event, timestamp

PRODUCER = "communities"
VISIBILITY_TO_PROTO = {
    Visibility.PUBLIC: communities_pb2.VISIBILITY_PUBLIC,
    Visibility.PRIVATE: communities_pb2.VISIBILITY_PRIVATE,
    Visibility.HIDDEN: communities_pb2.VISIBILITY_HIDDEN,
}
ROLE_TO_PROTO = {
    Role.MEMBER: communities_pb2.ROLE_MEMBER,
    Role.MODERATOR: communities_pb2.ROLE_MODERATOR,
    Role.ADMIN: communities_pb2.ROLE_ADMIN,
    Role.OWNER: communities_pb2.ROLE_OWNER,
}
NESTING_TO_PROTO = {Nesting.FULL: communities_pb2.NESTING_FULL, Nesting.PARTIAL: communities_pb2.NESTING_PARTIAL}
POLICY_TO_PROTO = {
    PostingPolicy.ALL_MEMBERS: communities_pb2.POSTING_POLICY_ALL_MEMBERS,
    PostingPolicy.MODERATORS_ONLY: communities_pb2.POSTING_POLICY_MODERATORS_ONLY,
}


def nesting_to_proto(nesting: Nesting | None) -> int:
    return NESTING_TO_PROTO[nesting] if nesting else communities_pb2.NESTING_UNSPECIFIED


def community_event(community_id: str, payload, at: datetime) -> OutgoingEvent:
    """An event on communities.communities.v1, keyed by the community."""
    return make_event(
        topic=COMMUNITIES_COMMUNITIES, aggregate_id=community_id, producer=PRODUCER, occurred_at=at, payload=payload
    )


def created(community_id: str, new: NewCommunity, owner_id: str, at: datetime) -> OutgoingEvent:
    return community_event(
        community_id,
        events_pb2.CommunityCreated(
            community_id=community_id,
            slug=new.slug,
            name=new.name,
            topics=list(new.topics),
            visibility=VISIBILITY_TO_PROTO[new.visibility],
            owner_id=owner_id,
            created_at=timestamp(at),
            parent_id=new.parent_id or "",
            nesting=nesting_to_proto(new.nesting),
        ),
        at,
    )


def updated(c: Community, changed: list[str], by: str, at: datetime) -> OutgoingEvent:
    """The community's public description after an update (never join answers or moderation notes)."""
    return community_event(
        c.community_id,
        events_pb2.CommunityUpdated(
            community_id=c.community_id,
            changed=changed,
            slug=c.slug,
            name=c.name,
            description=c.description,
            purpose=c.purpose,
            topics=list(c.topics),
            visibility=VISIBILITY_TO_PROTO[c.visibility],
            rules=list(c.rules),
            welcome_message=c.welcome_message,
            posting_policy=POLICY_TO_PROTO[c.posting_policy],
            hold_links_below_trust_level=c.hold_links_below_trust_level,
            membership_questions=list(c.membership_questions),
            comments_from_non_members=c.comments_from_non_members,
            updated_by=by,
            updated_at=timestamp(at),
        ),
        at,
    )


def joined(community_id: str, user_id: str, role: Role, at: datetime) -> OutgoingEvent:
    return community_event(
        community_id,
        events_pb2.MemberJoined(
            community_id=community_id, user_id=user_id, role=ROLE_TO_PROTO[role], joined_at=timestamp(at)
        ),
        at,
    )


def left(community_id: str, user_id: str, at: datetime) -> OutgoingEvent:
    return community_event(
        community_id, events_pb2.MemberLeft(community_id=community_id, user_id=user_id, left_at=timestamp(at)), at
    )


def role_changed(community_id: str, user_id: str, role: Role, by: str, at: datetime) -> OutgoingEvent:
    """`by` is "" when nobody did it (ownership passed on after an erasure)."""
    return community_event(
        community_id,
        events_pb2.MemberRoleChanged(
            community_id=community_id,
            user_id=user_id,
            role=ROLE_TO_PROTO[role],
            changed_by=by,
            changed_at=timestamp(at),
        ),
        at,
    )


def archived(
    community_id: str, archived_with: str, by: str, at: datetime, owner_id: str, removal_id: str = ""
) -> OutgoingEvent:
    """`by` is "" when nobody did it (a community left without owner by an erasure) and when the
    platform's staff closed it (`removal_id`); `owner_id` is the owner of `archived_with`."""
    return community_event(
        community_id,
        events_pb2.CommunityArchived(
            community_id=community_id,
            archived_with=archived_with,
            archived_by=by,
            archived_at=timestamp(at),
            removal_id=removal_id,
            owner_id=owner_id,
        ),
        at,
    )


def unarchived(community_id: str, by: str, at: datetime, removal_id: str = "") -> OutgoingEvent:
    """`by` is "" when the platform's staff reversed their closure (`removal_id`)."""
    return community_event(
        community_id,
        events_pb2.CommunityUnarchived(
            community_id=community_id, unarchived_by=by, unarchived_at=timestamp(at), removal_id=removal_id
        ),
        at,
    )
