"""Benchmark: what the web port costs per call, beside native gRPC, in the same run.

--readers signed-up people who follow the same three authors (30 posts in their home feeds;
several readers so that the per-user rate limit, 60 calls a second, is not what is measured)
read the first page of their home feed (GetHomeFeed, page_size 20) --calls times per path, with --concurrency
calls in flight, alternating the paths in --rounds rounds:

  native     gRPC on the gateway's port (grpc.aio), what app clients use
  connect    the Connect protocol on the web port (the connectrpc client: what Connect-ES sends)
  grpc-web   gRPC-Web on the web port

Per path: the median over rounds of calls per second, of the median and p99 latency, and of the
gateway process's CPU time per call (user + system, from /proc, so the bridge's HTTP/1.1
parsing, its socket hop and the gateway's own work are all counted).

  uv run python bench/web_bridge.py [--calls 1000] [--concurrency 8] [--rounds 5] [--readers 40]

Needs the platform (`make up`). Prints a table and writes bench/results/web_bridge.json.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: tests.integration's clients

from kith.feed.v1 import feed_pb2
from kith_platform.testing import GatewayClient, wait_until
from tests.integration.endpoints import GATEWAY
from tests.integration.processes import supervised_pid
from tests.integration.web_client import WebApi

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "web_bridge.json"
HOME = "/kith.feed.v1.FeedService/GetHomeFeed"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


async def run_path(call, calls: int, concurrency: int, pid: int) -> dict[str, float]:
    latencies: list[float] = []
    queue = iter(range(calls))

    async def worker() -> None:
        for _ in queue:
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    cpu_before, wall_before = cpu_seconds(pid), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - wall_before, cpu_seconds(pid) - cpu_before
    latencies.sort()
    return {
        "calls_per_second": calls / wall,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
        "gateway_cpu_ms_per_call": 1000 * cpu / calls,
    }


async def main(args: argparse.Namespace) -> None:
    pid = supervised_pid("services:gateway")
    assert pid, "the gateway is not running (make up)"
    async with grpc.aio.insecure_channel(GATEWAY) as channel:
        api = GatewayClient(channel)
        readers = [await api.sign_up("bweb") for _ in range(args.readers)]
        for _ in range(3):
            author = await api.sign_up("bwebauthor")
            for reader in readers:
                await api.follow(reader, author)
            for i in range(10):
                await api.post(author, f"bench post {i}")
        for reader in readers:
            await wait_until(lambda r=reader: _has(api, r, 20), what="the readers' home feeds filled")
        request = feed_pb2.GetHomeFeedRequest(page_size=20)
        turn = itertools.cycle(readers)

        async def native() -> None:
            await api.feed.GetHomeFeed(request, metadata=next(turn).auth, timeout=10)

        async with WebApi("connect") as connect, WebApi("grpc-web") as grpc_web:

            def over(web: WebApi):
                async def call() -> None:
                    await web.call(HOME, request, token=next(turn).access_token)

                return call

            paths = {"native": native, "connect": over(connect), "grpc-web": over(grpc_web)}
            for call in paths.values():  # warm-up
                await run_path(call, 100, args.concurrency, pid)
            rounds: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
            for _ in range(args.rounds):
                for name, call in paths.items():
                    rounds[name].append(await run_path(call, args.calls, args.concurrency, pid))

    medians = {
        name: {key: statistics.median(r[key] for r in results) for key in results[0]}
        for name, results in rounds.items()
    }
    print(f"{'path':<10} {'calls/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'gateway CPU ms/call':>20}")
    for name, m in medians.items():
        print(
            f"{name:<10} {m['calls_per_second']:>8.0f} {m['p50_ms']:>7.2f} {m['p99_ms']:>7.2f} "
            f"{m['gateway_cpu_ms_per_call']:>20.3f}"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": f"{platform.node()} ({os.cpu_count()} cores)",
                "calls": args.calls,
                "concurrency": args.concurrency,
                "rounds": args.rounds,
                "medians": medians,
                "rounds_by_path": rounds,
            },
            indent=2,
        )
    )
    print(f"written {OUT.relative_to(ROOT)}")


async def _has(api: GatewayClient, reader, n: int) -> bool:
    return len((await api.home_feed(reader, page_size=n)).items) >= n


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--readers", type=int, default=40)
    asyncio.run(main(parser.parse_args()))
