"""The live channel (messaging's own events become people's live items, service_layer.live_delivery);
mirrors of relationships (graph events: follows and friendships decide who may write
directly; blocks end direct conversations) and of deactivated accounts (identity events), and
erasure (identity's UserErased), and removals of messages by the platform's staff (identity's
ContentRemovedByStaff and ContentRestoredByStaff); facts naming an erased user are ignored."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.live_delivery import LiveDelivery
from kith_messaging.service_layer.messages import MessageHandlers
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import COMMUNITIES_COMMUNITIES, GRAPH_RELATIONSHIPS, IDENTITY_USERS, MESSAGING_CONVERSATIONS
from kith_platform.relationship_facts import pair_facts

log = logging.getLogger("kith.messaging")


def _at(ts):
    return ts.ToDatetime(tzinfo=UTC)


def _at_or_now(e, field: str) -> datetime:
    return _at(getattr(e, field)) if e.HasField(field) else datetime.now(UTC)


def graph_consumer(bootstrap: str, handlers: MessagingHandlers) -> KafkaEventConsumer:
    mirror = handlers.repo.mirror

    async def apply(events: list) -> None:
        # Each write keeps the newest fact per pair: redelivery and reordering are harmless.
        for e in events:
            for fact in pair_facts(e):
                if fact.kind == "block":  # a block also ends the pair's direct conversation
                    await handlers.apply_block(fact.subject, fact.other, fact.holds, fact.at)
                else:
                    await mirror(fact.kind, fact.subject, fact.other, fact.holds, fact.at)

    return KafkaEventConsumer(bootstrap, [GRAPH_RELATIONSHIPS], "kith-messaging-graph", apply, name="messaging-graph")


def _staff_ids(e) -> tuple[str, str] | None:
    """(removal id, message id) of a removal or restore by the platform's staff that names a
    message; None for any other target, or ids that are not ids (skipped, not fatal)."""
    if e.target_kind != trust_safety_pb2.REPORT_TARGET_KIND_MESSAGE:
        return None
    try:
        return str(uuid.UUID(e.removal_id)), str(uuid.UUID(e.target_id))
    except ValueError:
        log.error("skipping a staff removal with a malformed id")
        return None


def identity_consumer(bootstrap: str, handlers: MessagingHandlers, messages: MessageHandlers) -> KafkaEventConsumer:
    """Also one of identity's mirror pushes: a removal by the platform's staff holds when its call
    returns. Applying a removal or a restore again changes nothing."""

    async def apply(events: list) -> None:
        # The newest fact per user wins; erasure runs again harmlessly.
        for e in events:
            match e:
                case identity_events.UserDeactivated():
                    await handlers.apply_deactivation(e.user_id, True, _at(e.deactivated_at))
                case identity_events.UserReactivated():
                    await handlers.apply_deactivation(e.user_id, False, _at(e.reactivated_at))
                case identity_events.UserErased():
                    await handlers.erase_user(e.user_id, _at(e.erased_at))
                case identity_events.ContentRemovedByStaff() if (ids := _staff_ids(e)) is not None:
                    await messages.remove_by_staff(*ids, _at_or_now(e, "removed_at"))
                case identity_events.ContentRestoredByStaff() if (ids := _staff_ids(e)) is not None:
                    await messages.restore_by_staff(*ids, _at_or_now(e, "restored_at"))

    return KafkaEventConsumer(bootstrap, [IDENTITY_USERS], "kith-messaging-identity", apply, name="messaging-identity")


def live_consumer(bootstrap: str, delivery: LiveDelivery) -> KafkaEventConsumer:
    async def apply(events: list) -> None:
        # In order per conversation (the topic's key); every item's key comes from its event, so
        # a batch applied again after a failure appends nothing twice.
        await delivery.apply_batch(events)

    return KafkaEventConsumer(bootstrap, [MESSAGING_CONVERSATIONS], "kith-messaging-live", apply, name="messaging-live")


VISIBILITIES = {
    communities_pb2.VISIBILITY_PUBLIC: "public",
    communities_pb2.VISIBILITY_PRIVATE: "private",
    communities_pb2.VISIBILITY_HIDDEN: "hidden",
}
ROLES = {
    communities_pb2.ROLE_MEMBER: "member",
    communities_pb2.ROLE_MODERATOR: "moderator",
    communities_pb2.ROLE_ADMIN: "admin",
    communities_pb2.ROLE_OWNER: "owner",
}


def communities_consumer(bootstrap: str, handlers: MessagingHandlers) -> KafkaEventConsumer:
    """Who may read and write a community's rooms: its visibility, memberships with roles, bans
    and mutes (the newest fact per key wins; facts naming an erased user are ignored). Also one of
    the communities service's mirror pushes, so a removal or a ban holds when its call returns."""
    repo = handlers.repo

    async def apply(events: list) -> None:
        for e in events:
            match e:
                case community_events.CommunityCreated() if e.visibility in VISIBILITIES:
                    await repo.mirror_community(e.community_id, VISIBILITIES[e.visibility], _at(e.created_at))
                    if e.owner_id:
                        await repo.mirror_community_member(e.community_id, e.owner_id, "owner", True, _at(e.created_at))
                case community_events.CommunityUpdated() if e.visibility in VISIBILITIES:
                    await repo.mirror_community(e.community_id, VISIBILITIES[e.visibility], _at(e.updated_at))
                case community_events.MemberJoined():
                    await repo.mirror_community_member(
                        e.community_id, e.user_id, ROLES.get(e.role, "member"), True, _at(e.joined_at)
                    )
                case community_events.MemberRoleChanged() if e.role in ROLES:
                    await repo.mirror_community_member(
                        e.community_id, e.user_id, ROLES[e.role], True, _at(e.changed_at)
                    )
                case community_events.MemberLeft():
                    await repo.mirror_community_member(e.community_id, e.user_id, None, False, _at(e.left_at))
                case community_events.MemberRemoved():
                    await repo.mirror_community_member(e.community_id, e.user_id, None, False, _at(e.removed_at))
                case community_events.MemberBanned():
                    at = _at(e.banned_at)
                    await repo.mirror_community_member(e.community_id, e.user_id, None, False, at)
                    await repo.mirror_community_ban(
                        e.community_id, e.user_id, True, _at(e.until) if e.HasField("until") else None, at
                    )
                case community_events.MemberUnbanned():
                    await repo.mirror_community_ban(e.community_id, e.user_id, False, None, _at(e.unbanned_at))
                case community_events.MemberMuted() if e.HasField("until"):
                    await repo.mirror_community_mute(e.community_id, e.user_id, _at(e.until))

    return KafkaEventConsumer(
        bootstrap, [COMMUNITIES_COMMUNITIES], "kith-messaging-communities", apply, name="messaging-communities"
    )
