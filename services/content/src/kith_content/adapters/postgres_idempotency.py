"""PostgreSQL adapter of idempotency keys: each stored in the transaction of the write it keys
(claim_key, called by add_post and add_comment), read back for a repeat, swept when expired."""

from __future__ import annotations

import uuid
from datetime import datetime

from kith_content.adapters import sql_idempotency
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.ports import IdempotencyKeys
from kith_platform.idempotency import Claim, KeyTaken, NewClaim


async def claim_key(conn, claim: NewClaim | None, resource_id: str) -> None:
    """Store the key with what the write makes, first in its transaction; KeyTaken (the write
    then rolls back) when a call with the same key that is still kept committed first."""
    if claim is None:
        return
    stored = await conn.fetchval(
        sql_idempotency.CLAIM_KEY,
        uuid.UUID(claim.user_id),
        claim.key,
        claim.fingerprint,
        uuid.UUID(resource_id),
        claim.at,
        claim.free_before,
    )
    if stored is None:
        raise KeyTaken(claim.key)


class PostgresIdempotencyKeys(PoolAdapter, IdempotencyKeys):
    async def key_claim(self, user_id: str, key: str) -> Claim | None:
        row = await self.pool.fetchrow(sql_idempotency.KEY_CLAIM, uuid.UUID(user_id), key)
        if row is None:
            return None
        return Claim(bytes(row["fingerprint"]), str(row["resource_id"]), row["created_at"])

    async def forget_keys(self, before: datetime, limit: int) -> int:
        status = await self.pool.execute(sql_idempotency.FORGET_KEYS, before, limit)
        return int(status.rsplit(" ", 1)[-1])
