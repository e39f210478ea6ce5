"""The feed API's side of kith_platform.mirrors: safety changes (block, unfollow, unfriend,
mute, leave, removal, ban, deactivation, a post removed by the platform's staff) are applied to
the read model before the call that made them answers; the stream worker applies the same
events from Kafka later, to no effect. Events about erased users are dropped here as there
(domain.erasure); an erasure handed over only adds the tombstone (hidden at once), the stream
worker takes the rest out."""

from __future__ import annotations

from dataclasses import dataclass, field

from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.domain.erasure import scrub
from kith_feed.domain.ports import Stores
from kith_feed.service_layer.erasure import erased_in
from kith_feed.service_layer.feed_updates import apply_fact, apply_staff_action
from kith_platform.events import COMMUNITIES_COMMUNITIES, GRAPH_RELATIONSHIPS, IDENTITY_USERS


@dataclass
class FactsMirror:
    store: Stores
    topics: list[str] = field(default_factory=lambda: [IDENTITY_USERS, GRAPH_RELATIONSHIPS, COMMUNITIES_COMMUNITIES])

    async def apply(self, events: list) -> None:
        erased = await erased_in(self.store, events)
        for event in events:
            if isinstance(event, identity_events.UserErased):
                if event.user_id:
                    await self.store.erasure.record(event.user_id)
                erased.add(event.user_id)
            elif (kept := scrub(event, erased)) is not None and not await apply_fact(self.store, kept):
                await apply_staff_action(self.store, kept)
