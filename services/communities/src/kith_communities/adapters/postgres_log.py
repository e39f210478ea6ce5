"""The moderation log's one write: an entry in the caller's transaction, from every adapter whose
change moderators see (role changes, bans, join requests answered, settings, moves, archives,
reports resolved)."""

from __future__ import annotations

import uuid

from kith_communities.adapters import sql


async def write_log(tx, community_id, actor, action, target, reason="", details="") -> None:
    await tx.execute(
        sql.INSERT_LOG,
        uuid.UUID(community_id),
        uuid.UUID(actor) if actor else None,  # None: nobody did it (the platform's staff, unnamed)
        action,
        uuid.UUID(target) if target else None,
        reason,
        details,
    )
