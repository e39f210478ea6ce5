"""Redis adapter of the feed service's outboxes: the events the feed itself announces (mentorship
changes, badges, trust levels), one list per community, relayed to Kafka by the stream worker
(service_layer/outbox_relay.py) in the order written.

Keys:
  feed:m:{c}:outbox            list  the community's envelopes, oldest first
  feed:m:{c}:outbox-lock       string  held by the one relay of the community (expires)
  feed:mentorship-outbox-due   set   communities with envelopes waiting (its name is from when
                                     only mentorship wrote to the outboxes)

A change and its event are written together: mentorship's scripts push to the outbox in the
same atomic step as the change; a badge or trust level is pushed before it is kept (a crash in
between pushes it again under the same event id, which consumers drop). The due set is marked
before and after each write: a relay taking the community between the two finds the event on
its next round.
"""

from __future__ import annotations

from collections.abc import Callable

from kith_feed.adapters.keys import community_prefix
from kith_feed.adapters.scripts import lua
from kith_feed.domain.ports import Outbox
from kith_platform.redis_client import AnyRedis

OUTBOX_DUE = "feed:mentorship-outbox-due"


def outbox_key(community_id: str) -> str:
    return f"{community_prefix(community_id)}outbox"


class RedisOutbox(Outbox):
    """`key` names each owner's outbox (the digests' outboxes are per person: adapters/digests.py)."""

    def __init__(self, client: AnyRedis, due_key: str = OUTBOX_DUE, key: Callable[[str], str] = outbox_key) -> None:
        self.redis = client
        self.due_key = due_key
        self.key = key
        self._relayed = client.register_script(lua("outbox_relayed"))

    async def add(self, community_id: str, envelope: bytes) -> None:
        await self.mark_due(community_id)
        await self.redis.rpush(self.key(community_id), envelope)
        await self.mark_due(community_id)

    async def take_due(self, limit: int) -> list[str]:
        return [v.decode() if isinstance(v, bytes) else v for v in await self.redis.spop(self.due_key, limit) or []]

    async def mark_due(self, community_id: str) -> None:
        await self.redis.sadd(self.due_key, community_id)

    async def lock(self, community_id: str, ttl_ms: int = 30_000) -> bool:
        return bool(await self.redis.set(f"{self.key(community_id)}-lock", "1", nx=True, px=ttl_ms))

    async def unlock(self, community_id: str) -> None:
        await self.redis.delete(f"{self.key(community_id)}-lock")

    async def waiting(self, community_id: str, limit: int) -> list[bytes]:
        return list(await self.redis.lrange(self.key(community_id), 0, limit - 1))

    async def relayed(self, community_id: str, envelopes: list[bytes]) -> None:
        if envelopes:
            await self._relayed(keys=[self.key(community_id)], args=envelopes)
