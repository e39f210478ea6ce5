"""The mirror of blocks (graph events) that profiles, people search and handle resolution are
filtered with."""

from __future__ import annotations

from datetime import UTC

from kith.graph.v1 import events_pb2 as graph_events
from kith_identity.domain.ports import AccountRepository
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import GRAPH_RELATIONSHIPS


def _at(ts):
    return ts.ToDatetime(tzinfo=UTC)


def graph_consumer(bootstrap: str, accounts: AccountRepository) -> KafkaEventConsumer:
    """Blocks from graph.relationships.v1. `apply` is also called directly (kith_platform.mirrors)
    so that a block holds by the time Block returns: it keeps the newest fact per pair by the
    event's own time, so redelivery, reordering and applying twice are harmless."""

    async def apply(events: list) -> None:
        for e in events:
            match e:
                case graph_events.UserBlocked():
                    await accounts.mirror_block(e.blocker_id, e.blocked_id, True, _at(e.blocked_at))
                case graph_events.UserUnblocked():
                    await accounts.mirror_block(e.blocker_id, e.blocked_id, False, _at(e.unblocked_at))

    return KafkaEventConsumer(bootstrap, [GRAPH_RELATIONSHIPS], "kith-identity-graph", apply, name="identity-graph")
