"""The live channel's benchmark: idle streams held by one live edge process (memory per stream),
and the time from a `kith_platform.live.append` call to the item arriving on the subscriber's
stream, beside a bare Redis PUBLISH -> subscriber round trip measured in the same run on the
same Redis.

It starts its own edge process (`python -m kith_live` on a free port, metrics off) so that the
figures are that process's alone, opens the streams straight to it (as the gateway would, with
the user id in metadata; one user per stream, so one channel subscription each), reads the
edge's resident memory before and after, then, with every stream open, appends to random users
one at a time and times each arrival.

  uv run python bench/live_channel.py [--streams 10000] [--samples 300]   (writes bench/results/live.json)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import grpc

from kith.live.v1 import live_pb2, live_pb2_grpc
from kith_platform import live
from kith_platform.healthcheck import status
from kith_platform.redis_client import redis_client

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "live.json"
REDIS_URL = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")
STREAMS_PER_CHANNEL = 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(values_ms: list[float]) -> dict:
    return {
        "samples": len(values_ms),
        "p50_ms": round(percentile(values_ms, 0.5), 3),
        "p99_ms": round(percentile(values_ms, 0.99), 3),
        "max_ms": round(max(values_ms), 3),
        "mean_ms": round(statistics.fmean(values_ms), 3),
    }


async def start_edge() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "KITH_GRPC_PORT": str(port),
        "KITH_METRICS_PORT": "0",
        "KITH_LOG_LEVEL": "WARNING",
        "KITH_SERVICE_NAME": "live-bench",
        "KITH_REDIS_URL": REDIS_URL,
    }
    log = open(os.environ.get("KITH_BENCH_LIVE_LOG", os.devnull), "ab")  # the child owns it
    process = subprocess.Popen([sys.executable, "-m", "kith_live"], env=env, stdout=log, stderr=subprocess.STDOUT)
    address = f"127.0.0.1:{port}"
    for _ in range(100):
        if await status(address) == "SERVING":
            return process, address
        await asyncio.sleep(0.1)
    process.kill()
    raise SystemExit("the live edge did not start")


class Subscriber:
    def __init__(self, stub, user: str, arrivals: dict[str, float], ready: asyncio.Event) -> None:
        self.user = user
        self.call = stub.Subscribe(live_pb2.SubscribeRequest(), metadata=(("x-kith-user-id", user),))
        self.task = asyncio.ensure_future(self._read(arrivals, ready))

    async def _read(self, arrivals, ready) -> None:
        try:
            async for item in self.call:
                if item.kind == "ready":
                    ready.set()
                else:
                    arrivals[item.home_feed.post_id] = time.perf_counter()
        except (grpc.aio.AioRpcError, asyncio.CancelledError):
            pass


async def open_streams(address: str, count: int, arrivals: dict) -> tuple[list, list[Subscriber]]:
    channels = [grpc.aio.insecure_channel(address) for _ in range(max(1, count // STREAMS_PER_CHANNEL))]
    subscribers = []
    for start in range(0, count, 500):
        batch = []
        for i in range(start, min(count, start + 500)):
            ready = asyncio.Event()
            stub = live_pb2_grpc.LiveServiceStub(channels[i % len(channels)])
            subscribers.append(Subscriber(stub, str(uuid.uuid4()), arrivals, ready))
            batch.append(ready.wait())
        await asyncio.wait_for(asyncio.gather(*batch), 120)
    return channels, subscribers


async def append_latency(redis, subscribers: list[Subscriber], arrivals: dict, samples: int) -> list[float]:
    found = []
    for _ in range(samples):
        who = random.choice(subscribers)
        label = uuid.uuid4().hex
        started = time.perf_counter()
        await live.append(redis, [who.user], label, live.item(home_feed=live_pb2.HomeFeedHint(post_id=label)))
        while label not in arrivals:
            if time.perf_counter() - started > 5:
                raise SystemExit("an appended item did not arrive within 5 s")
            await asyncio.sleep(0)
        found.append((arrivals.pop(label) - started) * 1000)
        await asyncio.sleep(0.005)
    return found


async def publish_latency(redis, samples: int) -> list[float]:
    """The baseline: PUBLISH on a channel to a subscriber of the same Redis (redis-py asyncio)."""
    channel = f"bench:live:{uuid.uuid4()}"
    pubsub = redis.pubsub()
    await pubsub.subscribe(channel)
    await pubsub.get_message(timeout=1)  # the subscribe confirmation
    found = []
    try:
        for _ in range(samples):
            started = time.perf_counter()
            await redis.publish(channel, b"x")
            while (await pubsub.get_message(timeout=5)) is None:
                raise SystemExit("a published message did not arrive")
            found.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.005)
    finally:
        await pubsub.aclose()
    return found


async def measure(streams: int, samples: int) -> dict:
    redis = redis_client(REDIS_URL)
    edge, address = await start_edge()
    try:
        await asyncio.sleep(0.5)
        before = rss_bytes(edge.pid)
        arrivals: dict[str, float] = {}
        started = time.perf_counter()
        channels, subscribers = await open_streams(address, streams, arrivals)
        opened_seconds = time.perf_counter() - started
        await asyncio.sleep(1.0)  # let the edge settle
        after = rss_bytes(edge.pid)
        appended = await append_latency(redis, subscribers, arrivals, samples)
        published = await publish_latency(redis, samples)
        for s in subscribers:
            s.call.cancel()
        await asyncio.gather(*(s.task for s in subscribers), return_exceptions=True)
        for channel in channels:
            await channel.close()
        per_stream = (after - before) / streams
        a, p = summary(appended), summary(published)
        return {
            "idle_streams": {
                "streams": streams,
                "one_edge_process": True,
                "opened_in_seconds": round(opened_seconds, 1),
                "edge_rss_before_mib": round(before / 2**20, 1),
                "edge_rss_after_mib": round(after / 2**20, 1),
                "memory_per_stream_kib": round(per_stream / 1024, 2),
            },
            "append_to_arrival": {
                **a,
                "with_streams_open": streams,
                "what": "kith_platform.live.append called -> the item read from the subscriber's "
                "stream (one edge process, direct gRPC, no gateway)",
                "baseline": {**p, "what": "redis-py PUBLISH -> a subscriber of the same Redis"},
                "ratio_p50": round(a["p50_ms"] / p["p50_ms"], 1),
                "ratio_p99": round(a["p99_ms"] / p["p99_ms"], 1),
            },
        }
    finally:
        edge.terminate()
        try:
            edge.wait(10)
        except subprocess.TimeoutExpired:
            edge.kill()
        await redis.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    report = asyncio.run(measure(args.streams, args.samples))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
