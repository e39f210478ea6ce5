"""The capacity model's formulas (bench/capacity.py) on hand-computed cases."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import capacity  # bench/, put on sys.path above

# Round numbers, so that each figure below can be worked out by hand.
A = capacity.Assumptions(
    requests_per_dau_per_day=100,
    peak_to_average=2,
    posts_per_dau_per_day=1,
    avg_followers=99,
    active_follower_share=1.0,
    dau_per_mau=0.5,
    mau_per_account=0.5,
    feed_length_kept=10,
    post_summary_days=10,
    kafka_events_per_dau_per_day=10,
    kafka_retention_days=7,
    kafka_replication=3,
    kafka_broker_disk_gib=1,
    kafka_broker_write_mib_s=50,
    kafka_min_brokers=3,
    kafka_min_partitions=6,
    partitions_per_worker=2,
    messages_per_dau_per_day=10,
    storage_horizon_days=365,
    cores_per_replica=1,
    target_utilisation=0.5,
    min_replicas=1,
    redis_master_memory_gib=0.25,
    redis_memory_fill=1.0,
    redis_overhead=0.0,
    redis_replicas_per_master=1,
    redis_min_masters=1,
    disk_headroom=1.5,
)
X = {
    "cpu_ms_per_request": {
        "gateway": 3.0,
        "feed_api": 10.0,
        "content": 0.0,
        "identity": 0.0,
        "graph": 0.0,
        "redis": 1.0,
        "kafka": 0.0,
        "postgres": 0.0,
        "neo4j": 0.0,
    },
    "fanout_entries_per_second_per_worker": 50.0,
    "redis_zadd_per_second": 100.0,
    "redis_bytes_per_feed_entry": 100.0,
    "redis_bytes_per_user": 1000.0,
    "redis_bytes_per_post_summary": 200.0,
    "kafka_bytes_per_event": 500.0,
    "postgres_bytes_per_user": 1000.0,
    "postgres_bytes_per_post": 1000.0,
    "postgres_bytes_per_message": 500.0,
    "neo4j_bytes_per_relationship": 100.0,
}
DAU = 86_400  # one person a second on average


@pytest.fixture(scope="module")
def m() -> dict:
    return capacity.model(DAU, X, A)


def test_people_and_requests(m):
    assert m["mau"] == 172_800 and m["accounts"] == 345_600
    # 86,400 x 100 / 86,400 = 100/s on average, x2 at peak
    assert m["requests_per_second"] == {"average": 100, "peak": 200}


def test_service_replicas(m):
    # gateway: 200/s x 3 ms = 0.6 cores; at 50% busy, 1.2 cores: 2 replicas of one core
    assert m["services"]["gateway"]["cores_at_peak"] == pytest.approx(0.6)
    assert m["services"]["gateway"]["replicas"] == 2
    # feed API: 200/s x 10 ms = 2 cores, 4 at 50%
    assert m["services"]["feed_api"]["replicas"] == 4
    # no CPU: min_replicas
    assert m["services"]["identity"]["replicas"] == 1
    # Redis: 200/s x 1 ms = 0.2 cores, 0.4 at 50%
    assert m["data_store_cores_at_peak"]["redis"] == pytest.approx(0.4)


def test_stream_workers_and_partitions(m):
    # 1 post per person a day: 1/s, 2/s at peak; each to 99 followers and the author's own feed
    assert m["stream_workers"]["posts_per_second_peak"] == 2
    assert m["stream_workers"]["feed_entries_per_second_peak"] == 200
    # a worker writes 50/s, planned at 25/s: 8 workers, 2 partitions each
    assert m["stream_workers"]["workers"] == 8
    assert m["stream_workers"]["partitions"] == 16


def test_redis(m):
    r = m["redis"]
    assert r["feeds_bytes"] == 172_800 * 10 * 100  # MAU x feed length x bytes per entry
    assert r["users_bytes"] == 345_600 * 1000  # accounts x bytes per user
    assert r["post_summaries_bytes"] == 86_400 * 10 * 200  # a day's posts x 10 days x bytes per summary
    assert r["total_bytes"] == 691_200_000
    assert r["masters_for_memory"] == math.ceil(691_200_000 / 2**28) == 3
    assert r["masters_for_writes"] == 4  # 200 entries/s over 100 ZADD/s x 50%
    assert (r["masters"], r["nodes"]) == (4, 8)


def test_kafka(m):
    k = m["kafka"]
    assert k["events_per_second_peak"] == 20
    assert k["write_bytes_per_second_peak"] == 20 * 500 * 3
    assert k["retained_bytes"] == 86_400 * 10 * 7 * 500 * 3 == 9_072_000_000
    assert k["brokers"] == 9  # 9.07 GB over 1 GiB disks


def test_postgres_and_neo4j(m):
    pg = m["postgres"]
    assert pg["identity_bytes"] == 345_600_000
    assert pg["content_bytes"] == 86_400 * 365 * 1000
    assert pg["messaging_bytes"] == 86_400 * 10 * 365 * 500
    assert pg["disk_bytes"] == pytest.approx(1.5 * (345_600_000 + 31_536_000_000 + 157_680_000_000))
    n = m["neo4j"]
    assert n["relationships"] == 345_600 * 99
    assert n["data_bytes"] == 345_600 * 99 * 100


def test_scales_linearly():
    small, big = capacity.model(100_000, X, A), capacity.model(1_000_000, X, A)
    assert big["redis"]["total_bytes"] == pytest.approx(10 * small["redis"]["total_bytes"])
    assert big["kafka"]["retained_bytes"] == pytest.approx(10 * small["kafka"]["retained_bytes"])


def test_inputs_measured_and_fallbacks():
    results = {
        "mixed_workload": {"platform_cpu_ms_per_request": {"gateway": 2.0, "feed_api": 1.5, "total": 3.5}},
        "fanout": {
            "by_worker_count": {"workers_1": {"entries_per_second": 12_000}},
            "baseline": {"per_second": 80_000},
        },
        "footprint": {
            "redis": {"bytes_per_feed_entry": 90.0, "bytes_per_user": None},
            "kafka": {"error": "no Kafka log directory found"},
        },
    }
    x, measured = capacity.inputs(results)
    assert x["cpu_ms_per_request"] == {"gateway": 2.0, "feed_api": 1.5}  # no "total"
    assert x["fanout_entries_per_second_per_worker"] == 12_000 and measured["fanout_entries_per_second_per_worker"]
    assert x["redis_zadd_per_second"] == 80_000
    assert x["redis_bytes_per_feed_entry"] == 90.0 and measured["redis_bytes_per_feed_entry"]
    assert x["redis_bytes_per_user"] == capacity.FALLBACK["redis_bytes_per_user"]
    assert not measured["redis_bytes_per_user"] and not measured["kafka_bytes_per_event"]
    md = capacity.render(results)
    assert "**assumed**" in md
    assert "| 100k DAU | 1M DAU | 10M DAU |" in md


def test_nothing_measured_still_renders():
    md = capacity.render({})
    assert md.count("**assumed**") == len(capacity.SOURCES)
