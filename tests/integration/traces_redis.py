"""Where a user id is still found in a Redis (erasure tests): every key name, string value,
set and sorted-set member, hash field and value, list item and stream entry, on every master of
a Redis Cluster."""

from __future__ import annotations

from collections.abc import Iterable

from kith_platform.redis_client import AnyRedis, redis_client

BATCH = 500


def _b(value) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode()


async def traces_in(client: AnyRedis, user_id: str, allowed_keys: Iterable[str] = ()) -> list[str]:
    """Each place the id is found, as "<key>: <where>"; the allowed keys are not looked into."""
    needle = user_id.encode()
    allowed = {_b(k) for k in allowed_keys}
    found: list[str] = []
    names = [k for k in [_b(k) async for k in client.scan_iter(count=1000)] if k not in allowed]
    for start in range(0, len(names), BATCH):
        chunk = names[start : start + BATCH]
        pipe = client.pipeline(transaction=False)
        for key in chunk:
            pipe.type(key)
        kinds = [_b(k).decode() for k in await pipe.execute(raise_on_error=False)]
        pipe = client.pipeline(transaction=False)
        for key, kind in zip(chunk, kinds, strict=True):
            if kind == "string":
                pipe.get(key)
            elif kind == "set":
                pipe.smembers(key)
            elif kind == "zset":
                pipe.zrange(key, 0, -1)
            elif kind == "hash":
                pipe.hgetall(key)
            elif kind == "list":
                pipe.lrange(key, 0, -1)
            elif kind == "stream":
                pipe.xrange(key)
            else:  # gone meanwhile ("none")
                pipe.exists(key)
        for key, kind, value in zip(chunk, kinds, await pipe.execute(raise_on_error=False), strict=True):
            name = key.decode(errors="replace")
            if needle in key:
                found.append(f"{name}: key name")
            if isinstance(value, Exception) or value is None:
                continue
            if kind == "string" and needle in _b(value):
                found.append(f"{name}: value")
            elif kind in ("set", "zset", "list"):
                found += [f"{name}: {kind} member {_b(m)!r}" for m in value if needle in _b(m)]
            elif kind == "hash":
                for field, v in value.items():
                    if needle in _b(field) or needle in _b(v):
                        found.append(f"{name}: hash field {_b(field)!r} = {_b(v)[:80]!r}")
            elif kind == "stream":
                for entry_id, fields in value:
                    if any(needle in _b(f) or needle in _b(v) for f, v in fields.items()):
                        found.append(f"{name}: stream entry {_b(entry_id)!r}")
    return found


async def redis_traces(url: str, user_id: str, allowed_keys: Iterable[str] = (), *, cluster: bool = False) -> list[str]:
    """Every place `user_id` is found in the Redis at `url` (a node of a Redis Cluster when
    `cluster`), apart from the allowed keys."""
    client = redis_client(url, cluster=cluster)
    try:
        return await traces_in(client, user_id, allowed_keys)
    finally:
        await client.aclose()
