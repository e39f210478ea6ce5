"""The live channel's one writer: every producer (the feed's stream worker, messaging) appends
items for people here, and the live edge (services/live) delivers them.

Per person, in the person's Redis Cluster slot (hash tag `{<user id>}`):
  live:{u}          stream  the person's items (field i: LiveItem bytes without cursor; field p:
                            the previous entry's id), capped by count (MAXLEN ~) and age (MINID ~),
                            and expiring with the age limit when nothing new comes
  live:{u}:keys     zset    item key (a digest) -> when appended (ms): an item key appended once
                            within the retention window is never appended again (a redelivered event)
  live:{u}:named-in set    whose logs hold items naming u (an actor): where erasure looks
  live:{u}:names    set     whom the items of u's log name (the other side of named-in); both
                            expire with the age limit
  live:{u}:coalesce:<name>  string  set while u may get no other <name> item (`due`)
  live:{u}:online   hash    live edge id -> until when (ms) it holds a stream of u: u is online
                            while one entry is in the future (each edge refreshes its own)
  live:{u}:last-seen string when u's last stream closed (ms)
  live:{u}:wake     channel a wake-up ("w") after each append, or an ephemeral item ("e" + bytes:
                            typing, presence; never stored). Sharded pub/sub (SPUBLISH) on a
                            Redis Cluster, so a message goes to the one shard of the person's slot.

An entry's id is the item's cursor (opaque to clients).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from google.protobuf.message import Message
from redis.asyncio.cluster import RedisCluster

from kith.live.v1 import live_pb2
from kith_platform.redis_client import AnyRedis, is_cluster, pipeline_with_scripts
from kith_platform.settings import LiveSettings

WAKE, EPHEMERAL = b"w", b"e"
_APPEND_LUA = (Path(__file__).parent / "lua" / "live_append.lua").read_text()


def stream_key(user_id: str) -> str:
    return f"live:{{{user_id}}}"


def keys_key(user_id: str) -> str:
    return f"live:{{{user_id}}}:keys"


def channel(user_id: str) -> str:
    return f"live:{{{user_id}}}:wake"


def named_in_key(user_id: str) -> str:
    return f"live:{{{user_id}}}:named-in"


def names_key(user_id: str) -> str:
    return f"live:{{{user_id}}}:names"


def online_key(user_id: str) -> str:
    return f"live:{{{user_id}}}:online"


def last_seen_key(user_id: str) -> str:
    return f"live:{{{user_id}}}:last-seen"


@dataclass(frozen=True)
class Retention:
    """How much of a person's live log is kept: at least max_items (Redis trims whole nodes, so
    a little more) and nothing older than max_age_seconds."""

    max_items: int = 10_000
    max_age_seconds: int = 86_400

    @classmethod
    def from_settings(cls, settings: LiveSettings) -> Retention:
        return cls(settings.live_max_items, settings.live_max_age_seconds)


DEFAULT_RETENTION = Retention()


def item(**payload: Message) -> bytes:
    """A LiveItem with one payload (e.g. `item(notification=NotificationItem(...))`), its kind
    named after the payload and stamped now, serialized for `append` or `ephemeral`."""
    ((name, value),) = payload.items()
    live = live_pb2.LiveItem(kind=name)
    live.at.FromMilliseconds(int(time.time() * 1000))
    getattr(live, name).CopyFrom(value)
    return live.SerializeToString()


def _script(redis: AnyRedis):
    # One registered script per client (redis-py keeps its SHA and reloads it after a restart).
    script = getattr(redis, "_kith_live_append", None)
    if script is None:
        script = redis.register_script(_APPEND_LUA)
        redis._kith_live_append = script  # type: ignore[union-attr]
    return script


async def append(
    redis: AnyRedis,
    user_ids: Iterable[str],
    key: str,
    item_bytes: bytes,
    retention: Retention = Retention(),
    names: Iterable[str] = (),
) -> dict[str, str | None]:
    """Append `item_bytes` to each person's live log and wake the edges holding their streams,
    once per (person, `key`) within the retention window: `key` must be deterministic from what
    caused the item (an event or notification id), so a redelivered event adds nothing.
    `names`: the other people the item names (actors, senders), so that erasing one of them
    finds it (`erase`). One pipeline for everyone. Returns each person's new cursor, None when
    skipped."""
    users = list(dict.fromkeys(u for u in user_ids if u))
    if not users:
        return {}
    script = _script(redis)
    # Kept as a digest: item keys often hold ids (of people, too), which erasure must not find.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    sharded = is_cluster(redis)
    calls = [_append_call(user, digest, item_bytes, retention, sharded=sharded) for user in users]
    named = [n for n in dict.fromkeys(names) if n]

    if isinstance(redis, RedisCluster):
        # redis-py's cluster pipelines refuse scripts: one call per person, all at once.
        replies = await asyncio.gather(*(script(keys, args) for keys, args in calls))
        if named:
            async with redis.pipeline(transaction=False) as pipe:
                _remember_names(pipe, users, named, retention)
                await pipe.execute()
    else:
        # One round trip for everything (again after a Redis restart is harmless: the key zset
        # skips what the first go appended, and adding names twice changes nothing).
        def fill(pipe) -> None:
            for keys, args in calls:
                pipe.evalsha(script.sha, len(keys), *keys, *args)
            if named:
                _remember_names(pipe, users, named, retention)

        replies = (await pipeline_with_scripts(redis, [script], fill))[: len(users)]
    return {u: (r.decode() if isinstance(r, bytes) else r) or None for u, r in zip(users, replies, strict=True)}


def _append_call(
    user: str, digest: str, item_bytes: bytes, retention: Retention, *, sharded: bool
) -> tuple[list[str], list[str | bytes]]:
    """The keys and arguments of live_append.lua for one person."""
    options = {
        "key": digest,
        "max_items": retention.max_items,
        "max_age_ms": retention.max_age_seconds * 1000,
        "channel": channel(user),
        "sharded": sharded,
    }
    return [stream_key(user), keys_key(user)], [json.dumps(options), item_bytes]


def _remember_names(pipe, users: list[str], named: list[str], retention: Retention) -> None:
    """Queue who names whom: each named person's `named-in` and each reader's `names`."""
    for person in named:
        pipe.sadd(named_in_key(person), *users)
        pipe.expire(named_in_key(person), retention.max_age_seconds)
    for user in users:
        pipe.sadd(names_key(user), *named)
        pipe.expire(names_key(user), retention.max_age_seconds)


async def ephemeral(redis: AnyRedis, user_ids: Iterable[str], item_bytes: bytes) -> None:
    """Send an item to whoever of these people has a stream open now (typing, presence): never
    stored, never replayed, no cursor."""
    users = list(dict.fromkeys(u for u in user_ids if u))
    if not users:
        return
    command = "SPUBLISH" if is_cluster(redis) else "PUBLISH"
    async with redis.pipeline(transaction=False) as pipe:
        for user in users:
            pipe.execute_command(command, channel(user), EPHEMERAL + item_bytes)
        await pipe.execute()


# The names `due` takes (erasure deletes each person's marks by name).
COALESCED = ("home_feed",)


def coalesce_key(user_id: str, name: str) -> str:
    return f"live:{{{user_id}}}:coalesce:{name}"


async def due(redis: AnyRedis, user_ids: Iterable[str], name: str, seconds: float) -> list[str]:
    """The people among `user_ids` who got no `name` item in the last `seconds` (each person is
    then marked for that long): at most one such item per person per window, however many
    causes (e.g. one "new posts" hint when a burst of posts reaches someone's home feed)."""
    if name not in COALESCED:
        raise ValueError(f"{name!r} is not in kith_platform.live.COALESCED")
    users = list(dict.fromkeys(u for u in user_ids if u))
    if not users:
        return []
    async with redis.pipeline(transaction=False) as pipe:
        for user in users:
            pipe.set(coalesce_key(user, name), 1, nx=True, px=max(1, int(seconds * 1000)))
        replies = await pipe.execute()
    return [u for u, taken in zip(users, replies, strict=True) if taken]


async def _drop_items_naming(redis: AnyRedis, reader: str, person: str) -> int:
    """Delete the entries of `reader`'s log whose item names `person` (their id in its bytes: an
    actor, a sender, a message's author). A stream positioned before a deleted entry then finds
    the chain broken and gets a resync, so a client reloads through the read paths, which apply
    every rule. Returns how many entries went."""
    needle = person.encode()
    entries = await redis.xrange(stream_key(reader)) or []
    ids = [entry_id for entry_id, fields in entries if entry_id and needle in (fields or {}).get(b"i", b"")]
    removed = await redis.xdel(stream_key(reader), *ids) if ids else 0
    async with redis.pipeline(transaction=False) as pipe:  # two slots: no transaction
        pipe.srem(names_key(reader), person)
        pipe.srem(named_in_key(person), reader)
        await pipe.execute()
    return removed


async def forget_between(redis: AnyRedis, a: str, b: str) -> int:
    """A block between a and b: neither log keeps an item naming the other, so a client that
    reconnects with an older cursor is not given one again. Repeatable. Returns how many went."""
    if not a or not b or a == b:
        return 0
    return await _drop_items_naming(redis, a, b) + await _drop_items_naming(redis, b, a)


async def forget_person(redis: AnyRedis, user_id: str) -> int:
    """A deactivation (and erasure): no log keeps an item naming the person (found through their
    `named-in` set). Repeatable. Returns how many entries went."""
    if not user_id:
        return 0
    removed = 0
    for raw in await redis.smembers(named_in_key(user_id)):
        reader = raw.decode() if isinstance(raw, bytes) else raw
        removed += await _drop_items_naming(redis, reader, user_id)
    return removed


async def erase(redis: AnyRedis, user_id: str) -> int:
    """Take an erased person out of the live logs (docs/erasure.md): their own log and keys go,
    and the entries of others' logs that name them are deleted (`forget_person`). Repeatable.
    Returns how many entries of others' logs went."""
    if not user_id:
        return 0
    removed = await forget_person(redis, user_id)
    for raw in await redis.smembers(names_key(user_id)):
        await redis.srem(named_in_key(raw.decode() if isinstance(raw, bytes) else raw), user_id)
    own = [
        stream_key(user_id),
        keys_key(user_id),
        *(coalesce_key(user_id, name) for name in COALESCED),
        named_in_key(user_id),
        names_key(user_id),
        online_key(user_id),
        last_seen_key(user_id),
    ]
    async with redis.pipeline(transaction=False) as pipe:
        for key in own:  # one by one: on a Redis Cluster, a multi-key DEL must stay in one slot
            pipe.delete(key)
        await pipe.execute()
    return removed


LAST_SEEN_KEPT_SECONDS = 90 * 86_400


async def mark_online(redis: AnyRedis, edge_id: str, user_ids: Iterable[str], ttl_seconds: float) -> None:
    """This edge holds streams of these people, for `ttl_seconds` unless refreshed (an edge that
    dies stops refreshing: its people go offline when their entries run out)."""
    users = list(dict.fromkeys(u for u in user_ids if u))
    if not users:
        return
    until = int((time.time() + ttl_seconds) * 1000)
    async with redis.pipeline(transaction=False) as pipe:
        for user in users:
            pipe.hset(online_key(user), edge_id, until)
            pipe.pexpire(online_key(user), int(ttl_seconds * 1000))
        await pipe.execute()


async def mark_offline(redis: AnyRedis, edge_id: str, user_id: str) -> None:
    """This edge holds no stream of the person any more: it is their last seen time."""
    async with redis.pipeline(transaction=False) as pipe:
        pipe.hdel(online_key(user_id), edge_id)
        pipe.set(last_seen_key(user_id), int(time.time() * 1000), ex=LAST_SEEN_KEPT_SECONDS)
        await pipe.execute()


async def presence(redis: AnyRedis, user_ids: Iterable[str]) -> dict[str, tuple[bool, int | None]]:
    """Each person's (online, last seen ms or None): online while some edge holds a stream of
    theirs. Who may see it (friends, unless hidden) is the caller's rule."""
    users = list(dict.fromkeys(u for u in user_ids if u))
    if not users:
        return {}
    async with redis.pipeline(transaction=False) as pipe:
        for user in users:
            pipe.hvals(online_key(user))
            pipe.get(last_seen_key(user))
        replies = await pipe.execute()
    now = int(time.time() * 1000)
    found = {}
    for i, user in enumerate(users):
        until, seen = replies[2 * i], replies[2 * i + 1]
        found[user] = (any(int(v) > now for v in until), int(seen) if seen is not None else None)
    return found
