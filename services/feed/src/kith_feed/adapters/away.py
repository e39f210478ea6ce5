"""Who is away: people who deactivated their account (lua/away.lua keeps the flag) and people
erased since (the tombstone list). Every read hides them: their posts, and their names in
notifications and on leaderboards."""

from __future__ import annotations

from collections.abc import Iterable

from kith_feed.adapters.keys import ERASED_USERS, user_key
from kith_platform.redis_client import AnyRedis


def _away(away_flag: object, erased_score: object) -> bool:
    return away_flag is not None or erased_score is not None


def ask_away(pipe, user_id: str) -> None:
    """Queue on a pipeline the two replies `is_away` reads (with the caller's other reads)."""
    pipe.hget(user_key(user_id), "away")
    pipe.zscore(ERASED_USERS, user_id)


def is_away(replies: list) -> bool:
    return _away(*replies)


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
    return frozenset(u for u, flag, gone in zip(ids, flags, erased, strict=True) if _away(flag, gone))


async def profiles_among(redis: AnyRedis, user_ids: Iterable[str]) -> tuple[dict[str, dict], frozenset[str]]:
    """These users' profile hashes (fields as str; {} when the feed knows none) and those of
    them who are away, in one round trip."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}, frozenset()
    pipe = redis.pipeline(transaction=False)
    for user_id in ids:
        pipe.hgetall(user_key(user_id))
    pipe.zmscore(ERASED_USERS, ids)
    *hashes, erased = await pipe.execute()
    profiles = {u: {_text(k): _text(v) for k, v in fields.items()} for u, fields in zip(ids, hashes, strict=True)}
    return profiles, frozenset(u for u, gone in zip(ids, erased, strict=True) if _away(profiles[u].get("away"), gone))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
