"""A Redis Cluster primary killed under load (`make test-redis-cluster`, where the feed API, the
stream worker, the live edge, messaging and the gateway use the local cluster of 3 primaries,
each with a replica; skipped on the standalone Redis).

While an author posts through the gateway and followers read their home feeds, the primary that
holds the first follower's home feed is killed with SIGKILL. Then:
- its replica takes its slots (after cluster-node-timeout, 5 s, and an election);
- the services find the new primary on their own: none is restarted, and the calls that failed
  did so only while the slots had no primary;
- every post acknowledged reaches every follower's home feed exactly once;
- the old primary, started again, joins as the new one's replica.
The figures (time to fail over, calls failed by code) are printed with the fault figures."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass, field

import grpc
import pytest
import redis.asyncio as aioredis

from kith.live.v1 import live_pb2_grpc
from kith_feed.adapters.keys import home_key
from kith_feed.adapters.live_items import HINT_EVERY_SECONDS
from kith_platform.healthcheck import status
from kith_platform.testing import wait_until
from tests.integration.conftest import kithctl
from tests.integration.endpoints import REDIS_CLUSTER, SERVICE_ADDRESSES
from tests.integration.live_stream import Stream
from tests.integration.processes import supervised_pid

pytestmark = pytest.mark.skipif(
    not REDIS_CLUSTER, reason="needs the services on the Redis Cluster (make test-redis-cluster)"
)

CLUSTER_PORT = int(os.environ.get("KITH_REDIS_CLUSTER_PORT", "17001"))
NODES = 6
FOLLOWERS = 4
SERVICES = ["gateway", "feed-api", "messaging", "live"]
PROGRAMS = ["services:gateway", "services:feed-api", "services:feed-worker", "services:messaging", "services:live"]


def node_program(port: int) -> str:
    return f"redis-cluster:redis-cluster-{port - CLUSTER_PORT + 1}"


async def cluster_nodes(port: int) -> list[dict]:
    """CLUSTER NODES as seen from one node (redis-py parses it): port, flags, link, slot ranges."""
    client = aioredis.Redis(port=port, socket_timeout=2, decode_responses=True)
    try:
        nodes = await client.execute_command("CLUSTER NODES")
    finally:
        await client.aclose()
    return [
        {
            "port": int(address.split("@")[0].rsplit(":", 1)[1]),
            "flags": set(node["flags"].split(",")),
            "link": "connected" if node["connected"] else "disconnected",
            "slots": [(int(r[0]), int(r[-1])) for r in node["slots"]],
        }
        for address, node in nodes.items()
    ]


def serves(node: dict, slot: int) -> bool:
    return any(low <= slot <= high for low, high in node["slots"])


async def primary_of(slot: int, asking: int) -> int | None:
    """The port of the node serving `slot`, as node `asking` sees the cluster (None: no primary)."""
    for node in await cluster_nodes(asking):
        if "master" in node["flags"] and not node["flags"] & {"fail", "fail?"} and serves(node, slot):
            return node["port"]
    return None


@dataclass
class Load:
    api: object
    author: object
    followers: list
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    posts: list[str] = field(default_factory=list)
    failed: Counter = field(default_factory=Counter)  # code -> calls
    failures_at: list[float] = field(default_factory=list)
    calls: int = 0

    async def call(self, make_call) -> object | None:
        self.calls += 1
        try:
            return await make_call()
        except grpc.aio.AioRpcError as exc:
            self.failed[exc.code().name] += 1
            self.failures_at.append(time.monotonic())
            return None

    async def write(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            post = await self.call(lambda n=n: self.api.post(self.author, f"through a Redis failover {n}"))
            if post is not None:
                self.posts.append(post.post_id)
            await asyncio.sleep(0.2)

    async def read(self, reader) -> None:
        while not self.stop.is_set():
            await self.call(lambda: self.api.home_feed(reader, page_size=20))
            await asyncio.sleep(0.2)


async def test_a_killed_primary_fails_over_to_its_replica_under_load(api, gateway_channel):
    author = await api.sign_up("rfa")
    followers = [await api.sign_up("rff") for _ in range(FOLLOWERS)]
    for follower in followers:
        await api.follow(follower, author)
    pids_before = {program: supervised_pid(program) for program in PROGRAMS}

    probe = aioredis.Redis(port=CLUSTER_PORT, socket_timeout=2)
    try:
        slot = await probe.execute_command("CLUSTER KEYSLOT", home_key(followers[0].user_id))
    finally:
        await probe.aclose()
    victim = await primary_of(slot, CLUSTER_PORT)
    assert victim, "no primary serves the follower's home feed"
    survivor = next(CLUSTER_PORT + i for i in range(NODES) if CLUSTER_PORT + i != victim)
    program = node_program(victim)

    # The first follower's live stream stays open through the failover: its wake-up channel is
    # on the shard that fails over, with their home feed.
    stream = await Stream(live_pb2_grpc.LiveServiceStub(gateway_channel), followers[0]).open()
    load = Load(api, author, followers)
    tasks = [asyncio.create_task(load.write())] + [asyncio.create_task(load.read(f)) for f in followers]
    try:
        await asyncio.sleep(3)
        pid = supervised_pid(program)
        assert pid, f"{program} is not running"
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()

        async def promoted() -> int | None:
            port = await primary_of(slot, survivor)
            return port if port and port != victim else None

        new_primary = await wait_until(promoted, timeout=60, interval=0.2, what="the replica to take the slots over")
        failover_seconds = time.monotonic() - killed_at
        await asyncio.to_thread(kithctl, "ctl", "start", program)
        await asyncio.sleep(10)  # load after the failover, on the new primary
    finally:
        load.stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def rejoined() -> bool:
        old = next(n for n in await cluster_nodes(survivor) if n["port"] == victim)
        return "slave" in old["flags"] and not old["flags"] & {"fail", "fail?"} and old["link"] == "connected"

    await wait_until(rejoined, timeout=60, interval=0.5, what="the old primary to rejoin as a replica")
    assert await primary_of(slot, survivor) == new_primary

    # Every acknowledged post in every follower's home feed, once.
    async def delivered() -> bool:
        for follower in followers:
            ids = [item.post_id for item in (await api.home_feed(follower, page_size=100)).items]
            if sorted(set(ids) & set(load.posts)) != sorted(load.posts) or len(ids) != len(set(ids)):
                return False
        return True

    assert load.posts, "no post was acknowledged"
    await wait_until(delivered, timeout=90, interval=1, what="every acknowledged post in every follower's feed, once")

    # The stream held through the failover still gets what reaches the home feed: a hint for
    # this post, written on the new primary (hints are at most one per HINT_EVERY_SECONDS).
    await asyncio.sleep(HINT_EVERY_SECONDS)
    try:
        after = await api.post(author, "after the Redis failover")
        while (await stream.next_of("home_feed", timeout=30)).home_feed.post_id != after.post_id:
            pass
    finally:
        stream.close()

    # Failures only while the slots had no primary (and the moment after, while clients refresh
    # their slot maps): none in the last 5 s of the load.
    assert not [t for t in load.failures_at if t > killed_at + failover_seconds + 5], load.failed
    # A store that is failing over is a passing outage: UNAVAILABLE (or the deadline), never INTERNAL.
    assert set(load.failed) <= {"UNAVAILABLE", "DEADLINE_EXCEEDED"}, load.failed
    for name in SERVICES:
        assert await status(SERVICE_ADDRESSES[name], 5) == "SERVING", name
    assert {program: supervised_pid(program) for program in PROGRAMS} == pids_before, "a service was restarted"
    print(
        f"\nRedis failover: primary :{victim} killed, replica :{new_primary} serving after {failover_seconds:.1f} s; "
        f"{len(load.posts)} posts acknowledged, {load.calls} calls, failed {dict(load.failed) or 0}"
    )
