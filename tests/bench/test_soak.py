"""make soak (bench/soak.py, bench/soak_plot.py) without a platform: the verdicts on synthetic
samples that pass and that fail each criterion, the rate it picks, how it finds the platform's
processes, its window loop with a fake load, and the SVG plot. The figures here are invented."""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import soak  # bench/, put on sys.path above
import soak_plot  # bench/, put on sys.path above

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ("gateway", "feed-api", "feed-worker", "redis", "postgres", "kafka-1", "kafka-2", "kafka-3", "neo4j")
WARMUP = 300.0


# --- synthetic runs ------------------------------------------------------------------------------------


def make_samples(
    minutes: float = 30,
    *,
    growth: dict[str, float] | None = None,
    data_growth: dict[str, float] | None = None,
    noise: float = 0.01,
    seed: int = 1,
) -> list[dict]:
    """A sample every 10 s; each process's memory grows linearly by growth[name] (a share of its
    size) over the run, with +-noise; data_growth[name]: of which this share is data it holds."""
    rng = random.Random(seed)
    out = []
    for j in range(int(minutes * 6) + 1):
        t = 10.0 * j
        procs = {}
        for i, name in enumerate(NAMES):
            base = 100_000 + 40_000 * i
            share = t / (60 * minutes)
            grown = base * (growth or {}).get(name, 0.0) * share
            data = base * (data_growth or {}).get(name, 0.0) * share
            memory = round((base + grown) * (1 + rng.uniform(-noise, noise)))
            procs[name] = {
                "pid": 1000 + i,
                "processes": 1,
                "memory_kib": memory,
                "rss_kib": memory,
                "data_kib": round(20_000 + data) if name in (data_growth or {}) else None,
                "cpu_seconds": round(0.2 * t, 2),
            }
        out.append({"t": t, "processes": procs})
    return out


CALLS_PER_WINDOW = 2100
P99_RANK = CALLS_PER_WINDOW - math.ceil(0.99 * CALLS_PER_WINDOW) + 1  # a window's p99: its 22nd slowest


def make_tail(p99: float, stalled: int = 0) -> list[float]:
    """A window's slowest tenth (as soak.tail_of keeps it), slowest first: 1.5x `p99` down to it at
    P99_RANK, then down to about half of it; its `stalled` slowest calls three times as slow."""
    k = CALLS_PER_WINDOW // 10
    tail = [
        p99 * (1 + (P99_RANK - 1 - i) / (2 * P99_RANK)) if i < P99_RANK else p99 * (1 - (i - P99_RANK + 1) / (2 * k))
        for i in range(k)
    ]
    return [round(3 * x if i < stalled else x, 2) for i, x in enumerate(tail)]


def make_windows(
    minutes: float = 30,
    *,
    p99: float = 20.0,
    drift: float = 0.0,
    spikes: tuple[int, ...] = (),
    stalls: tuple[int, ...] = (),
    errors: dict[int, dict[str, int]] | None = None,
    seed: int = 2,
) -> list[dict]:
    """10-s windows; p99 rises by `drift` (a share) over the run, +-10%; windows in `spikes` 4x as
    slow all through their slowest tenth; in windows in `stalls` only their 30 slowest calls are
    (a brief stall: their own p99 triples, a minute's hardly moves)."""
    rng = random.Random(seed)
    out = []
    for k in range(int(minutes * 6)):
        t = 10.0 * k
        p = p99 * (1 + drift * t / (60 * minutes)) * (1 + rng.uniform(-0.1, 0.1)) * (4 if k in spikes else 1)
        tail = make_tail(p, stalled=30 if k in stalls else 0)
        codes = (errors or {}).get(k, {})
        out.append(
            {
                "t_start": t,
                "t_end": t + 10,
                "offered_per_second": 210,
                "completed_per_second": 210 - rng.randint(0, 3),
                "n": CALLS_PER_WINDOW,
                "p50_ms": round(p / 3, 2),
                "p99_ms": tail[P99_RANK - 1],
                "tail_ms": tail,
                "p999_ms": round(p * 1.5, 2),
                "max_ms": round(p * 2, 2),
                "errors": sum(codes.values()),
                "errors_by_code": codes,
                "error_examples": {code: "example" for code in codes},
                "by_operation": {},
                "generator_lag_p99_ms": 1.0,
                "generator_behind_schedule": False,
            }
        )
    return out


def make_report(minutes: float = 30, samples=None, windows=None, aborted=None) -> dict:
    warmup = minutes * 60 / 6
    return {
        "benchmark": "kith make soak",
        "at": "2026-12-05T09:00:00+00:00",
        "machine": {"cores": 2},
        "versions": {},
        "settings": {
            "minutes": minutes,
            "warmup_minutes": None,
            "warmup_seconds": warmup,
            "window_seconds": 10.0,
            "sample_seconds": 10.0,
            "criteria": {"memory_growth_bound": 0.05},
        },
        "rate": {"per_second": 210.0, "source": "test", "benchmark_per_second": 300.0, "fraction": 0.7},
        "platform": {"found_by": "test", "pids": {}},
        "samples": samples if samples is not None else make_samples(minutes),
        "windows": windows if windows is not None else make_windows(minutes),
        "aborted": aborted,
        "seconds": minutes * 60,
    }


# --- memory --------------------------------------------------------------------------------------------


def test_memory_flat_with_noise_passes():
    v = soak.judge_memory(make_samples(noise=0.02), WARMUP)
    assert v["passed"], v
    assert set(v["processes"]) == set(NAMES)
    assert v["samples_per_edge"] == 25  # a sixth of the 151 samples after the warm-up
    assert all(abs(p["growth"]) < 0.01 for p in v["processes"].values())


def test_memory_growth_over_the_bound_fails():
    v = soak.judge_memory(make_samples(growth={"gateway": 0.12}), WARMUP)
    assert not v["passed"] and v["failed"] == ["gateway"]
    g = v["processes"]["gateway"]
    assert 0.06 < g["growth"] < 0.12  # the first window is after the warm-up, each window a median
    assert g["trend_kib_per_hour"] > 0


def test_memory_growth_just_under_the_bound_passes():
    # 6% over 30 minutes is about 4% between the windows compared (minutes 7 and 28 or so)
    assert soak.judge_memory(make_samples(growth={"kafka-2": 0.06}, noise=0.002), WARMUP)["passed"]


def test_memory_single_sample_peaks_do_not_count():
    samples = make_samples()
    for j in range(40, len(samples), 12):  # a GC's high-water mark now and then, and at the very end
        samples[j]["processes"]["neo4j"]["memory_kib"] *= 1.3
    samples[-1]["processes"]["neo4j"]["memory_kib"] *= 1.3
    assert soak.judge_memory(samples, WARMUP)["passed"]


def test_memory_growth_that_is_data_held_passes_and_the_raw_figure_is_kept():
    samples = make_samples(growth={"redis": 0.30}, data_growth={"redis": 0.30})
    v = soak.judge_memory(samples, WARMUP)
    assert v["passed"], v["processes"]["redis"]
    r = v["processes"]["redis"]
    assert r["raw_growth"] > 0.15 and abs(r["growth"]) < 0.02 and r["data_growth_kib"] > 0


def test_memory_growth_beyond_the_data_held_fails():
    samples = make_samples(growth={"redis": 0.40}, data_growth={"redis": 0.10})
    v = soak.judge_memory(samples, WARMUP)
    assert v["failed"] == ["redis"]


def test_memory_a_restart_fails_even_though_memory_fell():
    samples = make_samples(growth={"feed-worker": 0.5})
    for s in samples[120:]:  # OOM-killed and started again: memory back to where it began
        s["processes"]["feed-worker"].update(pid=2001, memory_kib=100_000 + 40_000 * 2)
    v = soak.judge_memory(samples, WARMUP)
    assert v["failed"] == ["feed-worker"]
    assert (
        "restarted" in v["processes"]["feed-worker"]["reason"]
        and "1002 -> 2001" in v["processes"]["feed-worker"]["reason"]
    )


def test_memory_a_process_missing_fails():
    samples = make_samples()
    samples[50]["processes"]["kafka-3"] = None
    v = soak.judge_memory(samples, WARMUP)
    assert v["failed"] == ["kafka-3"] and "not running" in v["processes"]["kafka-3"]["reason"]


def test_memory_too_few_samples_fails_and_says_why():
    v = soak.judge_memory(make_samples(minutes=1.5), 60)
    assert not v["passed"] and "run longer" in v["reason"]


def test_memory_no_process_found_fails():
    v = soak.judge_memory([{"t": 10.0 * j, "processes": {}} for j in range(20)], 0)
    assert not v["passed"] and v["reason"] == "no platform process found"


# --- p99 ---------------------------------------------------------------------------------------------


def test_p99_steady_passes():
    v = soak.judge_p99(make_windows(), WARMUP)
    assert v["passed"], v
    assert v["windows_judged"] == 150 and len(v["minutes"]) == 25 and v["spikes_allowed"] == 0
    assert 17 < v["median_p99_ms"] < 23
    assert v["minutes"][0]["t_start"] == WARMUP and v["minutes"][0]["t_end"] == WARMUP + 60
    assert v["minutes"][0]["n"] == 6 * CALLS_PER_WINDOW


def test_p99_one_spike_in_a_hundred_minutes_passes():
    v = soak.judge_p99(make_windows(minutes=120, spikes=(400,)), WARMUP)
    assert v["spikes_allowed"] == 1 and len(v["spikes"]) == 1 and v["passed"]


def test_p99_a_slow_window_makes_its_minute_a_spike_and_fails():
    v = soak.judge_p99(make_windows(spikes=(100,)), WARMUP)
    assert not v["passed"] and [m["t_start"] for m in v["spikes"]] == [960.0] and "1 spans" in v["reason"]


def test_p99_spikes_fail():
    v = soak.judge_p99(make_windows(spikes=(60, 100, 140)), WARMUP)
    assert not v["passed"] and len(v["spikes"]) == 3 and "3 spans" in v["reason"]


def test_p99_brief_stalls_are_set_out_and_not_judged():
    v = soak.judge_p99(make_windows(stalls=(60, 100, 140)), WARMUP)
    assert v["passed"] and not v["spikes"], v["reason"]
    brief = v["brief_stalls"]
    assert [w["t_start"] for w in brief["windows"]] == [600.0, 1000.0, 1400.0]
    assert brief["worst_window_p99_ms"] > 2 * brief["median_window_p99_ms"]
    assert "brief stalls (not judged): 3 10-s windows with p99 above" in soak.brief_stalls_line(brief)


def test_p99_spikes_in_the_warmup_are_not_judged():
    assert soak.judge_p99(make_windows(spikes=(1, 2, 3, 4)), WARMUP)["passed"]


def test_p99_a_short_run_allows_no_spike():
    v = soak.judge_p99(make_windows(minutes=5, spikes=(10,)), 30)
    assert len(v["minutes"]) == 4 and v["spikes_allowed"] == 0 and not v["passed"]


def test_p99_drift_fails():
    v = soak.judge_p99(make_windows(drift=1.0), WARMUP)
    assert not v["passed"] and v["drift"] > 0.25 and "last third" in v["reason"]
    assert not v["spikes"]  # a slow climb, no single minute out of line


def test_p99_a_falling_p99_passes():
    assert soak.judge_p99(make_windows(drift=-0.5), WARMUP)["passed"]


def test_p99_too_few_windows_fails():
    v = soak.judge_p99(make_windows(minutes=2), 20)
    assert not v["passed"] and "run longer" in v["reason"]


def test_p99_of_a_minute_is_the_p99_of_all_its_calls():
    # six windows of calls as the generator processes report them (two processes, three operations)
    rng = random.Random(5)
    windows, everything = [], []
    for k in range(6):
        results = [
            {"latencies": {op: [rng.lognormvariate(2, 0.6 + 0.1 * k) for _ in range(rng.randint(300, 400))]}}
            for _ in range(2)
            for op in ("home", "timeline", "post")
        ]
        calls = [x for r in results for xs in r["latencies"].values() for x in xs]
        everything += calls
        windows.append({"t_start": 10.0 * k, "t_end": 10.0 * k + 10, "n": len(calls), "tail_ms": soak.tail_of(results)})
    assert all(len(w["tail_ms"]) == math.ceil(w["n"] / 10) for w in windows)
    assert soak.pooled_p99(windows) == round(soak.mw.percentile(sorted(everything), 0.99), 2)


def test_p99_not_pooled_from_windows_that_kept_too_few_calls():
    windows = make_windows()
    for w in windows[40:]:
        w["tail_ms"] = w["tail_ms"][:21]  # fewer than a minute's p99 needs (its 127 slowest of 12,600)
    v = soak.judge_p99(windows, WARMUP)
    assert not v["passed"] and "too few of their slowest calls" in v["reason"]
    assert soak.pooled_p99(windows[40:46]) is None and soak.pooled_p99(make_windows()[40:46]) is not None


# --- the echo baseline beside the load ---------------------------------------------------------------------


def with_baseline(windows: list[dict], **kwargs) -> list[dict]:
    """Each window with the echo baseline's figures over the same 10 s: make_windows' own, around a
    p99 of 2 ms (kwargs: its spikes, drift, ...)."""
    for w, b in zip(windows, make_windows(p99=2.0, seed=7, **kwargs), strict=True):
        w["baseline"] = {k: b[k] for k in ("n", "p50_ms", "p99_ms", "max_ms", "errors", "errors_by_code", "tail_ms")}
    return windows


def host_slow_in(windows: range | tuple[int, ...], *, probe: bool = False) -> list[dict]:
    """make_samples' samples with the machine's counters (with_context): the hypervisor taking 2%
    of the CPUs in the given 10-s windows, or with `probe` the speed probe 30% slower in them."""
    ends = tuple(k + 1 for k in windows)  # window k ends at sample k + 1
    return with_context(make_samples(), **({"slow_at": ends} if probe else {"pressed_at": ends}))


SPIKE_MINUTE = range(96, 102)  # the minute of window 100 (from 960 s): make_windows(spikes=(100,))


def test_p99_spikes_the_baseline_shares_while_the_host_is_slow_are_the_hosts_and_inconclusive():
    windows = with_baseline(make_windows(spikes=(100,)), spikes=(100,))
    v = soak.judge_p99(windows, WARMUP, host_slow_in(SPIKE_MINUTE))
    assert not v["passed"] and v["inconclusive"] and "each failure the host's" in v["reason"]
    host = v["baseline"]
    assert not host["steady"] and host["spikes_shared"] == 1 and len(host["minutes"]) == 25
    assert 1.7 < host["median_p99_ms"] < 2.3
    assert [m["t_start"] for m in host["minutes"] if m["host"]["slow"]] == [960.0]
    assert host["minutes"][11]["host"]["steal_pct"] == pytest.approx(2.0, abs=0.1)


def test_p99_spikes_the_baseline_shares_while_the_host_is_not_slow_fail():
    """The echo shares the cores: it slows when the platform eats them too. Without the host seen
    slow (steal, the speed probe), a spike both had is the platform's."""
    windows = with_baseline(make_windows(spikes=(100,)), spikes=(100,))
    v = soak.judge_p99(windows, WARMUP, with_context(make_samples()))
    assert not v["passed"] and not v["inconclusive"] and v["baseline"]["spikes_shared"] == 0
    v = soak.judge_p99(windows, WARMUP)  # no machine counters at all (an older run)
    assert not v["passed"] and not v["inconclusive"]
    # the speed probe 30% slower is the host slow as well
    v = soak.judge_p99(windows, WARMUP, host_slow_in(SPIKE_MINUTE, probe=True))
    assert v["inconclusive"] and v["baseline"]["minutes"][11]["host"]["probe_slower"] == pytest.approx(0.3)


def test_p99_a_spike_minute_whose_slowest_window_lost_a_tenth_of_the_cpus_to_the_hypervisor_is_the_hosts():
    """Steal is the host's taking, whatever the echo did: it slows with it less than the platform's
    chain of processes does."""
    windows = with_baseline(make_windows(spikes=(100,)))  # the echo steady
    v = soak.judge_p99(windows, WARMUP, with_context(make_samples(), stolen_at=(101,)))
    assert not v["passed"] and v["inconclusive"] and "each failure the host's" in v["reason"]
    host = v["baseline"]
    assert host["steady"] and (host["spikes_shared"], host["spikes_stolen"], host["platform_spikes"]) == (1, 1, 1)
    assert host["minutes"][11]["host"]["slowest_window_steal_pct"] == 20.0
    assert "the host's: 1 of the platform's 1 spike minutes (1 by 10% steal" in soak.baseline_line(host)
    assert [(w["t_start"], w["steal_pct"]) for w in v["stolen_windows"]] == [(1000, 20.0)]  # what the plot shades
    # the steal in another window of the minute than its slowest: the spike is the platform's
    v = soak.judge_p99(windows, WARMUP, with_context(make_samples(), stolen_at=(99,)))
    assert not v["passed"] and not v["inconclusive"] and v["baseline"]["spikes_stolen"] == 0
    assert v["baseline"]["minutes"][11]["host"]["slowest_window_steal_pct"] == 0.0
    # 2% steal in the slowest window, the echo steady: the platform's
    v = soak.judge_p99(windows, WARMUP, host_slow_in((100,)))
    assert not v["passed"] and not v["inconclusive"]
    # one spike minute stolen, another not: the platform's own still fails it
    windows = with_baseline(make_windows(spikes=(100, 140)))
    v = soak.judge_p99(windows, WARMUP, with_context(make_samples(), stolen_at=(101,)))
    assert not v["passed"] and not v["inconclusive"] and v["baseline"]["spikes_shared"] == 1


def test_p99_spikes_the_baseline_does_not_share_fail():
    samples = host_slow_in(range(96, 144))  # the host slow through eight minutes
    v = soak.judge_p99(with_baseline(make_windows(spikes=(100,)), spikes=(130,)), WARMUP, samples)
    assert not v["passed"] and not v["inconclusive"] and v["baseline"]["spikes_shared"] == 0
    # one shared, one not: the platform's own still fails it
    v = soak.judge_p99(with_baseline(make_windows(spikes=(100, 140)), spikes=(100,)), WARMUP, samples)
    assert not v["passed"] and not v["inconclusive"] and v["baseline"]["spikes_shared"] == 1


def test_p99_drift_is_the_hosts_only_beside_a_drifting_baseline_and_a_host_slower_in_the_last_third():
    last_third = range(132, 180)
    v = soak.judge_p99(with_baseline(make_windows(drift=1.0)), WARMUP, host_slow_in(last_third))
    assert not v["passed"] and not v["inconclusive"] and v["baseline"]["steady"]  # the echo steady
    drifting = with_baseline(make_windows(drift=1.0), drift=1.0)
    v = soak.judge_p99(drifting, WARMUP, host_slow_in(last_third))
    assert not v["passed"] and v["inconclusive"] and v["baseline"]["drift"] > 0.25
    assert v["baseline"]["last_third_host_slower"]
    v = soak.judge_p99(drifting, WARMUP, with_context(make_samples()))  # the host as fast as before
    assert not v["passed"] and not v["inconclusive"] and not v["baseline"]["last_third_host_slower"]
    # a drifting host does not excuse a spike of the platform's own
    windows = with_baseline(make_windows(drift=1.0, spikes=(100,)), drift=1.0)
    v = soak.judge_p99(windows, WARMUP, host_slow_in(last_third))
    assert not v["passed"] and not v["inconclusive"]


def test_p99_steady_beside_an_unsteady_baseline_passes():
    v = soak.judge_p99(with_baseline(make_windows(), spikes=(60, 100), drift=1.0), WARMUP)
    assert v["passed"] and not v["inconclusive"] and not v["baseline"]["steady"]
    assert "the host was NOT steady" in soak.baseline_line(v["baseline"])


def test_p99_without_a_baseline_is_judged_alone():
    v = soak.judge_p99(make_windows(spikes=(100,)), WARMUP)
    assert not v["passed"] and not v["inconclusive"] and v["baseline"] is None


def test_finish_exits_3_when_only_p99_failed_and_the_baseline_with_it(tmp_path, capsys):
    shared = with_baseline(make_windows(spikes=(100,)), spikes=(100,))
    report = make_report(windows=shared, samples=host_slow_in(SPIKE_MINUTE))
    assert soak.finish(report, tmp_path / "host.json", None) == soak.INCONCLUSIVE == 3
    out = capsys.readouterr().out
    assert "make soak: INCONCLUSIVE" in out and "HOST" in out and "echo baseline, same windows" in out
    written = json.loads((tmp_path / "host.json").read_text())
    assert not written["passed"] and written["verdicts"]["inconclusive"]
    # memory failing as well: a failure, whatever the host did
    grown = with_context(make_samples(growth={"gateway": 0.2}), pressed_at=tuple(k + 1 for k in SPIKE_MINUTE))
    shared = with_baseline(make_windows(spikes=(100,)), spikes=(100,))
    assert soak.finish(make_report(samples=grown, windows=shared), tmp_path / "bad.json", None) == 1
    assert "make soak: FAILED (memory, p99)" in capsys.readouterr().out


def with_context(
    samples: list[dict],
    *,
    collections_at: tuple[int, ...] = (),
    pressed_at: tuple[int, ...] = (),
    stalled_at: tuple[int, ...] = (),
    slow_at: tuple[int, ...] = (),
    forked_at: tuple[int, ...] = (),
    stolen_at: tuple[int, ...] = (),
) -> list[dict]:
    """Adds the machine's counters and the services' full collections to each sample: a gateway
    full collection of 0.3 s in the 10 s ending at sample j for j in collections_at; CPU pressure
    of 60% of the 10 s (else 5%) and 2% steal (else none) for j in pressed_at; three late
    wake-ups of the content service's event loop for j in stalled_at; a speed probe of 1,300 µs
    (else 1,000) at sample j for j in slow_at; a Redis fork in the 10 s ending at sample j for j
    in forked_at, its child still writing at that sample; 20% steal for j in stolen_at."""
    ticks = {f: 0 for f in soak.CPU_FIELDS}
    pressure = collections = stalls = forks = 0
    for j, sample in enumerate(samples):
        if j:
            ticks = {**ticks, "user": ticks["user"] + 1_000, "idle": ticks["idle"] + 980}
            ticks["steal"] += 404 if j in stolen_at else 40 if j in pressed_at else 0
            ticks["idle"] += -364 if j in stolen_at else 0 if j in pressed_at else 40
            pressure += (6 if j in pressed_at else 0.5) * 1_000_000
            collections += 1 if j in collections_at else 0
            stalls += 3 if j in stalled_at else 0
            forks += 1 if j in forked_at else 0
        sample["machine"] = {
            "cpu_ticks": dict(ticks),
            "cpu_pressure_us": int(pressure),
            "io_pressure_us": 0,
            "probe_us": 1300.0 if j in slow_at else 1000.0,
        }
        sample["full_collections"] = {
            "gateway": {"count": collections, "seconds": 0.3 * collections, "loop_stalls": 0},
            "content": {"count": 0, "seconds": 0.0, "loop_stalls": stalls},
        }
        sample["redis"] = {"forks": forks, "child": j in forked_at, "fork_ms": 45.0 if forks else 0.0}
    return samples


def test_p99_spikes_are_shown_beside_what_the_machine_did():
    # windows 60 and 100 spike: the one ending at sample 61 beside a gateway full collection, the
    # one ending at sample 101 beside CPU pressure, steal and content's event loop stalling; a
    # collection at 140 spikes nothing
    samples = with_context(
        make_samples(),
        collections_at=(61, 141),
        pressed_at=(101,),
        stalled_at=(101,),
        slow_at=(101,),
        forked_at=(101,),
    )
    v = soak.judge_p99(make_windows(stalls=(60, 100)), WARMUP, samples)
    brief = v["brief_stalls"]
    assert [s["t_start"] for s in brief["windows"]] == [600.0, 1000.0]
    first, second = (s["beside"] for s in brief["windows"])
    assert first["full_collections"] == {"gateway": {"count": 1, "seconds": 0.3}}
    assert first["cpu_pressure_pct"] == 5.0 and first["steal_pct"] == 0.0 and first["loop_stalls"] == {}
    assert second["full_collections"] == {} and second["cpu_pressure_pct"] == 60.0 and second["steal_pct"] == 2.0
    assert second["loop_stalls"] == {"content": 3}
    assert first["redis_fork"] is False and second["redis_fork"] is True
    assert first["probe_us"] == 1000.0 and second["probe_us"] == 1150.0  # the two ends' samples
    cpu_per_call = round(1000 * len(NAMES) * 2.0 / 2100, 2)  # each process 0.2 s of CPU a second
    assert first["platform_cpu_ms_per_call"] == second["platform_cpu_ms_per_call"] == cpu_per_call
    beside = brief["beside"]
    assert beside["spikes"] == {
        "windows": 2,
        "with_full_collection": 1,
        "with_loop_stall": 1,
        "with_redis_fork": 1,
        "median_cpu_pressure_pct": 32.5,
        "median_io_pressure_pct": 0.0,
        "median_steal_pct": 1.0,
        "median_iowait_pct": 0.0,
        "median_probe_us": 1075.0,
        "median_platform_cpu_ms_per_call": round(cpu_per_call, 1),
    }
    assert v["thirds_beside"] == {
        "first": {"median_probe_us": 1000.0, "median_platform_cpu_ms_per_call": cpu_per_call},
        "last": {"median_probe_us": 1000.0, "median_platform_cpu_ms_per_call": cpu_per_call},
    }
    assert "thirds: speed probe 1000.0 -> 1000.0 µs" in soak.thirds_line(v["thirds_beside"])
    assert beside["others"]["windows"] == 148 and beside["others"]["with_full_collection"] == 1
    assert beside["others"]["with_loop_stall"] == 0
    assert beside["others"]["with_redis_fork"] == 1  # the next window: the child still writing at its start
    line = soak.beside_line(beside)
    assert "spikes (2): a full collection in 1, an event loop 25 ms late in 1, a Redis fork" in line
    assert "(AOF rewrite, snapshot) in 1," in line


def test_the_speed_probe_measures_cpu_time_not_waiting():
    alone = soak.speed_probe()
    assert alone > 0
    held = threading.Thread(target=lambda: [i * i for i in range(3_000_000)])  # wants the GIL too
    held.start()
    try:
        shared = soak.speed_probe()
    finally:
        held.join()
    assert shared < 3 * alone  # time spent waiting for the other thread is not the probe's


def test_redis_forks_are_read_from_a_real_redis(tmp_path):
    # a scratch redis-server on a socket of its own: BGSAVE forks it once
    sock = tmp_path / "redis.sock"
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(sock), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        platform = soak.PlatformProcesses(f"unix://{sock}")
        before = platform._redis_info(soak.redis_children)
        assert before == {"forks": 0, "child": False, "fork_ms": 0.0}
        subprocess.run(["redis-cli", "-s", str(sock), "BGSAVE"], check=True, capture_output=True)
        deadline = time.monotonic() + 10
        while (after := platform._redis_info(soak.redis_children))["child"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert after["forks"] == 1 and after["child"] is False and after["fork_ms"] > 0
    finally:
        server.terminate()
        server.wait(10)
    assert soak.PlatformProcesses(f"unix://{sock}")._redis_info(soak.redis_children) is None  # gone: no figure


def test_machine_counters_read_this_machine():
    first = soak.machine_counters()
    time.sleep(0.05)
    second = soak.machine_counters()
    assert set(first["cpu_ticks"]) == set(soak.CPU_FIELDS)
    assert sum(second["cpu_ticks"].values()) >= sum(first["cpu_ticks"].values()) > 0
    if Path("/proc/pressure/cpu").exists():  # kernels built without PSI have none
        assert second["cpu_pressure_us"] >= first["cpu_pressure_us"] >= 0


def test_full_collections_are_read_from_each_service_metrics():
    """A process serving kith_platform's /metrics on the port its environment names, as a service
    does: its full collections and its event loop's stalls are found through its pid."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    script = (
        "import asyncio, gc, sys, time\n"
        "from kith_platform.loop_stalls import watch_event_loop\n"
        "from kith_platform.metrics import serve_metrics\n"
        f"serve_metrics({port}, '127.0.0.1')\n"
        "gc.collect(); gc.collect()\n"
        "async def stall():\n"
        "    watch = asyncio.create_task(watch_event_loop(interval=0.01))\n"
        "    await asyncio.sleep(0.03); time.sleep(0.1); await asyncio.sleep(0.03); watch.cancel()\n"
        "asyncio.run(stall())\n"
        "print('ready', flush=True); time.sleep(60)\n"
    )
    env = {**os.environ, "KITH_METRICS_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        found = soak.full_collections({"gateway": proc.pid, "redis": None, "neo4j": os.getpid()})
        assert list(found) == ["gateway"]  # no port in this test's environment: not a service
        assert found["gateway"]["count"] >= 2 and found["gateway"]["seconds"] > 0
        assert found["gateway"]["loop_stalls"] >= 1  # the 100-ms one
    finally:
        proc.kill()
        proc.wait()


def test_a_process_restarted_in_a_window_is_left_out_of_its_cpu_per_call():
    samples = with_context(make_samples())
    window = make_windows()[60]  # samples 60 -> 61
    whole = soak.window_context(samples, window)["platform_cpu_ms_per_call"]
    restarted = samples[61]["processes"]["gateway"]
    restarted.update(pid=restarted["pid"] + 1, cpu_seconds=0.5)  # a new gateway, its CPU from zero
    less = soak.window_context(samples, window)["platform_cpu_ms_per_call"]
    assert less == round(whole * (len(NAMES) - 1) / len(NAMES), 2)


def test_p99_without_the_context_of_older_runs_says_nothing_beside():
    v = soak.judge_p99(make_windows(stalls=(60, 100)), WARMUP, make_samples())
    brief = v["brief_stalls"]
    assert brief["windows"][0]["beside"] is None and brief["beside"] is None and v["thirds_beside"] is None


# --- errors ---------------------------------------------------------------------------------------------


def test_errors_none_passes():
    v = soak.judge_errors(make_windows())
    assert v["passed"] and v["calls"] == 180 * 2100 and v["failing"] == 0


def test_errors_any_fails_warmup_included():
    v = soak.judge_errors(make_windows(errors={2: {"home UNAVAILABLE": 1}, 90: {"post DEADLINE_EXCEEDED": 2}}))
    assert not v["passed"] and v["failing"] == 3
    assert v["errors_by_code"] == {"UNAVAILABLE": 1, "DEADLINE_EXCEEDED": 2}


def test_errors_rate_limited_calls_are_counted_apart():
    v = soak.judge_errors(make_windows(errors={50: {"home RESOURCE_EXHAUSTED": 4}}))
    assert v["passed"] and v["rate_limited"] == 4 and v["failing"] == 0
    lines = soak.verdict_lines(
        soak.judge(make_report(windows=make_windows(errors={50: {"home RESOURCE_EXHAUSTED": 4}})), WARMUP), None
    )
    assert any("RESOURCE_EXHAUSTED" in line for line in lines)


def test_a_run_cut_short_fails_overall():
    report = make_report(aborted="interrupted (Ctrl-C)")
    verdicts = soak.judge(report, WARMUP)
    assert all(verdicts[k]["passed"] for k in ("memory", "p99", "errors")) and not verdicts["passed"]


# --- the rate -------------------------------------------------------------------------------------------


def test_rate_from_latest_json(tmp_path):
    latest = tmp_path / "latest.json"
    latest.write_text(
        json.dumps({"at": "2026-12-04T11:18:03+00:00", "quick": False, "mixed_workload": {"rate_per_second": 300}})
    )
    r = soak.choose_rate(None, None, latest=latest)
    assert (r.per_second, r.benchmark_per_second, r.fraction) == (210.0, 300.0, 0.7)
    assert "latest.json of 2026-12-04" in r.source


def test_rate_given_wins_over_latest_json(tmp_path):
    latest = tmp_path / "latest.json"
    latest.write_text(json.dumps({"mixed_workload": {"rate_per_second": 300}}))
    assert soak.choose_rate(40, None, latest=latest).per_second == 40
    assert soak.choose_rate(None, 100, latest=latest).per_second == 70


def test_rate_default_is_the_published_one_and_says_why(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text(
        "| what | figure |\n|---|---|\n| fan-out, Kafka to Redis | 9,000 entries/s |\n"
        "| mixed 60/30/10, highest rate with p99 < 50 ms | 1,150/s | grpc.aio echo: 688/s | 0.218 |\n"
    )
    r = soak.choose_rate(None, None, latest=tmp_path / "latest.json", published=page)
    assert (r.per_second, r.benchmark_per_second) == (805.0, 1150.0)
    assert "no " in r.source and "publishes" in r.source
    (tmp_path / "latest.json").write_text(json.dumps({"mixed_workload": {"rate_per_second": 0}}))
    r = soak.choose_rate(None, None, latest=tmp_path / "latest.json", published=page)
    assert r.per_second == 805.0 and "no passing mixed rate" in r.source


def test_no_rate_anywhere_is_a_clear_exit(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\nNot run yet.\n")
    with pytest.raises(SystemExit, match="publishes no mixed rate"):
        soak.choose_rate(None, None, latest=tmp_path / "latest.json", published=page)


def test_the_published_page_has_the_rate_the_soak_reads():
    # The row bench/report.py writes, in the docs/benchmarks.md that is committed: a fresh clone's
    # `make soak` runs at 70% of it.
    assert (soak.published_rate(soak.PUBLISHED) or 0) > 0


# --- the platform's processes ---------------------------------------------------------------------------

STATUS = """\
infra:kafka-1                    RUNNING   pid 101, uptime 0:10:00
infra:kafka-2                    RUNNING   pid 102, uptime 0:10:00
infra:kafka-3                    STOPPED   Dec 05 08:00 AM
infra:neo4j                      RUNNING   pid 103, uptime 0:10:00
infra:postgres                   RUNNING   pid 104, uptime 0:10:00
infra:redis                      RUNNING   pid 105, uptime 0:10:00
mailpit                          RUNNING   pid 106, uptime 0:10:00
redis-cluster:redis-cluster-1    RUNNING   pid 107, uptime 0:10:00
seaweedfs                        RUNNING   pid 108, uptime 0:10:00
services:gateway                 RUNNING   pid 109, uptime 0:10:00
services:feed-api                RUNNING   pid 110, uptime 0:10:00
"""


def test_supervisor_status_names_the_platform_processes():
    assert soak.parse_supervisor_status(STATUS) == {
        "kafka-1": 101,
        "kafka-2": 102,
        "kafka-3": None,
        "neo4j": 103,
        "postgres": 104,
        "redis": 105,
        "seaweedfs": 108,
        "gateway": 109,
        "feed-api": 110,
    }
    assert soak.parse_supervisor_status("infra:kafka RUNNING pid 5, uptime 1:00:00\n") == {"kafka": 5}
    assert soak.parse_supervisor_status("unix:///x/supervisor.sock no such file\n") == {}


@pytest.mark.parametrize(
    ("cmdline", "name"),
    [
        ("/r/.venv/bin/python -m kith_gateway", "gateway"),
        ("/r/.venv/bin/python -m kith_feed api", "feed-api"),
        ("/r/.venv/bin/python -m kith_feed worker", "feed-worker"),
        ("/r/.venv/bin/python -m kith_content media-worker", "media-worker"),
        ("/r/.venv/bin/python -m kith_content", "content"),
        ("java -Xmx512m -cp /c/kith/kafka-3.9.2/lib/* kafka.Kafka /r/.kith/kafka/2/server.properties", "kafka-2"),
        ("java -Xmx512m -cp /c/kith/kafka-3.9.2/lib/* kafka.Kafka /r/.kith/kafka/server.properties", "kafka"),
        ("java -Xmx1g -cp /c/kith/neo4j-5.26.30/lib/* /r/deploy/local/neo4j/Launcher.java --port 17687", "neo4j"),
        ("redis-server 127.0.0.1:16379", "redis"),
        ("redis-server 127.0.0.1:17001 [cluster]", None),
        ("/usr/lib/postgresql/15/bin/postgres -D /r/.kith/postgres/data -c port=15432", "postgres"),
        ("/c/kith/tools/seaweedfs/weed server -ip=127.0.0.1", "seaweedfs"),
        ("/c/kith/tools/mailpit-v1.33.1/mailpit --smtp 127.0.0.1:11025", None),
    ],
)
def test_classify_supervised_command_lines(cmdline, name):
    assert soak.classify(cmdline) == name


def test_the_process_table_fallback_takes_this_checkouts_supervisord():
    conf = soak.ROOT / "deploy" / "local" / "supervisord.conf"
    table = {
        1: (0, "init"),
        50: (1, "/other/.venv/bin/python /other/.venv/bin/supervisord -c /other/deploy/local/supervisord.conf"),
        60: (1, f"{soak.ROOT}/.venv/bin/python {soak.ROOT}/.venv/bin/supervisord -c {conf}"),
        51: (50, "/other/.venv/bin/python -m kith_gateway"),
        61: (60, f"{soak.ROOT}/.venv/bin/python -m kith_gateway"),
        62: (60, "/usr/lib/postgresql/15/bin/postgres -D /x -c port=15432"),
        63: (62, "postgres: checkpointer"),
        64: (60, "redis-server 127.0.0.1:17001 [cluster]"),
        65: (1, f"{soak.ROOT}/.venv/bin/python -m kith_gateway"),  # an extra gateway a test started
    }
    found, how = soak.from_process_table(table)
    assert found == {"gateway": 61, "postgres": 62} and "supervisord 60" in how
    assert soak.from_process_table({1: (0, "init")}) == ({}, "no supervisord running")


def test_measure_tree_reads_one_process_and_a_tree():
    one = soak.measure_tree(os.getpid(), soak.process_table())
    assert one["processes"] == 1 and one["memory_kib"] == one["rss_kib"] > 1000 and one["data_kib"] is None
    child = subprocess.Popen(["sleep", "30"])
    try:
        tree = soak.measure_tree(os.getpid(), soak.process_table())
        assert tree["processes"] >= 2 and tree["rss_kib"] > one["rss_kib"] / 2
        assert 0 < tree["memory_kib"] <= tree["rss_kib"]  # PSS: shared pages counted once
        assert tree["data_kib"] is not None
    finally:
        child.kill()
        child.wait()
    assert soak.measure_tree(child.pid, soak.process_table()) is None


# --- the window loop, with a fake load ------------------------------------------------------------------


class FakeLoad:
    """Windows that end when their time is up, with figures from make_windows."""

    def __init__(self, window: float, figures: list[dict]) -> None:
        self.window, self.figures = window, figures
        self.queue: list[float] = []
        self.sent, self.received = [], 0
        self.max_queued = 0

    async def send(self, start_at: float) -> None:
        self.queue.append(start_at)
        self.sent.append(start_at)
        self.max_queued = max(self.max_queued, len(self.queue))

    async def receive(self) -> dict:
        start = self.queue.pop(0)
        await asyncio.sleep(max(0.0, start + self.window - time.monotonic()))
        figures = self.figures[self.received % len(self.figures)]
        self.received += 1
        return {k: v for k, v in figures.items() if k not in ("t_start", "t_end")}


class FakePlatform:
    def __init__(self) -> None:
        self.calls = 0
        self.nice: set[int] = set()

    def sample(self) -> dict:
        self.calls += 1
        self.nice.add(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return {
            "gateway": {
                "pid": 7,
                "processes": 1,
                "memory_kib": 1000 + self.calls,
                "rss_kib": 1000,
                "data_kib": None,
                "cpu_seconds": 0.0,
            }
        }


FAST = soak.Settings(minutes=0.01, warmup_minutes=0.002, window_seconds=0.1, sample_seconds=0.05)


async def test_soak_runs_the_windows_back_to_back_and_samples_meanwhile():
    load, platform = FakeLoad(FAST.window_seconds, make_windows(minutes=1)), FakePlatform()
    before = datetime.now(UTC)
    result = await soak.soak(FAST, load, platform, log=lambda _: None)
    assert result["aborted"] is None and len(result["windows"]) == FAST.windows == 6
    assert 0.4 < (datetime.fromisoformat(result["load_started_at"]) - before).total_seconds() < 0.6
    # the sampling thread yields to the platform; this thread (the load's) does not
    assert platform.nice == {soak.SAMPLER_NICE} != {os.getpriority(os.PRIO_PROCESS, threading.get_native_id())}
    assert [w["t_start"] for w in result["windows"]] == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    # one schedule: each window starts where the last ends, and the next is queued while one runs
    assert all(abs(b - a - 0.1) < 1e-9 for a, b in zip(load.sent, load.sent[1:], strict=False))
    assert load.max_queued == 2
    assert len(result["samples"]) >= 8 and result["samples"][0]["t"] <= 0.05


async def test_soak_stops_after_the_window_under_way_when_asked():
    stop = asyncio.Event()
    lines: list[str] = []

    def log(line: str) -> None:
        lines.append(line)
        if len(lines) == 2:
            stop.set()

    settings = soak.Settings(minutes=0.05, window_seconds=0.1, sample_seconds=1)
    result = await soak.soak(settings, FakeLoad(0.1, make_windows(minutes=1)), FakePlatform(), stop=stop, log=log)
    assert result["aborted"] == "interrupted (Ctrl-C)" and len(result["windows"]) == 3  # the one queued too


async def test_soak_gives_up_when_most_calls_fail():
    down = make_windows(minutes=1, errors={k: {"home UNAVAILABLE": 2000} for k in range(6)})
    result = await soak.soak(FAST, FakeLoad(0.1, down), FakePlatform(), log=lambda _: None)
    assert len(result["windows"]) == 1 and "UNAVAILABLE" in result["aborted"]


class NoAccounts:
    async def fresh_tokens(self, valid_for: float, every: float | None = None, spread: float = 0.0) -> list[str]:
        return []


class SlowRefreshes:
    """Accounts whose spread refreshes take the whole spread, as the soak's do (one at a time over
    the first half of a window); asked for tokens without a spread, they have them at once."""

    async def fresh_tokens(self, valid_for: float, every: float | None = None, spread: float = 0.0) -> list[str]:
        await asyncio.sleep(spread)
        return []


async def _through_the_real_generator(
    rate: float, processes: int, delay: float = 0.0, window: float = 1.0, accounts=None
) -> dict:
    """Three windows (1 s each by default) of mixed_workload's own generator processes against its
    echo server (no platform), each answer `delay` s after its request."""
    server = soak.mw.EchoServer(delay)
    try:
        gen = soak.mw.LoadGenerator(
            kind="echo", target=server.address, methods=soak.mw.ECHO_METHODS, processes=processes, channels=1
        )
        try:
            load = soak.MixedLoad(gen, accounts or NoAccounts(), rate, window)
            settings = soak.Settings(minutes=3 * window / 60, window_seconds=window, sample_seconds=1.0)
            return await soak.soak(settings, load, FakePlatform(), log=lambda _: None)
        finally:
            gen.close()
    finally:
        server.close()


async def test_mixed_load_keeps_one_schedule_across_windows_with_the_real_generator():
    """Each window gets exactly rate x window requests, so no time is lost between windows. Each
    keeps its slowest calls, 2% per generator process (1 of 50 each here), with their due, sent and
    answered times in order and unique request ids, for matching against the gateway's log."""
    result = await _through_the_real_generator(100, processes=2)
    assert result["aborted"] is None
    assert [w["n"] for w in result["windows"]] == [100, 100, 100]
    assert all(w["errors"] == 0 and w["p99_ms"] < 1000 for w in result["windows"])
    ids = []
    for w in result["windows"]:
        calls = w["slowest_calls"]
        assert len(calls) == 2
        for c in calls:
            assert c["due"] <= c["sent"] <= c["done"] and c["op"] == "echo"
            assert c["latency_ms"] == pytest.approx(1000 * (c["done"] - c["due"]), abs=0.01)
        # the window's slowest call is among them (its max is rounded to 0.01 ms)
        assert max(c["latency_ms"] for c in calls) == pytest.approx(w["max_ms"], abs=0.006)
        ids += [c["request_id"] for c in calls]
    assert len(set(ids)) == len(ids)


async def test_the_echo_baseline_runs_on_the_same_windows_beside_the_load():
    """The real echo server and generator of the soak's baseline, beside a fake load: every window
    carries the baseline's calls of the same 10 s (here 0.5 s), rate x window of them."""
    echo = soak.EchoBaseline(200, 0.5)
    try:
        settings = soak.Settings(minutes=1.5 / 60, window_seconds=0.5, sample_seconds=1.0)
        load = FakeLoad(0.5, make_windows(minutes=1))
        result = await soak.soak(settings, load, FakePlatform(), baseline=echo.load, log=lambda _: None)
    finally:
        echo.close()
    assert result["aborted"] is None and len(result["windows"]) == 3
    for w in result["windows"]:
        b = w["baseline"]
        assert b["n"] == 100 and b["errors"] == 0 and 0 < b["p99_ms"] < 1000
        assert len(b["tail_ms"]) == 10 and b["tail_ms"] == sorted(b["tail_ms"], reverse=True)
    assert w["n"] == CALLS_PER_WINDOW  # the load's own figures beside them
    assert f"; echo p99 {w['baseline']['p99_ms']} ms" in soak.window_line(w)


async def test_the_first_window_is_not_held_back_by_the_token_refreshes():
    # 2-s windows: each send spends 1 s refreshing; the first window's orders must not wait for it
    result = await _through_the_real_generator(50, processes=1, window=2.0, accounts=SlowRefreshes())
    first = result["windows"][0]
    assert first["n"] == 100 and first["errors"] == 0
    assert first["max_ms"] < 400, first  # its requests went out when due, not all at once a second late


def test_p99_time_split_sets_the_slowest_calls_of_spike_windows_against_the_others():
    windows = make_windows(spikes=(60,))
    for k, w in enumerate(windows):
        stuck = 80.0 if k == 60 else 2.0  # the spike's calls waited on the way in
        w["slowest_calls"] = [
            {"latency_ms": w["p99_ms"] + 1, "request_id": f"{k}-1", "op": "home", "due": 0.0, "sent": 0.001,
             "handled": 0.001 + stuck / 1000, "finished": 0.011 + stuck / 1000, "done": 0.012 + stuck / 1000},
            {"latency_ms": w["p99_ms"] - 1, "request_id": f"{k}-2", "op": "home", "due": 0.0, "sent": 0.5,
             "handled": 0.6, "finished": 0.7, "done": 0.8},  # under the window's p99: not counted
        ]  # fmt: skip
    split = soak.judge_p99(windows, WARMUP)["brief_stalls"]["time_split"]
    assert split["spikes"]["calls"] == 1 and split["spikes"]["median_to_gateway_ms"] == pytest.approx(80.0)
    assert split["others"]["calls"] == 149 and split["others"]["median_to_gateway_ms"] == pytest.approx(2.0)
    assert split["others"]["median_in_gateway_ms"] == pytest.approx(10.0)
    line = soak.time_split_line(split)
    assert "spikes (1 calls)" in line and "to the gateway's handlers 80.0 ms" in line


def test_p99_time_split_without_matched_calls_is_none():
    assert soak.judge_p99(make_windows(), WARMUP)["brief_stalls"]["time_split"] is None


async def test_a_window_starts_on_time_while_the_last_ones_answers_are_still_coming():
    """Every call takes 0.3 s. An open-loop schedule does not wait for the previous window's last
    answers before sending the next window's first requests, so no call takes much more than that;
    a generator that paused at each boundary would add up to 0.3 s to the requests due meanwhile."""
    result = await _through_the_real_generator(50, processes=1, delay=0.3)
    assert result["aborted"] is None and [w["n"] for w in result["windows"]] == [50, 50, 50]
    assert all(w["errors"] == 0 for w in result["windows"])
    later = result["windows"][1:]  # the first includes the channel's first call
    assert all(300 <= w["max_ms"] < 450 for w in later), [w["max_ms"] for w in later]


# --- finishing: soak.json and the plot -------------------------------------------------------------------


def test_finish_writes_json_and_plot_and_copies_it_only_after_a_full_run(tmp_path, capsys):
    docs = tmp_path / "docs" / "soak.svg"
    assert soak.finish(make_report(minutes=30), tmp_path / "soak.json", docs) == 0
    written = json.loads((tmp_path / "soak.json").read_text())
    assert written["passed"] and written["complete"] and len(written["samples"]) == 181
    assert docs.exists() and (tmp_path / "soak.svg").read_text() == docs.read_text()
    assert "make soak: PASSED" in capsys.readouterr().out

    docs.unlink()
    assert soak.finish(make_report(minutes=5), tmp_path / "short.json", docs) == 0
    assert not docs.exists() and (tmp_path / "short.svg").exists()

    failing = make_report(minutes=30, samples=make_samples(growth={"gateway": 0.2}))
    assert soak.finish(failing, tmp_path / "bad.json", None) == 1
    assert "make soak: FAILED (memory)" in capsys.readouterr().out


def _svg(report: dict) -> ET.Element:
    return ET.fromstring(
        soak_plot.plot({**report, "verdicts": soak.judge(report, report["settings"]["warmup_seconds"])})
    )


def test_plot_is_valid_svg_with_both_panels_and_every_series():
    root = _svg(make_report())
    assert root.tag == f"{SVG}svg"
    assert [g.get("data-panel") for g in root.iter(f"{SVG}g")] == ["memory", "latency"]
    series = [p.get("data-series") for p in root.iter(f"{SVG}polyline")]
    assert sorted(series) == sorted([f"memory:{n}" for n in NAMES] + ["p99", "p50", "rate"])
    for line in root.iter(f"{SVG}polyline"):
        points = line.get("points").split()
        assert len(points) >= 150 and all(len(p.split(",")) == 2 for p in points)
    minutes = [line for line in root.iter(f"{SVG}line") if line.get("data-series") == "minute p99"]
    assert len(minutes) == 25  # the minutes judged, each a level across its span
    assert all(float(m.get("x2")) > float(m.get("x1")) and m.get("y1") == m.get("y2") for m in minutes)
    assert "memory pass, p99 pass, errors pass" in root.find(f"{SVG}title").text


def test_plot_draws_the_echo_baselines_minutes_and_names_an_unsteady_host():
    shared = with_baseline(make_windows(spikes=(100,)), spikes=(100,))
    root = _svg(make_report(windows=shared, samples=host_slow_in(SPIKE_MINUTE)))
    lines = [x for x in root.iter(f"{SVG}line") if x.get("data-series") == "baseline minute p99"]
    assert len(lines) == 25 and "echo baseline" in lines[0].find(f"{SVG}title").text
    assert "p99 host unsteady" in root.find(f"{SVG}title").text
    assert not [x for x in _svg(make_report()).iter(f"{SVG}line") if x.get("data-series") == "baseline minute p99"]


def test_plot_shades_the_windows_the_hypervisor_took_the_cpus_in():
    report = make_report(windows=with_baseline(make_windows()), samples=with_context(make_samples(), stolen_at=(101,)))
    root = _svg(report)
    shaded = [r for r in root.iter(f"{SVG}rect") if r.get("data-series") == "host stole"]
    assert len(shaded) == 1 and "took 20% of the CPUs" in shaded[0].find(f"{SVG}title").text
    assert float(shaded[0].get("width")) > 0
    assert any("of the CPUs" in (t.text or "") for t in root.iter(f"{SVG}text"))  # its legend
    clear = _svg(make_report(windows=with_baseline(make_windows()), samples=with_context(make_samples())))
    assert not [r for r in clear.iter(f"{SVG}rect") if r.get("data-series") == "host stole"]


def test_plot_breaks_the_line_of_a_process_that_was_down_and_marks_error_windows():
    samples = make_samples()
    samples[90]["processes"]["kafka-3"] = None
    report = make_report(samples=samples, windows=make_windows(errors={40: {"post UNAVAILABLE": 1}}))
    root = _svg(report)
    kafka3 = [p for p in root.iter(f"{SVG}polyline") if p.get("data-series") == "memory:kafka-3"]
    assert len(kafka3) == 2
    marks = [c for c in root.iter(f"{SVG}circle") if c.get("data-series") == "errors"]
    assert len(marks) == 1 and "UNAVAILABLE" in marks[0].find(f"{SVG}title").text
    assert "memory FAIL" in root.find(f"{SVG}title").text and "errors FAIL" in root.find(f"{SVG}title").text


def test_plot_from_a_run_with_no_window_and_no_verdicts():
    report = make_report(
        minutes=0.2, samples=make_samples(minutes=0.2), windows=[], aborted="a load generator process died"
    )
    root = ET.fromstring(soak_plot.plot(report))
    assert "stopped early" in root.find(f"{SVG}title").text


def test_plot_command_redraws_from_soak_json(tmp_path):
    (tmp_path / "soak.json").write_text(json.dumps(make_report()))
    soak_plot.main([str(tmp_path / "soak.json")])
    ET.parse(tmp_path / "soak.svg")
