"""The adapters that differ when the stream worker's code replays history into the read model
(`kith rebuild-read-model`, entrypoints/rebuild.py) instead of applying events as they come.

What the worker announces as it applies an event was announced the first time: the replay adds
nothing to people's live channels (no "new posts" hint, no live item per notification) and puts
nothing in the outbox of the feed's own events (badges and trust levels, announced under event
ids derived from what they say, which consumers already have). Everything else is the worker's
own adapter.
"""

from __future__ import annotations

from kith_feed.adapters.outbox import RedisOutbox
from kith_feed.domain.ports import LiveItems


class SpentOutbox(RedisOutbox):
    """An outbox whose new envelopes go nowhere (their events were published the first time); it
    reads and relays the real outbox like the worker's, so nothing already waiting there is lost."""

    async def add(self, community_id: str, envelope: bytes) -> None:
        return None


class ReplayedLiveItems(LiveItems):
    """No hints while replaying; an erasure still takes the person out of the live logs."""

    def __init__(self, live: LiveItems) -> None:
        self.live = live

    async def hint_home_feeds(self, reached: dict[str, str], authors: set[str]) -> int:
        return 0

    async def erase(self, user_id: str) -> int:
        return await self.live.erase(user_id)
