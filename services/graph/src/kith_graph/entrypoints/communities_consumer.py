"""Mirrors communities and memberships into the graph, for suggestions."""

from __future__ import annotations

from kith.communities.v1 import communities_pb2
from kith.communities.v1 import events_pb2 as community_events
from kith_graph.domain.ports import GraphStore
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import COMMUNITIES_COMMUNITIES

VISIBILITY = {
    communities_pb2.VISIBILITY_PUBLIC: "public",
    communities_pb2.VISIBILITY_PRIVATE: "private",
    communities_pb2.VISIBILITY_HIDDEN: "hidden",
}


def communities_consumer(bootstrap: str, store: GraphStore) -> KafkaEventConsumer:
    async def apply(events: list) -> None:
        # MERGE/DELETE of the latest fact, in per-community order: replays are harmless.
        for event in events:
            match event:
                case community_events.CommunityCreated() | community_events.CommunityUpdated():
                    # An update carries the whole public description: overwrite the mirror's copy.
                    await store.upsert_community(
                        event.community_id,
                        event.name,
                        event.slug,
                        VISIBILITY.get(event.visibility, "hidden"),
                        list(event.topics),
                    )
                case community_events.MemberJoined():
                    await store.set_membership(
                        event.community_id, event.user_id, True, event.joined_at.ToMilliseconds()
                    )
                case community_events.MemberLeft():
                    await store.set_membership(event.community_id, event.user_id, False, event.left_at.ToMilliseconds())
                case community_events.MemberBanned():
                    await store.set_membership(
                        event.community_id, event.user_id, False, event.banned_at.ToMilliseconds()
                    )
                case community_events.CommunityArchived():
                    await store.set_community_archived(event.community_id, True)
                case community_events.CommunityUnarchived():
                    await store.set_community_archived(event.community_id, False)
                case community_events.MemberRemoved():
                    await store.set_membership(
                        event.community_id, event.user_id, False, event.removed_at.ToMilliseconds()
                    )

    return KafkaEventConsumer(
        bootstrap, [COMMUNITIES_COMMUNITIES], "kith-graph-communities", apply, name="graph-communities"
    )
