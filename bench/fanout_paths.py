"""Benchmark: the feed's two fan-out paths on the same standalone Redis (issue 18).

RedisFanOut.posts (services/feed adapters/fan_out.py) has a Lua path (lua/fan_out.lua, one script call per 500 posts)
and a pipeline path (four pipelines per batch, what a Redis Cluster runs). This loads the
socfb-Reed98 follow graph (each edge both ways) into a scratch Redis database, then fans the
same kind of batches out through each path in turn, --repeats times, and compares per path:
the wall time per post in the worker's process, the Redis CPU per post (INFO cpu) and the
feed entries written (which must be equal). The scratch database is flushed before and after.

  uv run python bench/fanout_paths.py [--db 9] [--posts 3000] [--batch 100] [--repeats 3]

Needs the local Redis (`make up`). Prints a table and writes bench/results/fanout_paths.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from dataclasses import replace
from pathlib import Path

from kith_feed.adapters.fan_out import RedisFanOut
from kith_feed.adapters.keys import followers_key, following_key
from kith_feed.domain.model import PostSummary
from kith_platform.redis_client import redis_client

ROOT = Path(__file__).resolve().parents[1]
EDGES = ROOT / "data" / "socfb-Reed98" / "socfb-Reed98.edges"


async def _redis_cpu(client) -> float:
    info = await client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


async def _load_graph(client) -> list[str]:
    users: set[str] = set()
    pipe = client.pipeline(transaction=False)
    for line in EDGES.read_text().splitlines():
        if not line.strip() or line.startswith("%"):
            continue
        a, b = (f"reed-{x}" for x in line.split()[:2])
        users |= {a, b}
        for x, y in ((a, b), (b, a)):
            pipe.sadd(followers_key(y), x)
            pipe.sadd(following_key(x), y)
    await pipe.execute()
    return sorted(users)


def _posts(users: list[str], n: int, rng: random.Random) -> list[PostSummary]:
    now = int(time.time() * 1000)
    return [
        PostSummary(
            post_id=str(uuid.uuid4()),
            author_id=rng.choice(users),
            text="a post of about sixty characters, as the mixed workload writes",
            created_at_ms=now + i,
            audience=rng.choice(("public", "followers", "friends")),
            hashtags=("bench",) if i % 5 == 0 else (),
        )
        for i in range(n)
    ]


async def _run(fan_out: RedisFanOut, posts: list[PostSummary], batch: int) -> tuple[float, float, int]:
    cpu0, t0, entries = await _redis_cpu(fan_out.redis), time.perf_counter(), 0
    for start in range(0, len(posts), batch):
        entries += await fan_out.posts(posts[start : start + batch])
    wall = time.perf_counter() - t0
    return wall, await _redis_cpu(fan_out.redis) - cpu0, entries


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis", default="redis://127.0.0.1:16379")
    parser.add_argument("--db", type=int, default=9, help="a scratch database, flushed before and after")
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=100, help="posts per fan_out_posts call (a worker batch)")
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args()
    client = redis_client(f"{opts.redis}/{opts.db}")
    await client.flushdb()
    try:
        users = await _load_graph(client)
        rng = random.Random(7)
        runs: dict[str, list[tuple[float, float, int]]] = {"lua": [], "pipelines": []}
        for _ in range(opts.repeats):
            posts = _posts(users, opts.posts, rng)
            for path in runs:  # the same authors and audiences, under new ids
                fan_out = RedisFanOut(client, in_lua=path == "lua")
                fresh = [replace(p, post_id=str(uuid.uuid4())) for p in posts]
                runs[path].append(await _run(fan_out, fresh, opts.batch))
    finally:
        await client.flushdb()
        await client.aclose()
    result = {
        path: {
            "wall_ms_per_post": round(statistics.median(w for w, _, _ in r) * 1000 / opts.posts, 3),
            "redis_cpu_ms_per_post": round(statistics.median(c for _, c, _ in r) * 1000 / opts.posts, 3),
            "entries_per_post": round(statistics.median(e for _, _, e in r) / opts.posts, 1),
        }
        for path, r in runs.items()
    }
    result["settings"] = vars(opts) | {"users": len(users)}
    print(f"{'path':<10} {'wall ms/post':>13} {'redis cpu ms/post':>18} {'entries/post':>13}")
    for path in runs:
        r = result[path]
        print(f"{path:<10} {r['wall_ms_per_post']:>13} {r['redis_cpu_ms_per_post']:>18} {r['entries_per_post']:>13}")
    out = ROOT / "bench" / "results" / "fanout_paths.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
