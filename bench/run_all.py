"""`make bench`: every benchmark in one run, within a time budget (15 minutes by default), each
figure beside a baseline measured in the same run on the same machine.

Steps (the elapsed time of each is printed and kept in the JSON):
1. preflight: the gateway, Redis, Kafka and Neo4j answer, else stop at once (make up);
2. socfb-Reed98 accounts: reused when `kith load edges` has loaded them all (state file
   .kith/load/socfb_reed98.jsonl), loaded (resumably, `--bulk`: the internal import RPCs) otherwise,
   then a wait until the consumers have its events; the budget is then extended by
   the time the load took, so the steps below keep their full length and the whole run is longer
   (`budget_extended_by_load` in timings_seconds);
3. fan-out (bench/feed_fanout.py): feed entries per second from Kafka to Redis with one and two
   stream workers, beside `redis-benchmark -P 64 -r 10000 -n 1000000 ZADD feed:__rand_int__ ...`;
4. graph (bench/graph_queries.py): SuggestPeople and GetConnectionPath beside a gRPC health check;
5. live channel (bench/live_channel.py): idle streams held by one live edge process (memory per
   stream) and append-to-arrival latency, beside a bare Redis PUBLISH -> subscriber round trip;
6. messaging delivery (bench/messaging_delivery.py): SendMessage returned to the item on the
   recipient's live stream through the gateway, at 500/s with 5,000 streams open, beside a bare
   Redis PUBLISH -> subscriber at the same rate; a 250-member group until the last member has it;
7. mixed workload (bench/mixed_workload.py): the highest open-loop rate of DeathStarBench's mix with
   p99 < 50 ms through the gateway, beside a bare grpc.aio echo server; post-to-feed latency
   under that load, beside the same with no load; every step of both searches is kept;
8. footprint (bench/footprint.py, a few seconds, no load): Redis bytes per feed entry, per user
   and per post summary, Kafka bytes per event on disk, PostgreSQL bytes per row, Neo4j bytes per
   relationship, for the capacity model;
9. docs (bench/report.py): docs/benchmarks.md with its plots in docs/benchmarks/*.svg, and
   docs/capacity.md (bench/capacity.py), from latest.json (`make bench-report` alone).

  uv run python bench/run_all.py [--budget-seconds 870] [--quick]

Writes bench/results/latest.json (machine, versions, each figure with its baseline and ratio),
prints a table and regenerates docs/benchmarks.md and docs/capacity.md (not with --quick or
--no-docs). Exits non-zero with the reason when a step cannot measure (platform down, an RPC
failing every time); latest.json is then left as it was.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling benchmarks, as modules

import feed_fanout
import footprint
import graph_queries
import live_channel
import messaging_delivery
import mixed_workload
import report as bench_report
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "latest.json"
STATE_DIR = Path(os.environ.get("KITH_STATE", ROOT / ".kith"))
REDIS_URL = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")
KAFKA = os.environ.get("KITH_KAFKA_BOOTSTRAP", "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096")
NEO4J = os.environ.get("KITH_NEO4J_URI", "bolt://127.0.0.1:17687")
POSTGRES = os.environ.get("KITH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:15432/postgres")
GRAPH = os.environ.get("KITH_GRAPH_ADDR", "127.0.0.1:50052")

MIN_MIXED_SECONDS = 150  # the shortest useful mixed run (short steps)
TARGET_FANOUT_RATIO = 0.5
TARGET_MIXED_RATE = 1000
REDIS_BASELINE = "redis-benchmark -P 64 -r 10000 -n 1000000 ZADD feed:__rand_int__ __rand_int__ __rand_int__"

console = Console(highlight=False, width=None if sys.stdout.isatty() else 150)


class StepFailed(Exception):
    pass


def say(text: str) -> None:
    print(text, flush=True)


# --- machine and versions ------------------------------------------------------------------------


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10, cwd=ROOT, check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kib = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    os_release = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', os_release, re.MULTILINE)
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem_kib.group(1)) / 2**20, 1) if mem_kib else None,
        "cpu_model": model.group(1).strip() if model else platform.processor(),
        "os": pretty.group(1) if pretty else platform.system(),
        "kernel": platform.release(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


async def versions() -> dict:
    import grpc
    import redis.asyncio as aioredis
    from google.protobuf import __version__ as protobuf_version

    out: dict = {"python": platform.python_version(), "grpcio": grpc.__version__, "protobuf": protobuf_version}
    commit = _run(["git", "rev-parse", "HEAD"])
    out["kith_commit"] = commit or None
    out["kith_worktree_changed"] = (
        bool(_run(["git", "status", "--porcelain", "--untracked-files=no"])) if commit else None
    )
    r = aioredis.Redis.from_url(REDIS_URL)
    try:
        out["redis_server"] = (await r.info("server")).get("redis_version")
    finally:
        await r.aclose()
    out["kafka"] = kafka_version()
    try:
        from neo4j import AsyncGraphDatabase

        driver = AsyncGraphDatabase.driver(NEO4J, auth=None)
        try:
            records, _, _ = await driver.execute_query(
                "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"
            )
            out["neo4j"] = " ".join(str(records[0][k]) for k in ("version", "edition")) if records else None
        finally:
            await driver.close()
    except Exception as exc:  # noqa: BLE001 - a version we cannot read is recorded as such
        out["neo4j"] = f"unknown ({type(exc).__name__})"
    try:
        import asyncpg

        conn = await asyncpg.connect(POSTGRES, timeout=5)
        try:
            out["postgresql"] = await conn.fetchval("SHOW server_version")
        finally:
            await conn.close()
    except Exception as exc:  # noqa: BLE001 - a version that cannot be read is reported as unknown
        out["postgresql"] = f"unknown ({type(exc).__name__})"
    return out


def kafka_version() -> str | None:
    """From the broker's class path (kafka_2.13-<version>.jar), as the broker reports nothing."""
    for pid in _run(["pgrep", "-f", "--", "kafka.Kafka"]).split():
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        for arg in args:
            for entry in arg.decode(errors="replace").split(":"):
                found = re.search(r"kafka_[\d.]+-([\d.]+)\.jar", entry)
                if found:
                    return found.group(1)
                if entry.endswith("/*"):
                    for jar in Path(entry[:-2]).glob("kafka_*.jar"):
                        found = re.search(r"kafka_[\d.]+-([\d.]+)\.jar", jar.name)
                        if found:
                            return found.group(1)
    return None


# --- steps --------------------------------------------------------------------------------------------


async def preflight(gateway: str) -> None:
    import grpc
    import redis.asyncio as aioredis
    from aiokafka.admin import AIOKafkaAdminClient
    from grpc_health.v1 import health_pb2, health_pb2_grpc
    from neo4j import AsyncGraphDatabase

    async with grpc.aio.insecure_channel(gateway) as channel:
        try:
            answer = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        except grpc.aio.AioRpcError as exc:
            raise StepFailed(
                f"the gateway at {gateway} does not answer ({exc.code().name}): is the platform up? "
                "(make up; make status)"
            ) from None
        if answer.status != health_pb2.HealthCheckResponse.SERVING:
            raise StepFailed(f"the gateway at {gateway} is not SERVING: make status")
    r = aioredis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        await r.ping()
    except Exception as exc:  # noqa: BLE001 - any failure to answer is the same finding
        raise StepFailed(f"Redis at {REDIS_URL} does not answer ({exc}): make status") from None
    finally:
        await r.aclose()
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA, request_timeout_ms=5000)
    try:
        await asyncio.wait_for(admin.start(), 10)
        await admin.close()
    except Exception as exc:  # noqa: BLE001 - any failure to answer is the same finding
        raise StepFailed(f"Kafka at {KAFKA} does not answer ({type(exc).__name__}): make status") from None
    driver = AsyncGraphDatabase.driver(NEO4J, auth=None, connection_timeout=5)
    try:
        await driver.verify_connectivity()
    except Exception as exc:  # noqa: BLE001 - any failure to answer is the same finding
        raise StepFailed(f"Neo4j at {NEO4J} does not answer ({type(exc).__name__}): make status") from None
    finally:
        await driver.close()


def reed98_status(state: Path, edges: Path) -> tuple[int, int, int, int]:
    """(accounts loaded, accounts in the file, follow pairs loaded, edges in the file)."""
    from kith_cli.edges import read_edges
    from kith_cli.seeding import SeedState

    graph = read_edges(edges)
    if not state.exists():
        return 0, len(graph.nodes), 0, len(graph.edges)
    _, done = SeedState.read(state)
    return len(done.get("users", {})), len(graph.nodes), len(done.get("follows", {})), len(graph.edges)


def ensure_reed98(state: Path, edges: Path, gateway: str) -> dict:
    users, nodes, follows, pairs = reed98_status(state, edges)
    if users >= nodes and follows >= pairs:
        say(f"  reusing {users} accounts and {follows} follow pairs from {state}")
        return {"loaded_this_run": False, "accounts": users, "follow_pairs": follows}
    # `uv run kith load edges`, with the interpreter `make bench` already runs under.
    kith = Path(sys.executable).with_name("kith")
    cmd = ([str(kith)] if kith.exists() else [sys.executable, "-m", "kith_cli.main"]) + [
        "load",
        "edges",
        str(edges),
        "--state",
        str(state),
        "--gateway",
        gateway,
        "--bulk",
        "--no-progress",
    ]
    say(
        f"  {users}/{nodes} accounts and {follows}/{pairs} follow pairs loaded: loading the rest "
        f"(about a minute from nothing, then the consumers catch up): uv run kith load edges {edges} "
        f"--bulk --state {state}"
    )
    started = time.monotonic()
    if subprocess.run(cmd, cwd=ROOT, check=False).returncode != 0:
        raise StepFailed("kith load edges failed (see above); run it again to continue where it stopped")
    loaded = time.monotonic() - started
    users, nodes, follows, pairs = reed98_status(state, edges)
    if users < nodes or follows < pairs:
        say(f"  warning: only {users}/{nodes} accounts and {follows}/{pairs} follow pairs loaded")
    caught_up = wait_for_consumers()
    say(f"  loaded in {loaded:.0f} s; the consumers had every event {caught_up:.0f} s later")
    return {
        "loaded_this_run": True,
        "accounts": users,
        "follow_pairs": follows,
        "load_seconds": round(loaded, 1),
        "consumers_caught_up_seconds": round(caught_up, 1),
    }


# Metrics endpoints of the processes that consume the load's events (locally: the stream
# worker, content, messaging); KITH_BENCH_CONSUMER_METRICS overrides them (comma-separated URLs).
CONSUMER_METRICS = os.environ.get(
    "KITH_BENCH_CONSUMER_METRICS",
    "http://127.0.0.1:9456/metrics,http://127.0.0.1:9454/metrics,http://127.0.0.1:9457/metrics",
).split(",")


def consumer_lag() -> float:
    """Events not yet consumed, summed over every group and partition these processes report."""
    total = 0.0
    for url in CONSUMER_METRICS:
        with urllib.request.urlopen(url, timeout=5) as response:
            for line in response.read().decode().splitlines():
                if line.startswith("kith_consumer_lag_events{"):
                    total += float(line.rsplit(" ", 1)[1])
    return total


def wait_for_consumers(longest: float = 900.0) -> float:
    """Wait until a bulk load's events are consumed (the benchmarks must not measure a backlog);
    the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < longest:
        try:
            if consumer_lag() < 50:
                return time.monotonic() - started
        except OSError as exc:
            say(f"  consumer lag unreadable ({exc}); waiting")
        time.sleep(5)
    say(f"  warning: the consumers were still behind after {longest:.0f} s")
    return time.monotonic() - started


async def fanout(quick: bool, short: bool) -> dict:
    import redis.asyncio as aioredis

    args = argparse.Namespace(
        posts=5000 if quick else 10000,
        workers="1" if quick else "1,2",
        repeats=1 if quick or short else 2,
        edges=feed_fanout.DEFAULT_EDGES,
        kafka=KAFKA,
    )
    redis = aioredis.Redis.from_url(REDIS_URL)
    try:
        fan = await feed_fanout.fanout_against_baseline(args, redis)
    finally:
        await redis.aclose()
    baseline = fan["baseline_redis_benchmark_zadd_per_second"]
    ratio = round(fan["entries_per_second"] / baseline, 3)
    return {
        "entries_per_second": fan["entries_per_second"],
        "stream_workers": fan["stream_workers"],
        "baseline": {
            "what": REDIS_BASELINE + " (same Redis, alternating with the fan-out runs; median)",
            "per_second": baseline,
            "runs_per_second": fan["baseline_runs_per_second"],
        },
        "ratio": ratio,
        "target_ratio": TARGET_FANOUT_RATIO,
        "meets_target": ratio >= TARGET_FANOUT_RATIO,
        "posts": fan["posts"],
        "feed_entries": fan["feed_entries"],
        "avg_followers": fan["avg_followers"],
        "repeats": args.repeats,
        "by_worker_count": {
            k: {
                "entries_per_second": v["entries_per_second"],
                "runs": v["runs_entries_per_second"],
                "ratio": v["ratio_fanout_to_baseline"],
                "cpu_seconds": v["cpu_seconds"],
            }
            for k, v in fan["by_worker_count"].items()
        },
    }


async def graph(quick: bool, short: bool) -> dict:
    args = graph_queries.parse_args(
        ["--samples", "60" if quick else "150" if short else "300", "--graph", GRAPH, "--neo4j", NEO4J]
    )
    report = await graph_queries.measure(args)
    r = report["results"]
    health = r["baseline_grpc_health"]
    out = {"dataset": report["dataset"], "samples": args.samples}
    for name in ("suggest_people", "connection_path"):
        q = r[name]
        out[name] = {
            "p50_ms": q["p50_ms"],
            "p99_ms": q["p99_ms"],
            "max_ms": q["max_ms"],
            "baseline": {
                "what": "gRPC health check on the graph service, same channel",
                "p50_ms": health["p50_ms"],
                "p99_ms": health["p99_ms"],
            },
            "ratio_p50": round(q["p50_ms"] / health["p50_ms"], 1),
            "ratio_p99": round(q["p99_ms"] / health["p99_ms"], 1),
        }
    out["baseline_neo4j_return_1"] = r["baseline_neo4j_return_1"]
    return out


def mixed_options(args, budget: float) -> mixed_workload.Options:
    o = mixed_workload.Options(
        gateway=args.gateway, state=args.reed98_state, budget_seconds=budget, processes=args.processes, pool=args.pool
    )
    if args.quick:
        o.pool, o.start_rate, o.warmup, o.duration, o.bisect, o.repeats = min(args.pool, 32), 100, 1, 3, 1, 1
        o.echo_warmup, o.echo_duration, o.post_to_feed_duration, o.idle_samples = 1, 3, 4, 10
    elif budget < 330:  # little time left (a --budget-seconds too small): shorter steps, same search
        o.warmup, o.duration, o.echo_warmup, o.echo_duration, o.post_to_feed_duration = 2, 8, 1, 5, 10
        o.idle_samples = 30
    return o


async def mixed(args, budget: float) -> dict:
    opts = mixed_options(args, budget)
    say(
        f"  steps of {opts.warmup:g} + {opts.duration:g} s (echo {opts.echo_warmup:g} + {opts.echo_duration:g} s), "
        f"{opts.processes} generator processes, budget {budget:.0f} s"
    )
    r = await mixed_workload.run(opts, log=say)
    m, e = r["mixed_workload"], r["echo_baseline"]
    ratio = r["ratio_mixed_to_echo"]
    ptf = r["post_to_feed"]
    loaded, idle = ptf["under_mixed_load"], ptf["idle"]
    post_to_feed = None
    if loaded and loaded.get("n"):
        post_to_feed = {
            "p50_ms": loaded["p50_ms"],
            "p99_ms": loaded["p99_ms"],
            "p999_ms": loaded.get("p999_ms"),
            "max_ms": loaded.get("max_ms"),
            "n": loaded["n"],
            "at_mixed_rate_per_second": ptf["at_mixed_rate_per_second"],
            "not_seen_within_5s": loaded["not_seen_within_5s"],
            "errors_by_code": loaded["errors_by_code"],
            "from_create_post_call": loaded["from_create_post_call"],
            "mixed_step_meanwhile": {
                k: loaded["mixed_step"].get(k)
                for k in ("rate_per_second", "p50_ms", "p99_ms", "p999_ms", "errors", "passed")
            },
            "baseline": {"what": "the same sampler with no other load, same run", **(idle or {})},
            "ratio_p50": round(loaded["p50_ms"] / idle["p50_ms"], 2) if idle and idle.get("n") else None,
            "ratio_p99": round(loaded["p99_ms"] / idle["p99_ms"], 2) if idle and idle.get("n") else None,
        }
    elif idle:
        post_to_feed = {
            "p50_ms": None,
            "p99_ms": None,
            "note": "no mixed rate passed: no sample under load",
            "baseline": {"what": "the same sampler with no other load, same run", **idle},
        }
    return {
        "mixed_workload": {
            "rate_per_second": m["rate_per_second"],
            "p50_ms": m["p50_ms"],
            "p99_ms": m["p99_ms"],
            "p999_ms": m["p999_ms"],
            "errors": m["errors"],
            "error_share": m["error_share"],
            "completed_per_second": m["completed_per_second"],
            "baseline": {
                k: e[k]
                for k in (
                    "what",
                    "rate_per_second",
                    "p50_ms",
                    "p99_ms",
                    "p999_ms",
                    "errors",
                    "generator",
                    "first_failed_rate_per_second",
                    "search_stopped",
                    "steps",
                )
            },
            "ratio": ratio,
            "target_rate_per_second": TARGET_MIXED_RATE,
            "meets_target": m["rate_per_second"] >= TARGET_MIXED_RATE,
            "by_operation": m["by_operation"],
            "generator": m["generator"],
            "platform_cpu_percent": m["platform_cpu_percent"],
            "platform_cpu_ms_per_request": m.get("platform_cpu_ms_per_request"),
            "first_failed_rate_per_second": m["first_failed_rate_per_second"],
            "search_stopped": m["search_stopped"],
            "workload": r["workload"],
            "steps": m["steps"],
        },
        "post_to_feed": post_to_feed,
    }


# --- report ---------------------------------------------------------------------------------------------


def fmt(x, unit: str = "") -> str:
    if x is None:
        return "-"
    if isinstance(x, int) or abs(x) >= 100:
        return f"{x:,.0f}{unit}"
    return f"{x:.3g}{unit}"


def table(report: dict) -> Table:
    t = Table(
        title=f"make bench, {report['at']} ({report['machine']['cores']} cores, "
        f"{report['machine']['memory_gib']} GiB; commit {str(report['versions'].get('kith_commit'))[:10]})"
    )
    for col in ("figure", "value", "baseline (same run)", "ratio", "target"):
        t.add_column(col, justify="left" if col in ("figure", "baseline (same run)") else "right")
    f = report.get("fanout")
    if f:
        t.add_row(
            "fan-out, Kafka to Redis (feed entries/s)",
            f"{fmt(f['entries_per_second'])}/s ({f['stream_workers']} worker{'s' if f['stream_workers'] > 1 else ''})",
            f"redis-benchmark ZADD -P 64: {fmt(f['baseline']['per_second'])}/s",
            fmt(f["ratio"]),
            f">= {TARGET_FANOUT_RATIO} {'ok' if f['meets_target'] else 'MISSED'}",
        )
    m = report.get("mixed_workload")
    if m:
        b = m["baseline"]
        t.add_row(
            "mixed 60/30/10, highest rate with p99 < 50 ms",
            f"{fmt(m['rate_per_second'])}/s",
            f"grpc.aio echo: {fmt(b['rate_per_second'])}/s",
            fmt(m["ratio"]),
            f">= {TARGET_MIXED_RATE}/s {'ok' if m['meets_target'] else 'MISSED'}",
        )
        t.add_row(
            "  at that rate: p50 / p99 / p99.9",
            f"{fmt(m['p50_ms'])} / {fmt(m['p99_ms'])} / {fmt(m['p999_ms'])} ms",
            f"echo: {fmt(b['p50_ms'])} / {fmt(b['p99_ms'])} / {fmt(b['p999_ms'])} ms",
            "",
            f"errors {m['errors']}",
        )
        cpu = m.get("platform_cpu_ms_per_request") or {}
        if cpu:
            busiest = sorted(((k, v) for k, v in cpu.items() if k != "total"), key=lambda kv: -kv[1])
            t.add_row(
                "  CPU per request, all platform processes",
                f"{fmt(cpu.get('total'))} ms",
                "by process: " + ", ".join(f"{k} {v:.2f}" for k, v in busiest[:6] if v > 0),
                "",
                "<= 1.5 ms",
            )
    p = report.get("post_to_feed")
    if p:
        base = p["baseline"]
        t.add_row(
            f"post-to-feed under mixed load (at {fmt(p.get('at_mixed_rate_per_second'))}/s): p50 / p99",
            f"{fmt(p['p50_ms'])} / {fmt(p['p99_ms'])} ms",
            f"no other load: {fmt(base.get('p50_ms'))} / {fmt(base.get('p99_ms'))} ms",
            f"{fmt(p.get('ratio_p50'))} / {fmt(p.get('ratio_p99'))}",
            "",
        )
    lv = report.get("live")
    if lv:
        idle, lat = lv["idle_streams"], lv["append_to_arrival"]
        t.add_row(
            "live: idle streams on one edge process",
            f"{fmt(idle['streams'])} ({fmt(idle['memory_per_stream_kib'])} KiB each)",
            "",
            "",
            ">= 10,000",
        )
        t.add_row(
            "live: append to arrival, p50 / p99",
            f"{fmt(lat['p50_ms'])} / {fmt(lat['p99_ms'])} ms",
            f"Redis PUBLISH->subscriber: {fmt(lat['baseline']['p50_ms'])} / {fmt(lat['baseline']['p99_ms'])} ms",
            f"{fmt(lat['ratio_p50'])} / {fmt(lat['ratio_p99'])}",
            "",
        )
    ms = report.get("messaging")
    if ms:
        b, st, gr = ms["baseline"], ms["streams"], ms["group"]
        t.add_row(
            f"messaging: SendMessage returned to recipient's stream, p50 / p99 (at "
            f"{fmt(ms['at_rate_per_second'])}/s, sent {fmt(ms['achieved_send_rate_per_second'])}/s; target "
            f"{fmt(ms['target_rate_per_second'])}/s, highest sustained "
            f"{fmt(ms['highest_sustained_rate_per_second'])}/s; {fmt(st['open_during_rate'])} streams, "
            f"{st['through_gateway']} via gateway; generator CPU {fmt(ms['generator_cpu_percent_of_one_core'])}%)",
            f"{fmt(ms['p50_ms'])} / {fmt(ms['p99_ms'])} ms",
            f"Redis PUBLISH->subscriber at the same rate: {fmt(b['p50_ms'])} / {fmt(b['p99_ms'])} ms",
            f"{fmt(ms['ratio_p50'])} / {fmt(ms['ratio_p99'])}",
            f"p99 <= {fmt(ms['target_p99_ms'])} ms at {fmt(ms['target_rate_per_second'])}/s "
            f"{'ok' if ms['meets_target'] else 'MISSED'}; errors {ms['errors']}",
        )
        t.add_row(
            f"messaging: {gr['members']}-member group, last member's stream: median / max ({gr['repeats']} sends)",
            f"{fmt(gr['last_member_median_ms'])} / {fmt(gr['last_member_max_ms'])} ms",
            "",
            "",
            f"incomplete {gr['incomplete_runs']}",
        )
    g = report.get("graph")
    if g:
        for name, label in (
            ("suggest_people", "graph SuggestPeople: p50 / p99"),
            ("connection_path", "graph GetConnectionPath: p50 / p99"),
        ):
            q = g[name]
            t.add_row(
                label,
                f"{fmt(q['p50_ms'])} / {fmt(q['p99_ms'])} ms",
                f"gRPC health: {fmt(q['baseline']['p50_ms'])} / {fmt(q['baseline']['p99_ms'])} ms",
                f"{fmt(q['ratio_p50'])} / {fmt(q['ratio_p99'])}",
                "",
            )
    return t


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--budget-seconds",
        type=float,
        default=870,
        help="the whole run, Reed98 load included (default 870: under 15 minutes)",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: few samples, short steps (about 2 min)")
    parser.add_argument("--gateway", default=os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050"))
    parser.add_argument("--edges", type=Path, default=feed_fanout.DEFAULT_EDGES)
    parser.add_argument("--reed98-state", type=Path, default=STATE_DIR / "load" / "socfb_reed98.jsonl")
    parser.add_argument(
        "--processes",
        type=int,
        default=mixed_workload.Options.processes,
        help="load generator processes of the mixed workload and the echo baseline",
    )
    parser.add_argument(
        "--pool", type=int, default=mixed_workload.Options.pool, help="Reed98 accounts signed in for the mixed workload"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--docs",
        type=Path,
        default=bench_report.DOCS,
        help="where benchmarks.md, benchmarks/*.svg and capacity.md are written",
    )
    parser.add_argument(
        "--no-docs",
        action="store_true",
        help="leave docs/benchmarks.md and docs/capacity.md as they are (--quick does too)",
    )
    args = parser.parse_args()

    started = time.monotonic()
    deadline = started + args.budget_seconds
    report: dict = {
        "benchmark": "kith make bench",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
    }
    timings: dict[str, float] = {}

    async def step(name: str, work):
        say(f"[{time.monotonic() - started:6.0f} s] {name}")
        t = time.monotonic()
        try:
            result = work()
            if inspect.isawaitable(result):
                result = await result
        except (StepFailed, mixed_workload.BenchError, messaging_delivery.BenchError) as exc:
            raise StepFailed(f"{name}: {exc}") from None
        except SystemExit as exc:  # the reused benchmarks stop this way
            raise StepFailed(f"{name}: {exc.code}") from None
        except Exception as exc:  # any failure to connect is retried
            raise StepFailed(f"{name}: {type(exc).__name__}: {exc}") from exc
        timings[name] = round(time.monotonic() - t, 1)
        say(f"         {name}: {timings[name]:.0f} s")
        return result

    try:
        await step("preflight", lambda: preflight(args.gateway))
        report["versions"] = await step("versions", versions)
        report["dataset"] = {
            "socfb_reed98": await step(
                "socfb-Reed98 accounts", lambda: ensure_reed98(args.reed98_state, args.edges, args.gateway)
            )
        }
        # A load in this run does not come out of the steps' time: the budget grows by what it took,
        # so every step keeps its full length (the whole run is that much longer).
        extended = timings["socfb-Reed98 accounts"] if report["dataset"]["socfb_reed98"]["loaded_this_run"] else 0.0
        deadline += extended
        short = deadline - time.monotonic() < 600
        report["fanout"] = await step("fan-out", lambda: fanout(args.quick, short))
        report["graph"] = await step("graph queries", lambda: graph(args.quick, short))
        report["live"] = await step(
            "live channel", lambda: live_channel.measure(2_000 if args.quick else 10_000, 100 if args.quick else 300)
        )
        msg_opts = (
            messaging_delivery.quick_options(gateway=args.gateway)
            if args.quick
            else messaging_delivery.Options(gateway=args.gateway, duration=30, baseline_duration=10, search_steps=2)
        )
        report["messaging"] = await step("messaging delivery", lambda: messaging_delivery.measure(msg_opts, log=say))
        budget = deadline - time.monotonic() - 25  # the footprint, writing the report and closing
        if budget < MIN_MIXED_SECONDS:
            say(
                f"  warning: {max(budget, 0):.0f} s left of the budget: the mixed workload gets "
                f"{MIN_MIXED_SECONDS} s and the run ends over budget"
            )
            budget = MIN_MIXED_SECONDS
        report.update(await step("mixed workload", lambda: mixed(args, min(budget, 600))))
        report["footprint"] = await step("footprint", footprint.measure)
    except StepFailed as exc:
        console.print(f"[red]make bench failed[/red]: {exc}")
        console.print(f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} left as it was")
        return 1
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["timings_seconds"] = {
        **timings,
        "total": round(time.monotonic() - started, 1),
        "budget": args.budget_seconds,
        "budget_extended_by_load": extended,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(mixed_workload.json_safe(report), indent=2, allow_nan=False) + "\n")
    console.print(table(report))
    say(
        "elapsed: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
        + f"; total {report['timings_seconds']['total']:.0f} s of {args.budget_seconds + extended:.0f}"
        + (f" (budget {args.budget_seconds:.0f} s + the Reed98 load's {extended:.0f} s)" if extended else "")
    )
    say(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if args.quick or args.no_docs:
        say("docs/benchmarks.md and docs/capacity.md left as they are (--quick or --no-docs)")
        return 0
    try:
        written = bench_report.generate(args.out, args.docs)
    except Exception as exc:  # noqa: BLE001 - the figures are saved; the docs can be made again
        console.print(
            f"[red]the docs could not be generated[/red]: {type(exc).__name__}: {exc} "
            "(latest.json is written: make bench-report)"
        )
        return 1
    for path in written:
        say(f"written to {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
