"""The feed API's side of kith_platform.mirrors: safety changes (block, unfollow, unfriend,
mute, leave, removal, ban, deactivation) are applied to the read model before the call that
made them answers; the stream worker applies the same events from Kafka later, to no effect."""

from __future__ import annotations

from dataclasses import dataclass, field

from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.service_layer.projections import apply_fact
from kith_platform.events import COMMUNITIES_COMMUNITIES, GRAPH_RELATIONSHIPS, IDENTITY_USERS


@dataclass
class FactsMirror:
    store: RedisFeedStore
    topics: list[str] = field(default_factory=lambda: [IDENTITY_USERS, GRAPH_RELATIONSHIPS, COMMUNITIES_COMMUNITIES])

    async def apply(self, events: list) -> None:
        for event in events:
            await apply_fact(self.store, event)
