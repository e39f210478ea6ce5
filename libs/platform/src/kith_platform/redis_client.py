"""Redis clients: one standalone Redis or a Redis Cluster (KITH_REDIS_CLUSTER), same commands.

Code that must work on both keeps every Lua script's keys declared and in one slot (hash tags
such as `{user-id}`), sends multi-key commands only for keys of one slot, and pipelines with
`transaction=False` (the cluster client splits them by node).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, cast

import hiredis
import redis.asyncio as aioredis
import redis.exceptions
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from redis.commands.core import AsyncScript

AnyRedis = aioredis.Redis | RedisCluster
POOL_WAIT_SECONDS = 5
ROUND_TRIP_TIMEOUT_SECONDS = 5.0  # redis-py's own default socket timeout


class _RedisCluster(RedisCluster):
    """redis-py's cluster client, except that a cluster it cannot reach or map (every node down,
    slots without a master) raises ConnectionError, as an unreachable standalone Redis does,
    instead of RedisClusterException (which also means a programming error): callers retry it
    or fail open (kith_platform.errors.TRANSIENT_ERRORS)."""

    async def initialize(self, *args: Any, **kwargs: Any) -> RedisCluster:
        try:
            return await super().initialize(*args, **kwargs)
        except redis.exceptions.RedisClusterException as exc:
            raise redis.exceptions.ConnectionError(str(exc)) from exc


RESP_VERSION = 2
"""The wire protocol our clients speak. redis-py 8 speaks RESP3 by default and then converts each
reply back to the RESP2 shapes callers get (legacy_responses): every sorted-set score is formatted
back to bytes and parsed again, for instance. RESP2 gives the same shapes without the detour
(with the hiredis packer below and fewer replies per read, a home page read cost about 20% less
CPU: bench/ab_feed_read_cpu.sh)."""


class _Connection(aioredis.Connection):
    """redis-py's connection, packing commands with hiredis (C) instead of Python: a feed page's
    three pipelines are about 35 commands."""

    def pack_command(self, *args: Any) -> list[bytes]:
        if isinstance(args[0], str) and " " in args[0]:  # "SCRIPT LOAD": the server wants two words
            args = (*args[0].split(), *args[1:])
        return [hiredis.pack_command(args)]


class _Pipeline(aioredis.client.Pipeline):
    round_trip_timeout: float | None = None

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        async with asyncio.timeout(self.round_trip_timeout):
            return await super().execute(raise_on_error)


class _Redis(aioredis.Redis):
    """redis-py's standalone client with one deadline per round trip instead of one per reply.

    redis-py bounds every reply it reads with its socket timeout, each an `asyncio.timeout`
    (on Python 3.11, a getpid() system call and a timer each); a feed page's pipeline has about
    fifty replies, and this was 12.6% of the feed API's CPU under the mixed load (make profile
    PROFILE_ARGS='--native --folded'). Here the connections have no socket timeout and each
    command or pipeline, retries included, gets the whole timeout once. On expiry redis-py
    drops the connection (it may be mid-reply) and the caller gets TimeoutError, a transient
    error as before. Pub/sub reads pass their own timeouts and are unaffected."""

    round_trip_timeout: float | None = None

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        async with asyncio.timeout(self.round_trip_timeout):
            return await super().execute_command(*args, **options)

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> _Pipeline:
        pipe = _Pipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)
        pipe.round_trip_timeout = self.round_trip_timeout
        return pipe


def redis_client(url: str, *, cluster: bool = False, waiting_pool: int = 0, **options: Any) -> AnyRedis:
    """A client of the Redis at `url` (a Redis Cluster's node when `cluster`); it connects on its
    first command. `waiting_pool` (standalone only; a cluster client ignores it, its pools are per
    node): at most that many connections, and a command that finds them all busy waits for one (up
    to POOL_WAIT_SECONDS) instead of failing at once, as redis-py's default pool does past 100 (a
    burst of streams closing or reconnecting at once). `socket_timeout` (ROUND_TRIP_TIMEOUT_SECONDS
    unless given): on a standalone Redis, the bound of a whole command or pipeline (_Redis); on a
    cluster, of each reply."""
    options.setdefault("protocol", RESP_VERSION)
    if cluster:
        return _RedisCluster.from_url(url, **options)
    if url.startswith("redis://"):  # not rediss:// (TLS) nor unix://, whose connections differ
        options.setdefault("connection_class", _Connection)
    # A client made from a URL gets connections that never retry (redis-py passes its default
    # retry only to clients it builds a pool for): after a Redis restart, the first command on
    # each pooled connection would fail. Connection errors and timeouts are retried on a fresh
    # connection, three times, within about half a second.
    retry = options.pop("retry", None) or standalone_retry()
    round_trip_timeout = options.pop("socket_timeout", ROUND_TRIP_TIMEOUT_SECONDS)
    options["socket_timeout"] = None
    client: _Redis
    if waiting_pool:
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=waiting_pool, timeout=POOL_WAIT_SECONDS, **options
        )
        client = _Redis(connection_pool=pool, retry=retry)
        if round_trip_timeout is not None:
            round_trip_timeout += POOL_WAIT_SECONDS  # the wait for a connection is inside the bound
    else:
        client = cast(_Redis, _Redis.from_url(url, retry=retry, **options))
    client.round_trip_timeout = round_trip_timeout
    return client


def standalone_retry() -> Retry:
    return Retry(ExponentialWithJitterBackoff(base=0.05, cap=0.5), retries=3)


def is_cluster(client: object) -> bool:
    return isinstance(client, RedisCluster)


def hash_tag(key: str) -> str:
    """The part of `key` that Redis Cluster hashes: the first non-empty `{...}`, else the key."""
    start = key.find("{")
    if start != -1:
        end = key.find("}", start + 1)
        if end > start + 1:
            return key[start + 1 : end]
    return key


async def pipeline_with_scripts(
    client: aioredis.Redis, scripts: list[AsyncScript], fill: Callable[[aioredis.client.Pipeline], None]
) -> list:
    """Run one pipeline (standalone Redis) that `fill` queues, calling these scripts by
    `pipe.evalsha(script.sha, ...)`: one round trip. (redis-py's own script objects ask SCRIPT
    EXISTS before every pipeline that holds one: a second round trip each time.) When the
    server does not know a script (it restarted), the scripts are loaded and the pipeline goes
    again, so it must be harmless to run twice: a script refused by NOSCRIPT did nothing, but
    the plain commands beside it ran."""
    for attempt in (1, 2):
        async with client.pipeline(transaction=False) as pipe:  # gives its connection back on errors
            fill(pipe)
            try:
                return await pipe.execute()
            except redis.exceptions.NoScriptError:
                if attempt == 2:
                    raise
        for script in scripts:
            script.sha = await client.script_load(script.script)
    raise AssertionError("unreachable")
