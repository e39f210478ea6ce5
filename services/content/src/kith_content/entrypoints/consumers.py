"""Mirrors of relationships (graph events), memberships (communities events) and deactivated
accounts (identity events) that reads are filtered with, moderators' removals (communities
events) and the platform staff's removals and restorations (identity events), members' trust
levels (the feed worker's recognition events) that link review goes by, and erasure (identity's
UserErased); facts naming an erased user are ignored."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.feed.v1 import events_pb2 as feed_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2
from kith_content.domain.ports import ContentRepository, Mirrors
from kith_content.service_layer.erasure import ErasureHandlers
from kith_content.service_layer.moderation import ModerationHandlers
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import COMMUNITIES_COMMUNITIES, GRAPH_RELATIONSHIPS, IDENTITY_USERS, RECOGNITION_BADGES
from kith_platform.relationship_facts import pair_facts

log = logging.getLogger("kith.content.consumers")

TARGETS = {communities_pb2.REPORT_TARGET_POST: "post", communities_pb2.REPORT_TARGET_COMMENT: "comment"}
STAFF_TARGETS = {
    trust_safety_pb2.REPORT_TARGET_KIND_POST: "post",
    trust_safety_pb2.REPORT_TARGET_KIND_COMMENT: "comment",
}


def _at(ts):
    return ts.ToDatetime(tzinfo=UTC)


def graph_consumer(bootstrap: str, mirrors: Mirrors) -> KafkaEventConsumer:
    mirror = mirrors.mirror

    async def apply(events: list) -> None:
        # Each write keeps the newest fact per pair, and facts naming an erased user are ignored
        # (the SQL checks the tombstone list): redelivery and reordering are harmless.
        for e in events:
            for fact in pair_facts(e):
                await mirror(fact.kind, fact.subject, fact.other, fact.holds, fact.at)
            # Mutes, which only unread counts go by (the other mirroring services keep none).
            match e:
                case graph_events.UserMuted():
                    await mirror("mute", e.muter_id, e.muted_id, True, _at(e.muted_at))
                case graph_events.UserUnmuted():
                    await mirror("mute", e.muter_id, e.muted_id, False, _at(e.unmuted_at))

    return KafkaEventConsumer(bootstrap, [GRAPH_RELATIONSHIPS], "kith-content-graph", apply, name="content-graph")


def identity_consumer(
    bootstrap: str, mirrors: Mirrors, erasure: ErasureHandlers, moderation: ModerationHandlers
) -> KafkaEventConsumer:
    mirror_user = mirrors.mirror_user

    async def apply(events: list) -> None:
        # The newest fact per user wins, and an erased user's facts are ignored (the SQL checks
        # the tombstone list): redelivery and reordering are harmless. Erasure runs again harmlessly.
        # A staff removal takes only live content and remembers itself, and its reversal brings
        # back only what that removal still holds: applied again (pushed by identity before its
        # call returns, then from Kafka), either changes nothing.
        for e in events:
            match e:
                case identity_events.UserDeactivated():
                    await mirror_user(e.user_id, True, _at(e.deactivated_at))
                case identity_events.UserReactivated():
                    await mirror_user(e.user_id, False, _at(e.reactivated_at))
                case identity_events.UserErased():
                    await erasure.erase_user(e.user_id, _at(e.erased_at))
                case identity_events.ContentRemovedByStaff() if e.target_kind in STAFF_TARGETS:
                    target = STAFF_TARGETS[e.target_kind]
                    await moderation.remove_by_staff(target, e.target_id, e.removal_id, _at(e.removed_at))
                case identity_events.ContentRestoredByStaff() if e.target_kind in STAFF_TARGETS:
                    target = STAFF_TARGETS[e.target_kind]
                    await moderation.restore_by_staff(target, e.target_id, e.removal_id, _at(e.restored_at))

    return KafkaEventConsumer(bootstrap, [IDENTITY_USERS], "kith-content-identity", apply, name="content-identity")


def communities_consumer(
    bootstrap: str, content: ContentRepository, moderation: ModerationHandlers
) -> KafkaEventConsumer:
    mirror = content.mirror

    async def apply(events: list) -> None:
        # Membership facts naming an erased user are ignored (the SQL checks the tombstone list).
        for e in events:
            match e:
                case community_events.MemberJoined():
                    await mirror("member", e.community_id, e.user_id, True, _at(e.joined_at))
                case community_events.MemberLeft():
                    await mirror("member", e.community_id, e.user_id, False, _at(e.left_at))
                case community_events.MemberRemoved():
                    await mirror("member", e.community_id, e.user_id, False, _at(e.removed_at))
                case community_events.MemberBanned():
                    await mirror("member", e.community_id, e.user_id, False, _at(e.banned_at))
                case community_events.ContentRemoved() if e.target in TARGETS:
                    # Only content of that community: a report elsewhere cannot remove it. A
                    # moderator erased since is not named in what the removal announces.
                    by = "" if await content.erased_among([e.removed_by]) else e.removed_by
                    await moderation.remove(e.community_id, TARGETS[e.target], e.target_id, by, _at(e.removed_at))

    return KafkaEventConsumer(
        bootstrap, [COMMUNITIES_COMMUNITIES], "kith-content-communities", apply, name="content-communities"
    )


def recognition_consumer(bootstrap: str, mirrors: Mirrors) -> KafkaEventConsumer:
    mirror_trust = mirrors.mirror_trust

    async def apply(events: list) -> None:
        # The highest sequence per member wins, and an erased member's levels are ignored (the SQL
        # checks the tombstone list): redelivery and reordering are harmless.
        for e in events:
            if isinstance(e, feed_events.TrustLevelChanged):
                try:
                    community_id, user_id = str(uuid.UUID(e.community_id)), str(uuid.UUID(e.user_id))
                except ValueError:
                    log.error("skipping a TrustLevelChanged with a malformed id")
                    continue
                await mirror_trust(community_id, user_id, e.level, e.sequence, _at(e.changed_at))

    return KafkaEventConsumer(
        bootstrap, [RECOGNITION_BADGES], "kith-content-recognition", apply, name="content-recognition"
    )
