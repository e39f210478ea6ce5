"""Redis clients from settings (and, marked integration, against the local Redis)."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster

from kith_platform.errors import TRANSIENT_ERRORS
from kith_platform.redis_client import hash_tag, is_cluster, redis_client
from kith_platform.settings import RedisSettings


def test_the_setting_picks_the_client(monkeypatch):
    monkeypatch.setenv("KITH_REDIS_CLUSTER", "true")
    settings = RedisSettings()
    assert settings.redis_cluster
    cluster = redis_client(settings.redis_url, cluster=settings.redis_cluster)
    standalone = redis_client(settings.redis_url)
    assert isinstance(cluster, RedisCluster) and is_cluster(cluster)
    assert isinstance(standalone, aioredis.Redis) and not is_cluster(standalone)


def test_hash_tags_are_what_redis_cluster_hashes():
    assert hash_tag("feed:home:{u1}") == "u1"
    assert hash_tag("feed:notif-group:{u1}:g{x}") == "u1"  # the first tag only
    assert hash_tag("gw:rl:ip:10.0.0.1") == "gw:rl:ip:10.0.0.1"  # no tag: the whole key
    assert hash_tag("a{}b{c}") == "a{}b{c}"  # an empty tag does not count


async def test_an_unreachable_cluster_is_a_transient_error():
    client = redis_client("redis://127.0.0.1:1/0", cluster=True, socket_connect_timeout=0.2)
    try:
        with pytest.raises(TRANSIENT_ERRORS):
            await client.ping()
    finally:
        await client.aclose()


async def test_a_redis_that_never_answers_fails_a_command_or_pipeline_once_within_its_timeout():
    """One bound per round trip, not per reply (and not again per retry): a pipeline of fifty
    commands to a server that accepts and never answers fails after about socket_timeout, as a
    transient error, and the connection it held is not reused."""
    accepted: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = redis_client(f"redis://127.0.0.1:{port}/0", socket_timeout=0.3, protocol=2)
    try:
        for attempt in ("command", "pipeline"):
            started = time.monotonic()
            with pytest.raises(TRANSIENT_ERRORS):
                if attempt == "command":
                    await client.get("k")
                else:
                    async with client.pipeline(transaction=False) as pipe:
                        for i in range(50):
                            pipe.hgetall(f"post:{i}")
                        await pipe.execute()
            assert 0.25 <= time.monotonic() - started < 1.0, attempt
        assert len(accepted) == 2  # the first connection was dropped, not given back mid-reply
    finally:
        await client.aclose()
        server.close()


@pytest.mark.integration
async def test_a_connection_the_server_closed_is_retried_on_a_fresh_one():
    """What a Redis restart leaves in every pool: connections the server has closed. The next
    command on one goes to a new connection instead of failing (make up: the local Redis)."""
    from kith_platform.testing import redis_test_url

    client, admin = redis_client(redis_test_url("standalone")), redis_client(redis_test_url("standalone"))
    try:
        await client.ping()
        await admin.client_kill_filter(_id=await client.client_id())
        assert await client.ping()
    finally:
        await client.aclose()
        await admin.aclose()


def test_commands_are_packed_as_redis_py_packs_them():
    """The hiredis packer (kith_platform.redis_client._Connection) writes the same bytes as
    redis-py's own, a command name of two words ("SCRIPT LOAD") included."""
    import redis.asyncio as aioredis

    from kith_platform.redis_client import _Connection

    ours, theirs = _Connection(), aioredis.Connection()
    for command in (
        ("ZADD", "feed:home:{u}", 1712.5, "p1", 3, b"bytes\r\n"),
        ("SCRIPT LOAD", "return 1"),
        ("HSET", "k", "café", -7),
    ):
        assert b"".join(ours.pack_command(*command)) == b"".join(theirs.pack_command(*command))
