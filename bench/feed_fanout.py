"""Benchmark: feed fan-out from Kafka to Redis, post-to-feed latency and home-feed reads.

1. Fan-out throughput. The socfb-Reed98 graph (962 users, each edge a follow both ways, as
   DeathStarBench loads it) is written into the feed's read model (followers sets), then
   --posts PostPublished events by random Reed98 users go to Kafka; the running stream
   worker fans them out. One sentinel post per partition, written last, tells when every
   partition is done. Rate = feed entries written / elapsed. Baseline in the same run, on the
   same Redis: `redis-benchmark -P 64 -r 10000 -n 1000000 ZADD feed:__rand_int__ ...`; the two
   alternate --repeats times and the medians are compared. Measured with one stream worker
   and with two (--workers 1,2: extra `python -m kith_feed worker` processes join the same
   consumer group, as scaling the worker out does; one worker leaves Redis idle while it
   decodes the next batch, two keep it busy).
2. Post-to-feed latency through the gateway: CreatePost returns -> the post is in a
   follower's home feed (polled every 2 ms), p50 / p99: between fresh accounts (one author,
   40 followers) and between the socfb-Reed98 accounts loaded through the API by
   `kith load edges` (random author, random follower; skipped when they are not loaded).
3. Home-feed page reads (20 items) through the gateway, 8 in flight, beside a bare Redis
   range read plus a pipeline of 20 summaries on the same data.

  uv run python bench/feed_fanout.py [--posts 10000] [--repeats 3] [--workers 1,2] [--reads 2000]

Needs `make up`. Prints a table and writes bench/results/feed.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import statistics
import subprocess
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import grpc
import redis.asyncio as aioredis
from aiokafka import AIOKafkaProducer

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.feed.v1 import feed_pb2
from kith_feed.adapters.keys import (
    followers_key,
    following_key,
    home_key,
    post_key,
)
from kith_platform.events import CONTENT_POSTS, make_event, timestamp
from kith_platform.testing import GatewayClient, patiently

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EDGES = ROOT / "data" / "socfb-Reed98" / "socfb-Reed98.edges"
NAMESPACE = uuid.UUID("0b4f8e9a-3d7c-4b1e-9a55-2c6e7f1d8b30")


def user_id(n: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"socfb-Reed98:{n}"))


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(pick(0.99), 3),
        "p999_ms": round(pick(0.999), 3),
        "max_ms": round(ordered[-1], 3),
    }


def redis_baseline(port: int) -> float:
    out = subprocess.run(
        [
            "redis-benchmark",
            "-p",
            str(port),
            "-P",
            "64",
            "-r",
            "10000",
            "-n",
            "1000000",
            "-q",
            "ZADD",
            "feed:__rand_int__",
            "__rand_int__",
            "__rand_int__",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.findall(r"([0-9.]+) requests per second", out)[-1])


def post_event(author: str, at: datetime, text: str = "bench"):
    post_id = str(uuid.uuid4())
    return post_id, make_event(
        topic=CONTENT_POSTS,
        aggregate_id=post_id,
        producer="bench",
        occurred_at=at,
        payload=content_events.PostPublished(
            post_id=post_id,
            author_id=author,
            text=text,
            excerpt=text,
            audience=content_pb2.AUDIENCE_PUBLIC,
            created_at=timestamp(at),
        ),
    )


async def drop_baseline_keys(redis) -> None:
    """redis-benchmark's keys (feed:000000001234): removed before and after the baseline, so
    each run measures against empty keys and leaves nothing behind."""
    batch = []
    async for key in redis.scan_iter(match="feed:0*", count=10000):
        batch.append(key)
        if len(batch) == 5000:
            await redis.unlink(*batch)
            batch.clear()
    if batch:
        await redis.unlink(*batch)


WORKER_GROUP = "kith-feed-worker"
SENTINEL_TIMEOUT_SECONDS = 120  # the stream worker is down (or stuck) when a run takes this long


async def group_members(kafka: str) -> tuple[str, int]:
    """(state, number of members) of the stream workers' consumer group."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        group = (await admin.describe_consumer_groups([WORKER_GROUP]))[0].to_object()["groups"][0]
        return group["state"], len(group["members"])
    finally:
        await admin.close()


async def scale_workers(kafka: str, extra: list[asyncio.subprocess.Process], wanted: int, datadir: Path) -> None:
    """Start or stop extra stream workers (beside the supervised one) until `wanted` run, then
    wait for the group to settle with that many members."""
    import sys

    while len(extra) + 1 > wanted:
        proc = extra.pop()
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)
    while len(extra) + 1 < wanted:
        env = {
            **os.environ,
            "KITH_FEED_WORKER_DATADIR": str(datadir / f"worker-{len(extra) + 2}"),
            "KITH_METRICS_PORT": "0",
            "KITH_LOG_LEVEL": "WARNING",
        }
        extra.append(
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "kith_feed",
                "worker",
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    deadline = time.monotonic() + 90
    while await group_members(kafka) != ("Stable", wanted):
        if time.monotonic() > deadline:
            raise SystemExit(f"the stream workers' group did not settle with {wanted} members")
        await asyncio.sleep(1)
    await asyncio.sleep(2)  # the last joiner's agents start after the assignment


CPU_OF = {"stream_worker": "kith_feed worker", "redis": "redis-server", "kafka": "kafka.Kafka"}


def cpu_seconds() -> dict[str, float]:
    """CPU time (user + system) so far of the stream worker(s), Redis, Kafka and this process."""
    tick = os.sysconf("SC_CLK_TCK")

    def of(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    out = {}
    for name, pattern in CPU_OF.items():
        pids = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True, check=False).stdout.split()
        out[name] = sum(of(int(pid)) for pid in pids if Path(f"/proc/{pid}").exists())
    out["bench_producer"] = of(os.getpid())
    return out


async def fan_out(args, redis) -> dict:
    edges = []
    for line in args.edges.read_text().splitlines():
        if line.strip() and not line.startswith(("#", "%")):
            a, b = line.split()[:2]
            if a != b:
                edges.append((user_id(a), user_id(b)))
    followers: dict[str, set[str]] = {}
    for a, b in edges:
        followers.setdefault(a, set()).add(b)
        followers.setdefault(b, set()).add(a)
    pipe = redis.pipeline(transaction=False)
    for u, fs in followers.items():
        pipe.sadd(followers_key(u), *fs)
        pipe.sadd(following_key(u), *fs)
    await pipe.execute()
    users = sorted(followers)
    rng = random.Random(7)
    now = datetime.now(UTC)
    authors = [rng.choice(users) for _ in range(args.posts)]
    events = [post_event(a, now)[1] for a in authors]
    expected = sum(len(followers[a]) + 1 for a in authors)

    sentinel_author, sentinel_reader = str(uuid.uuid4()), str(uuid.uuid4())
    await redis.sadd(followers_key(sentinel_author), sentinel_reader)
    producer = AIOKafkaProducer(
        bootstrap_servers=args.kafka, acks="all", enable_idempotence=True, linger_ms=5, max_batch_size=262144
    )
    await producer.start()
    try:
        partitions = sorted(await producer.partitions_for(CONTENT_POSTS))
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        for event in events:
            await producer.send(CONTENT_POSTS, event.value, key=event.key.encode())
        sentinels = []
        for p in partitions:
            post_id, event = post_event(sentinel_author, now, "sentinel")
            sentinels.append(post_id)
            await producer.send(CONTENT_POSTS, event.value, key=event.key.encode(), partition=p)
        await producer.flush()
        give_up = time.perf_counter() + SENTINEL_TIMEOUT_SECONDS
        while True:
            seen = await redis.zrange(home_key(sentinel_reader), 0, -1)
            if len(seen) >= len(sentinels):
                break
            if time.perf_counter() > give_up:
                raise SystemExit(
                    f"fan-out: {len(sentinels) - len(seen)} of {len(sentinels)} sentinel posts not in "
                    f"Redis after {SENTINEL_TIMEOUT_SECONDS} s: is the stream worker running? "
                    "(make status)"
                )
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - started
        cpu_after = cpu_seconds()
    finally:
        await producer.stop()
    return {
        "posts": args.posts,
        "feed_entries": expected,
        "seconds": round(elapsed, 2),
        "entries_per_second": round(expected / elapsed),
        "avg_followers": round(expected / args.posts - 1, 1),
        "cpu_seconds": {k: round(cpu_after[k] - cpu_before[k], 2) for k in cpu_after},
    }


async def reed98_post_to_feed(args) -> dict | None:
    """Post-to-feed latency between real accounts: the socfb-Reed98 users loaded through the
    API by `kith load edges` (state file --reed98-state). Each sample: a random Reed98 user
    posts; one of their followers' home feed is polled until the post is on top. None when
    the data set is not loaded."""
    from kith.identity.v1 import identity_pb2
    from kith_cli.seeding import SeedState

    if not args.reed98_state.exists():
        return None
    header, done = SeedState.read(args.reed98_state)
    users = done.get("users", {})  # handle -> user id
    edges = [tuple(key.split()) for key in done.get("follows", {})]
    if not users or not edges:
        return None
    prefix = next(iter(users)).rsplit("_", 1)[0]
    rng = random.Random(11)
    async with grpc.aio.insecure_channel(args.gateway) as channel:
        api = GatewayClient(channel)
        sessions: dict[str, tuple] = {}

        async def auth(node: str):
            if node not in sessions:
                login = await patiently(
                    lambda: api.identity.Login(
                        identity_pb2.LoginRequest(login=f"{prefix}_{node}", password=header["password"]), timeout=10
                    )
                )
                sessions[node] = (("authorization", f"Bearer {login.access_token}"),)
            return sessions[node]

        latencies = []
        for i in range(args.latency_posts):
            a, b = rng.choice(edges)
            author, watcher = (a, b) if rng.random() < 0.5 else (b, a)  # each edge is a follow both ways
            author_auth, watcher_auth = await auth(author), await auth(watcher)
            posted = (
                await patiently(
                    lambda i=i, author_auth=author_auth: api.content.CreatePost(
                        content_pb2.CreatePostRequest(text=f"reed98 latency {i}"), metadata=author_auth, timeout=10
                    )
                )
            ).post
            started = time.perf_counter()
            while True:
                page = await patiently(
                    lambda watcher_auth=watcher_auth: api.feed.GetHomeFeed(
                        feed_pb2.GetHomeFeedRequest(page_size=1), metadata=watcher_auth
                    )
                )
                if page.items and page.items[0].post_id == posted.post_id:
                    break
                await asyncio.sleep(0.002)
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)
    return {**summary(latencies), "users": len(users), "follow_pairs": len(edges)}


async def fanout_against_baseline(args, redis) -> dict:
    """Baseline and fan-out alternate, --repeats times each per worker count (args.workers, e.g.
    "1,2"); each count's median run is compared with the median of all baseline runs. Returns the
    best count's median run with every count's figures under `by_worker_count`."""
    import tempfile

    port = redis.connection_pool.connection_kwargs.get("port", 6379)
    baselines, by_workers = [], {}
    extra: list[asyncio.subprocess.Process] = []
    with tempfile.TemporaryDirectory() as datadir:
        try:
            for workers in [int(n) for n in args.workers.split(",")]:
                await scale_workers(args.kafka, extra, workers, Path(datadir))
                runs = []
                for _ in range(args.repeats):
                    await drop_baseline_keys(redis)
                    baselines.append(redis_baseline(port))
                    await drop_baseline_keys(redis)
                    runs.append(await fan_out(args, redis))
                by_workers[workers] = runs
        finally:
            await scale_workers(args.kafka, extra, 1, Path(datadir))
    baseline = statistics.median(baselines)
    fans = {}
    for workers, runs in by_workers.items():
        fan = sorted(runs, key=lambda r: r["entries_per_second"])[len(runs) // 2]
        fan["stream_workers"] = workers
        fan["runs_entries_per_second"] = [r["entries_per_second"] for r in runs]
        fan["ratio_fanout_to_baseline"] = round(fan["entries_per_second"] / baseline, 3)
        fans[f"workers_{workers}"] = fan
    fan = max(fans.values(), key=lambda f: f["entries_per_second"])
    return {
        **fan,
        "by_worker_count": fans,
        "baseline_runs_per_second": [round(b) for b in baselines],
        "baseline_redis_benchmark_zadd_per_second": round(baseline),
    }


async def gateway_figures(args, redis) -> dict:
    async with grpc.aio.insecure_channel(args.gateway) as channel:
        api = GatewayClient(channel)
        author = await patiently(lambda: api.sign_up("benchauthor"))
        readers = [await patiently(lambda: api.sign_up("benchreader")) for _ in range(args.readers)]
        for r in readers:
            await patiently(lambda r=r: api.follow(r, author))
        # Fill the feeds so pages are full.
        for i in range(40):
            await patiently(lambda i=i: api.post(author, f"warm-up {i}"))
        await asyncio.sleep(2)

        latencies = []
        watcher = readers[0]
        for i in range(args.latency_posts):
            posted = await patiently(lambda i=i: api.post(author, f"latency {i}"))
            started = time.perf_counter()
            while True:
                page = await patiently(
                    lambda: api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest(page_size=1), metadata=watcher.auth)
                )
                if page.items and page.items[0].post_id == posted.post_id:
                    break
                await asyncio.sleep(0.002)
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)

        async def read_loop(calls, fn):
            out = []

            async def worker(k):
                for j in range(k, calls, 8):
                    t = time.perf_counter()
                    await fn(j)
                    out.append((time.perf_counter() - t) * 1000)

            started = time.perf_counter()
            await asyncio.gather(*(worker(k) for k in range(8)))
            return out, calls / (time.perf_counter() - started)

        async def via_gateway(j):
            r = readers[j % len(readers)]
            await patiently(lambda: api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest(page_size=20), metadata=r.auth))

        async def bare_redis(j):
            r = readers[j % len(readers)]
            ids = await redis.zrevrangebyscore(home_key(r.user_id), "+inf", "-inf", start=0, num=20)
            pipe = redis.pipeline(transaction=False)
            for m in ids:
                pipe.hgetall(post_key(m.decode()))
            await pipe.execute()

        gateway_ms, gateway_rps = await read_loop(args.reads, via_gateway)
        redis_ms, redis_rps = await read_loop(args.reads, bare_redis)
    return {
        "post_to_feed": summary(latencies),
        "home_reads_gateway": {**summary(gateway_ms), "per_second": round(gateway_rps)},
        "baseline_bare_redis_page": {**summary(redis_ms), "per_second": round(redis_rps)},
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument(
        "--workers",
        default="1,2",
        help="stream worker counts to measure fan-out with (the supervised one plus extra processes)",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--readers", type=int, default=40)
    parser.add_argument("--latency-posts", type=int, default=100)
    parser.add_argument("--edges", type=Path, default=DEFAULT_EDGES)
    parser.add_argument(
        "--reed98-state",
        type=Path,
        default=Path(os.environ.get("KITH_STATE", ROOT / ".kith")) / "load" / "socfb_reed98.jsonl",
        help="state file of `kith load edges socfb-Reed98.edges` (the accounts to post as)",
    )
    parser.add_argument(
        "--kafka", default=os.environ.get("KITH_KAFKA_BOOTSTRAP", "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096")
    )
    parser.add_argument("--redis", default=os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0"))
    parser.add_argument("--gateway", default=os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050"))
    args = parser.parse_args()
    redis = aioredis.Redis.from_url(args.redis)
    fan = await fanout_against_baseline(args, redis)
    gateway = await gateway_figures(args, redis)
    gateway["post_to_feed_reed98_accounts"] = await reed98_post_to_feed(args)
    gateway["ratio_gateway_p99_to_bare_redis_p99"] = round(
        gateway["home_reads_gateway"]["p99_ms"] / gateway["baseline_bare_redis_page"]["p99_ms"], 1
    )
    gateway["ratio_gateway_throughput_to_bare_redis"] = round(
        gateway["home_reads_gateway"]["per_second"] / gateway["baseline_bare_redis_page"]["per_second"], 3
    )
    await redis.aclose()
    report = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fanout": fan,
        "reads": gateway,
    }
    out = ROOT / "bench" / "results" / "feed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    for f in fan["by_worker_count"].values():
        print(
            f"fan-out, {f['stream_workers']} stream worker(s) (median of {args.repeats}): "
            f"{f['entries_per_second']:,} feed entries/s ({f['posts']} posts, {f['feed_entries']:,} entries, "
            f"{f['seconds']} s); runs {f['runs_entries_per_second']}; ratio {f['ratio_fanout_to_baseline']}"
        )
        print(f"  CPU seconds during the median run: {f['cpu_seconds']}")
    print(
        f"  baseline redis-benchmark ZADD -P 64 (median): {fan['baseline_redis_benchmark_zadd_per_second']:,}/s; "
        f"runs {fan['baseline_runs_per_second']}"
    )
    p = gateway["post_to_feed"]
    print(f"post-to-feed (fresh accounts, 40 followers): p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms (n={p['n']})")
    r = gateway["post_to_feed_reed98_accounts"]
    if r is None:
        print(
            "post-to-feed between socfb-Reed98 accounts: skipped (load them first: "
            "uv run kith load edges data/socfb-Reed98/socfb-Reed98.edges)"
        )
    else:
        print(
            f"post-to-feed between socfb-Reed98 accounts ({r['users']} users, {r['follow_pairs']} follows): "
            f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms (n={r['n']})"
        )
    for name in ("home_reads_gateway", "baseline_bare_redis_page"):
        r = gateway[name]
        print(f"{name}: {r['per_second']:,}/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
