"""The capacity model: from the figures `make bench` measured (bench/results/latest.json) and the
assumptions below, what 100k, 1M and 10M daily active people (DAU) need: replicas per service,
stream workers and partitions, the Redis Cluster, Kafka throughput and retention, PostgreSQL and
Neo4j sizes. Every formula is in `model()`, every assumption a named field of `Assumptions`; an
input that latest.json does not hold falls back to a `FALLBACK` value and is marked as assumed.

  uv run python bench/capacity.py [--results bench/results/latest.json] [--out docs/capacity.md]

`make bench` (bench/report.py) writes docs/capacity.md with it after each run.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "latest.json"
OUT = ROOT / "docs" / "capacity.md"

DAY_SECONDS = 86_400
GIB = 2**30
SCALES = (100_000, 1_000_000, 10_000_000)
# The Python services sized by CPU per request (stream_worker is sized by its fan-out rate instead).
SERVICES = ("gateway", "feed_api", "content", "identity", "graph")
DATA_STORES = ("redis", "kafka", "postgres", "neo4j")


@dataclass(frozen=True)
class Assumptions:
    """What the benchmark does not measure. Change them here; docs/capacity.md shows them."""

    requests_per_dau_per_day: float = 150  # gateway calls per daily active person (reads, posts, ...)
    peak_to_average: float = 3.0  # busiest-minute rate over the day's average
    posts_per_dau_per_day: float = 1.0
    avg_followers: float = 150  # followers per author (fan-out width; also follows per account)
    active_follower_share: float = 0.5  # followers who read within 30 days: the fan-out reaches only them
    dau_per_mau: float = 0.5  # daily over monthly active people
    mau_per_account: float = 0.5  # monthly active people over accounts
    feed_length_kept: int = 800  # home feed entries kept (KITH_FEED_CAP, LIST_CAP)
    post_summary_days: float = 30  # days of post summaries (feed:post:{p}) kept in Redis
    kafka_events_per_dau_per_day: float = 10  # events of every topic per daily active person
    kafka_retention_days: float = 7  # the topics' retention (Kafka's default, docs/topics.md)
    kafka_replication: int = 3
    kafka_broker_disk_gib: float = 1000  # usable log disk per broker
    kafka_broker_write_mib_s: float = 50  # sustained produce per broker, replication included
    kafka_min_brokers: int = 3
    kafka_min_partitions: int = 6  # KITH_KAFKA_PARTITIONS
    partitions_per_worker: int = 2  # room to add stream workers without repartitioning
    messages_per_dau_per_day: float = 10
    storage_horizon_days: float = 365  # PostgreSQL and Neo4j: a year of posts and messages
    cores_per_replica: float = 1.0  # a Python service process uses one core at most
    target_utilisation: float = 0.6  # headroom: plan CPU and throughput at 60% busy
    min_replicas: int = 2  # per service, for availability
    redis_master_memory_gib: float = 25  # memory of one Redis Cluster master
    redis_memory_fill: float = 0.7  # maxmemory kept under 70% (fork for persistence, growth)
    redis_overhead: float = 0.25  # fragmentation, buffers, keys not sampled
    redis_replicas_per_master: int = 1
    redis_min_masters: int = 3
    disk_headroom: float = 1.5  # PostgreSQL and Neo4j disk over their data


# Used only when latest.json lacks the figure; docs/capacity.md then marks the input as assumed.
FALLBACK = {
    "cpu_ms_per_request": {
        "gateway": 2.4,
        "feed_api": 2.4,
        "content": 0.5,
        "identity": 0.0,
        "graph": 0.3,
        "redis": 0.6,
        "kafka": 0.9,
        "postgres": 0.2,
        "neo4j": 0.8,
    },
    "fanout_entries_per_second_per_worker": 20_000.0,
    "redis_zadd_per_second": 500_000.0,
    "redis_bytes_per_feed_entry": 150.0,
    "redis_bytes_per_user": 2_000.0,
    "redis_bytes_per_post_summary": 500.0,
    "kafka_bytes_per_event": 600.0,
    "postgres_bytes_per_user": 1_500.0,
    "postgres_bytes_per_post": 1_000.0,
    "postgres_bytes_per_message": 700.0,
    "neo4j_bytes_per_relationship": 150.0,
}

# Where each input is in latest.json.
SOURCES = {
    "cpu_ms_per_request": "mixed_workload.platform_cpu_ms_per_request (at the highest rate that passed)",
    "fanout_entries_per_second_per_worker": "fanout.by_worker_count.workers_1.entries_per_second",
    "redis_zadd_per_second": "fanout.baseline.per_second (redis-benchmark ZADD -P 64, same Redis)",
    "redis_bytes_per_feed_entry": "footprint.redis.bytes_per_feed_entry",
    "redis_bytes_per_user": "footprint.redis.bytes_per_user",
    "redis_bytes_per_post_summary": "footprint.redis.bytes_per_post_summary",
    "kafka_bytes_per_event": "footprint.kafka.bytes_per_event",
    "postgres_bytes_per_user": "footprint.postgres.identity.bytes_per_user",
    "postgres_bytes_per_post": "footprint.postgres.content.bytes_per_post",
    "postgres_bytes_per_message": "footprint.postgres.messaging.bytes_per_message",
    "neo4j_bytes_per_relationship": "footprint.neo4j.bytes_per_relationship",
}


def _get(doc: dict, path: str):
    for part in path.split(" ")[0].split("."):
        if not isinstance(doc, dict) or doc.get(part) is None:
            return None
        doc = doc[part]
    return doc


def inputs(results: dict) -> tuple[dict, dict[str, bool]]:
    """(the model's inputs, whether each was measured) from a latest.json."""
    values, measured = {}, {}
    for name, source in SOURCES.items():
        value = _get(results, source)
        if name == "cpu_ms_per_request":
            value = {k: v for k, v in (value or {}).items() if k != "total" and v is not None} or None
        ok = value is not None and (isinstance(value, dict) or value > 0)
        values[name] = value if ok else FALLBACK[name]
        measured[name] = ok
    return values, measured


def model(dau: float, x: dict, a: Assumptions = Assumptions()) -> dict:
    """Every formula of the model, for `dau` daily active people, inputs `x` (see `inputs`)."""
    mau = dau / a.dau_per_mau
    accounts = mau / a.mau_per_account
    # Requests: the day's calls spread evenly, times the peak ratio.
    avg_rps = dau * a.requests_per_dau_per_day / DAY_SECONDS
    peak_rps = avg_rps * a.peak_to_average
    # A service needs peak_rps x CPU ms per request of cores; replicas run at target_utilisation.
    cpu = x["cpu_ms_per_request"]
    replicas = {}
    for s in SERVICES:
        cores = peak_rps * cpu.get(s, 0.0) / 1000
        replicas[s] = {
            "cores_at_peak": cores,
            "replicas": max(a.min_replicas, math.ceil(cores / (a.cores_per_replica * a.target_utilisation))),
        }
    store_cores = {s: peak_rps * cpu.get(s, 0.0) / 1000 / a.target_utilisation for s in DATA_STORES}
    # Fan-out: each post goes to its author's active followers (and the author's own feed).
    posts_per_second_peak = dau * a.posts_per_dau_per_day / DAY_SECONDS * a.peak_to_average
    entries_per_second_peak = posts_per_second_peak * (a.avg_followers * a.active_follower_share + 1)
    workers = max(
        a.min_replicas,
        math.ceil(entries_per_second_peak / (x["fanout_entries_per_second_per_worker"] * a.target_utilisation)),
    )
    partitions = max(a.kafka_min_partitions, workers * a.partitions_per_worker)
    # Redis: full home feeds of the monthly active, every account's other keys, recent post summaries.
    redis_feeds = mau * a.feed_length_kept * x["redis_bytes_per_feed_entry"]
    redis_users = accounts * x["redis_bytes_per_user"]
    redis_posts = dau * a.posts_per_dau_per_day * a.post_summary_days * x["redis_bytes_per_post_summary"]
    redis_total = (redis_feeds + redis_users + redis_posts) * (1 + a.redis_overhead)
    masters_for_memory = math.ceil(redis_total / (a.redis_master_memory_gib * GIB * a.redis_memory_fill))
    masters_for_writes = math.ceil(entries_per_second_peak / (x["redis_zadd_per_second"] * a.target_utilisation))
    masters = max(a.redis_min_masters, masters_for_memory, masters_for_writes)
    # Kafka: every event once per replica, kept for the retention.
    events_per_second_peak = dau * a.kafka_events_per_dau_per_day / DAY_SECONDS * a.peak_to_average
    kafka_write_peak = events_per_second_peak * x["kafka_bytes_per_event"] * a.kafka_replication
    kafka_retained = (
        dau * a.kafka_events_per_dau_per_day * a.kafka_retention_days * x["kafka_bytes_per_event"] * a.kafka_replication
    )
    brokers = max(
        a.kafka_min_brokers,
        math.ceil(kafka_retained / (a.kafka_broker_disk_gib * GIB)),
        math.ceil(kafka_write_peak / (a.kafka_broker_write_mib_s * 2**20)),
    )
    # PostgreSQL: every account, a horizon of posts and messages.
    pg_identity = accounts * x["postgres_bytes_per_user"]
    pg_content = dau * a.posts_per_dau_per_day * a.storage_horizon_days * x["postgres_bytes_per_post"]
    pg_messaging = dau * a.messages_per_dau_per_day * a.storage_horizon_days * x["postgres_bytes_per_message"]
    pg_data = pg_identity + pg_content + pg_messaging
    # Neo4j: one relationship per follow (each account follows avg_followers on average).
    relationships = accounts * a.avg_followers
    neo4j_data = relationships * x["neo4j_bytes_per_relationship"]
    return {
        "dau": dau,
        "mau": mau,
        "accounts": accounts,
        "requests_per_second": {"average": avg_rps, "peak": peak_rps},
        "services": replicas,
        "data_store_cores_at_peak": store_cores,
        "stream_workers": {
            "feed_entries_per_second_peak": entries_per_second_peak,
            "posts_per_second_peak": posts_per_second_peak,
            "workers": workers,
            "partitions": partitions,
        },
        "redis": {
            "feeds_bytes": redis_feeds,
            "users_bytes": redis_users,
            "post_summaries_bytes": redis_posts,
            "total_bytes": redis_total,
            "masters_for_memory": masters_for_memory,
            "masters_for_writes": masters_for_writes,
            "masters": masters,
            "nodes": masters * (1 + a.redis_replicas_per_master),
        },
        "kafka": {
            "events_per_second_peak": events_per_second_peak,
            "write_bytes_per_second_peak": kafka_write_peak,
            "retained_bytes": kafka_retained,
            "brokers": brokers,
            "partitions_feed_topic": partitions,
        },
        "postgres": {
            "identity_bytes": pg_identity,
            "content_bytes": pg_content,
            "messaging_bytes": pg_messaging,
            "data_bytes": pg_data,
            "disk_bytes": pg_data * a.disk_headroom,
        },
        "neo4j": {
            "relationships": relationships,
            "data_bytes": neo4j_data,
            "disk_bytes": neo4j_data * a.disk_headroom,
            "page_cache_bytes": neo4j_data,
        },
    }


# --- docs/capacity.md ---------------------------------------------------------------------------------


def _n(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _cores(x: float) -> str:
    return f"{x:.2g}" if x < 10 else f"{x:,.0f}"


def _bytes(x: float) -> str:
    for unit, size in (("TiB", 2**40), ("GiB", GIB), ("MiB", 2**20), ("KiB", 2**10)):
        if x >= size:
            return f"{x / size:,.1f} {unit}"
    return f"{x:.0f} B"


def _scale(dau: float) -> str:
    return f"{dau / 1e6:g}M DAU" if dau >= 1e6 else f"{dau / 1e3:g}k DAU"


def render(
    results: dict, a: Assumptions = Assumptions(), scales=SCALES, source: str = "bench/results/latest.json"
) -> str:
    x, measured = inputs(results)
    runs = [model(d, x, a) for d in scales]

    def tag(name):
        return "measured" if measured[name] else "**assumed** (not in this latest.json)"

    lines = [
        "# Capacity model",
        "",
        f"Generated by `make bench` (bench/capacity.py) from `{source}` of {results.get('at', '?')} "
        f"(commit {str((results.get('versions') or {}).get('kith_commit'))[:10]}, "
        f"{(results.get('machine') or {}).get('cores')} cores). Do not edit: change the assumptions in "
        "`bench/capacity.py` and run `make bench-report`.",
        "",
        "A first-order model: each figure is a measured cost per unit of work (CPU per request, feed "
        "entries per second per stream worker, bytes per feed entry, per user, per event, per row) times "
        "the work that many daily active people (DAU) bring, under the assumptions listed. The measured "
        "costs come from one machine where every process shares its cores, so they include contention; "
        "the mixed workload writes more (10% posts) than people do, so CPU per request errs high.",
        "",
        "## Inputs",
        "",
        "| input | value | source |",
        "| --- | --- | --- |",
    ]
    cpu = x["cpu_ms_per_request"]
    lines.append(
        "| CPU ms per request, by process | "
        + ", ".join(f"{k} {v:.3g}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]))
        + f" | {tag('cpu_ms_per_request')}: `{SOURCES['cpu_ms_per_request']}` |"
    )
    for name, label in (
        ("fanout_entries_per_second_per_worker", "feed entries per second, one stream worker"),
        ("redis_zadd_per_second", "Redis ZADD per second (one instance)"),
        ("redis_bytes_per_feed_entry", "Redis bytes per home feed entry"),
        ("redis_bytes_per_user", "Redis bytes per user (keys besides the home feed)"),
        ("redis_bytes_per_post_summary", "Redis bytes per post summary"),
        ("kafka_bytes_per_event", "Kafka bytes per event on disk (one replica)"),
        ("postgres_bytes_per_user", "PostgreSQL bytes per account (identity)"),
        ("postgres_bytes_per_post", "PostgreSQL bytes per post (content)"),
        ("postgres_bytes_per_message", "PostgreSQL bytes per message (messaging)"),
        ("neo4j_bytes_per_relationship", "Neo4j bytes per relationship"),
    ):
        lines.append(f"| {label} | {_n(x[name])} | {tag(name)}: `{SOURCES[name]}` |")
    followers = (results.get("fanout") or {}).get("avg_followers")
    if followers:
        lines += [
            "",
            f"For comparison: the fan-out benchmark's posts reached {_n(followers)} followers each on "
            f"average (socfb-Reed98, a college network); the model uses `avg_followers` "
            f"({_n(a.avg_followers)}) instead.",
        ]
    lines += ["", "## Assumptions", "", "| assumption | value |", "| --- | --- |"]
    lines += [f"| `{f.name}` | {getattr(a, f.name):g} |" for f in fields(a)]
    lines += [
        "",
        "## Formulas",
        "",
        "```",
        "MAU = DAU / dau_per_mau;  accounts = MAU / mau_per_account",
        "peak requests/s = DAU x requests_per_dau_per_day / 86,400 x peak_to_average",
        "service replicas = max(min_replicas, ceil(peak requests/s x CPU ms per request / 1000",
        "                                          / (cores_per_replica x target_utilisation)))",
        "data store cores = peak requests/s x its CPU ms per request / 1000 / target_utilisation",
        "peak posts/s = DAU x posts_per_dau_per_day / 86,400 x peak_to_average",
        "peak feed entries/s = peak posts/s x (avg_followers x active_follower_share + 1)",
        "stream workers = max(min_replicas, ceil(peak feed entries/s / (entries/s per worker x target_utilisation)))",
        "feed topic partitions = max(kafka_min_partitions, stream workers x partitions_per_worker)",
        "Redis bytes = (MAU x feed_length_kept x bytes per feed entry + accounts x bytes per user",
        "               + DAU x posts_per_dau_per_day x post_summary_days x bytes per post summary)",
        "              x (1 + redis_overhead)",
        "Redis masters = max(redis_min_masters, ceil(Redis bytes / (redis_master_memory_gib x redis_memory_fill)),",
        "                    ceil(peak feed entries/s / (ZADD/s x target_utilisation)))",
        "Redis nodes = masters x (1 + redis_replicas_per_master)",
        "Kafka peak write = DAU x kafka_events_per_dau_per_day / 86,400 x peak_to_average x bytes per event",
        "                   x kafka_replication",
        "Kafka retained = DAU x kafka_events_per_dau_per_day x kafka_retention_days x bytes per event",
        "                 x kafka_replication",
        "Kafka brokers = max(kafka_min_brokers, ceil(retained / kafka_broker_disk_gib),",
        "                    ceil(peak write / kafka_broker_write_mib_s))",
        "PostgreSQL = accounts x bytes per account + DAU x storage_horizon_days x (posts_per_dau_per_day",
        "             x bytes per post + messages_per_dau_per_day x bytes per message); disk x disk_headroom",
        "Neo4j = accounts x avg_followers relationships x bytes per relationship; disk x disk_headroom;",
        "        page cache = the store",
        "```",
        "",
        "## What each scale needs",
        "",
        "| | " + " | ".join(_scale(r["dau"]) for r in runs) + " |",
        "| --- | " + " | ".join("---:" for _ in runs) + " |",
    ]

    def row(label: str, values) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    row("monthly active / accounts", (f"{_n(r['mau'])} / {_n(r['accounts'])}" for r in runs))
    row(
        "requests/s, average / peak",
        (f"{_n(r['requests_per_second']['average'])} / {_n(r['requests_per_second']['peak'])}" for r in runs),
    )
    for s in SERVICES:
        row(
            f"{s} replicas (cores at peak)",
            (f"{r['services'][s]['replicas']} ({_cores(r['services'][s]['cores_at_peak'])})" for r in runs),
        )
    row(
        "stream workers (peak feed entries/s)",
        (f"{r['stream_workers']['workers']} ({_n(r['stream_workers']['feed_entries_per_second_peak'])})" for r in runs),
    )
    row("content.posts.v1 partitions", (str(r["stream_workers"]["partitions"]) for r in runs))
    row(
        "Redis memory: feeds / users / post summaries",
        (
            f"{_bytes(r['redis']['feeds_bytes'])} / {_bytes(r['redis']['users_bytes'])} / "
            f"{_bytes(r['redis']['post_summaries_bytes'])}"
            for r in runs
        ),
    )
    row("Redis memory with overhead", (_bytes(r["redis"]["total_bytes"]) for r in runs))
    row(
        "Redis Cluster: masters (for memory, for writes) / nodes",
        (
            f"{r['redis']['masters']} ({r['redis']['masters_for_memory']}, {r['redis']['masters_for_writes']}) / "
            f"{r['redis']['nodes']}"
            for r in runs
        ),
    )
    row("Kafka: events/s at peak", (_n(r["kafka"]["events_per_second_peak"]) for r in runs))
    row("Kafka: write at peak (replicated)", (f"{_bytes(r['kafka']['write_bytes_per_second_peak'])}/s" for r in runs))
    row("Kafka: retained (replicated)", (_bytes(r["kafka"]["retained_bytes"]) for r in runs))
    row("Kafka brokers", (str(r["kafka"]["brokers"]) for r in runs))
    row(
        "PostgreSQL: identity / content / messaging",
        (
            f"{_bytes(r['postgres']['identity_bytes'])} / {_bytes(r['postgres']['content_bytes'])} / "
            f"{_bytes(r['postgres']['messaging_bytes'])}"
            for r in runs
        ),
    )
    row("PostgreSQL disk", (_bytes(r["postgres"]["disk_bytes"]) for r in runs))
    for s in DATA_STORES:
        row(f"{s} cores at peak", (_cores(r["data_store_cores_at_peak"][s]) for r in runs))
    row(
        "Neo4j: relationships / store / disk",
        (
            f"{_n(r['neo4j']['relationships'])} / {_bytes(r['neo4j']['data_bytes'])} / "
            f"{_bytes(r['neo4j']['disk_bytes'])}"
            for r in runs
        ),
    )
    lines += [
        "",
        "## Limits of the model",
        "",
        "- Linear: no cache effects, no hot keys, no cost of more connections; the Redis Cluster is assumed "
        "to spread feeds evenly (each user's keys share a slot by their hash tag).",
        "- Authors with more than 10,000 followers are not fanned out (merged at read time); with "
        "`avg_followers` an average, the few big authors are left to the read path.",
        "- Post summaries (`feed:post:{p}`) and home feeds of people inactive for over 30 days are not "
        "removed by the feed today; the model counts `post_summary_days` of summaries and the feeds "
        "of the monthly active only, so an eviction policy (or maxmemory) is assumed.",
        "- The mixed workload signs in once and then only reads and posts: identity's CPU per request is "
        "about nil there, so identity gets `min_replicas`; log-ins (an argon2id hash each) are not modelled.",
        "- Redis writes are checked against redis-benchmark's pipelined ZADD rate (`-P 64`), an upper bound "
        "for one instance; memory is what sizes the cluster at every scale here.",
        "- Kafka bytes per event is the mean over the topics in this run's broker, which the "
        "benchmarks themselves filled (posts and messages weigh more than on a real day).",
        "- Measured figures at small counts (a few thousand rows) include fixed costs (empty pages, "
        "index roots), so bytes per row err high.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", type=Path, default=RESULTS)
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    results = json.loads(args.results.read_text())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    where = args.results.resolve()
    args.out.write_text(
        render(results, source=str(where.relative_to(ROOT) if where.is_relative_to(ROOT) else args.results))
    )
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
