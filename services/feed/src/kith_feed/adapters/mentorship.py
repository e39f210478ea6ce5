"""Redis adapter of mentorship in a community: mentors and their capacity, matches, and the
interests they are matched on. Each change is announced through the community's outbox
(adapters/outbox.py), written by the same script as the change."""

from __future__ import annotations

from kith_feed.adapters.keys import _s, community_prefix, interests_key
from kith_feed.adapters.outbox import RedisOutbox, outbox_key
from kith_feed.adapters.scripts import lua
from kith_feed.domain.recognition import Mentorship
from kith_platform.redis_client import AnyRedis


class RedisMentorship(Mentorship):
    def __init__(self, client: AnyRedis, outbox: RedisOutbox) -> None:
        self.redis = client
        self.outbox = outbox
        self._match = client.register_script(lua("mentor_match"))
        self._set_available = client.register_script(lua("mentor_available"))

    async def availability_changes(self, community_id: str, user_id: str) -> int:
        return int(await self.redis.hget(f"{community_prefix(community_id)}mentor-changes", user_id) or 0)

    async def set_available(
        self, community_id: str, user_id: str, capacity: int | None, changes: int, envelope: bytes
    ) -> int:
        p = community_prefix(community_id)
        await self.outbox.mark_due(community_id)
        outcome = int(
            await self._set_available(
                keys=[f"{p}mentors", f"{p}mentor-changes", outbox_key(community_id)],
                args=[user_id, str(capacity) if capacity else "", changes, envelope],
            )
        )
        if outcome == 1:
            await self.outbox.mark_due(community_id)
        return outcome

    async def mentors(self, community_id: str) -> dict[str, tuple[int, int]]:
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
        p = community_prefix(community_id)
        await self.outbox.mark_due(community_id)
        outcome, who = await self._match(
            keys=[f"{p}mentor-of", f"{p}mentors", f"{p}mentee-count", outbox_key(community_id)],
            args=[mentee, mentor, envelope],
        )
        if int(outcome) == 1:
            await self.outbox.mark_due(community_id)
        return int(outcome), _s(who)

    async def interests(self, user_id: str) -> set[str]:
        return {_s(t) for t in await self.redis.smembers(interests_key(user_id))}

    async def set_interests(self, user_id: str, topics: list[str]) -> None:
        key = interests_key(user_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(key)
        if topics:
            pipe.sadd(key, *topics)
        await pipe.execute()
