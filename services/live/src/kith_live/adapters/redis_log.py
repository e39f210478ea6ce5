"""Reading a person's live log (written by kith_platform.live.append)."""

from __future__ import annotations

from kith_live.domain.cursors import EMPTY, Entry
from kith_live.domain.ports import LiveLog
from kith_platform.live import stream_key
from kith_platform.redis_client import AnyRedis


def _s(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisLiveLog(LiveLog):
    def __init__(self, redis: AnyRedis) -> None:
        self.redis = redis

    async def position(self, user_id: str) -> str:
        """The newest entry's id, "0-0" when the log is empty."""
        newest = await self.redis.xrevrange(stream_key(user_id), "+", "-", count=1)
        return _s(newest[0][0]) if newest else EMPTY

    async def read_after(self, user_id: str, cursor: str, count: int) -> list[Entry]:
        rows = await self.redis.xrange(stream_key(user_id), f"({cursor}", "+", count=count)
        return [Entry(_s(entry_id), _s(fields.get(b"p", b"")), fields.get(b"i", b"")) for entry_id, fields in rows]
