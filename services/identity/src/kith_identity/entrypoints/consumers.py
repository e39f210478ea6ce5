"""The mirror of blocks (graph events) that profiles, people search and handle resolution are
filtered with."""

from __future__ import annotations

from datetime import UTC

from kith_identity.domain.ports import AccountRepository
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import GRAPH_RELATIONSHIPS
from kith_platform.relationship_facts import pair_facts


def _at(ts):
    return ts.ToDatetime(tzinfo=UTC)


def graph_consumer(bootstrap: str, accounts: AccountRepository) -> KafkaEventConsumer:
    """Blocks from graph.relationships.v1. `apply` is also called directly (kith_platform.mirrors)
    so that a block holds by the time Block returns: it keeps the newest fact per pair by the
    event's own time, so redelivery, reordering and applying twice are harmless."""

    async def apply(events: list) -> None:
        for e in events:
            for fact in pair_facts(e):
                if fact.kind == "block":
                    await accounts.mirror_block(fact.subject, fact.other, fact.holds, fact.at)

    return KafkaEventConsumer(bootstrap, [GRAPH_RELATIONSHIPS], "kith-identity-graph", apply, name="identity-graph")
