"""Mirrors of blocks (graph events) and deactivated accounts (identity events) that member
lists, join requests and invitations are filtered with, and of who may invite each person
(identity's PrivacySettingsChanged); erasure of accounts (UserErased); and
closures of communities by the platform's staff (ContentRemovedByStaff, ContentRestoredByStaff),
which are applied once per removal: redelivered, they change nothing."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import trust_safety_pb2
from kith_communities.domain.ports import ErasureRepository, People
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import GRAPH_RELATIONSHIPS, IDENTITY_USERS
from kith_platform.privacy import FROM_PROTO
from kith_platform.relationship_facts import pair_facts

log = logging.getLogger("kith.communities")


def _at(ts):
    return ts.ToDatetime(tzinfo=UTC)


# `apply` of each consumer is also called directly (kith_platform.mirrors), so that a block or
# a deactivation holds by the time its call returns. Each write keeps the newest fact per pair
# (per user) by the event's own time: redelivery, reordering and applying twice are harmless.
# A fact naming an erased user is ignored by the write itself (the tombstone is checked under
# the person's erasure lock), so a late or redelivered event brings nothing back.


def graph_consumer(bootstrap: str, people: People) -> KafkaEventConsumer:
    """Blocks from graph.relationships.v1."""

    async def apply(events: list) -> None:
        for e in events:
            for fact in pair_facts(e):
                if fact.kind == "block":
                    await people.mirror_block(fact.subject, fact.other, fact.holds, fact.at)

    return KafkaEventConsumer(
        bootstrap, [GRAPH_RELATIONSHIPS], "kith-communities-graph", apply, name="communities-graph"
    )


def _staff_ids(e) -> tuple[str, str] | None:
    """(removal id, community id) of a closure or its reversal by the platform's staff; None for
    any other target, or ids that are not ids (skipped, not fatal)."""
    if e.target_kind != trust_safety_pb2.REPORT_TARGET_KIND_COMMUNITY:
        return None
    try:
        return str(uuid.UUID(e.removal_id)), str(uuid.UUID(e.target_id))
    except ValueError:
        log.error("skipping a staff closure with a malformed id")
        return None


def identity_consumer(
    bootstrap: str, people: People, erasure: ErasureRepository, communities: CommunityHandlers
) -> KafkaEventConsumer:
    """Deactivated accounts, who may invite each person, erasures, and closures of communities
    by the platform's staff (with their reversals) from identity.users.v1."""

    async def apply(events: list) -> None:
        for e in events:
            match e:
                case identity_events.UserDeactivated():
                    await people.mirror_user(e.user_id, True, _at(e.deactivated_at))
                case identity_events.UserReactivated():
                    await people.mirror_user(e.user_id, False, _at(e.reactivated_at))
                case identity_events.PrivacySettingsChanged():
                    reach = FROM_PROTO.get(e.settings.community_invitations)
                    if reach is None:  # every setting is in the event; unspecified is a bug upstream
                        log.error("skipping a PrivacySettingsChanged without community_invitations")
                        continue
                    await people.mirror_privacy(e.user_id, reach, _at(e.changed_at))
                case identity_events.UserErased():
                    # One transaction: a crash halfway leaves nothing done, and the redelivery
                    # (the batch is not committed) does it all; applying it again changes nothing.
                    await erasure.erase(e.user_id, _at(e.erased_at) if e.HasField("erased_at") else datetime.now(UTC))
                case identity_events.ContentRemovedByStaff() if (ids := _staff_ids(e)) is not None:
                    await communities.close_by_staff(*ids)
                case identity_events.ContentRestoredByStaff() if (ids := _staff_ids(e)) is not None:
                    await communities.reopen_by_staff(*ids)

    return KafkaEventConsumer(
        bootstrap, [IDENTITY_USERS], "kith-communities-identity", apply, name="communities-identity"
    )
