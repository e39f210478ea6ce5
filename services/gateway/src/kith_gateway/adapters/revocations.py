"""Ended sessions, as the gateway knows them from identity's SessionsRevoked events (Redis)."""

from __future__ import annotations

from kith_gateway.domain.ports import RevokedSessions
from kith_platform.redis_client import AnyRedis


class RedisRevokedSessions(RevokedSessions):
    """`gw:revoked:<session id>` exists while an access token of that session could still be unexpired."""

    def __init__(self, client: AnyRedis, ttl_seconds: int) -> None:
        self.redis = client
        self.ttl_seconds = ttl_seconds

    @staticmethod
    def key(session_id: str) -> str:
        return f"gw:revoked:{session_id}"

    async def add(self, session_ids: list[str]) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for session_id in session_ids:
            pipe.set(self.key(session_id), 1, ex=self.ttl_seconds)  # idempotent under redelivery
        await pipe.execute()

    async def is_revoked(self, session_id: str) -> bool:
        return bool(session_id) and bool(await self.redis.exists(self.key(session_id)))
