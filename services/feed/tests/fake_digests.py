"""A fake of the digest store (kith_feed.domain.digest.Digests), in memory, reading the fake feed
store's affinity and readers as the Redis adapter reads Redis."""

from __future__ import annotations

from kith_feed.domain.digest import CLOSE_TIES, Digest, Digests
from services.feed.tests.fake_community import FakeOutbox


class FakeDigests(Digests):
    def __init__(self, feeds, outbox: FakeOutbox) -> None:
        self.feeds = feeds  # FakeFeedStore: affinity and readers
        self.outbox = outbox
        self.kept: dict[str, Digest] = {}
        self.schedule_: dict[str, int] = {}
        self.seeded = False

    async def close_ties(self, user_id: str, count: int = CLOSE_TIES) -> dict[str, float]:
        return {a: float(w) for a, w in self.feeds.affinity[user_id].most_common(count)}

    async def latest(self, user_id: str) -> Digest | None:
        return self.kept.get(user_id)

    async def keep(self, digest: Digest, envelope: bytes | None) -> bool:
        kept = self.kept.get(digest.user_id)
        if kept is not None and kept.week_start_ms >= digest.week_start_ms:
            return False
        self.kept[digest.user_id] = digest
        if envelope is not None:
            await self.outbox.add(digest.user_id, envelope)
        return True

    async def schedule(self, user_id: str, due_ms: int) -> None:
        self.schedule_.setdefault(user_id, due_ms)

    async def reschedule(self, user_id: str, due_ms: int) -> None:
        if user_id in self.schedule_:
            self.schedule_[user_id] = due_ms

    async def take_due(self, now_ms: int, lease_ms: int, limit: int) -> list[str]:
        due = sorted((at, u) for u, at in self.schedule_.items() if at <= now_ms)[:limit]
        for _, u in due:
            self.schedule_[u] = now_ms + lease_ms
        return [u for _, u in due]

    async def seed(self, due_ms: int) -> int:
        if self.seeded:
            return 0
        self.seeded = True
        added = [u for u in self.feeds.activity if u not in self.schedule_]
        for u in added:
            self.schedule_[u] = due_ms
        return len(added)
