"""Mirrors of blocks (graph events) and deactivated accounts (identity events) that member
lists, join requests and invitations are filtered with; erasure of accounts (UserErased)."""

from __future__ import annotations

from datetime import UTC, datetime

from kith.identity.v1 import events_pb2 as identity_events
from kith_communities.domain.ports import ErasureRepository, People
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import GRAPH_RELATIONSHIPS, IDENTITY_USERS
from kith_platform.relationship_facts import pair_facts


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


def identity_consumer(bootstrap: str, people: People, erasure: ErasureRepository) -> KafkaEventConsumer:
    """Deactivated accounts and erasures from identity.users.v1."""

    async def apply(events: list) -> None:
        for e in events:
            match e:
                case identity_events.UserDeactivated():
                    await people.mirror_user(e.user_id, True, _at(e.deactivated_at))
                case identity_events.UserReactivated():
                    await people.mirror_user(e.user_id, False, _at(e.reactivated_at))
                case identity_events.UserErased():
                    # One transaction: a crash halfway leaves nothing done, and the redelivery
                    # (the batch is not committed) does it all; applying it again changes nothing.
                    await erasure.erase(e.user_id, _at(e.erased_at) if e.HasField("erased_at") else datetime.now(UTC))

    return KafkaEventConsumer(
        bootstrap, [IDENTITY_USERS], "kith-communities-identity", apply, name="communities-identity"
    )
