"""What happens when identity ends sessions or erases an account: the sessions' tokens are refused
from then on (admission asks on every call), and the rate-limit bucket named after the erased user
goes (revoked-session records carry session ids only: it is the one key named after a user)."""

from __future__ import annotations

from kith_gateway.domain.ports import RateLimitBuckets, RevokedSessions


class Revocations:
    def __init__(self, revoked: RevokedSessions, buckets: RateLimitBuckets) -> None:
        self.revoked = revoked
        self.buckets = buckets

    async def apply(self, ended_sessions: list[str], erased_users: list[str]) -> None:
        """Idempotent: a batch delivered again changes nothing."""
        if ended_sessions:
            await self.revoked.add(ended_sessions)
        if erased_users:
            await self.buckets.forget_users(erased_users)
