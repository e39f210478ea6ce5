"""Benchmark: a DeathStarBench-style mixed workload through the gateway, open loop, beside a bare
grpc.aio echo server driven by the same load generator.

Workload (DeathStarBench socialNetwork's mix, on the socfb-Reed98 accounts that `kith load edges`
created through the API): 60% GetHomeFeed of a random signed-in account, 30% GetUserTimeline of a
random Reed98 user (asked by a random signed-in account), 10% CreatePost by a random signed-in
account (public text, half of them with a hashtag); pages of 10 items, as DeathStarBench's wrk2
scripts read. --pool accounts are signed in once (each log-in costs an argon2id hash) and their
5-minute access tokens refreshed between steps (a refresh costs no hash).

Open loop, wrk2 style: --processes generator processes (each its own gRPC channels) share the rate;
request i is due at start + i / rate whatever happened to the earlier ones, and its latency is
counted from that intended start, not from when it was sent: a stalled server (or a stalled
generator) shows as latency, which a closed loop would hide (coordinated omission). How late the
generator sent requests (lag) and its CPU are reported per step, so a generator bottleneck is
visible. Errors (any status but OK, including RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED at 5 s)
count with their latency and against the step.

Search: steps of --warmup + --duration seconds at a fixed rate, from --start-rate up by --factor
until a rate fails (p99 >= 50 ms or errors > 0.1%), then --bisect rates between the last rate that
passed and the first that failed; when the first rate fails, the rate halves until one passes. A
rate is judged by the majority of --repeats steps at it (3: it stops at two that agree): one step
of 15 s rests its p99 on about 20 calls, and one stall of the machine passes or fails it. The
figure is the highest rate that passed, with the p50 / p99 / p99.9 of its passing step nearest
the bound. The mixed search stays under
40 calls/s per signed-in account (5,120/s with 128; the gateway allows an account 60/s). When most
requests of a step fail otherwise than by being slow or rate limited (UNAVAILABLE, UNAUTHENTICATED,
...), the benchmark stops with exit status 1 and the reason.

Post-to-feed latency: a sampler posts as a random signed-in Reed98 account and polls the home feed
of one of its followers (also signed in) every 5 ms until the post is there: first with no other
load, then during a step at the rate found. Measured from CreatePost's return (as
bench/feed_fanout.py does) and from its call.

Baseline in the same run: a bare grpc.aio server with one unary echo method (64 bytes each way, no
protobuf, no auth), in its own process on a free port, driven by the same generator and the same
search (open loop, p99 < 50 ms; not a closed-loop maximum), starting from the mixed rate found.

  uv run python bench/mixed_workload.py [--start-rate 300] [--duration 15] [--processes 2] [--pool 128]

Needs `make up` and the socfb-Reed98 accounts (uv run kith load edges
data/socfb-Reed98/socfb-Reed98.edges). Prints each step and writes bench/results/mixed.json.
"""

from __future__ import annotations

import argparse
import asyncio
import decimal
import heapq
import json
import math
import multiprocessing as mp
import os
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import grpc

from kith.content.v1 import content_pb2, content_pb2_grpc
from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_platform.auth import REQUEST_ID_METADATA

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STATE = Path(os.environ.get("KITH_STATE", ROOT / ".kith")) / "load" / "socfb_reed98.jsonl"
DEFAULT_GATEWAY = os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050")

P99_BOUND_MS = 50.0
MAX_ERROR_SHARE = 0.001  # a step with more errors than this fails
MIX = (("home", 0.6), ("timeline", 0.3), ("post", 0.1))
PAGE_SIZE = 10
DEADLINE_SECONDS = 5.0  # per request; a request still running then is an error (DEADLINE_EXCEEDED)
# A slow call as a step's "slowest" gives it (when its orders ask for them): its latency from its
# due time, its request id (x-request-id, which the gateway's access log names) and, wall clock,
# when it was due, sent and answered.
SLOW_CALL_FIELDS = ("latency_ms", "request_id", "op", "due", "sent", "done")
PER_ACCOUNT_RATE = 40  # most calls/s per signed-in account (the gateway's per-user limit is 60/s)
LAG_WARN_MS = 10.0  # generator lag p99 above this: the generator, not the server, may be the limit
HASHTAGS = ("reed98", "kithbench", "campus", "music", "books")
ECHO_PAYLOAD = b"k" * 64


def _method(pb2, service: str, rpc: str) -> str:
    return f"/{pb2.DESCRIPTOR.services_by_name[service].full_name}/{rpc}"


MIXED_METHODS = {
    "home": _method(feed_pb2, "FeedService", "GetHomeFeed"),
    "timeline": _method(feed_pb2, "FeedService", "GetUserTimeline"),
    "post": _method(content_pb2, "ContentService", "CreatePost"),
}
ECHO_METHODS = {"echo": "/kith.bench.Echo/Echo"}


class BenchError(Exception):
    """The benchmark cannot give a meaningful figure (platform down, an RPC failing every time)."""


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


def json_safe(value):
    """The report with NaN and infinities as null (JSON has no such numbers), and PostgreSQL's
    numerics (Decimal) as floats."""
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def latency_summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 0.5), 2),
        "p99_ms": round(percentile(ordered, 0.99), 2),
        "p999_ms": round(percentile(ordered, 0.999), 2),
        "max_ms": round(ordered[-1], 2),
    }


# --- the generator processes ----------------------------------------------------------------------


def _generator_process(conn, config: dict) -> None:
    try:
        asyncio.run(_generator(conn, config))
    except (KeyboardInterrupt, EOFError, BrokenPipeError):
        pass


async def _generator(conn, config: dict) -> None:
    # A local subchannel pool: each channel its own HTTP/2 connection.
    channels = [
        grpc.aio.insecure_channel(config["target"], options=[("grpc.use_local_subchannel_pool", 1)])
        for _ in range(config["channels"])
    ]
    try:
        await asyncio.wait_for(asyncio.gather(*(c.channel_ready() for c in channels)), 10)
    except TimeoutError:
        conn.send({"error": f"cannot connect to {config['target']} within 10 s"})
        return
    conn.send({"ready": True})
    # Requests and answers stay bytes: the generator spends no CPU on protobuf.
    calls = [{op: c.unary_unary(path) for op, path in config["methods"].items()} for c in channels]
    loop = asyncio.get_running_loop()
    reported: asyncio.Task | None = None
    try:
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command["op"] == "stop":
                break
            # The next orders are read as soon as this step's requests have all gone out, not once
            # they are all answered: an open-loop schedule does not pause for a previous step's
            # slowest answers. The figures still go back in the order of the steps.
            sent = asyncio.Event()
            schedule = asyncio.ensure_future(_run_schedule(calls, config, command, sent))
            reported = asyncio.create_task(_report_in_turn(conn, schedule, reported))
            await asyncio.wait({asyncio.ensure_future(sent.wait()), schedule}, return_when=asyncio.FIRST_COMPLETED)
            if schedule.done() and schedule.exception():
                raise schedule.exception()
        if reported:
            await reported
    finally:
        for c in channels:
            await c.close()


async def _report_in_turn(conn, schedule: asyncio.Future, previous: asyncio.Task | None) -> None:
    figures = await schedule
    if previous:
        await previous
    conn.send(figures)


def _request_maker(config: dict, command: dict):
    """(op, request bytes, metadata) for the next request of this workload."""
    rng = random.Random(command["seed"])
    if config["kind"] == "echo":
        return lambda n: ("echo", ECHO_PAYLOAD, None)
    home = feed_pb2.GetHomeFeedRequest(page_size=PAGE_SIZE).SerializeToString()
    timelines = [
        feed_pb2.GetUserTimelineRequest(user_id=u, page_size=PAGE_SIZE).SerializeToString()
        for u in config["timeline_users"]
    ]
    auths = [(("authorization", f"Bearer {token}"),) for token in command["tokens"]]
    tag = command["seed"]

    def make(n: int):
        r, auth = rng.random(), rng.choice(auths)
        if r < MIX[0][1]:
            return "home", home, auth
        if r < MIX[0][1] + MIX[1][1]:
            return "timeline", rng.choice(timelines), auth
        text = f"mixed workload {tag}-{n}"
        if rng.random() < 0.5:
            text += f" #{rng.choice(HASHTAGS)}"
        return "post", content_pb2.CreatePostRequest(text=text).SerializeToString(), auth

    return make


async def _run_schedule(calls: list[dict], config: dict, command: dict, sent: asyncio.Event) -> dict:
    """One step: requests due at start + offset + i / rate until the end, each latency counted from
    its due time; only requests due after the warm-up are recorded. `sent` is set once the last
    request has gone out; the figures come once the last answer is in."""
    make = _request_maker(config, command)
    interval = 1.0 / command["rate"]
    first = command["start_at"] + command["offset"]
    measure_from = command["start_at"] + command["warmup"]
    end = measure_from + command["duration"]
    latencies: dict[str, list[float]] = {}
    errors: Counter = Counter()
    examples: dict[str, str] = {}
    lags: list[float] = []
    pending: set[asyncio.Task] = set()
    completed_in_window = 0
    # The slowest measured calls, kept with their request ids and times (wall clock) for matching
    # against the gateway's access log (bench/call_split.py): a heap of the `keep` slowest.
    keep = command.get("slowest", 0)
    slowest: list[tuple] = []
    wall = time.time() - time.monotonic()

    async def one(call, op: str, request: bytes, metadata, due: float, measured: bool, n: int) -> None:
        nonlocal completed_in_window
        code = "OK"
        request_id = f"{command['seed']}-{n}"
        if keep:
            metadata = (*(metadata or ()), (REQUEST_ID_METADATA, request_id))
        sent = time.monotonic()
        try:
            await call(request, metadata=metadata, timeout=DEADLINE_SECONDS)
        except grpc.aio.AioRpcError as exc:
            code = exc.code().name
            examples.setdefault(f"{op} {code}", exc.details())
        except Exception as exc:  # noqa: BLE001 - counted as an error of its kind, never lost
            code = type(exc).__name__
            examples.setdefault(f"{op} {code}", str(exc))
        done = time.monotonic()
        if measure_from <= done <= end:
            completed_in_window += 1
        if measured:
            latencies.setdefault(op, []).append((done - due) * 1000)
            if keep:
                call_times = ((done - due) * 1000, request_id, op, due + wall, sent + wall, done + wall)
                (heapq.heappush if len(slowest) < keep else heapq.heappushpop)(slowest, call_times)
            if code != "OK":
                errors[f"{op} {code}"] += 1

    cpu_before = time.process_time()
    i = 0
    while True:
        due = first + i * interval
        if due >= end:
            break
        now = time.monotonic()
        if due > now:
            await asyncio.sleep(due - now)
            continue
        fired = 0
        while due <= now and due < end and fired < 64:  # all that are due, yielding now and then
            measured = due >= measure_from
            if measured:
                lags.append((now - due) * 1000)
            op, request, metadata = make(i)
            channel_calls = calls[i % len(calls)]
            task = asyncio.create_task(one(channel_calls[op], op, request, metadata, due, measured, i))
            pending.add(task)
            task.add_done_callback(pending.discard)
            i += 1
            fired += 1
            due = first + i * interval
        await asyncio.sleep(0)
    sent.set()
    if pending:
        await asyncio.wait(set(pending))
    return {
        "latencies": latencies,
        "errors": dict(errors),
        "error_examples": examples,
        "lags": lags,
        "slowest": [dict(zip(SLOW_CALL_FIELDS, c, strict=True)) for c in sorted(slowest, reverse=True)],
        "completed_in_window": completed_in_window,
        "cpu_seconds": time.process_time() - cpu_before,
        "wall_seconds": time.monotonic() - command["start_at"],
    }


# --- the echo server -----------------------------------------------------------------------------


def _echo_server_process(conn, delay: float = 0.0) -> None:
    async def serve() -> None:
        async def echo(request: bytes, context) -> bytes:
            if delay:
                await asyncio.sleep(delay)
            return request

        server = grpc.aio.server()
        server.add_generic_rpc_handlers(
            (
                grpc.method_handlers_generic_handler(
                    "kith.bench.Echo", {"Echo": grpc.unary_unary_rpc_method_handler(echo)}
                ),
            )
        )
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        conn.send(port)
        await server.wait_for_termination()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


class EchoServer:
    """The baseline server, in its own process (so it has a core of its own like a service has);
    each answer `delay` seconds after its request when given."""

    def __init__(self, delay: float = 0.0) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_echo_server_process, args=(child, delay), daemon=True, name="bench-echo")
        self.process.start()
        if not parent.poll(30):
            self.close()
            raise BenchError("the echo server did not start within 30 s")
        self.address = f"127.0.0.1:{parent.recv()}"

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)


# --- platform CPU, to see where the time goes ------------------------------------------------------

CPU_OF = {
    "gateway": "-m kith_gateway",
    "feed_api": "-m kith_feed api",
    "content": "-m kith_content",
    "identity": "-m kith_identity",
    "graph": "-m kith_graph",
    "stream_worker": "-m kith_feed worker",
    "redis": "redis-server 127.0.0.1:16379",
    "postgres": "postgres",
    "kafka": "kafka.Kafka",
    "neo4j": "neo4j",
}


def platform_cpu_seconds() -> dict[str, float]:
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for name, pattern in CPU_OF.items():
        total = 0.0
        pids = subprocess.run(
            ["pgrep", "-f", "--", pattern], capture_output=True, text=True, check=False
        ).stdout.split()
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
        out[name] = total
    return out


# --- the generator, seen from the parent -------------------------------------------------------------


class LoadGenerator:
    """--processes generator processes (spawned: no gRPC state crosses a fork), driven step by step."""

    @classmethod
    def mixed(cls, target: str, processes: int, channels: int, timeline_users: list[str]) -> LoadGenerator:
        """DeathStarBench's mix through the gateway at `target` (the benchmark, the soak, the profiles)."""
        return cls(
            kind="mixed",
            target=target,
            methods=MIXED_METHODS,
            processes=processes,
            channels=channels,
            timeline_users=timeline_users,
        )

    def __init__(
        self,
        *,
        kind: str,
        target: str,
        methods: dict,
        processes: int,
        channels: int,
        timeline_users: list[str] | None = None,
    ) -> None:
        self.kind, self.target, self.processes = kind, target, processes
        ctx = mp.get_context("spawn")
        config = {
            "kind": kind,
            "target": target,
            "methods": methods,
            "channels": channels,
            "timeline_users": timeline_users or [],
        }
        self.conns, self.procs = [], []
        for k in range(processes):
            parent, child = ctx.Pipe()
            proc = ctx.Process(
                target=_generator_process, args=(child, config), daemon=True, name=f"bench-generator-{kind}-{k}"
            )
            proc.start()
            self.conns.append(parent)
            self.procs.append(proc)
        for conn in self.conns:
            answer = self._recv(conn, 30)
            if "error" in answer:
                self.close()
                raise BenchError(f"load generator: {answer['error']}")

    def _recv(self, conn, timeout: float) -> dict:
        if not conn.poll(timeout):
            raise BenchError(f"a load generator process did not answer within {timeout:.0f} s")
        try:
            return conn.recv()
        except EOFError:
            raise BenchError("a load generator process died") from None

    async def step(self, rate: float, *, warmup: float, duration: float, tokens: list[str] | None = None) -> dict:
        start_at = time.monotonic() + 0.3  # time for every process to get its orders
        seed = random.randrange(1 << 30)
        for k, conn in enumerate(self.conns):
            conn.send(
                {
                    "op": "run",
                    "rate": rate / self.processes,
                    "offset": k / rate,
                    "start_at": start_at,
                    "warmup": warmup,
                    "duration": duration,
                    "tokens": tokens or [],
                    "seed": seed + k,
                }
            )
        cpu_before = platform_cpu_seconds()
        results = await asyncio.gather(
            *(asyncio.to_thread(self._recv, conn, warmup + duration + DEADLINE_SECONDS + 30) for conn in self.conns)
        )
        cpu_after = platform_cpu_seconds()
        wall = max(r["wall_seconds"] for r in results)
        return step_summary(
            rate, duration, results, {k: round(100 * (cpu_after[k] - cpu_before[k]) / wall) for k in cpu_after}
        )

    def close(self) -> None:
        for conn in self.conns:
            try:
                conn.send({"op": "stop"})
            except (BrokenPipeError, OSError):
                pass
        for proc in self.procs:
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)


def step_summary(rate: float, duration: float, results: list[dict], platform_cpu: dict) -> dict:
    by_op: dict[str, list[float]] = {}
    errors: Counter = Counter()
    examples: dict[str, str] = {}
    lags: list[float] = []
    for r in results:
        for op, samples in r["latencies"].items():
            by_op.setdefault(op, []).extend(samples)
        errors.update(r["errors"])
        for code, detail in r["error_examples"].items():
            examples.setdefault(code, detail)
        lags.extend(r["lags"])
    slowest = sorted((c for r in results for c in r.get("slowest", [])), key=lambda c: c["latency_ms"], reverse=True)
    everything = [x for samples in by_op.values() for x in samples]
    overall = latency_summary(everything)
    n = overall["n"]
    error_count = sum(errors.values())
    error_share = error_count / n if n else 1.0
    failed_because = []
    if not n:
        failed_because.append("no requests")
    elif overall["p99_ms"] >= P99_BOUND_MS:
        failed_because.append(f"p99 {overall['p99_ms']} ms >= {P99_BOUND_MS:.0f} ms")
    if error_share > MAX_ERROR_SHARE:
        failed_because.append(f"errors {100 * error_share:.2f}% > {100 * MAX_ERROR_SHARE:.1f}%")
    ordered_lags = sorted(lags)
    lag_p99 = percentile(ordered_lags, 0.99) if lags else 0.0
    return {
        "rate_per_second": round(rate),
        "passed": not failed_because,
        "failed_because": failed_because,
        **overall,
        "completed_per_second": round(sum(r["completed_in_window"] for r in results) / duration),
        "errors": error_count,
        "error_share": round(error_share, 5),
        "errors_by_code": dict(errors),
        "error_examples": {code: examples[code] for code in errors if code in examples},
        "by_operation": {op: latency_summary(samples) for op, samples in sorted(by_op.items())},
        "generator": {
            "processes": len(results),
            "lag_p50_ms": round(percentile(ordered_lags, 0.5), 2) if lags else None,
            "lag_p99_ms": round(lag_p99, 2) if lags else None,
            "lag_max_ms": round(ordered_lags[-1], 2) if lags else None,
            "behind_schedule": bool(lags) and lag_p99 > LAG_WARN_MS,
            "cpu_percent_per_process": [round(100 * r["cpu_seconds"] / r["wall_seconds"]) for r in results],
        },
        "platform_cpu_percent": platform_cpu,
        "platform_cpu_ms_per_request": cpu_ms_per_request(platform_cpu, rate),
        "slowest": slowest,
    }


def cpu_ms_per_request(cpu_percent: dict[str, float], rate: float) -> dict[str, float]:
    """Each process's CPU per request offered (ms), and all of them together (`total`): a process
    at p% of a core while `rate` requests/s are sent spends p * 10 / rate ms on each."""
    if rate <= 0:
        return {}
    per = {k: round(v * 10 / rate, 3) for k, v in cpu_percent.items()}
    return {**per, "total": round(sum(per.values()), 3)}


def check_systematic(step: dict, label: str) -> None:
    """Fail loudly when most requests fail for another reason than being slow: the platform is down
    or an RPC fails every time, and no rate would mean anything."""
    hard = {
        code: n
        for code, n in step["errors_by_code"].items()
        if not code.endswith(("DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED"))
    }
    if step.get("n") and sum(hard.values()) > 0.5 * step["n"]:
        raise BenchError(
            f"{label}: {sum(hard.values())} of {step['n']} requests failed at "
            f"{step['rate_per_second']}/s: {hard}; for example {step['error_examples']}"
        )


def step_line(label: str, s: dict) -> str:
    verdict = "pass" if s["passed"] else "FAIL: " + "; ".join(s["failed_because"])
    g = s["generator"]
    behind = " (generator behind schedule)" if g["behind_schedule"] else ""
    return (
        f"  {label} {s['rate_per_second']:>6}/s: p50 {s.get('p50_ms', '-')} p99 {s.get('p99_ms', '-')} "
        f"p99.9 {s.get('p999_ms', '-')} ms, {s['completed_per_second']}/s done, errors {s['errors']}, "
        f"generator lag p99 {g['lag_p99_ms']} ms, CPU {g['cpu_percent_per_process']}%{behind}: {verdict}"
    )


def judge_rate(tries: list[dict], repeats: int) -> dict | None:
    """A rate's verdict from its steps so far: None while the majority of `repeats` is still open;
    else the step that speaks for the rate, the majority's step nearest the bound (the passing one
    with the highest p99, or the failing one with the lowest), with every step's p99 and verdict
    under `repeats`."""
    needed = repeats // 2 + 1
    passed = [t for t in tries if t["passed"]]
    failed = [t for t in tries if not t["passed"]]
    if len(passed) >= needed:
        chosen = max(passed, key=lambda t: t.get("p99_ms") or 0.0)
    elif len(failed) >= needed:
        chosen = min(failed, key=lambda t: t.get("p99_ms") or float("inf"))
    else:
        return None
    return {**chosen, "repeats": [{"p99_ms": t.get("p99_ms"), "passed": t["passed"]} for t in tries]}


@dataclass
class Search:
    start_rate: float
    factor: float = 1.5
    bisect: int = 2
    warmup: float = 3.0
    duration: float = 15.0
    min_rate: float = 10.0
    max_rate: float = 100_000.0
    settle: float = 2.0  # pause after a failed step: let queues and consumer lag drain
    repeats: int = 3  # steps a rate may take; the majority's verdict is the rate's

    @property
    def step_seconds(self) -> float:
        return self.warmup + self.duration + 1.0


async def find_max_rate(
    gen: LoadGenerator, search: Search, *, label: str, deadline: float, tokens=None, log=print
) -> dict:
    """The highest rate that passes: up by `factor` until one fails (down by half while the first
    ones fail), then `bisect` rates between. A rate takes up to `search.repeats` steps and is
    judged by their majority (`judge_rate`). No step starts that would end after `deadline`."""
    steps: list[dict] = []

    async def step(rate: float, repeat: int) -> dict:
        s = await gen.step(
            rate,
            warmup=search.warmup,
            duration=search.duration,
            tokens=await tokens(search.step_seconds) if tokens else None,
        )
        s["repeat"] = repeat
        steps.append(s)
        log(step_line(label, s))
        check_systematic(s, label)
        if not s["passed"]:
            await asyncio.sleep(search.settle)
        return s

    async def run(rate: float) -> dict:
        tries = [await step(rate, 1)]
        while (verdict := judge_rate(tries, search.repeats)) is None and time_left():
            tries.append(await step(rate, len(tries) + 1))
        return verdict or tries[-1]

    def time_left() -> bool:
        return time.monotonic() + search.step_seconds + search.settle <= deadline

    lo = hi = None
    stopped = "a step failed"
    rate = search.start_rate
    while True:
        s = await run(rate)
        if s["passed"]:
            lo = s
            if hi is not None:
                break
            rate = round(rate * search.factor)
            if rate > search.max_rate:
                stopped = f"the next step would pass the highest rate allowed, {search.max_rate:.0f}/s"
                break
        else:
            hi = s
            if lo is not None:
                break
            rate = round(rate / 2)
            if rate < search.min_rate:
                stopped = f"no rate down to {search.min_rate:.0f}/s passed"
                break
        if not time_left():
            stopped = "time budget spent"
            break
    for _ in range(search.bisect if lo and hi else 0):
        mid = round((lo["rate_per_second"] + hi["rate_per_second"]) / 2)
        if mid in (lo["rate_per_second"], hi["rate_per_second"]) or not time_left():
            break
        s = await run(mid)
        if s["passed"]:
            lo = s
        else:
            hi = s
    return {
        "rate_per_second": lo["rate_per_second"] if lo else 0,
        "at_rate": lo,
        "first_failed_rate_per_second": hi["rate_per_second"] if hi else None,
        "search_stopped": stopped,
        "steps": steps,
    }


# --- accounts ---------------------------------------------------------------------------------------


@dataclass
class Session:
    handle: str
    user_id: str
    access_token: str
    refresh_token: str
    expires_at: float

    @property
    def auth(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.access_token}"),)


def read_reed98(state_path: Path) -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    """(password, handle -> user id, follow pairs as handles) from `kith load edges`' state file."""
    from kith_cli.seeding import SeedState

    if not state_path.exists():
        raise BenchError(
            f"{state_path} not found: load socfb-Reed98 first "
            "(uv run kith load edges data/socfb-Reed98/socfb-Reed98.edges)"
        )
    header, done = SeedState.read(state_path)
    users = done.get("users", {})
    if not users:
        raise BenchError(f"{state_path} holds no accounts: run `uv run kith load edges` again")
    prefix = next(iter(users)).rsplit("_", 1)[0]
    pairs = [tuple(f"{prefix}_{n}" for n in key.split()) for key in done.get("follows", {})]
    return header["password"], users, pairs


class Accounts:
    """A pool of signed-in Reed98 accounts, their tokens kept fresh by refreshing (no argon2)."""

    def __init__(self, channel: grpc.aio.Channel, password: str, users: dict[str, str]) -> None:
        self.identity = identity_pb2_grpc.IdentityServiceStub(channel)
        self.password, self.users = password, users
        self.sessions: list[Session] = []
        self.skipped: Counter = Counter()

    async def sign_in(self, size: int, rng: random.Random, concurrency: int = 4) -> float:
        """Logs in `size` random accounts; returns the seconds it took. An account whose log-in
        is refused by its brute-force limit (RESOURCE_EXHAUSTED) is replaced by another."""
        started = time.monotonic()
        candidates = rng.sample(sorted(self.users), len(self.users))
        lock = asyncio.Lock()

        async def worker() -> None:
            while True:
                async with lock:
                    if len(self.sessions) >= size or not candidates:
                        return
                    handle = candidates.pop()
                try:
                    login = await self.identity.Login(
                        identity_pb2.LoginRequest(login=handle, password=self.password), timeout=30
                    )
                except grpc.aio.AioRpcError as exc:
                    if exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED:
                        self.skipped[exc.code().name] += 1
                        continue
                    raise BenchError(
                        f"log-in of {handle} through the gateway failed: {exc.code().name} {exc.details()}"
                    ) from None
                async with lock:
                    if len(self.sessions) < size:
                        self.sessions.append(
                            Session(
                                handle,
                                login.user.user_id,
                                login.access_token,
                                login.refresh_token,
                                float(login.access_token_expires_at.seconds),
                            )
                        )

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        if len(self.sessions) < min(size, 2):
            raise BenchError(f"only {len(self.sessions)} accounts could log in ({dict(self.skipped)})")
        return time.monotonic() - started

    async def fresh_tokens(self, valid_for: float, every: float | None = None, spread: float = 0.0) -> list[str]:
        """Every access token, refreshed first when it would expire within `valid_for` seconds
        (plus a margin).

        `every`: the caller asks again every that many seconds, on and on (the soak). Then the
        tokens that expire soonest are also refreshed a share at a time, so that after one token
        lifetime they fall due a few per call, as for clients who signed in at different moments.
        Without it, sessions signed in together are all refreshed in one burst each lifetime: in
        the soak, 128 refreshes at once doubled the p99 of the window they fell in.

        `spread`: the refreshes go one at a time, evenly over that many seconds, instead of 16 at
        once (the soak: a few together at each window's start gathered slow calls there)."""
        now = time.time()
        limit = now + valid_for + 30
        by_expiry = sorted(self.sessions, key=lambda s: s.expires_at)
        share = 0
        if every and self.sessions:
            lifetime = max(s.expires_at for s in self.sessions) - now  # the newest token's, ~ the full term
            calls = (lifetime - valid_for - 30) / every  # before the first token falls due
            share = math.ceil(len(by_expiry) / calls) if calls > 1 else 0
        stale = [s for i, s in enumerate(by_expiry) if s.expires_at < limit or i < share]

        async def refresh(s: Session) -> None:
            answer = await self.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=s.refresh_token), timeout=10)
            s.access_token, s.refresh_token = answer.access_token, answer.refresh_token
            s.expires_at = float(answer.access_token_expires_at.seconds)

        try:
            if spread > 0:
                for k, s in enumerate(stale):
                    if k:
                        await asyncio.sleep(spread / len(stale))
                    await refresh(s)
            else:
                for i in range(0, len(stale), 16):
                    await asyncio.gather(*(refresh(s) for s in stale[i : i + 16]))
        except grpc.aio.AioRpcError as exc:
            raise BenchError(f"refreshing access tokens failed: {exc.code().name} {exc.details()}") from None
        return [s.access_token for s in self.sessions]

    async def log_out(self) -> None:
        async def one(s: Session) -> None:
            try:
                await self.identity.Logout(identity_pb2.LogoutRequest(), metadata=s.auth, timeout=10)
            except grpc.aio.AioRpcError:
                pass  # best effort: the session would end by itself

        for i in range(0, len(self.sessions), 16):
            await asyncio.gather(*(one(s) for s in self.sessions[i : i + 16]))


# --- post-to-feed ----------------------------------------------------------------------------------------


async def post_to_feed(
    channel: grpc.aio.Channel,
    pairs: list[tuple[Session, Session]],
    *,
    until: float,
    max_samples: int,
    rng: random.Random,
    gap: float = 0.1,
) -> dict:
    """Samples until `until` (monotonic) or `max_samples`: a random author posts, one of its
    followers' home feed is polled every 5 ms until the post is on its first page (5 s at most)."""
    content = content_pb2_grpc.ContentServiceStub(channel)
    feed = feed_pb2_grpc.FeedServiceStub(channel)
    after_return, from_call, call_ms = [], [], []
    errors: Counter = Counter()
    not_seen = 0
    i = 0
    while time.monotonic() < until and len(after_return) + not_seen + sum(errors.values()) < max_samples:
        author, watcher = rng.choice(pairs)
        i += 1
        try:
            called = time.monotonic()
            posted = (
                await content.CreatePost(
                    content_pb2.CreatePostRequest(text=f"post-to-feed probe {i}"),
                    metadata=author.auth,
                    timeout=DEADLINE_SECONDS,
                )
            ).post
            returned = time.monotonic()
            while True:
                page = await feed.GetHomeFeed(
                    feed_pb2.GetHomeFeedRequest(page_size=PAGE_SIZE), metadata=watcher.auth, timeout=DEADLINE_SECONDS
                )
                seen = time.monotonic()
                if any(item.post_id == posted.post_id for item in page.items):
                    after_return.append((seen - returned) * 1000)
                    from_call.append((seen - called) * 1000)
                    call_ms.append((returned - called) * 1000)
                    break
                if seen - returned > 5:
                    not_seen += 1
                    break
                await asyncio.sleep(0.005)
        except grpc.aio.AioRpcError as exc:
            errors[exc.code().name] += 1
        await asyncio.sleep(gap)
    if errors and not after_return:
        raise BenchError(f"post-to-feed: every sample failed: {dict(errors)}")
    return {
        **latency_summary(after_return),
        "from_create_post_call": latency_summary(from_call),
        "create_post": latency_summary(call_ms),
        "not_seen_within_5s": not_seen,
        "errors_by_code": dict(errors),
    }


# --- the whole benchmark ---------------------------------------------------------------------------------


@dataclass
class Options:
    gateway: str = DEFAULT_GATEWAY
    state: Path = DEFAULT_STATE
    pool: int = 128
    processes: int = 2
    channels: int = 2
    start_rate: float = 300
    factor: float = 1.5
    bisect: int = 2
    repeats: int = 3
    warmup: float = 3.0
    duration: float = 15.0
    echo_start_rate: float = 500
    echo_warmup: float = 2.0
    echo_duration: float = 8.0
    post_to_feed_duration: float = 15.0
    idle_samples: int = 40
    budget_seconds: float = 600.0
    max_rate: float = 100_000.0
    seed: int | None = None


async def preflight(channel: grpc.aio.Channel, sessions: list[Session], timeline_user: str) -> None:
    """One call of each kind must answer OK, else the platform is not fit to measure."""
    feed = feed_pb2_grpc.FeedServiceStub(channel)
    content = content_pb2_grpc.ContentServiceStub(channel)
    s = sessions[0]
    calls = {
        "GetHomeFeed": lambda: feed.GetHomeFeed(
            feed_pb2.GetHomeFeedRequest(page_size=PAGE_SIZE), metadata=s.auth, timeout=10
        ),
        "GetUserTimeline": lambda: feed.GetUserTimeline(
            feed_pb2.GetUserTimelineRequest(user_id=timeline_user, page_size=PAGE_SIZE), metadata=s.auth, timeout=10
        ),
        "CreatePost": lambda: content.CreatePost(
            content_pb2.CreatePostRequest(text="mixed workload preflight"), metadata=s.auth, timeout=10
        ),
    }
    for name, call in calls.items():
        try:
            await call()
        except grpc.aio.AioRpcError as exc:
            raise BenchError(
                f"preflight: {name} through the gateway failed: {exc.code().name} {exc.details()}"
            ) from None


async def run(opts: Options, log=print) -> dict:
    """The mixed workload, post-to-feed latency and the echo baseline, within about
    opts.budget_seconds; returns the report."""
    started = time.monotonic()
    deadline = started + opts.budget_seconds
    rng = random.Random(opts.seed)
    password, users, follow_pairs = read_reed98(opts.state)
    timeline_users = sorted(users.values())
    async with grpc.aio.insecure_channel(opts.gateway) as channel:
        try:
            await asyncio.wait_for(channel.channel_ready(), 10)
        except TimeoutError:
            raise BenchError(f"the gateway at {opts.gateway} does not answer (is the platform up? make up)") from None
        accounts = Accounts(channel, password, users)
        login_seconds = await accounts.sign_in(opts.pool, rng)
        sessions = accounts.sessions
        log(f"  signed in {len(sessions)} Reed98 accounts in {login_seconds:.1f} s")
        await preflight(channel, sessions, timeline_users[0])
        by_handle = {s.handle: s for s in sessions}
        pairs = [(by_handle[a], by_handle[b]) for a, b in follow_pairs if a in by_handle and b in by_handle]
        pairs += [(b, a) for a, b in pairs]  # each edge is a follow both ways
        report: dict = {
            "workload": {
                "mix": dict(MIX),
                "page_size": PAGE_SIZE,
                "accounts": len(users),
                "signed_in_accounts": len(sessions),
                "sign_in_seconds": round(login_seconds, 1),
                "generator_processes": opts.processes,
                "channels_per_process": opts.channels,
                "p99_bound_ms": P99_BOUND_MS,
                "max_error_share": MAX_ERROR_SHARE,
                "request_deadline_seconds": DEADLINE_SECONDS,
                "step": {
                    "warmup_seconds": opts.warmup,
                    "seconds": opts.duration,
                    "start_rate": opts.start_rate,
                    "factor": opts.factor,
                    "bisect_steps": opts.bisect,
                    "repeats_per_rate": opts.repeats,
                },
                "latency_from": "each request's intended start time (open loop, coordinated omission corrected)",
            },
        }
        try:
            if pairs:
                await accounts.fresh_tokens(60)
                for _, watcher in pairs[:50]:  # readers who read recently are fanned out to
                    await feed_pb2_grpc.FeedServiceStub(channel).GetHomeFeed(
                        feed_pb2.GetHomeFeedRequest(page_size=1), metadata=watcher.auth, timeout=10
                    )
                idle = await post_to_feed(
                    channel, pairs, until=time.monotonic() + 15, max_samples=opts.idle_samples, rng=rng
                )
                log(
                    f"  post-to-feed, no other load: p50 {idle.get('p50_ms')} ms, p99 {idle.get('p99_ms')} ms "
                    f"(n={idle['n']})"
                )
            else:
                idle = None
                log("  post-to-feed: skipped (no follow pair among the signed-in accounts; use a larger --pool)")

            # The mixed search may use what the post-to-feed step and the echo search leave.
            echo_search = Search(
                opts.echo_start_rate,
                opts.factor,
                opts.bisect,
                opts.echo_warmup,
                opts.echo_duration,
                max_rate=opts.max_rate,
                repeats=opts.repeats,
            )
            reserve = opts.post_to_feed_duration + opts.warmup + 3 + 5 * opts.repeats * echo_search.step_seconds + 5
            # The gateway allows each account 60 calls/s: stay clear of it, or the limit is measured.
            mixed_search = Search(
                opts.start_rate,
                opts.factor,
                opts.bisect,
                opts.warmup,
                opts.duration,
                max_rate=min(opts.max_rate, PER_ACCOUNT_RATE * len(sessions)),
                repeats=opts.repeats,
            )
            gen = LoadGenerator.mixed(opts.gateway, opts.processes, opts.channels, timeline_users)
            try:
                mixed = await find_max_rate(
                    gen, mixed_search, label="mixed", deadline=deadline - reserve, tokens=accounts.fresh_tokens, log=log
                )
                loaded = None
                if mixed["rate_per_second"] and pairs:
                    # Post-to-feed while the mixed load runs at the rate found.
                    tokens = await accounts.fresh_tokens(opts.post_to_feed_duration + opts.warmup + 10)
                    step = asyncio.create_task(
                        gen.step(
                            mixed["rate_per_second"],
                            warmup=opts.warmup,
                            duration=opts.post_to_feed_duration,
                            tokens=tokens,
                        )
                    )
                    await asyncio.sleep(opts.warmup + 0.3)
                    loaded = await post_to_feed(
                        channel, pairs, until=time.monotonic() + opts.post_to_feed_duration, max_samples=10_000, rng=rng
                    )
                    loaded["mixed_step"] = await step
                    log(
                        f"  post-to-feed at {mixed['rate_per_second']}/s mixed: p50 {loaded.get('p50_ms')} ms, "
                        f"p99 {loaded.get('p99_ms')} ms (n={loaded['n']})"
                    )
                    log(step_line("mixed (with the post-to-feed sampler)", loaded["mixed_step"]))
            finally:
                gen.close()
        finally:
            await accounts.log_out()

    server = EchoServer()
    try:
        echo_gen = LoadGenerator(
            kind="echo", target=server.address, methods=ECHO_METHODS, processes=opts.processes, channels=opts.channels
        )
        try:
            echo_search.start_rate = max(opts.echo_start_rate, mixed["rate_per_second"])
            echo = await find_max_rate(echo_gen, echo_search, label="echo ", deadline=deadline, log=log)
        finally:
            echo_gen.close()
    finally:
        server.close()

    best = mixed["at_rate"] or {}
    report["mixed_workload"] = {
        "rate_per_second": mixed["rate_per_second"],
        **{
            k: best.get(k)
            for k in ("p50_ms", "p99_ms", "p999_ms", "max_ms", "errors", "error_share", "completed_per_second")
        },
        "by_operation": best.get("by_operation"),
        "generator": best.get("generator"),
        "platform_cpu_percent": best.get("platform_cpu_percent"),
        "platform_cpu_ms_per_request": best.get("platform_cpu_ms_per_request"),
        "first_failed_rate_per_second": mixed["first_failed_rate_per_second"],
        "search_stopped": mixed["search_stopped"],
        "steps": mixed["steps"],
    }
    echo_best = echo["at_rate"] or {}
    report["echo_baseline"] = {
        "what": "bare grpc.aio unary echo server (64-byte bytes messages, no protobuf, no auth), own process, "
        "same open-loop generator and search: highest rate with p99 < 50 ms",
        "rate_per_second": echo["rate_per_second"],
        **{k: echo_best.get(k) for k in ("p50_ms", "p99_ms", "p999_ms", "errors", "completed_per_second")},
        "generator": echo_best.get("generator"),
        "first_failed_rate_per_second": echo["first_failed_rate_per_second"],
        "search_stopped": echo["search_stopped"],
        "steps": echo["steps"],
    }
    report["ratio_mixed_to_echo"] = (
        round(mixed["rate_per_second"] / echo["rate_per_second"], 3) if echo["rate_per_second"] else None
    )
    report["post_to_feed"] = {
        "idle": idle,
        "under_mixed_load": loaded,
        "at_mixed_rate_per_second": mixed["rate_per_second"] if loaded else None,
    }
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


def options_from_args(argv: list[str] | None = None) -> Options:
    d = Options()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gateway", default=d.gateway)
    p.add_argument(
        "--reed98-state",
        dest="state",
        type=Path,
        default=d.state,
        help="state file of `kith load edges socfb-Reed98.edges` (accounts and their password)",
    )
    p.add_argument("--pool", type=int, default=d.pool, help="accounts signed in (one argon2 hash each)")
    p.add_argument("--processes", type=int, default=d.processes, help="load generator processes")
    p.add_argument("--channels", type=int, default=d.channels, help="gRPC channels per generator process")
    p.add_argument("--start-rate", type=float, default=d.start_rate, help="first mixed step, requests/s")
    p.add_argument("--factor", type=float, default=d.factor, help="rate multiplier between steps up")
    p.add_argument("--bisect", type=int, default=d.bisect, help="rates between the last pass and the first failure")
    p.add_argument(
        "--repeats", type=int, default=d.repeats, help="steps a rate may take, judged by their majority (1: one step)"
    )
    p.add_argument("--warmup", type=float, default=d.warmup, help="seconds of each mixed step not recorded")
    p.add_argument("--duration", type=float, default=d.duration, help="recorded seconds of each mixed step")
    p.add_argument(
        "--echo-start-rate",
        type=float,
        default=d.echo_start_rate,
        help="lowest first echo step (it starts at the mixed rate found when higher)",
    )
    p.add_argument("--echo-warmup", type=float, default=d.echo_warmup)
    p.add_argument("--echo-duration", type=float, default=d.echo_duration)
    p.add_argument(
        "--post-to-feed-duration",
        type=float,
        default=d.post_to_feed_duration,
        help="seconds of post-to-feed sampling under the mixed load",
    )
    p.add_argument("--idle-samples", type=int, default=d.idle_samples, help="post-to-feed samples with no load")
    p.add_argument(
        "--budget-seconds",
        type=float,
        default=d.budget_seconds,
        help="no step starts that would end later than this after the start",
    )
    p.add_argument("--max-rate", type=float, default=d.max_rate, help="stop stepping up above this rate")
    p.add_argument("--seed", type=int, default=None)
    return Options(**vars(p.parse_args(argv)))


def main() -> None:
    opts = options_from_args()
    print(f"mixed workload through {opts.gateway}, {opts.processes} generator processes")
    try:
        report = asyncio.run(run(opts))
    except BenchError as exc:
        print(f"mixed workload: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    report["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    out = ROOT / "bench" / "results" / "mixed.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(json_safe(report), indent=2, allow_nan=False) + "\n")
    m, e = report["mixed_workload"], report["echo_baseline"]
    print(
        f"mixed workload: {m['rate_per_second']}/s with p99 < {P99_BOUND_MS:.0f} ms "
        f"(p50 {m['p50_ms']}, p99 {m['p99_ms']}, p99.9 {m['p999_ms']} ms, errors {m['errors']}); "
        f"echo baseline {e['rate_per_second']}/s; ratio {report['ratio_mixed_to_echo']}"
    )
    print(f"written to {out.relative_to(ROOT)} in {report['seconds']} s")


if __name__ == "__main__":
    main()
