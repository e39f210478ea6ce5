"""Benchmark: the CPU of one feed read in the process that serves it, without gRPC: the feed's
own use cases (FeedReads.home, .timeline) on the running platform's Redis, for random Reed98
readers, one read at a time.

What it isolates: the read path's Python and Redis-client cost (the gateway serves these reads
itself, KITH_FEED_READS=local, so this is most of a GetHomeFeed's gateway CPU beside the gRPC
server's and the interceptors'). Rounds of --calls reads; the median and lowest CPU ms per read
of the rounds are printed (a 2-core VM's speed drifts; compare two versions within one run:
bench/ab_feed_read_cpu.sh).

  uv run python bench/feed_read_cpu.py [--kind home|timeline|both] [--rounds 10] [--calls 300]

Needs `make up` and the socfb-Reed98 accounts of `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path

import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mixed_workload import DEFAULT_STATE, read_reed98

from kith_feed.bootstrap import build_reads
from kith_feed.config import FeedSettings


async def measure(kind: str, rounds: int, calls: int, redis_url: str, seed: int) -> dict:
    _, users, _ = read_reed98(DEFAULT_STATE)
    ids = sorted(users.values())
    reads, client = build_reads(FeedSettings(redis_url=redis_url))
    rng = random.Random(seed)

    async def one() -> None:
        if kind == "home":
            await reads.home(rng.choice(ids), 10, "", False)
        else:
            await reads.timeline(rng.choice(ids), rng.choice(ids), 10, "")

    try:
        for _ in range(calls):  # warm-up: connections, caches
            await one()
        per_round = []
        for _ in range(rounds):
            started = time.process_time()
            for _ in range(calls):
                await one()
            per_round.append((time.process_time() - started) * 1000 / calls)
    finally:
        await client.aclose()
    return {"median_ms": round(statistics.median(per_round), 3), "lowest_ms": round(min(per_round), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=["home", "timeline", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--redis", default="redis://127.0.0.1:16379/0")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    kinds = ["home", "timeline"] if args.kind == "both" else [args.kind]
    uvloop.install()
    figures = {k: asyncio.run(measure(k, args.rounds, args.calls, args.redis, args.seed)) for k in kinds}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
