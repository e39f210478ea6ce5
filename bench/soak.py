"""`make soak`: the mixed workload at 70% of its benchmark rate for 30 minutes, watching every
platform process's memory and the latency and errors of each 10-s window; judges whether the
platform holds steady (docs/soak.md says what is judged and why).

Load: bench/mixed_workload.py's generator (the DeathStarBench-style 60/30/10 mix of GetHomeFeed,
GetUserTimeline and CreatePost through the gateway, open loop, latency from each request's
intended start) on the socfb-Reed98 accounts of `make bench`, on one unbroken schedule cut into
10-s windows. The rate: --rate when given; else --fraction (70%) of the benchmark rate, which is
--benchmark-rate, or the mixed workload's highest rate with p99 < 50 ms in
bench/results/latest.json (`make bench`), or else the one docs/benchmarks.md publishes (the last
`make bench` committed). The output says which.

Beside it, the same run's baseline: mixed_workload's bare grpc.aio echo server, in its own process,
under an open-loop load at the same rate (--baseline-rate) on the same windows. It shares the
machine with the platform, so it slows when the host does (CPU stolen by the hypervisor, a noisy
neighbour), and also when the platform's own work keeps the cores busy: the verdict reads it
together with the machine's counters (judge_host).

Every 10 s: each platform process's resident memory and CPU from /proc (the services, Kafka's
nodes, Neo4j, Redis, PostgreSQL's postmaster with its children, SeaweedFS; found through
supervisord, `kithctl ctl status`, else as supervisord's children in the process table).

Verdicts after the warm-up (--warmup-minutes, a sixth of the run by default: 5 of 30 minutes):
memory growth under 5% per process, p99 steady, no errors. Exits 1 when one fails or the run was
cut short, 2 when it cannot start (platform down, Reed98 accounts not loaded), 3 when only p99
failed and the echo baseline failed the same way (the same spike minutes, a drift of its own)
while the machine's counters show the host slow: the run then says nothing about the platform's p99.

  uv run python bench/soak.py [--minutes 30] [--warmup-minutes M] [--rate R | --benchmark-rate B]
                              [--load-reed98]

Writes bench/results/soak.json (every sample and window, the verdicts, machine and versions) and
bench/results/soak.svg (bench/soak_plot.py), and copies the plot to docs/benchmarks/soak.svg after
a complete run of 30 minutes or more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling benchmarks, as modules

import call_split
import mixed_workload as mw
import report as bench_report
import run_all
import soak_plot

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
OUT = RESULTS / "soak.json"
DOCS_PLOT = ROOT / "docs" / "benchmarks" / "soak.svg"
LATEST = RESULTS / "latest.json"
PUBLISHED = ROOT / "docs" / "benchmarks.md"
KITHCTL = ROOT / "deploy" / "local" / "kithctl"
GATEWAY_LOGS = run_all.STATE_DIR / "logs"  # gateway.log and its rotations

FRACTION = 0.7  # of the benchmark rate: busy, with the headroom a production platform keeps
FULL_MINUTES = 30.0  # a run this long (and complete) is the one docs/benchmarks/soak.svg shows
WINDOW_SECONDS = 10.0
SAMPLE_SECONDS = 10.0
# Calls per second per signed-in account, on average: a sixth of the gateway's per-user refill
# (60/s, burst 120), so that random bunching never meets the rate limiter.
PER_ACCOUNT_RATE = 10.0

# The criteria (docs/soak.md says why these).
MEMORY_GROWTH_BOUND = 0.05
MIN_EDGE_SAMPLES = 3  # at least this many samples in each memory window compared
EDGE_SHARE = 1 / 6  # each memory window compared: this share of the samples judged
# p99 is judged by the minute: the calls of six 10-s windows pooled, a p99 over about 6,300 calls at
# 105/s. A 10-s window's p99 rests on its 11 slowest calls, which one stall of 100 ms moves; its
# spikes are set out beside the verdict (brief stalls), not judged.
SPAN_WINDOWS = 6
SPIKE_FACTOR = 2.0  # a minute's p99 above this times the median minute's p99 is a spike
SPIKES_ALLOWED_SHARE = 0.01  # one minute in a hundred may spike (rounded down: none in 25)
DRIFT_BOUND = 0.25  # the last third's median p99 may be at most this much above the first third's
# Each window keeps the latencies of its slowest tenth: a pooled p99 needs the slowest 1% of the
# span's calls, and no window can hold more than its own tenth of them while spans are at most ten
# windows long.
TAIL_SHARE = 0.1
# Each window keeps its slowest calls, this share of them (those that make its p99 and a margin),
# with their times and request ids, to set against the gateway's access log (bench/call_split.py).
SLOWEST_SHARE = 0.02
INCONCLUSIVE = 3  # the exit status when only p99 failed, and the host's way (judge_host)
TOLERATED_CODES = ("RESOURCE_EXHAUSTED",)  # the rate limiter's answer; the load is kept clear of it


def say(text: str = "") -> None:
    print(text, flush=True)


# --- the rate ---------------------------------------------------------------------------------------


@dataclass
class Rate:
    per_second: float
    source: str
    benchmark_per_second: float | None = None
    fraction: float | None = None


def choose_rate(
    rate: float | None,
    benchmark_rate: float | None,
    fraction: float = FRACTION,
    latest: Path = LATEST,
    published: Path = PUBLISHED,
) -> Rate:
    """The offered rate, and where it came from (printed and kept in soak.json). SystemExit when
    nothing gives a benchmark rate."""
    if rate:
        return Rate(rate, "--rate")
    if benchmark_rate:
        return Rate(round(benchmark_rate * fraction, 1), "--benchmark-rate", benchmark_rate, fraction)
    if latest.exists():
        try:
            report = json.loads(latest.read_text())
            found = float((report.get("mixed_workload") or {}).get("rate_per_second") or 0)
            why = f"{latest.name} holds no passing mixed rate"
        except (ValueError, TypeError, AttributeError):
            report, found, why = {}, 0.0, f"{latest.name} unreadable"
        if found > 0:
            quick = " (a --quick run: short steps, a rough figure)" if report.get("quick") else ""
            source = f"{latest.name} of {report.get('at', '?')}: mixed workload's highest rate with p99 < 50 ms{quick}"
            return Rate(round(found * fraction, 1), source, found, fraction)
    else:
        why = f"no {_shown(latest)}"
    found = published_rate(published)
    if found is None:
        raise SystemExit(
            f"{why}, and {_shown(published)} publishes no mixed rate: "
            "run `make bench`, or give --benchmark-rate or --rate"
        )
    return Rate(
        round(found * fraction, 1),
        f"{why}: the mixed rate {_shown(published)} publishes (the last `make bench` committed)",
        found,
        fraction,
    )


def published_rate(page: Path) -> float | None:
    """The mixed workload's rate in docs/benchmarks.md's headline table (bench/report.py writes
    the row: `| mixed 60/30/10, highest rate with p99 < 50 ms | 150/s | ...`), or None."""
    try:
        text = page.read_text()
    except OSError:
        return None
    found = re.search(r"^\| " + re.escape(bench_report.MIXED_HEADLINE) + r" \| ([0-9][0-9,.]*)/s \|", text, re.M)
    return float(found.group(1).replace(",", "")) if found else None


# --- the platform's processes --------------------------------------------------------------------------

# supervisord programs that are the platform: every service and server. Mailpit (a mail sink for
# development) and the Redis Cluster of the cluster tests are not.
GROUPS = ("services", "infra")
LONE_PROGRAMS = ("seaweedfs",)
STATUS_LINE = re.compile(
    r"^(?P<name>\S+)\s+(?P<state>RUNNING|STARTING|BACKOFF|STOPPING|STOPPED|EXITED|FATAL|UNKNOWN)\b"
    r"(?:.*?\bpid (?P<pid>\d+))?"
)
# supervisord's children by command line, when supervisorctl cannot be reached (a platform started
# from another checkout, whose socket is under its own KITH_STATE). First match wins.
CLASSIFY = (
    (re.compile(r"-m kith_feed (api|worker)\b"), r"feed-\1"),
    (re.compile(r"-m kith_content media-worker\b"), "media-worker"),
    (re.compile(r"-m kith_(\w+)"), r"\1"),
    (re.compile(r"kafka\.Kafka\s+\S*/kafka/(\d+)/server\.properties"), r"kafka-\1"),
    (re.compile(r"kafka\.Kafka"), "kafka"),
    (re.compile(r"neo4j"), "neo4j"),
    (re.compile(r"^redis-server (?!.*\[cluster\])"), "redis"),
    (re.compile(r"(?:^|/)postgres\s.*-D\s"), "postgres"),
    (re.compile(r"(?:^|/)weed\s+server\b"), "seaweedfs"),
)
SUPERVISORD = re.compile(r"supervisord\b.*-c\s+(\S*deploy/local/supervisord\.conf)")


def parse_supervisor_status(text: str) -> dict[str, int | None]:
    """`supervisorctl status` -> {program: pid, or None when it is not running} for the platform's
    programs ('services:gateway' -> 'gateway', 'infra:kafka-2' -> 'kafka-2')."""
    found: dict[str, int | None] = {}
    for line in text.splitlines():
        m = STATUS_LINE.match(line.strip())
        if not m:
            continue
        group, _, name = m["name"].rpartition(":")
        if group in GROUPS or (not group and name in LONE_PROGRAMS):
            found[name] = int(m["pid"]) if m["state"] == "RUNNING" and m["pid"] else None
    return found


def classify(cmdline: str) -> str | None:
    for pattern, name in CLASSIFY:
        m = pattern.search(cmdline)
        if m:
            return m.expand(name)
    return None


def process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every process."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            cmdline = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        table[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmdline)
    return table


def from_process_table(table: dict[int, tuple[int, str]]) -> tuple[dict[str, int | None], str]:
    """The platform's processes as the children of its supervisord (this checkout's when several run)."""
    supervisors = {pid: m[1] for pid, (_, cmd) in table.items() if (m := SUPERVISORD.search(cmd))}
    if not supervisors:
        return {}, "no supervisord running"
    ours = [pid for pid, conf in supervisors.items() if Path(conf).is_relative_to(ROOT)]
    chosen = min(ours or supervisors)
    found: dict[str, int | None] = {}
    for pid, (ppid, cmd) in sorted(table.items()):
        name = classify(cmd) if ppid == chosen else None
        if name and name not in found:
            found[name] = pid
    return found, f"the children of supervisord {chosen} ({supervisors[chosen]})"


def _status_kib(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssShmem"):
            out[key] = int(value.split()[0])
    return out


def _rollup_kib(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Pss", "Pss_Shmem"):
            out[key] = int(value.split()[0])
    return out


def _cpu_ticks(pid: int) -> int:
    """utime + stime, and the same of children it has reaped (PostgreSQL's ended backends)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15])


def measure_tree(root: int, table: dict[int, tuple[int, str]]) -> dict | None:
    """Memory and CPU of a process and its descendants (PostgreSQL's postmaster and its backends).

    One process: memory_kib is its RSS. Several: the sum of their PSS (each shared page counted
    once, split between the processes sharing it: summing RSS would count PostgreSQL's shared
    buffers once per backend), and data_kib the shared memory among them (PostgreSQL's shared
    buffers: a cache whose size shared_buffers fixes, which fills as pages are read)."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    members, todo = [], [root]
    while todo:
        pid = todo.pop()
        members.append(pid)
        todo.extend(children.get(pid, []))
    rss = pss = shmem = ticks = 0
    counted = 0
    for pid in members:
        try:
            status = _status_kib(pid)
            ticks += _cpu_ticks(pid)
            if len(members) > 1:
                rollup = _rollup_kib(pid)
                pss += rollup.get("Pss", 0)
                shmem += rollup.get("Pss_Shmem", 0)
        except (OSError, ValueError, IndexError):
            if pid == root:
                return None  # gone
            continue  # a backend that ended meanwhile
        rss += status.get("VmRSS", 0)
        counted += 1
    several = counted > 1 and pss > 0
    return {
        "pid": root,
        "processes": counted,
        "memory_kib": pss if several else rss,
        "rss_kib": rss,
        "data_kib": shmem if several else None,
        "cpu_seconds": round(ticks / os.sysconf("SC_CLK_TCK"), 2),
    }


# What the whole machine and each service's collector did, to tell what a slow window had in common.
CPU_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")
GC_LINE = re.compile(r'^kith_gc_pause_seconds_(sum|count)\{generation="2"\} (\S+)$', re.M)
# kith_event_loop_lag_seconds' cumulative buckets: wake-ups in all, and those at most STALL_SECONDS
# late (one of the histogram's bucket bounds).
STALL_SECONDS = 0.025
LAG_LINE = re.compile(
    rf'^kith_event_loop_lag_seconds_bucket\{{le="(\+Inf|{re.escape(str(STALL_SECONDS))})"\}} (\S+)$', re.M
)

# Only these series are asked for (prometheus_client's name[] filter): the service renders them
# alone, 1.3 KB, instead of all its series (29 KB and 6 ms of the gateway's GIL after a soak).
SCRAPED = "&".join(
    f"name[]={n}"
    for n in ("kith_gc_pause_seconds_count", "kith_gc_pause_seconds_sum", "kith_event_loop_lag_seconds_bucket")
)


# What tells a slower machine from more work per call (window_context).
MACHINE_SPEED_KEYS = ("probe_us", "platform_cpu_ms_per_call")
# The host slow (judge_host): the hypervisor took this share of the CPUs (%), or the speed probe
# ran this much slower than over the whole run. Every minute with 3% steal or more had a p99 over
# 35 ms in the run of 2026-12-06 20:56, every minute under 1% one under 30.
HOST_STEAL_PCT = 1.0
HOST_SLOWER = 0.25
# A spike minute is the host's by this alone: the hypervisor took this share of the CPUs (%) or
# more in the minute's slowest 10-s window. Steal is CPU time the host gave to others, not work of
# the platform's; the echo slows with it less than the platform's chain of processes does (in the
# run of 2026-12-07 02:15, minutes whose slowest window lost 18 to 35% of the CPUs had the
# platform's p99 at 2.0 to 5.6 times its median, the echo's at 1.6 to 3.8).
HOST_STOLEN_PCT = 10.0
PROBE_LOOPS = 20_000  # about 1 ms of pure Python on the two-core machine


def speed_probe(rounds: int = 5) -> float:
    """The CPU time (µs) this thread takes for a fixed piece of pure-Python work, the median of
    `rounds`. Waiting for a CPU is not CPU time, so it does not rise with load; it rises when the
    machine itself runs slower (a busy neighbour on the host's shared cores, a lower clock), which
    neither steal nor pressure shows."""
    took = []
    for _ in range(rounds):
        start = time.thread_time_ns()
        x = 0
        for i in range(PROBE_LOOPS):
            x += i * i
        took.append(time.thread_time_ns() - start)
    return round(statistics.median(took) / 1000, 1)


def machine_counters() -> dict:
    """Cumulative counters of the machine: CPU time by kind (/proc/stat, in ticks; `steal` is time
    the hypervisor gave this VM's CPUs to someone else) and the pressure stall totals (/proc/pressure,
    in microseconds: time some task waited for a CPU, or for I/O); and the speed probe's time now."""
    out: dict = {"probe_us": speed_probe()}
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
        out["cpu_ticks"] = dict(zip(CPU_FIELDS, (int(x) for x in first[1:9]), strict=True))
    except (OSError, ValueError, IndexError):
        pass
    for kind in ("cpu", "io"):
        try:
            some = Path(f"/proc/pressure/{kind}").read_text().splitlines()[0]
            out[f"{kind}_pressure_us"] = int(some.rsplit("total=", 1)[1])
        except (OSError, ValueError, IndexError):
            pass
    return out


def _metrics_port(pid: int) -> int | None:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    for entry in environ:
        if entry.startswith(b"KITH_METRICS_PORT="):
            return int(entry.split(b"=", 1)[1] or 0) or None
    return None


def full_collections(pids: dict[str, int | None]) -> dict[str, dict]:
    """Each Python service's generation-2 collections so far (count, seconds) and its event loop's
    stalls (wake-ups more than STALL_SECONDS late), from its /metrics (kith_gc_pause_seconds,
    kith_event_loop_lag_seconds), the port found in the process's environment (KITH_METRICS_PORT)."""
    import urllib.request

    out = {}
    for name, pid in pids.items():
        port = _metrics_port(pid) if pid else None
        if not port:
            continue
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics?{SCRAPED}", timeout=2) as answer:
                text = answer.read().decode()
        except OSError:
            continue
        found = dict(GC_LINE.findall(text))
        if "count" in found:
            out[name] = {"count": int(float(found["count"])), "seconds": float(found.get("sum", 0))}
            lag = dict(LAG_LINE.findall(text))
            if len(lag) == 2:
                out[name]["loop_stalls"] = int(float(lag["+Inf"]) - float(lag[str(STALL_SECONDS)]))
    return out


class PlatformProcesses:
    """Finds the platform's processes and reads their memory and CPU. They are found again when one
    has gone (a restart: supervisord starts it again under a new pid), at most every 30 s."""

    def __init__(self, redis_url: str = run_all.REDIS_URL) -> None:
        import redis

        # One connection for every sample's INFO reads (made when first used, again after a failure)
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=3, socket_connect_timeout=3)
        self.pids: dict[str, int | None] = {}
        self.found_by = ""
        self._found_at = -math.inf

    def find(self) -> dict[str, int | None]:
        try:
            text = subprocess.run(
                [str(KITHCTL), "ctl", "status"], capture_output=True, text=True, timeout=60, check=False, cwd=ROOT
            ).stdout  # exit status 3 when a program is stopped: the lines still say which
        except (OSError, subprocess.TimeoutExpired):
            text = ""
        found = parse_supervisor_status(text)
        if found:
            self.pids, self.found_by = found, "supervisorctl (deploy/local/kithctl ctl status)"
        else:
            self.pids, how = from_process_table(process_table())
            self.found_by = f"the process table: {how} (kithctl ctl status answered nothing)"
        self._found_at = time.monotonic()
        return self.pids

    def sample(self) -> dict[str, dict | None]:
        table = process_table()
        lost = any(pid is None or pid not in table for pid in self.pids.values())
        if not self.pids or (lost and time.monotonic() - self._found_at >= 30):
            self.find()
            table = process_table()
        out: dict[str, dict | None] = {
            name: measure_tree(pid, table) if pid else None for name, pid in sorted(self.pids.items())
        }
        if out.get("redis"):
            out["redis"]["data_kib"] = self._redis_dataset_kib()
        return out

    def context(self) -> dict:
        """What else the machine did since the start: machine_counters, full_collections and
        redis_children."""
        return {
            "machine": machine_counters(),
            "full_collections": full_collections(self.pids),
            "redis": self._redis_info(redis_children, "persistence", "stats"),
        }

    def _redis_dataset_kib(self) -> int | None:
        """What Redis holds (INFO memory: used_memory_dataset): the soak's posts and feed entries,
        which Redis must keep (feeds up to their 800-entry cap, post summaries 30 days)."""
        return self._redis_info(lambda info: int(info["used_memory_dataset"]) // 1024, "memory")

    def _redis_info(self, read: Callable[[dict], Any], *sections: str) -> Any:
        """`read` of Redis's INFO `sections` (its default ones without), or None when Redis does not
        answer."""
        import redis

        try:
            return read(self._redis.info(*sections))
        except (redis.RedisError, KeyError, ValueError):
            return None


def redis_children(info: dict) -> dict:
    """Redis's forks so far and whether a child is writing now (an AOF rewrite or an RDB snapshot).
    The fork copies the page tables of the whole dataset (tens of ms, Redis answering nothing), and
    the child then takes a CPU for as long as it writes (seconds for gigabytes) while every page
    Redis changes meanwhile is copied."""
    return {
        "forks": int(info["total_forks"]),
        "child": bool(int(info["aof_rewrite_in_progress"]) or int(info["rdb_bgsave_in_progress"])),
        "fork_ms": round(int(info["latest_fork_usec"]) / 1000, 1),
    }


# --- the load -----------------------------------------------------------------------------------------


class Load(Protocol):
    async def send(self, start_at: float) -> None:
        """Queue the window starting at `start_at` (monotonic)."""

    async def receive(self) -> dict:
        """The figures of the oldest window queued, once it has ended."""


class MixedLoad:
    """mixed_workload's generator processes on one unbroken open-loop schedule, cut into windows.
    The orders for window k+1 wait in each process's pipe while window k runs, so it starts on them
    as soon as it has sent k's figures: requests due meanwhile (while k's last answers came in, a
    few ms) go out at once and count from their due time, as every late request does. Tokens are
    refreshed a few each window, one at a time over its first half (access tokens last 5 minutes;
    a refresh costs no password hash). Without accounts (the echo baseline's generator) no token
    is sent."""

    def __init__(self, gen: mw.LoadGenerator, accounts: mw.Accounts | None, rate: float, window: float) -> None:
        self.gen, self.accounts, self.rate, self.window = gen, accounts, rate, window

    async def send(self, start_at: float) -> None:
        # Called as one window starts, with the orders for the next. The orders go first, with
        # tokens valid past that window and its deadline (a refresh keeps the session, so a token
        # stays valid until it expires); then this window's few refreshes, over its first half, for
        # the windows after. Refreshing first held the first window's orders back by those seconds,
        # and its requests all went out late at once (p99 4 to 5 s in its warm-up).
        if self.accounts is None:
            self._order(start_at, [])
            return
        valid_for = 2 * self.window + mw.DEADLINE_SECONDS
        tokens = await self.accounts.fresh_tokens(valid_for)
        self._order(start_at, tokens)
        await self.accounts.fresh_tokens(valid_for, every=self.window, spread=self.window / 2)

    def _order(self, start_at: float, tokens: list[str]) -> None:
        seed = random.randrange(1 << 30)
        for k, conn in enumerate(self.gen.conns):  # the orders mw.LoadGenerator.step gives
            conn.send(
                {
                    "op": "run",
                    "rate": self.rate / len(self.gen.conns),
                    "offset": k / self.rate,
                    "start_at": start_at,
                    "warmup": 0.0,
                    "duration": self.window,
                    "tokens": tokens,
                    "seed": seed + k,
                    "slowest": math.ceil(SLOWEST_SHARE * self.rate * self.window / len(self.gen.conns)),
                }
            )

    async def receive(self) -> dict:
        wait = self.window + mw.DEADLINE_SECONDS + 30
        results = await asyncio.gather(*(asyncio.to_thread(self.gen._recv, c, wait) for c in self.gen.conns))
        return window_figures(mw.step_summary(self.rate, self.window, list(results), {}), tail_of(results))


def tail_of(results: Sequence[dict]) -> list[float]:
    """The latencies (ms) of a window's slowest tenth (TAIL_SHARE), slowest first, from its
    generator processes' results: what a p99 pooled over several windows is taken from."""
    latencies = sorted((x for r in results for samples in r["latencies"].values() for x in samples), reverse=True)
    return [round(x, 2) for x in latencies[: math.ceil(TAIL_SHARE * len(latencies))]]


def window_figures(s: dict, tail_ms: list[float]) -> dict:
    """What soak.json keeps of mixed_workload.step_summary's figures for one window."""
    g = s.get("generator") or {}
    return {
        "offered_per_second": s["rate_per_second"],
        "completed_per_second": s["completed_per_second"],
        "n": s.get("n", 0),
        **{k: s.get(k) for k in ("p50_ms", "p99_ms", "p999_ms", "max_ms")},
        "errors": s["errors"],
        "errors_by_code": s["errors_by_code"],
        "error_examples": s["error_examples"],
        "by_operation": {op: {k: v.get(k) for k in ("n", "p50_ms", "p99_ms")} for op, v in s["by_operation"].items()},
        "generator_lag_p99_ms": g.get("lag_p99_ms"),
        "generator_behind_schedule": g.get("behind_schedule"),
        "slowest_calls": s.get("slowest", []),
        "tail_ms": tail_ms,
    }


class EchoBaseline:
    """The same run's baseline: mixed_workload's echo server and one generator process of its own,
    on the soak's windows (`load`)."""

    def __init__(self, rate: float, window: float) -> None:
        self.server = mw.EchoServer()
        try:
            self.gen = mw.LoadGenerator(
                kind="echo", target=self.server.address, methods=mw.ECHO_METHODS, processes=1, channels=1
            )
        except mw.BenchError:
            self.server.close()
            raise
        self.load = MixedLoad(self.gen, None, rate, window)

    def close(self) -> None:
        self.gen.close()
        self.server.close()


def baseline_figures(s: dict) -> dict:
    """What a window keeps of the echo baseline's figures over the same 10 s."""
    return {k: s.get(k) for k in ("n", "p50_ms", "p99_ms", "max_ms", "errors", "errors_by_code", "tail_ms")}


# --- the run -------------------------------------------------------------------------------------------


@dataclass
class Settings:
    minutes: float = FULL_MINUTES
    warmup_minutes: float | None = None  # a sixth of the run when None
    window_seconds: float = WINDOW_SECONDS
    sample_seconds: float = SAMPLE_SECONDS

    @property
    def warmup_seconds(self) -> float:
        return 60 * (self.warmup_minutes if self.warmup_minutes is not None else self.minutes / 6)

    @property
    def windows(self) -> int:
        return max(1, math.ceil(60 * self.minutes / self.window_seconds - 1e-9))


class Sampler(Protocol):
    def sample(self) -> dict[str, dict | None]: ...


SAMPLER_NICE = 19


def _yield_to_the_platform() -> None:
    """The sampling thread runs at the lowest CPU priority: its reading of /proc, of the services'
    /metrics and of Redis's INFO (tens of ms of CPU every sample) waits for a core the platform
    leaves idle instead of delaying the calls it measures."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SAMPLER_NICE)  # this thread only
    except OSError:
        pass


async def soak(
    settings: Settings,
    load: Load,
    platform: Sampler,
    *,
    baseline: Load | None = None,
    stop: asyncio.Event | None = None,
    log: Callable[[str], None] = say,
) -> dict:
    """Runs the windows back to back while sampling the platform's processes; returns the samples,
    the windows and why the run stopped early (None when it did not). Times are seconds from the
    start of the load. `baseline`, when given, runs on the same windows beside the load, and each
    window keeps its figures under "baseline"."""
    stop = stop or asyncio.Event()
    window = settings.window_seconds
    t0 = time.monotonic() + 0.5  # time for the first orders to reach every generator process
    started = datetime.now(UTC) + timedelta(seconds=t0 - time.monotonic())
    samples: list[dict] = []
    windows: list[dict] = []
    loop = asyncio.get_running_loop()
    sampling_thread = ThreadPoolExecutor(1, thread_name_prefix="soak-sampler", initializer=_yield_to_the_platform)

    async def sample_now() -> None:
        at = time.monotonic() - t0
        processes = await loop.run_in_executor(sampling_thread, platform.sample)
        context = getattr(platform, "context", None)
        beside = await loop.run_in_executor(sampling_thread, context) if context else {}
        samples.append({"t": round(at, 1), "processes": processes, **beside})

    async def sampling() -> None:
        j = 0
        while True:
            await asyncio.sleep(max(0.0, t0 + j * settings.sample_seconds - time.monotonic()))
            try:
                await sample_now()
            except Exception as exc:  # noqa: BLE001 - a sample missed must not end the run
                log(f"  warning: sampling the platform's processes failed: {type(exc).__name__}: {exc}")
            else:
                if j % max(1, round(60 / settings.sample_seconds)) == 0 and j:
                    log(memory_line(samples[-1]))
            j += 1

    sampler = asyncio.create_task(sampling())
    aborted = None
    sent = received = 0
    loads = [x for x in (baseline, load) if x]  # the baseline's orders first: the load's wait on token refreshes
    try:
        for x in loads:
            await x.send(t0)
        sent = 1
        while received < sent:
            if sent < settings.windows and not stop.is_set():
                for x in loads:
                    await x.send(t0 + sent * window)
                sent += 1
            figures = await load.receive()
            w = {"t_start": round(received * window, 1), "t_end": round((received + 1) * window, 1), **figures}
            if baseline:
                w["baseline"] = baseline_figures(await baseline.receive())
            windows.append(w)
            received += 1
            log(window_line(w))
            # Most calls failing otherwise than by being slow: the platform is down, no use going on.
            mw.check_systematic({**w, "rate_per_second": w["offered_per_second"]}, f"window ending at {w['t_end']:g} s")
    except mw.BenchError as exc:  # a generator process died (Ctrl-C), a token refresh failed, ...
        aborted = "interrupted (Ctrl-C)" if stop.is_set() else str(exc)
    finally:
        sampler.cancel()
        try:
            await sampler
        except asyncio.CancelledError:
            pass
    if aborted is None and received < settings.windows:
        aborted = "interrupted (Ctrl-C)"
    await sample_now()  # the state at the end, whatever the phase of the sampling
    sampling_thread.shutdown()
    return {
        # when the first window began (UTC): window k spans k to k+1 window lengths after it, to
        # match against the services' logs
        "load_started_at": started.isoformat(timespec="milliseconds"),
        "samples": samples,
        "windows": windows,
        "aborted": aborted,
        "seconds": round(time.monotonic() - t0, 1),
    }


# --- verdicts (pure: soak.json's samples and windows in, verdicts out) -----------------------------------


def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def _slope_per_hour(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (seconds, KiB) points, in KiB per hour."""
    if len(points) < 2:
        return None
    mt = sum(t for t, _ in points) / len(points)
    mv = sum(v for _, v in points) / len(points)
    var = sum((t - mt) ** 2 for t, _ in points)
    return round(3600 * sum((t - mt) * (v - mv) for t, v in points) / var, 1) if var else None


def judge_memory(samples: list[dict], warmup: float, bound: float = MEMORY_GROWTH_BOUND) -> dict:
    """Per process: the median of the first memory window after the warm-up against the median of
    the last (each a sixth of the samples judged, at least 3), less what the data it holds grew by
    (Redis's dataset, PostgreSQL's shared buffers in use), as a share of the first. A process that
    restarted or was missing at any time in the run fails: a restart hides a leak (memory falls
    back) and is itself what a soak looks for."""
    names = sorted({n for s in samples for n in s["processes"]})
    judged = [s for s in samples if s["t"] >= warmup]
    edge = max(MIN_EDGE_SAMPLES, int(len(judged) * EDGE_SHARE))
    out: dict = {
        "criterion": f"memory growth < {100 * bound:g}% per process",
        "bound": bound,
        "samples_judged": len(judged),
        "samples_per_edge": edge,
        "processes": {},
    }
    if not names:
        return {**out, "passed": False, "reason": "no platform process found"}
    if len(judged) < 2 * edge:
        return {
            **out,
            "passed": False,
            "reason": f"{len(judged)} samples after the warm-up, {2 * edge} needed: run longer",
        }
    for name in names:
        seen = [(s["t"], s["processes"].get(name)) for s in samples]
        missing = [t for t, p in seen if not p]
        pids = list(dict.fromkeys(p["pid"] for _, p in seen if p))
        v: dict = {"pids": pids}
        if len(pids) > 1:
            v.update(passed=False, reason=f"restarted during the run (pid {' -> '.join(map(str, pids))})")
        elif missing:
            v.update(passed=False, reason=f"not running at {len(missing)} samples (first at {missing[0]:.0f} s)")
        else:
            series = [(s["t"], s["processes"][name]) for s in judged]
            first, last = [p for _, p in series[:edge]], [p for _, p in series[-edge:]]
            first_kib = _median([p["memory_kib"] for p in first])
            last_kib = _median([p["memory_kib"] for p in last])
            data_first = [p["data_kib"] for p in first if p.get("data_kib") is not None]
            data_last = [p["data_kib"] for p in last if p.get("data_kib") is not None]
            data_growth = _median(data_last) - _median(data_first) if data_first and data_last else 0.0
            raw = (last_kib - first_kib) / first_kib if first_kib else math.inf
            growth = (last_kib - first_kib - data_growth) / first_kib if first_kib else math.inf
            v.update(
                passed=growth < bound,
                first_kib=round(first_kib),
                last_kib=round(last_kib),
                growth=round(growth, 4),
                raw_growth=round(raw, 4),
                first_data_kib=round(_median(data_first)) if data_first else None,
                data_growth_kib=round(data_growth) if data_first and data_last else None,
                trend_kib_per_hour=_slope_per_hour([(t, p["memory_kib"]) for t, p in series]),
            )
        out["processes"][name] = v
    failed = [n for n, v in out["processes"].items() if not v["passed"]]
    return {**out, "passed": not failed, "failed": failed}


def window_context(samples: list[dict], w: dict) -> dict | None:
    """What the machine and the services' collectors did during window `w`: the difference between
    the samples taken at its start and at its end (both every 10 s from the load's start)."""
    before = [x for x in samples if x["t"] <= w["t_start"] + 1 and "machine" in x]
    after = [x for x in samples if x["t"] >= w["t_end"] - 1 and "machine" in x]
    if not before or not after:
        return None
    a, b = before[-1], after[0]
    seconds = b["t"] - a["t"]
    if seconds <= 0:
        return None
    out: dict = {}
    ticks_a, ticks_b = a["machine"].get("cpu_ticks"), b["machine"].get("cpu_ticks")
    if ticks_a and ticks_b:
        total = sum(ticks_b.values()) - sum(ticks_a.values())
        for kind in ("steal", "iowait"):
            out[f"{kind}_pct"] = round(100 * (ticks_b[kind] - ticks_a[kind]) / total, 1) if total > 0 else None
    for kind in ("cpu", "io"):
        key = f"{kind}_pressure_us"
        if key in a["machine"] and key in b["machine"]:
            out[f"{kind}_pressure_pct"] = round(100 * (b["machine"][key] - a["machine"][key]) / (seconds * 1e6), 1)
    collections, stalls = {}, {}
    for name, now in (b.get("full_collections") or {}).items():
        then = (a.get("full_collections") or {}).get(name)
        if then and now["count"] > then["count"]:
            seconds_in = round(now["seconds"] - then["seconds"], 3)
            collections[name] = {"count": now["count"] - then["count"], "seconds": seconds_in}
        late = now.get("loop_stalls", 0) - (then or {}).get("loop_stalls", math.inf)
        if late > 0:
            stalls[name] = late
    out["full_collections"] = collections
    out["loop_stalls"] = stalls  # service -> its event loop's wake-ups more than STALL_SECONDS late
    ra, rb = a.get("redis"), b.get("redis")
    if ra and rb:  # Redis forked in the window, or a child of its was writing at either end
        out["redis_fork"] = rb["forks"] > ra["forks"] or ra["child"] or rb["child"]
    probes = [x["machine"]["probe_us"] for x in (a, b) if "probe_us" in x["machine"]]
    if probes:
        out["probe_us"] = round(statistics.mean(probes), 1)
    cpu = [  # a process restarted in between (a new pid) starts its CPU count again: left out
        now["cpu_seconds"] - then["cpu_seconds"]
        for name, then in (a.get("processes") or {}).items()
        if then
        and (now := (b.get("processes") or {}).get(name))
        and now["pid"] == then["pid"]
        and None not in (now.get("cpu_seconds"), then.get("cpu_seconds"))
    ]
    if cpu and w.get("n"):  # the platform's CPU for each call the window answered
        out["platform_cpu_ms_per_call"] = round(1000 * sum(cpu) / w["n"], 2)
    return out


def spikes_beside(judged: list[dict], contexts: list[dict | None], spike_above: float) -> dict | None:
    """Spike windows against the others (`contexts`: each judged window's window_context): how
    often a service made a full collection in them, and the median CPU and I/O pressure and steal.
    None without the samples' context (an older run)."""
    groups: dict[str, list[dict]] = {"spikes": [], "others": []}
    for w, c in zip(judged, contexts, strict=True):
        if c is not None:
            groups["spikes" if w["p99_ms"] > spike_above else "others"].append(c)
    if not groups["spikes"]:
        return None
    out = {}
    for group, contexts in groups.items():
        figures: dict = {"windows": len(contexts)}
        if contexts:
            figures["with_full_collection"] = sum(1 for c in contexts if c["full_collections"])
            figures["with_loop_stall"] = sum(1 for c in contexts if c.get("loop_stalls"))
            figures["with_redis_fork"] = sum(1 for c in contexts if c.get("redis_fork"))
            keys = ("cpu_pressure_pct", "io_pressure_pct", "steal_pct", "iowait_pct", *MACHINE_SPEED_KEYS)
            figures |= {f"median_{k}": v for k, v in _medians(contexts, keys, digits=1).items()}
        out[group] = figures
    return out


def pooled_p99(span: Sequence[dict]) -> float | None:
    """The p99 (nearest rank, as mixed_workload's) of all the calls of `span`'s windows, from their
    slowest tenths; None when a window kept too few of its slowest for it to be exact (or none)."""
    n = sum(w["n"] for w in span)
    if not n:
        return None
    rank = n - math.ceil(0.99 * n) + 1  # from the slowest
    if any(len(w.get("tail_ms", ())) < min(rank, w["n"]) for w in span):
        return None
    return sorted((x for w in span for x in w["tail_ms"]), reverse=True)[rank - 1]


def by_span(xs: Sequence) -> list:
    """`xs` (one item per window) in whole spans of SPAN_WINDOWS consecutive windows: a minute of
    10-s windows each; a last span cut short is left out."""
    return [xs[k : k + SPAN_WINDOWS] for k in range(0, len(xs) - SPAN_WINDOWS + 1, SPAN_WINDOWS)]


def minute_p99s(judged: list[dict]) -> list[dict]:
    """Each whole span of windows (by_span): its start, end, calls and pooled p99 (None when it
    cannot be exact: a run from before windows kept their slowest tenth)."""
    return [
        {
            "t_start": span[0]["t_start"],
            "t_end": span[-1]["t_end"],
            "n": sum(w["n"] for w in span),
            "p99_ms": pooled_p99(span),
        }
        for span in by_span(judged)
    ]


def steadiness(minutes: list[dict]) -> dict:
    """The figures judge_p99 judges, from a run's minutes (each with its pooled p99): the median
    minute, the spikes above twice it, and the last third's median against the first third's. The
    same for the platform and for the echo baseline beside it."""
    p99s = [m["p99_ms"] for m in minutes]
    median = _median(p99s)
    third = len(p99s) // 3
    first, last = _median(p99s[:third]), _median(p99s[-third:])
    return {
        "median_p99_ms": round(median, 2),
        "spike_above_ms": round(SPIKE_FACTOR * median, 2),
        "spikes": [m for m in minutes if m["p99_ms"] > SPIKE_FACTOR * median],
        "worst_p99_ms": max(p99s),
        "first_third_median_p99_ms": round(first, 2),
        "last_third_median_p99_ms": round(last, 2),
        "drift": round(last / first - 1, 4) if first else math.inf,
    }


def host_slow(contexts: Sequence[dict | None], probe_median: float | None) -> dict:
    """Whether the machine counters of a span of windows (their window_context) show the host
    slow: the hypervisor took HOST_STEAL_PCT of the CPUs or more, or the speed probe ran
    HOST_SLOWER slower than over the whole run (both medians over the span)."""
    m = _medians(contexts, ("steal_pct", "probe_us"), digits=2)
    steal, probe = m["steal_pct"], m["probe_us"]
    slower = probe / probe_median - 1 if probe and probe_median else None
    return {
        "steal_pct": steal,
        "probe_slower": None if slower is None else round(slower, 3),
        "slow": (steal is not None and steal >= HOST_STEAL_PCT) or (slower is not None and slower >= HOST_SLOWER),
    }


def stolen(steal_pct: float | None) -> bool:
    """The hypervisor took HOST_STOLEN_PCT of the CPUs or more (a window's steal_pct)."""
    return (steal_pct or 0) >= HOST_STOLEN_PCT


def slowest_window_steal(windows: Sequence[dict], contexts: Sequence[dict | None]) -> float | None:
    """The steal (%) in the slowest (by the platform's p99) of a minute's windows (`contexts`: theirs)."""
    _, context = max(zip(windows, contexts, strict=True), key=lambda wc: wc[0]["p99_ms"])
    return (context or {}).get("steal_pct")


def stolen_windows(judged: list[dict], contexts: list[dict | None]) -> list[dict]:
    """The judged windows in which the hypervisor took HOST_STOLEN_PCT of the CPUs or more (what
    the plot shades): their span and steal."""
    return [
        {"t_start": w["t_start"], "t_end": w["t_end"], "steal_pct": c["steal_pct"]}
        for w, c in zip(judged, contexts, strict=True)
        if c is not None and stolen(c.get("steal_pct"))
    ]


def judge_host(judged: list[dict], contexts: list[dict | None], platform: dict, allowed: int) -> dict | None:
    """The echo baseline's minutes (the same windows' "baseline" figures) judged as the platform's
    are, and whether the host shares each way the platform's p99 failed (its spike minutes beyond
    those allowed, its drift): the echo failed the same way, and the machine counters show the host
    slow then (host_slow). The echo alone cannot tell: it shares the cores, so it slows with the
    platform's own CPU as well (its p99 tracked the platform's at about 0.4 in the run of
    2026-12-07). A spike minute whose slowest window lost HOST_STOLEN_PCT of the CPUs to the
    hypervisor is the host's without the echo. None when the run had no baseline."""
    if not judged or not all(w.get("baseline") for w in judged):
        return None
    minutes = minute_p99s([{**w["baseline"], "t_start": w["t_start"], "t_end": w["t_end"]} for w in judged])
    if len(minutes) < 3 or any(m["p99_ms"] is None for m in minutes):
        return None
    s = steadiness(minutes)
    spans = by_span(contexts)
    probes = [c["probe_us"] for c in contexts if c is not None and c.get("probe_us") is not None]
    probe_median = _median(probes) if probes else None
    machine = [
        {**host_slow(span, probe_median), "slowest_window_steal_pct": slowest_window_steal(windows, span)}
        for windows, span in zip(by_span(judged), spans, strict=True)
    ]
    third = len(minutes) // 3
    first = host_slow([c for span in spans[:third] for c in span], probe_median)
    last = host_slow([c for span in spans[-third:] for c in span], probe_median)
    last_slower = (  # the last third's machine against the first's
        (last["steal_pct"] or 0) - (first["steal_pct"] or 0) >= HOST_STEAL_PCT
        or (last["probe_slower"] or 0) - (first["probe_slower"] or 0) >= HOST_SLOWER
    )
    slow_minutes = {m["t_start"] for m, h in zip(minutes, machine, strict=True) if h["slow"]}
    # the hypervisor took the CPUs in the minute's slowest window
    stolen_minutes = {
        m["t_start"] for m, h in zip(minutes, machine, strict=True) if stolen(h["slowest_window_steal_pct"])
    }
    hosts = ({m["t_start"] for m in s["spikes"]} & slow_minutes) | stolen_minutes  # or the echo's spikes, the host slow
    unshared = [m for m in platform["spikes"] if m["t_start"] not in hosts]
    drift_shared = platform["drift"] <= DRIFT_BOUND or (s["drift"] > DRIFT_BOUND and last_slower)
    return {
        **s,
        "minutes": [{**m, "host": h} for m, h in zip(minutes, machine, strict=True)],
        "steady": len(s["spikes"]) <= allowed and s["drift"] <= DRIFT_BOUND,
        "platform_spikes": len(platform["spikes"]),
        "spikes_shared": len(platform["spikes"]) - len(unshared),  # the platform's spike minutes the host's
        "spikes_stolen": sum(m["t_start"] in stolen_minutes for m in platform["spikes"]),
        "last_third_host_slower": last_slower,
        # every way the platform failed, the host's: the echo failed too in the same minutes with the
        # host slow, or the hypervisor took the CPUs in the spike minute's slowest window
        "shares_the_failure": len(unshared) <= allowed and drift_shared,
    }


def judge_p99(windows: list[dict], warmup: float, samples: list[dict] | None = None) -> dict:
    """Steady, judged by the minute after the warm-up: no more than one minute in a hundred (rounded
    down) with a p99 above twice the median minute's (spikes), and the last third's median p99 at most
    25% above the first third's (drift: the slow climb a growing queue, cache or heap gives). The
    10-s windows' own spikes, brief stalls, are set out beside what the machine did, not judged.
    A failure the host shares (judge_host: the echo baseline beside the load failed the same way
    while the machine's counters show the host slow) is the host's: the verdict is then
    inconclusive, neither pass nor fail."""
    judged = [w for w in windows if w["t_start"] >= warmup and w.get("p99_ms") is not None]
    span_seconds = SPAN_WINDOWS * (judged[0]["t_end"] - judged[0]["t_start"]) if judged else 0
    out: dict = {
        "criterion": f"p99 steady, by the {span_seconds:g}-s span: at most {100 * SPIKES_ALLOWED_SHARE:g}% of "
        f"spans above {SPIKE_FACTOR:g}x the median span's p99, last third's median within "
        f"+{100 * DRIFT_BOUND:g}% of the first third's",
        "windows_judged": len(judged),
        "inconclusive": False,
    }
    minutes = minute_p99s(judged)
    if any(m["p99_ms"] is None for m in minutes):
        return {**out, "passed": False, "reason": "the windows kept too few of their slowest calls to pool a p99"}
    if len(minutes) < 3:
        return {
            **out,
            "passed": False,
            "reason": f"{len(minutes)} whole spans of {SPAN_WINDOWS} windows after the warm-up, 3 needed: run longer",
        }
    contexts = [window_context(samples or [], w) for w in judged]  # each window's, computed once
    s = steadiness(minutes)
    allowed = int(SPIKES_ALLOWED_SHARE * len(minutes))
    reasons = []
    if len(s["spikes"]) > allowed:
        reasons.append(f"{len(s['spikes'])} spans with p99 above {s['spike_above_ms']:.1f} ms ({allowed} allowed)")
    if s["drift"] > DRIFT_BOUND:
        reasons.append(
            f"last third's median p99 {s['last_third_median_p99_ms']:.1f} ms is {100 * s['drift']:+.0f}% on the "
            f"first third's {s['first_third_median_p99_ms']:.1f}"
        )
    host = judge_host(judged, contexts, s, allowed)
    inconclusive = bool(reasons) and host is not None and host["shares_the_failure"]
    if inconclusive:
        reasons.append(
            "each failure the host's (the echo baseline failing the same way while the host was slow, or "
            f"the hypervisor taking {HOST_STOLEN_PCT:g}% of the CPUs in the spike minute's slowest window): not judged"
        )
    third_windows = len(judged) // 3
    return {
        **out,
        "passed": not reasons,
        "inconclusive": inconclusive,
        "reason": "; ".join(reasons) or None,
        "minutes": minutes,
        **s,
        "spikes_allowed": allowed,
        "baseline": host,
        "stolen_windows": stolen_windows(judged, contexts),
        "stolen_at_least_pct": HOST_STOLEN_PCT,
        "thirds_beside": thirds_beside(contexts[:third_windows], contexts[-third_windows:]),
        "brief_stalls": brief_stalls(judged, contexts),
    }


def brief_stalls(judged: list[dict], contexts: list[dict | None]) -> dict:
    """Not judged: the 10-s windows whose own p99 is above twice the median window's, each beside
    what the machine did then, and where their slowest calls' time went."""
    p99s = [w["p99_ms"] for w in judged]
    median = _median(p99s)
    above = SPIKE_FACTOR * median
    return {
        "median_window_p99_ms": round(median, 2),
        "above_ms": round(above, 2),
        "windows": [
            {"t_start": w["t_start"], "p99_ms": w["p99_ms"], "beside": c}
            for w, c in zip(judged, contexts, strict=True)
            if w["p99_ms"] > above
        ],
        "worst_window_p99_ms": max(p99s),
        "beside": spikes_beside(judged, contexts, above),
        "time_split": time_split(judged, above),
    }


def time_split(judged: list[dict], spike_above: float) -> dict | None:
    """Where the time of the calls that make each window's p99 (those at or above it) went, in the
    spike windows against the others (bench/call_split.py). None when no call was matched against
    the gateway's access log (an older run, or the log out of reach)."""
    groups: dict[str, list[dict]] = {"spikes": [], "others": []}
    for w in judged:
        slow = [c for c in w.get("slowest_calls", []) if c["latency_ms"] >= w["p99_ms"]]
        groups["spikes" if w["p99_ms"] > spike_above else "others"] += slow
    out = {group: call_split.split(calls) for group, calls in groups.items()}
    return out if any(out.values()) else None


def thirds_beside(first: list[dict | None], last: list[dict | None]) -> dict | None:
    """The first third's windows against the last's: the median speed probe and platform CPU per
    call, so that a drift in p99 can be read beside the machine's speed and the work per call.
    None without the samples' context (an older run)."""
    out = {
        name: {f"median_{k}": v for k, v in _medians(contexts, MACHINE_SPEED_KEYS, digits=2).items() if v is not None}
        for name, contexts in (("first", first), ("last", last))
    }
    return out if out["first"] and out["last"] else None


def _medians(contexts: Sequence[dict | None], keys: tuple[str, ...], *, digits: int) -> dict[str, float | None]:
    """The median of each key over the window contexts that have it; None where none has."""
    out: dict[str, float | None] = {}
    for key in keys:
        values = [c[key] for c in contexts if c is not None and c.get(key) is not None]
        out[key] = round(_median(values), digits) if values else None
    return out


def judge_errors(windows: list[dict]) -> dict:
    """No call but OK in the whole run, warm-up included (a warm-up settles memory and latency; it
    excuses no error). RESOURCE_EXHAUSTED, the rate limiter's refusal, is counted apart: the load
    is spread so as not to meet it, and a run that does is told so."""
    by_code: Counter = Counter()
    examples: dict[str, str] = {}
    for w in windows:
        for key, n in w["errors_by_code"].items():
            by_code[key.rsplit(" ", 1)[-1]] += n  # "home DEADLINE_EXCEEDED" -> DEADLINE_EXCEEDED
        for key, text in (w.get("error_examples") or {}).items():
            examples.setdefault(key, text)
    calls = sum(w["n"] for w in windows)
    failing = {c: n for c, n in by_code.items() if c not in TOLERATED_CODES}
    tolerated = {c: n for c, n in by_code.items() if c in TOLERATED_CODES}
    return {
        "criterion": "no errors (any status but OK; RESOURCE_EXHAUSTED counted apart)",
        "passed": bool(windows) and not failing,
        "reason": None if windows else "no window ran",
        "calls": calls,
        "errors_by_code": dict(by_code),
        "failing": sum(failing.values()),
        "rate_limited": sum(tolerated.values()),
        "error_examples": examples,
    }


def judge(result: dict, warmup: float) -> dict:
    verdicts = {
        "memory": judge_memory(result["samples"], warmup),
        "p99": judge_p99(result["windows"], warmup, result["samples"]),
        "errors": judge_errors(result["windows"]),
    }
    passed = all(v["passed"] for v in verdicts.values()) and not result.get("aborted")
    # Only p99 failed, and only the host's way (judge_host): the run says nothing about the platform.
    inconclusive = (
        verdicts["p99"]["inconclusive"]
        and verdicts["memory"]["passed"]
        and verdicts["errors"]["passed"]
        and not result.get("aborted")
    )
    return {**verdicts, "passed": passed, "inconclusive": inconclusive}


# --- output ------------------------------------------------------------------------------------------


def _mib(kib: float | None) -> str:
    return "-" if kib is None else f"{kib / 1024:,.1f}"


def window_line(w: dict) -> str:
    minute, second = divmod(int(w["t_end"]), 60)
    lag = w.get("generator_lag_p99_ms")
    return (
        f"  [{minute:3d}:{second:02d}] {w['completed_per_second']:>5}/s done of {w['offered_per_second']}/s, "
        f"p50 {w.get('p50_ms', '-')} p99 {w.get('p99_ms', '-')} ms, errors {w['errors']}"
        + (f" {w['errors_by_code']}" if w["errors"] else "")
        + (f", generator lag p99 {lag} ms" if w.get("generator_behind_schedule") else "")
        + (f"; echo p99 {w['baseline'].get('p99_ms', '-')} ms" if w.get("baseline") else "")
    )


def memory_line(sample: dict) -> str:
    parts = [f"{n} {_mib(p['memory_kib'])}" if p else f"{n} DOWN" for n, p in sample["processes"].items()]
    return "  memory (MiB): " + ", ".join(parts)


def thirds_line(thirds: dict) -> str:
    """The first and last thirds, one line: the machine's speed and the work per call in each."""
    f, la = thirds["first"], thirds["last"]
    return (
        f"thirds: speed probe {f.get('median_probe_us')} -> {la.get('median_probe_us')} µs, "
        f"platform CPU {f.get('median_platform_cpu_ms_per_call')} -> "
        f"{la.get('median_platform_cpu_ms_per_call')} ms per call (medians)"
    )


def baseline_line(host: dict) -> str:
    """The echo baseline's minutes, judged as the platform's, one line."""
    return (
        f"echo baseline, same windows: median minute p99 {host['median_p99_ms']} ms, worst {host['worst_p99_ms']} ms, "
        f"{len(host['spikes'])} above {host['spike_above_ms']} ms; thirds {host['first_third_median_p99_ms']} -> "
        f"{host['last_third_median_p99_ms']} ms ({100 * host['drift']:+.0f}%): the host was "
        f"{'steady' if host['steady'] else 'NOT steady'}; the host's: {host['spikes_shared']} of the platform's "
        f"{host['platform_spikes']} spike minutes ({host['spikes_stolen']} by {HOST_STOLEN_PCT:g}% steal or more "
        "in their slowest window)"
    )


def brief_stalls_line(brief: dict) -> str:
    """The 10-s windows' own spikes, one line (not judged)."""
    return (
        f"brief stalls (not judged): {len(brief['windows'])} 10-s windows with p99 above {brief['above_ms']} ms "
        f"(twice their median {brief['median_window_p99_ms']} ms), worst {brief['worst_window_p99_ms']} ms"
    )


def beside_line(beside: dict) -> str:
    """Spike windows against the others, one line: what a stall had in common."""

    def part(group: str) -> str:
        g = beside[group]
        if not g["windows"]:
            return f"{group}: none"
        return (
            f"{group} ({g['windows']}): a full collection in {g['with_full_collection']}, "
            f"an event loop {1000 * STALL_SECONDS:.0f} ms late in {g.get('with_loop_stall', '?')}, "
            f"a Redis fork (AOF rewrite, snapshot) in {g.get('with_redis_fork', '?')}, "
            f"CPU pressure {g['median_cpu_pressure_pct']}%, I/O pressure {g['median_io_pressure_pct']}%, "
            f"steal {g['median_steal_pct']}%, speed probe {g.get('median_probe_us')} µs, "
            f"platform CPU {g.get('median_platform_cpu_ms_per_call')} ms per call (medians)"
        )

    return f"{part('spikes')}; {part('others')}"


# call_split.PARTS as the time-split line names them.
TIME_SPLIT_NAMES = ("generator lag", "to the gateway's handlers", "in the gateway", "back to the generator")


def time_split_line(split: dict) -> str:
    """Where the time of the calls at or above their window's p99 went, spikes against the others."""

    def part(group: str) -> str:
        g = split.get(group)
        if not g:
            return f"{group}: none matched"
        return f"{group} ({g['calls']} calls): " + ", ".join(
            f"{name} {g[f'median_{key}_ms']} ms ({100 * (g[f'share_{key}'] or 0):.0f}%)"
            for key, name in zip(call_split.PARTS, TIME_SPLIT_NAMES, strict=True)
        )

    return f"slowest calls' time, medians (share): {part('spikes')}; {part('others')}"


def verdict_lines(verdicts: dict, aborted: str | None) -> list[str]:
    lines = []
    m = verdicts["memory"]
    if m.get("reason"):
        detail = m["reason"]
    else:
        procs = m["processes"]
        bad = m.get("failed", [])
        ranked = sorted((n for n, v in procs.items() if "growth" in v), key=lambda n: procs[n]["growth"], reverse=True)

        def one(n: str) -> str:
            v = procs[n]
            if "growth" not in v:
                return f"{n}: {v['reason']}"
            net = (
                f" ({100 * v['raw_growth']:+.1f}% before the {_mib(v['data_growth_kib'])} MiB its data grew by)"
                if v.get("data_growth_kib")
                else ""
            )
            return f"{n} {100 * v['growth']:+.1f}%{net}, {_mib(v['first_kib'])} -> {_mib(v['last_kib'])} MiB"

        detail = (
            "FAILED " + "; ".join(one(n) for n in bad)
            if bad
            else f"{len(procs)} processes; largest: " + "; ".join(one(n) for n in ranked[:3])
        )
    lines.append(f"  {m['criterion']:<40} {'pass' if m['passed'] else 'FAIL'}  {detail}")
    p = verdicts["p99"]
    if "median_p99_ms" in p:
        detail = (
            f"{len(p['minutes'])} spans of {SPAN_WINDOWS} windows: median p99 {p['median_p99_ms']} ms, "
            f"worst {p['worst_p99_ms']} ms, {len(p['spikes'])} above {p['spike_above_ms']} ms "
            f"({p['spikes_allowed']} allowed); thirds {p['first_third_median_p99_ms']} -> "
            f"{p['last_third_median_p99_ms']} ms ({100 * p['drift']:+.0f}%, bound +{100 * DRIFT_BOUND:g}%)"
        )
        detail = (f"{p['reason']}. " if p.get("reason") else "") + detail
    else:
        detail = p.get("reason") or ""
    status = "pass" if p["passed"] else "HOST" if p.get("inconclusive") else "FAIL"
    lines.append(f"  {'p99 steady':<40} {status}  {detail}")
    indent = "  " + " " * 40 + "       "
    if p.get("baseline"):
        lines.append(indent + baseline_line(p["baseline"]))
    if p.get("thirds_beside"):
        lines.append(indent + thirds_line(p["thirds_beside"]))
    if brief := p.get("brief_stalls"):
        lines.append(indent + brief_stalls_line(brief))
        if brief.get("beside"):
            lines.append(indent + beside_line(brief["beside"]))
        if brief.get("time_split"):
            lines.append(indent + time_split_line(brief["time_split"]))
    e = verdicts["errors"]
    detail = f"{e['failing']:,} of {e['calls']:,} calls failed" + (f": {e['errors_by_code']}" if e["failing"] else "")
    if e["rate_limited"]:
        detail += f"; {e['rate_limited']:,} RESOURCE_EXHAUSTED (the rate limiter was met: raise --pool)"
    if e.get("reason"):
        detail = e["reason"]
    lines.append(f"  {'no errors':<40} {'pass' if e['passed'] else 'FAIL'}  {detail}")
    if aborted:
        lines.append(f"  {'run complete':<40} FAIL  stopped early: {aborted}")
    return lines


def finish(report: dict, out: Path, docs_plot: Path | None) -> int:
    """Judges, writes soak.json and the plot(s), prints the verdicts; the exit status."""
    settings = report["settings"]
    warmup = settings["warmup_seconds"]
    verdicts = judge(report, warmup)
    report["verdicts"] = verdicts
    report["passed"] = verdicts["passed"]
    report["complete"] = not report.get("aborted")
    full = report["complete"] and settings["minutes"] >= FULL_MINUTES
    out.parent.mkdir(parents=True, exist_ok=True)
    plot_path = out.with_suffix(".svg")
    report["plots"] = [_shown(plot_path)] + ([_shown(docs_plot)] if full and docs_plot else [])
    out.write_text(json.dumps(mw.json_safe(report), indent=2, allow_nan=False) + "\n")
    svg = soak_plot.plot(report)
    plot_path.write_text(svg)
    if full and docs_plot:
        docs_plot.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(plot_path, docs_plot)
    say()
    say(
        f"verdicts, after a {warmup / 60:g}-minute warm-up ({len(report['windows'])} windows of "
        f"{settings['window_seconds']:g} s, {len(report['samples'])} memory samples):"
    )
    for line in verdict_lines(verdicts, report.get("aborted")):
        say(line)
    say(f"written to {', '.join([_shown(out), *report['plots']])}")
    if not full:
        say(
            f"  ({'an incomplete run' if not report['complete'] else 'a run shorter than 30 minutes'}: "
            f"{_shown(DOCS_PLOT)} left as it is)"
        )
    failed = [k for k in ("memory", "p99", "errors") if not verdicts[k]["passed"]]
    if report.get("aborted"):
        failed.append("run complete")
    if verdicts["inconclusive"]:
        say(
            "make soak: INCONCLUSIVE (p99 moved with the echo baseline beside it: the host was unsteady; "
            "memory and errors passed; run again on a quiet machine)"
        )
        return INCONCLUSIVE
    say(f"make soak: {'PASSED' if not failed else 'FAILED (' + ', '.join(failed) + ')'}")
    return 0 if not failed else 1


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# --- main -------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    d = mw.Options()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--minutes", type=float, default=FULL_MINUTES, help="how long the load runs (default 30)")
    p.add_argument(
        "--warmup-minutes",
        type=float,
        default=None,
        help="not judged: memory and latency settle (default a sixth of the run: 5 of 30 minutes)",
    )
    p.add_argument("--rate", type=float, default=None, help="offer this many requests/s (skips the 70%% rule)")
    p.add_argument(
        "--benchmark-rate",
        type=float,
        default=None,
        help="the mixed workload's benchmark rate to take --fraction of (default: bench/results/latest.json's)",
    )
    p.add_argument("--fraction", type=float, default=FRACTION, help="of the benchmark rate (default 0.7)")
    p.add_argument(
        "--baseline-rate",
        type=float,
        default=None,
        help="calls/s to the echo baseline beside the load (default: the load's rate; 0: no baseline)",
    )
    p.add_argument("--gateway", default=d.gateway)
    p.add_argument("--edges", type=Path, default=run_all.feed_fanout.DEFAULT_EDGES)
    p.add_argument("--reed98-state", type=Path, default=d.state)
    p.add_argument(
        "--load-reed98",
        action="store_true",
        help="load the socfb-Reed98 accounts when missing, as make bench does (about a minute and a wait)",
    )
    p.add_argument(
        "--pool",
        type=int,
        default=d.pool,
        help=f"accounts signed in (raised to rate / {PER_ACCOUNT_RATE:g} so no account nears its rate limit)",
    )
    p.add_argument("--processes", type=int, default=d.processes, help="load generator processes")
    p.add_argument("--channels", type=int, default=d.channels, help="gRPC channels per generator process")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--seed", type=int, default=None)
    return p.parse_args(argv)


async def main_async(args: argparse.Namespace) -> int:
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    settings = Settings(minutes=args.minutes, warmup_minutes=args.warmup_minutes)
    if settings.warmup_seconds >= 60 * settings.minutes:
        say(f"make soak: the warm-up ({settings.warmup_seconds / 60:g} min) must be shorter than the run")
        return 2
    try:
        await run_all.preflight(args.gateway)
    except run_all.StepFailed as exc:
        say(f"make soak: {exc}")
        return 2
    users, nodes, follows, pairs = run_all.reed98_status(args.reed98_state, args.edges)
    if users < nodes or follows < pairs:
        if not args.load_reed98:
            say(
                f"make soak: {users}/{nodes} socfb-Reed98 accounts and {follows}/{pairs} follow pairs loaded "
                f"({_shown(args.reed98_state)}): `make bench` loads them, or SOAK_ARGS=--load-reed98"
            )
            return 2
        try:
            run_all.ensure_reed98(args.reed98_state, args.edges, args.gateway)
        except run_all.StepFailed as exc:
            say(f"make soak: {exc}")
            return 2

    rate = choose_rate(args.rate, args.benchmark_rate, args.fraction)
    baseline_rate = rate.per_second if args.baseline_rate is None else args.baseline_rate
    password, accounts_by_handle, _ = mw.read_reed98(args.reed98_state)
    pool = min(len(accounts_by_handle), max(args.pool, math.ceil(rate.per_second / PER_ACCOUNT_RATE)))
    say(
        f"make soak: {rate.per_second:g} requests/s for {settings.minutes:g} minutes "
        f"(warm-up {settings.warmup_seconds / 60:g}), windows of {settings.window_seconds:g} s"
    )
    if rate.benchmark_per_second:
        say(f"  rate: {100 * (rate.fraction or 0):g}% of {rate.benchmark_per_second:g}/s, from {rate.source}")
    else:
        say("  rate: as given by --rate")
    platform = PlatformProcesses()
    pids = await asyncio.to_thread(platform.find)
    running = {n: p for n, p in pids.items() if p}
    say(f"  {len(running)} platform processes found by {platform.found_by}: " + ", ".join(sorted(running)))
    if len(running) < len(pids):
        say(f"  warning: not running: {', '.join(n for n, p in pids.items() if not p)}")

    report: dict = {
        "benchmark": "kith make soak",
        "at": started_at,
        "machine": run_all.machine(),
        "versions": await run_all.versions(),
        "settings": {
            **asdict(settings),
            "warmup_seconds": settings.warmup_seconds,
            "windows": settings.windows,
            "gateway": args.gateway,
            "signed_in_accounts": pool,
            "generator_processes": args.processes,
            "channels_per_process": args.channels,
            "mix": dict(mw.MIX),
            "baseline_rate_per_second": baseline_rate,
            "request_deadline_seconds": mw.DEADLINE_SECONDS,
            "criteria": {
                "memory_growth_bound": MEMORY_GROWTH_BOUND,
                "memory_edge_share": EDGE_SHARE,
                "memory_min_edge_samples": MIN_EDGE_SAMPLES,
                "p99_spike_factor": SPIKE_FACTOR,
                "p99_spikes_allowed_share": SPIKES_ALLOWED_SHARE,
                "p99_drift_bound": DRIFT_BOUND,
                "tolerated_codes": list(TOLERATED_CODES),
            },
        },
        "rate": asdict(rate),
        "platform": {"found_by": platform.found_by, "pids": pids},
    }
    rng = random.Random(args.seed)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    async with grpc.aio.insecure_channel(args.gateway) as channel:
        accounts = mw.Accounts(channel, password, accounts_by_handle)
        try:
            seconds = await accounts.sign_in(pool, rng)
            say(f"  signed in {len(accounts.sessions)} Reed98 accounts in {seconds:.1f} s")
            await mw.preflight(channel, accounts.sessions, sorted(accounts_by_handle.values())[0])
            gen = mw.LoadGenerator.mixed(
                args.gateway, args.processes, args.channels, sorted(accounts_by_handle.values())
            )
            echo = EchoBaseline(baseline_rate, settings.window_seconds) if baseline_rate else None
        except mw.BenchError as exc:
            say(f"make soak: {exc}")
            await accounts.log_out()
            return 2
        say(f"  baseline: a grpc.aio echo server at {baseline_rate:g} calls/s beside it" if echo else "  no baseline")
        # Ctrl-C ends the run after the window under way; the verdicts are given on what ran.
        loop.add_signal_handler(signal.SIGINT, stop.set)
        try:
            result = await soak(
                settings,
                MixedLoad(gen, accounts, rate.per_second, settings.window_seconds),
                platform,
                baseline=echo.load if echo else None,
                stop=stop,
            )
        finally:
            loop.remove_signal_handler(signal.SIGINT)
            gen.close()
            if echo:
                echo.close()
            await accounts.log_out()
    report.update(result)
    matched = call_split.attach_served(report["windows"], call_split.gateway_logs(GATEWAY_LOGS))
    say(f"  {matched} of the slowest calls found in the gateway's access log ({_shown(GATEWAY_LOGS)})")
    report["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return finish(report, args.out, DOCS_PLOT if args.out == OUT else None)


def main() -> None:
    sys.exit(asyncio.run(main_async(parse_args())))


if __name__ == "__main__":
    main()
