"""Feed API use cases."""

from __future__ import annotations

from dataclasses import dataclass

from kith_feed.adapters.redis_store import RedisFeedStore
from kith_feed.domain.model import Cursor, FeedEntry, page_size


@dataclass
class FeedReads:
    store: RedisFeedStore

    async def home_feed(self, user_id: str, requested_size: int, cursor: str) -> tuple[list[FeedEntry], str]:
        size = page_size(requested_size)
        entries, next_cursor = await self.store.home_page(user_id, size, Cursor.decode(cursor))
        return entries, next_cursor.encode() if next_cursor else ""
