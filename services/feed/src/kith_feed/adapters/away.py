"""Who is away: people who deactivated their account (lua/away.lua keeps the flag) and people
erased since (the tombstone list). Every read hides them: their posts, and their names in
notifications and on leaderboards."""

from __future__ import annotations

from collections.abc import Iterable

from kith_feed.adapters.keys import ERASED_USERS, user_key
from kith_platform.redis_client import AnyRedis


async def away_among(redis: AnyRedis, user_ids: Iterable[str]) -> frozenset[str]:
    """Those of these users who are away, in one round trip."""
    ids = sorted(set(user_ids))
    if not ids:
        return frozenset()
    pipe = redis.pipeline(transaction=False)
    for user_id in ids:
        pipe.hget(user_key(user_id), "away")
    pipe.zmscore(ERASED_USERS, ids)
    *flags, erased = await pipe.execute()
    return frozenset(u for u, flag, gone in zip(ids, flags, erased, strict=True)
                     if flag is not None or gone is not None)
