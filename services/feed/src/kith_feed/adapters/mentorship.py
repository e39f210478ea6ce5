"""Redis adapter of mentorship in a community: mentors and their capacity, matches, the
interests they are matched on, and the community's outbox of mentorship events."""

from __future__ import annotations

from kith_feed.adapters.keys import _s, community_prefix, interests_key
from kith_feed.adapters.scripts import lua
from kith_platform.redis_client import AnyRedis

# Mentorship changes are announced through an outbox of their community (written by the same
# script as the change) that the stream worker relays to Kafka; OUTBOX_DUE lists the communities
# with events waiting (added before and after each write: a relay taking the community between
# the two finds the event on its next round).
MENTORSHIP_OUTBOX_DUE = "feed:mentorship-outbox-due"


class RedisMentorship:
    def __init__(self, client: AnyRedis, outbox_due_key: str = MENTORSHIP_OUTBOX_DUE) -> None:
        self.redis = client
        self.outbox_due_key = outbox_due_key
        self._match = client.register_script(lua("mentor_match"))
        self._set_available = client.register_script(lua("mentor_available"))
        self._relayed = client.register_script(lua("outbox_relayed"))

    async def availability_changes(self, community_id: str, user_id: str) -> int:
        return int(await self.redis.hget(f"{community_prefix(community_id)}mentor-changes", user_id) or 0)

    async def set_available(
        self, community_id: str, user_id: str, capacity: int | None, changes: int, envelope: bytes
    ) -> int:
        """Opt in (with a capacity) or out, announcing it with `envelope` (built for change
        number `changes` + 1). 1: changed; 0: nothing to change; -1: `changes` is stale."""
        p = community_prefix(community_id)
        await self.redis.sadd(self.outbox_due_key, community_id)
        outcome = int(
            await self._set_available(
                keys=[f"{p}mentors", f"{p}mentor-changes", f"{p}outbox"],
                args=[user_id, str(capacity) if capacity else "", changes, envelope],
            )
        )
        if outcome == 1:
            await self.redis.sadd(self.outbox_due_key, community_id)
        return outcome

    async def mentors(self, community_id: str) -> dict[str, tuple[int, int]]:
        """Mentor -> (capacity, mentees)."""
        p = community_prefix(community_id)
        pipe = self.redis.pipeline(transaction=False)
        pipe.hgetall(f"{p}mentors")
        pipe.hgetall(f"{p}mentee-count")
        mentors, counts = await pipe.execute()
        counts = {_s(k): int(v) for k, v in counts.items()}
        return {_s(k): (int(v), counts.get(_s(k), 0)) for k, v in mentors.items()}

    async def mentor_of(self, community_id: str, user_id: str) -> str | None:
        value = await self.redis.hget(f"{community_prefix(community_id)}mentor-of", user_id)
        return None if value is None else _s(value)

    async def match(self, community_id: str, mentee: str, mentor: str, envelope: bytes) -> tuple[int, str]:
        """1: matched (and `envelope` is in the outbox); 0: the mentee already had the mentor
        returned; -1: the mentor has no room."""
        p = community_prefix(community_id)
        await self.redis.sadd(self.outbox_due_key, community_id)
        outcome, who = await self._match(
            keys=[f"{p}mentor-of", f"{p}mentors", f"{p}mentee-count", f"{p}outbox"], args=[mentee, mentor, envelope]
        )
        if int(outcome) == 1:
            await self.redis.sadd(self.outbox_due_key, community_id)
        return int(outcome), _s(who)

    # --- the outbox, relayed by the stream worker ---------------------------------------------

    async def take_outbox_due(self, limit: int) -> list[str]:
        return [_s(c) for c in await self.redis.spop(self.outbox_due_key, limit) or []]

    async def mark_outbox_due(self, community_id: str) -> None:
        await self.redis.sadd(self.outbox_due_key, community_id)

    async def lock_outbox(self, community_id: str, ttl_ms: int = 30_000) -> bool:
        """One relay per community at a time, so its events go out in the order written."""
        return bool(await self.redis.set(f"{community_prefix(community_id)}outbox-lock", "1", nx=True, px=ttl_ms))

    async def unlock_outbox(self, community_id: str) -> None:
        await self.redis.delete(f"{community_prefix(community_id)}outbox-lock")

    async def outbox(self, community_id: str, limit: int) -> list[bytes]:
        return list(await self.redis.lrange(f"{community_prefix(community_id)}outbox", 0, limit - 1))

    async def relayed(self, community_id: str, envelopes: list[bytes]) -> None:
        if envelopes:
            await self._relayed(keys=[f"{community_prefix(community_id)}outbox"], args=envelopes)

    async def interests(self, user_id: str) -> set[str]:
        return {_s(t) for t in await self.redis.smembers(interests_key(user_id))}

    async def set_interests(self, user_id: str, topics: list[str]) -> None:
        key = interests_key(user_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(key)
        if topics:
            pipe.sadd(key, *topics)
        await pipe.execute()
