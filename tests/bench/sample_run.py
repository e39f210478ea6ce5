"""A `make bench` run without the platform: bench/run_all.py's own main(), with each step that
would talk to a server replaced by a fake returning what that step returns (the shapes built by
the benchmarks' own code: mixed_workload.step_summary, find_max_rate's result, ...), on a fake
clock. Gives a latest.json shaped exactly as run_all.py writes it, for the report and capacity
tests; the figures are invented and must never be published.

  uv run python tests/bench/sample_run.py /tmp/kith-sample    (writes latest.json and docs there)
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import feed_fanout  # noqa: E402 - bench/ is put on sys.path above
import footprint  # noqa: E402 - bench/ is put on sys.path above
import graph_queries  # noqa: E402 - bench/ is put on sys.path above
import live_channel  # noqa: E402 - bench/ is put on sys.path above
import messaging_delivery  # noqa: E402 - bench/ is put on sys.path above
import mixed_workload  # noqa: E402 - bench/ is put on sys.path above
import run_all  # noqa: E402 - bench/ is put on sys.path above

CPU_PERCENT_PER_100 = {
    "gateway": 24,
    "feed_api": 24,
    "content": 5,
    "identity": 0,
    "graph": 3,
    "stream_worker": 7,
    "redis": 6,
    "postgres": 2,
    "kafka": 9,
    "neo4j": 8,
}


class FakeClock:
    """time.monotonic for run_all: advances only when a fake step says it took time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def __getattr__(self, name):  # everything else of the time module
        import time

        return getattr(time, name)


def _step(rate: float, median_ms: float, rng: random.Random, *, duration: float = 15.0, cpu: bool = True) -> dict:
    """One step as LoadGenerator.step returns it (mixed_workload.step_summary over fake samples)."""
    n = int(rate * duration)
    ops = {"home": 0.6, "timeline": 0.3, "post": 0.1} if cpu else {"echo": 1.0}
    latencies = {
        op: [
            rng.lognormvariate(0, 0.6) * median_ms * (1.4 if op == "post" else 1) for _ in range(max(1, int(n * share)))
        ]
        for op, share in ops.items()
    }
    result = {
        "latencies": latencies,
        "errors": {},
        "error_examples": {},
        "lags": [rng.random() for _ in range(50)],
        "completed_in_window": n,
        "cpu_seconds": duration * 0.4,
        "wall_seconds": duration + 3,
    }
    platform = {k: round(v * rate / 100) for k, v in CPU_PERCENT_PER_100.items()} if cpu else {}
    return mixed_workload.step_summary(rate, duration, [result], platform)


def _search(points: list[tuple[float, float]], rng: random.Random, **kw) -> dict:
    """find_max_rate's result over steps at (rate, median latency) in the order searched."""
    steps = [_step(rate, median, rng, **kw) for rate, median in points]
    passed = [s for s in steps if s["passed"]]
    failed = [s for s in steps if not s["passed"]]
    best = max(passed, key=lambda s: s["rate_per_second"]) if passed else None
    return {
        "rate_per_second": best["rate_per_second"] if best else 0,
        "at_rate": best,
        "first_failed_rate_per_second": min(s["rate_per_second"] for s in failed) if failed else None,
        "search_stopped": "a step failed",
        "steps": steps,
    }


def fake_mixed_run(seed: int = 7):
    async def run(opts, log=print) -> dict:
        rng = random.Random(seed)
        mixed = _search([(300, 6), (450, 7), (675, 9), (1012, 40), (844, 14), (928, 22)], rng)
        echo = _search(
            [(928, 1.2), (1392, 1.4), (2088, 1.8), (3132, 2.6), (4698, 30), (3915, 3.5), (4306, 16)],
            rng,
            duration=8.0,
            cpu=False,
        )
        idle = {
            **mixed_workload.latency_summary([rng.lognormvariate(0, 0.3) * 9 for _ in range(40)]),
            "from_create_post_call": mixed_workload.latency_summary([20.0] * 40),
            "create_post": mixed_workload.latency_summary([11.0] * 40),
            "not_seen_within_5s": 0,
            "errors_by_code": {},
        }
        loaded = {
            **mixed_workload.latency_summary([rng.lognormvariate(0, 0.5) * 16 for _ in range(120)]),
            "from_create_post_call": mixed_workload.latency_summary([35.0] * 120),
            "create_post": mixed_workload.latency_summary([19.0] * 120),
            "not_seen_within_5s": 0,
            "errors_by_code": {},
            "mixed_step": _step(mixed["rate_per_second"], 14, rng),
        }
        best, echo_best = mixed["at_rate"], echo["at_rate"]
        return {
            "workload": {
                "mix": dict(mixed_workload.MIX),
                "page_size": 10,
                "accounts": 962,
                "signed_in_accounts": 128,
                "sign_in_seconds": 31.0,
                "generator_processes": opts.processes,
                "channels_per_process": 2,
                "p99_bound_ms": mixed_workload.P99_BOUND_MS,
                "max_error_share": mixed_workload.MAX_ERROR_SHARE,
                "request_deadline_seconds": 5.0,
                "step": {
                    "warmup_seconds": opts.warmup,
                    "seconds": opts.duration,
                    "start_rate": opts.start_rate,
                    "factor": opts.factor,
                    "bisect_steps": opts.bisect,
                },
                "latency_from": "each request's intended start time",
            },
            "mixed_workload": {
                "rate_per_second": mixed["rate_per_second"],
                **{
                    k: best.get(k)
                    for k in ("p50_ms", "p99_ms", "p999_ms", "max_ms", "errors", "error_share", "completed_per_second")
                },
                "by_operation": best["by_operation"],
                "generator": best["generator"],
                "platform_cpu_percent": best["platform_cpu_percent"],
                "platform_cpu_ms_per_request": best["platform_cpu_ms_per_request"],
                "first_failed_rate_per_second": mixed["first_failed_rate_per_second"],
                "search_stopped": mixed["search_stopped"],
                "steps": mixed["steps"],
            },
            "echo_baseline": {
                "what": "bare grpc.aio unary echo server",
                "rate_per_second": echo["rate_per_second"],
                **{k: echo_best.get(k) for k in ("p50_ms", "p99_ms", "p999_ms", "errors", "completed_per_second")},
                "generator": echo_best["generator"],
                "first_failed_rate_per_second": echo["first_failed_rate_per_second"],
                "search_stopped": echo["search_stopped"],
                "steps": echo["steps"],
            },
            "ratio_mixed_to_echo": round(mixed["rate_per_second"] / echo["rate_per_second"], 3),
            "post_to_feed": {
                "idle": idle,
                "under_mixed_load": loaded,
                "at_mixed_rate_per_second": mixed["rate_per_second"],
            },
            "seconds": 400.0,
        }

    return run


async def fake_fanout_against_baseline(args, redis) -> dict:
    fans = {}
    for w, rate in ((1, 21_400), (2, 33_900)):
        fans[f"workers_{w}"] = {
            "posts": args.posts,
            "feed_entries": 394_000,
            "seconds": round(394_000 / rate, 2),
            "entries_per_second": rate,
            "avg_followers": 38.4,
            "cpu_seconds": {"stream_worker": 14.1, "redis": 3.2, "kafka": 1.1},
            "stream_workers": w,
            "runs_entries_per_second": [rate - 800, rate],
            "ratio_fanout_to_baseline": round(rate / 61_000, 3),
        }
    return {
        **fans["workers_2"],
        "by_worker_count": fans,
        "baseline_runs_per_second": [60_500, 61_500, 60_000, 62_000],
        "baseline_redis_benchmark_zadd_per_second": 61_000,
    }


async def fake_graph_measure(args) -> dict:
    def s(p50, p99):
        return {"n": args.samples, "p50_ms": p50, "p99_ms": p99, "max_ms": p99 * 1.5}

    return {
        "dataset": {"file": "socfb-Reed98.edges", "users": 962, "edges": 18812, "load_seconds": 3.1},
        "results": {
            "suggest_people": s(9.5, 31.0),
            "connection_path": s(4.2, 12.0),
            "baseline_grpc_health": s(0.6, 1.9),
            "baseline_neo4j_return_1": s(0.9, 2.5),
        },
    }


async def fake_live_measure(streams: int, samples: int) -> dict:
    return (
        json.loads((ROOT / "bench" / "results" / "live.json").read_text())
        if (ROOT / "bench" / "results" / "live.json").exists()
        else {
            "idle_streams": {"streams": streams, "memory_per_stream_kib": 33.5},
            "append_to_arrival": {
                "p50_ms": 2.5,
                "p99_ms": 9.5,
                "baseline": {"p50_ms": 0.6, "p99_ms": 2.7},
                "ratio_p50": 3.8,
                "ratio_p99": 3.5,
            },
        }
    )


async def fake_messaging_measure(opts, log=print) -> dict:
    return {
        "streams": {"open_during_rate": 5000, "through_gateway": 190},
        "target_rate_per_second": 500.0,
        "highest_sustained_rate_per_second": 250.0,
        "at_rate_per_second": 250.0,
        "achieved_send_rate_per_second": 249.0,
        "errors": 0,
        "generator_cpu_percent_of_one_core": 14.0,
        "p50_ms": 14.0,
        "p99_ms": 80.0,
        "target_p99_ms": 100.0,
        "meets_target": False,
        "baseline": {"p50_ms": 0.41, "p99_ms": 1.3},
        "ratio_p50": 34.1,
        "ratio_p99": 61.5,
        "group": {
            "members": 250,
            "repeats": 5,
            "last_member_median_ms": 118.8,
            "last_member_max_ms": 190.0,
            "incomplete_runs": 0,
        },
    }


async def fake_footprint() -> dict:
    return {
        "redis": {
            "used_memory_bytes": 310_000_000,
            "keys": 420_000,
            "zset_max_listpack_entries": 128,
            "home_feeds_sampled": 200,
            "large_home_feeds_sampled": 150,
            "home_feed_entries_sampled": 120_000,
            "bytes_per_feed_entry": 104.0,
            "bytes_per_feed_entry_all_sampled": 96.0,
            "mean_home_feed_entries": 600.0,
            "users_sampled": 200,
            "bytes_per_user": 4_300.0,
            "post_summaries_sampled": 200,
            "bytes_per_post_summary": 420.0,
        },
        "kafka": {
            "bytes_per_event": 610.0,
            "bytes_per_post_event": 380.0,
            "records": 260_000,
            "bytes": 158_600_000,
            "by_topic": {},
        },
        "postgres": {
            "identity": {"rows": 12_000, "bytes_per_user": 2_100.0},
            "content": {"rows": 180_000, "bytes_per_post": 950.0},
            "messaging": {"rows": 95_000, "bytes_per_message": 690.0},
            "communities": {"error": 'InvalidCatalogNameError: database "communities" does not exist'},
        },
        "neo4j": {
            "store_bytes": 105_607_168,
            "nodes": 14_000,
            "relationships": 610_000,
            "bytes_per_relationship": 173.1,
        },
    }


def build(out_dir: Path, *, load_seconds: float = 0.0, extra_argv: list[str] | None = None) -> dict:
    """Runs run_all.main() with the fakes; returns {"json": path, "calls": what the fakes were given}.
    load_seconds > 0: the Reed98 load "ran" this run and took that long (on the fake clock)."""
    clock = FakeClock()
    calls: dict = {}
    saved = {}

    def patch(module, name, value) -> None:
        saved[(module, name)] = getattr(module, name)
        setattr(module, name, value)

    async def preflight(gateway):
        return None

    async def versions():
        return {
            "python": "3.11.7",
            "grpcio": "1.x",
            "protobuf": "6.x",
            "kith_commit": "0" * 40,
            "kith_worktree_changed": False,
            "redis_server": "7.2.4",
            "kafka": "3.7.0",
            "neo4j": "5.x community",
            "postgresql": "16.x",
        }

    def ensure_reed98(state, edges, gateway):
        clock.now += load_seconds
        return {"loaded_this_run": load_seconds > 0, "accounts": 962, "follow_pairs": 18812}

    real_fanout, real_mixed = run_all.fanout, run_all.mixed

    async def fanout(quick, short):
        calls["fanout_short"] = short
        clock.now += 60
        return await real_fanout(quick, short)

    async def mixed(args, budget):
        calls["mixed_budget"] = budget
        calls["mixed_options"] = run_all.mixed_options(args, budget)
        clock.now += 400
        return await real_mixed(args, budget)

    patch(run_all, "time", clock)
    patch(run_all, "preflight", preflight)
    patch(run_all, "versions", versions)
    patch(run_all, "ensure_reed98", ensure_reed98)
    patch(run_all, "fanout", fanout)
    patch(run_all, "mixed", mixed)
    patch(feed_fanout, "fanout_against_baseline", fake_fanout_against_baseline)
    patch(graph_queries, "measure", fake_graph_measure)
    patch(live_channel, "measure", fake_live_measure)
    patch(messaging_delivery, "measure", fake_messaging_measure)
    patch(mixed_workload, "run", fake_mixed_run())
    patch(footprint, "measure", fake_footprint)
    out = out_dir / "latest.json"
    argv = sys.argv
    sys.argv = ["run_all.py", "--out", str(out), "--docs", str(out_dir / "docs"), *(extra_argv or [])]
    try:
        code = asyncio.run(run_all.main())
    finally:
        sys.argv = argv
        for (module, name), value in saved.items():
            setattr(module, name, value)
    return {"code": code, "json": out, "calls": calls}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kith-sample")
    target.mkdir(parents=True, exist_ok=True)
    result = build(target, extra_argv=["--no-docs"])
    print(f"exit {result['code']}; sample written to {result['json']}")
