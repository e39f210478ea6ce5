"""Messaging delivery through the gateway: from `SendMessage` returning to the message arriving on
the recipient's live stream (`kith.live.v1.LiveService/Subscribe`), at a steady open-loop rate
with many streams open, beside a bare Redis PUBLISH -> subscriber round trip at the same rate;
and a message to a 250-member group, timed until the last member's stream has it.

How it runs (all in this one generator process, whose own CPU is measured and reported):
1. accounts: signed up through the gateway (Register; Login only for those that call the
   gateway) and kept in .kith/bench/messaging_accounts.jsonl, so later runs reuse them;
2. streams: recipients subscribe through the gateway (`--devices` streams each, up to
   `--gateway-streams`, 190 by default: the gateway allows KITH_STREAMS_PER_ADDRESS, 200, open
   streams per client address and this generator is one address); the rest of the `--streams`
   are idle streams opened straight to the live edge (127.0.0.1:50058) with a user id in
   metadata, as the gateway would, one unknown person each, so the edge holds that many;
3. rate: senders (at most 25 messages/s each, under the gateway's 60/s per user) write to direct
   conversations with the recipients, open loop: message i is due at start + i / rate whatever
   happened before; latency is counted from SendMessage returning to the item read from each
   of the recipient's streams (every device), and also from the due time;
4. baseline: redis-py PUBLISH to a subscriber of the same Redis at the headline rate (open loop);
5. group: one sender writes to a group of `--group-size` members (each member holds a stream:
   through the gateway for the recipients, straight to the edge for the others); the time from
   SendMessage returning until the last member's stream has it, `--group-repeats` times.

When the rate is not sustained (under 95% sent OK, over 1% errors or deliveries missing, or a
delivery p99 over 1 s: a backlog growing through the step), it halves the rate (15 s steps, at most
4 times, once a probe message arrives within 0.5 s again) and reports the highest rate sustained, with its latencies
as the headline figures (`at_rate_per_second`); the target step stays under `rate`.

  uv run python bench/messaging_delivery.py [--quick] [--rate 500] [--streams 5000] [--duration 60]
                                            (writes bench/results/messaging.json)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import grpc
import redis.asyncio as aioredis

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith.live.v1 import live_pb2, live_pb2_grpc
from kith.messaging.v1 import messaging_pb2 as M
from kith.messaging.v1 import messaging_pb2_grpc

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "messaging.json"
STATE_DIR = Path(os.environ.get("KITH_STATE", ROOT / ".kith"))
ACCOUNTS = STATE_DIR / "bench" / "messaging_accounts.jsonl"
REDIS_URL = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")
GATEWAY = os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050")
LIVE_EDGE = os.environ.get("KITH_LIVE_ADDR", "127.0.0.1:50058")
PASSWORD = "bench messaging password"
PER_SENDER_RATE = 25.0  # messages/s per sender account (the gateway allows 60/s per user)
STREAMS_PER_CHANNEL = 500
TARGET_P99_MS = 100.0
SUSTAINED_P99_MS = 1000.0  # a step whose deliveries lag more than this has a growing backlog
ARRIVAL_WAIT_SECONDS = 10.0

CPU_OF = {
    "gateway": "-m kith_gateway",
    "live_edge": "-m kith_live",
    "messaging": "-m kith_messaging",
    "redis": "redis-server 127.0.0.1:16379",
    "postgres": "postgres",
    "kafka": "kafka.Kafka",
}


class BenchError(Exception):
    pass


@dataclass
class Options:
    gateway: str = GATEWAY
    live_edge: str = LIVE_EDGE
    rate: float = 500.0
    streams: int = 5000
    duration: float = 60.0
    warmup: float = 3.0
    baseline_duration: float = 15.0
    devices: int = 2
    gateway_streams: int = 190
    group_size: int = 250
    group_repeats: int = 5
    accounts: Path = ACCOUNTS
    search_steps: int = 4  # when the rate is not sustained: halve it, at most this many times
    search_duration: float = 15.0
    min_rate: float = 20.0
    drain_seconds: float = 60.0  # at most, waiting for an overloaded step's backlog


def quick_options(**kw) -> Options:
    return Options(
        rate=100.0, streams=500, duration=20.0, warmup=2.0, baseline_duration=5.0, group_repeats=3, search_steps=0, **kw
    )


def sustained(step: dict) -> bool:
    """The rate was kept: at least 95% sent OK, at most 1% errors and missing deliveries, and delivery
    kept up (p99 under SUSTAINED_P99_MS: no backlog growing through the step)."""
    p99 = step["send_returned_to_arrival"]["p99_ms"]
    return (
        step["achieved_send_rate_per_second"] >= 0.95 * step["target_rate_per_second"]
        and step["errors"] <= 0.01 * step["attempted"]
        and p99 is not None
        and p99 <= SUSTAINED_P99_MS
        and step["deliveries_missing_after_10s"] <= 0.01 * max(step["deliveries_expected"], 1)
    )


# --- small helpers ---------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(values_ms: list[float]) -> dict:
    if not values_ms:
        return {"samples": 0, "p50_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    return {
        "samples": len(values_ms),
        "p50_ms": round(percentile(values_ms, 0.5), 2),
        "p99_ms": round(percentile(values_ms, 0.99), 2),
        "max_ms": round(max(values_ms), 2),
        "mean_ms": round(statistics.fmean(values_ms), 2),
    }


def own_cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def platform_cpu_seconds() -> dict[str, dict[str, float]]:
    """CPU seconds of each platform process by pid (a process must be there at both ends to count:
    PostgreSQL backends come and go)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for name, pattern in CPU_OF.items():
        out[name] = {}
        pids = subprocess.run(
            ["pgrep", "-f", "--", pattern], capture_output=True, text=True, check=False
        ).stdout.split()
        for pid in pids:
            if int(pid) == os.getpid():
                continue
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[name][pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


class CpuWindow:
    """This process's CPU and the platform's over a span of wall time, in % of one core."""

    def __enter__(self) -> CpuWindow:
        self.wall, self.own, self.platform = time.perf_counter(), own_cpu_seconds(), platform_cpu_seconds()
        return self

    def __exit__(self, *exc) -> None:
        wall = self.seconds = time.perf_counter() - self.wall
        self.generator_cpu_percent = round(100 * (own_cpu_seconds() - self.own) / wall, 1)
        after = platform_cpu_seconds()
        self.platform_cpu_percent = {
            k: round(
                100 * sum(v - self.platform[k][pid] for pid, v in after[k].items() if pid in self.platform[k]) / wall, 1
            )
            for k in after
        }


# --- accounts ----------------------------------------------------------------------------------------


@dataclass
class Account:
    user_id: str
    handle: str
    token: str = ""

    @property
    def auth(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.token}"),)


def read_accounts(path: Path) -> list[Account]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(Account(row["user_id"], row["handle"]))
    return out


async def ensure_accounts(identity, path: Path, count: int, log) -> tuple[list[Account], int]:
    have = read_accounts(path)
    missing = count - len(have)
    if missing > 0:
        log(f"  signing up {missing} accounts through the gateway (kept in {path} for later runs)")
        path.parent.mkdir(parents=True, exist_ok=True)
        gate = asyncio.Semaphore(16)

        async def one() -> Account:
            handle = f"mb_{uuid.uuid4().hex[:12]}"
            async with gate:
                r = await identity.Register(
                    identity_pb2.RegisterRequest(handle=handle, email=f"{handle}@example.org", password=PASSWORD),
                    timeout=30,
                )
            account = Account(r.user.user_id, handle)
            with path.open("a") as f:
                f.write(json.dumps({"user_id": account.user_id, "handle": handle}) + "\n")
            return account

        have += await asyncio.gather(*(one() for _ in range(missing)))
    return have[:count], max(missing, 0)


async def log_in(identity, accounts: list[Account]) -> None:
    gate = asyncio.Semaphore(16)

    async def one(a: Account) -> None:
        async with gate:
            r = await identity.Login(identity_pb2.LoginRequest(login=a.handle, password=PASSWORD), timeout=30)
        a.token = r.access_token

    await asyncio.gather(*(one(a) for a in accounts))


# --- streams -------------------------------------------------------------------------------------------


class Streams:
    """Every open stream of this run, read in the background; arrivals by message id."""

    def __init__(self) -> None:
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.calls: list = []
        self.tasks: list[asyncio.Task] = []
        self.open_count = 0
        # Streams open by label (a person's user id): a stream the gateway refuses (its limit of
        # streams per address is shared with whoever else uses the gateway from this address)
        # is not waited for.
        self.opened: Counter[str] = Counter()
        self.user_of: dict[str, str] = {}  # conversation id -> its recipient (the rate phase's)

    def open(self, stub, metadata, label: str = "") -> asyncio.Event:
        ready = asyncio.Event()
        call = stub.Subscribe(live_pb2.SubscribeRequest(), metadata=metadata)
        self.calls.append(call)
        self.tasks.append(asyncio.ensure_future(self._read(call, ready, label)))
        return ready

    async def _read(self, call, ready: asyncio.Event, label: str) -> None:
        arrivals = self.arrivals
        try:
            async for item in call:
                if item.kind == "conversation":
                    arrivals[item.conversation.message_id].append(time.perf_counter())
                elif item.kind == "ready":
                    self.open_count += 1
                    self.opened[label] += 1
                    ready.set()
        except asyncio.CancelledError:
            pass
        except grpc.aio.AioRpcError as exc:
            if exc.code() != grpc.StatusCode.CANCELLED:
                self.errors[exc.code().name] += 1
        ready.set()  # a stream that failed to open does not hold up the others

    async def open_many(self, stubs: list, metadatas: list, labels: list[str] | None = None) -> None:
        for start in range(0, len(metadatas), 500):
            waits = [
                self.open(stubs[i % len(stubs)], metadatas[i], labels[i] if labels else "").wait()
                for i in range(start, min(len(metadatas), start + 500))
            ]
            await asyncio.wait_for(asyncio.gather(*waits), 120)

    async def close(self) -> None:
        for call in self.calls:
            call.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


# --- the measurements ------------------------------------------------------------------------------------


async def rate_phase(
    stub_of: dict,
    conversations: list[tuple[Account, str]],
    streams: Streams,
    rate: float,
    warmup: float,
    duration: float,
    devices_of: dict[str, int],
) -> dict:
    """Open loop: message i is due at start + i / rate; each goes to conversation i mod len.
    `devices_of`: the recipient's open streams, by conversation (each is waited for)."""
    total = int(rate * (warmup + duration))
    warm = int(rate * warmup)
    sent: dict[str, tuple[float, float, bool, int]] = {}  # message id -> (due, returned, recorded, streams)
    errors: Counter[str] = Counter()
    lags: list[float] = []
    tasks: set[asyncio.Task] = set()
    run_id = uuid.uuid4().hex[:8]

    async def send(i: int, due: float) -> None:
        sender, cid = conversations[i % len(conversations)]
        try:
            r = await stub_of[cid].SendMessage(
                M.SendMessageRequest(conversation_id=cid, text=f"bench {run_id} {i}", client_id=f"{run_id}-{i}"),
                metadata=sender.auth,
                timeout=10,
            )
            sent[r.message.message_id] = (due, time.perf_counter(), i >= warm, devices_of[cid])
        except grpc.aio.AioRpcError as exc:
            if i >= warm:
                errors[exc.code().name] += 1

    with CpuWindow() as cpu:
        start = time.perf_counter() + 0.05
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if i >= warm:
                lags.append((time.perf_counter() - due) * 1000)
            task = asyncio.ensure_future(send(i, due))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        send_window = time.perf_counter() - (start + warmup)
        await asyncio.gather(*list(tasks), return_exceptions=True)
    # stragglers
    recorded = {m: v for m, v in sent.items() if v[2]}
    deadline = time.perf_counter() + ARRIVAL_WAIT_SECONDS
    while time.perf_counter() < deadline and any(len(streams.arrivals.get(m, ())) < v[3] for m, v in recorded.items()):
        await asyncio.sleep(0.1)

    from_return, first_from_return, from_due, missing, early = [], [], [], 0, 0
    by_second: dict[int, list[float]] = defaultdict(list)
    recorded_from = start + warmup
    for message_id, (due, returned, _, devices) in recorded.items():
        times = streams.arrivals.pop(message_id, [])
        missing += max(0, devices - len(times))
        for t in times:
            from_return.append((t - returned) * 1000)
            by_second[int(due - recorded_from)].append(from_return[-1])
            from_due.append((t - due) * 1000)
            early += t < returned
        if times:
            first_from_return.append((min(times) - returned) * 1000)
    attempted = total - warm
    return {
        "target_rate_per_second": rate,
        "duration_seconds": duration,
        "warmup_seconds": warmup,
        "attempted": attempted,
        "sent_ok": len(recorded),
        "achieved_send_rate_per_second": round(len(recorded) / duration, 1),
        "send_window_seconds": round(send_window, 2),
        "errors": sum(errors.values()),
        "errors_by_code": dict(errors),
        "deliveries_expected": sum(v[3] for v in recorded.values()),
        "deliveries_missing_after_10s": missing,
        "recipient_streams_open": sum(devices_of.values()),
        "recipients_without_a_stream": sum(1 for n in devices_of.values() if not n),
        "arrived_before_send_returned": early,
        "send_returned_to_arrival": {
            **summary(from_return),
            "what": "SendMessage returned -> the item read from the recipient's stream, "
            "every one of the recipient's open streams (devices)",
        },
        "send_returned_to_first_device": summary(first_from_return),
        "p50_p99_ms_by_second": [
            [round(percentile(v, 0.5), 1), round(percentile(v, 0.99), 1)] for _, v in sorted(by_second.items())
        ],
        "due_to_arrival": {
            **summary(from_due),
            "what": "from the due time (open loop, includes the SendMessage call and any generator lateness)",
        },
        "generator": {
            "cpu_percent_of_one_core": cpu.generator_cpu_percent,
            "send_lag_p99_ms": round(percentile(lags, 0.99) or 0, 2),
            "send_lag_max_ms": round(max(lags) if lags else 0, 2),
            "behind_schedule": bool(lags) and (percentile(lags, 0.99) or 0) > 50,
        },
        "platform_cpu_percent": cpu.platform_cpu_percent,
        # CPU per message sent OK (warm-up included), each process's over the step (its sends,
        # their delivery, and whatever else it did meanwhile): the cost to compare between runs.
        "platform_cpu_ms_per_message": {
            k: round(10 * v * cpu.seconds / max(len(sent), 1), 2) for k, v in cpu.platform_cpu_percent.items()
        },
    }


async def drain(stub_of: dict, conversations, streams: Streams, limit: float) -> float | None:
    """Send a probe each second until one arrives within 0.5 s: what an overloaded step left
    behind (outbox, Kafka, live delivery) has been delivered. Seconds taken, None if not within limit."""
    # A conversation whose recipient has a stream open (the gateway may have refused some).
    sender, cid = next(
        ((s, c) for s, c in conversations if streams.opened[streams.user_of.get(c, "")]), conversations[0]
    )
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            r = await stub_of[cid].SendMessage(
                M.SendMessageRequest(conversation_id=cid, text="drain probe"), metadata=sender.auth, timeout=10
            )
        except grpc.aio.AioRpcError:
            await asyncio.sleep(1)
            continue
        returned = time.perf_counter()
        while time.perf_counter() - returned < 1.0 and not streams.arrivals.get(r.message.message_id):
            await asyncio.sleep(0.01)
        times = streams.arrivals.pop(r.message.message_id, [])
        if times and min(times) - returned < 0.5:
            return round(time.perf_counter() - started, 1)
    return None


async def publish_baseline(rate: float, duration: float) -> dict:
    """redis-py PUBLISH (open loop at `rate`) -> a subscriber of the same Redis."""
    redis = aioredis.Redis.from_url(REDIS_URL)
    sub = aioredis.Redis.from_url(REDIS_URL)
    channel = f"bench:messaging:{uuid.uuid4()}"
    pubsub = sub.pubsub()
    await pubsub.subscribe(channel)
    await pubsub.get_message(timeout=1)
    published: dict[int, float] = {}
    arrivals: dict[int, float] = {}

    async def listen() -> None:
        while True:
            m = await pubsub.get_message(timeout=1)
            if m and m["type"] == "message":
                arrivals[int(m["data"])] = time.perf_counter()

    async def publish(i: int) -> None:
        published[i] = time.perf_counter()
        await redis.publish(channel, str(i))

    listener = asyncio.ensure_future(listen())
    tasks: set[asyncio.Task] = set()
    try:
        with CpuWindow() as cpu:
            total = int(rate * duration)
            start = time.perf_counter() + 0.05
            for i in range(total):
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                task = asyncio.ensure_future(publish(i))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            await asyncio.gather(*list(tasks), return_exceptions=True)
            deadline = time.perf_counter() + 5
            while len(arrivals) < total and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        await pubsub.aclose()
        await sub.aclose()
        await redis.aclose()
    latencies = [(arrivals[i] - published[i]) * 1000 for i in arrivals if i in published]
    return {
        **summary(latencies),
        "rate_per_second": rate,
        "duration_seconds": duration,
        "missing": total - len(latencies),
        "generator_cpu_percent_of_one_core": cpu.generator_cpu_percent,
        "what": "redis-py asyncio PUBLISH (called) -> the message read by a subscriber of the same Redis, "
        "open loop at the same rate, same process",
    }


async def group_phase(
    msg, creator: Account, group_id: str, streams: Streams, member_streams: int, repeats: int
) -> dict:
    found, missing_runs = [], []
    for n in range(repeats):
        r = await msg.SendMessage(
            M.SendMessageRequest(conversation_id=group_id, text=f"group bench {n}"), metadata=creator.auth, timeout=10
        )
        returned = time.perf_counter()
        message_id = r.message.message_id
        deadline = returned + ARRIVAL_WAIT_SECONDS
        while len(streams.arrivals.get(message_id, ())) < member_streams and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        times = streams.arrivals.pop(message_id, [])
        if len(times) < member_streams:
            missing_runs.append(member_streams - len(times))
        if times:
            found.append(
                {
                    "last_ms": round((max(times) - returned) * 1000, 2),
                    "first_ms": round((min(times) - returned) * 1000, 2),
                    "streams": len(times),
                }
            )
        await asyncio.sleep(0.5)
    lasts = [f["last_ms"] for f in found if f["streams"] >= member_streams]
    return {
        "member_streams": member_streams,
        "repeats": repeats,
        "last_member_median_ms": round(statistics.median(lasts), 2) if lasts else None,
        "last_member_max_ms": round(max(lasts), 2) if lasts else None,
        "incomplete_runs": len(missing_runs),
        "streams_missing_by_run": missing_runs,
        "runs": found,
        "what": "SendMessage to the group returned -> the last member stream has the item (every member, "
        "the sender included, holds a stream)",
    }


async def run(opts: Options, log=print) -> dict:
    t0 = time.monotonic()
    timings: dict[str, float] = {}
    senders_n = max(1, math.ceil(opts.rate / PER_SENDER_RATE))
    gw_streams = min(opts.gateway_streams, opts.streams)
    recipients_n = max(1, gw_streams // opts.devices)
    gw_streams = recipients_n * opts.devices
    group_size = min(opts.group_size, 250)
    needed = max(group_size, senders_n + recipients_n)

    gateway = grpc.aio.insecure_channel(opts.gateway)
    send_channels = [
        grpc.aio.insecure_channel(opts.gateway, options=[("grpc.use_local_subchannel_pool", 1)]) for _ in range(4)
    ]
    edge_channels = [
        grpc.aio.insecure_channel(opts.live_edge, options=[("grpc.use_local_subchannel_pool", 1)])
        for _ in range(max(1, opts.streams // STREAMS_PER_CHANNEL + 1))
    ]
    streams = Streams()
    try:
        identity = identity_pb2_grpc.IdentityServiceStub(gateway)
        msg = messaging_pb2_grpc.MessagingServiceStub(gateway)
        accounts, signed_up = await ensure_accounts(identity, opts.accounts, needed, log)
        senders, recipients = accounts[:senders_n], accounts[senders_n : senders_n + recipients_n]
        t = time.monotonic()
        await log_in(identity, senders + recipients)
        timings["accounts"] = round(time.monotonic() - t0, 1)
        log(
            f"  {len(accounts)} accounts ({signed_up} signed up now), {len(senders)} senders and "
            f"{len(recipients)} recipients logged in in {time.monotonic() - t:.1f} s"
        )

        conversations = []
        for j, recipient in enumerate(recipients):
            sender = senders[j % len(senders)]
            r = await msg.GetOrCreateDirectConversation(
                M.GetOrCreateDirectConversationRequest(user_id=recipient.user_id), metadata=sender.auth, timeout=10
            )
            conversations.append((sender, r.conversation.conversation_id))
        creator = senders[0]
        members = [a for a in accounts[:group_size] if a is not creator]
        r = await msg.CreateGroup(
            M.CreateGroupRequest(name="bench group", member_ids=[a.user_id for a in members]),
            metadata=creator.auth,
            timeout=30,
        )
        group_id = r.conversation.conversation_id

        # Streams: recipients through the gateway, the rest straight to the edge.
        t = time.monotonic()
        gw_stubs = [live_pb2_grpc.LiveServiceStub(gateway)]
        await streams.open_many(
            gw_stubs,
            [a.auth for a in recipients for _ in range(opts.devices)],
            [a.user_id for a in recipients for _ in range(opts.devices)],
        )
        streams.user_of = {cid: recipients[j].user_id for j, (_, cid) in enumerate(conversations)}
        devices_of = {cid: streams.opened[user] for cid, user in streams.user_of.items()}
        through_gateway = streams.open_count
        gateway_errors = dict(streams.errors)
        edge_stubs = [live_pb2_grpc.LiveServiceStub(c) for c in edge_channels]
        idle = max(0, opts.streams - through_gateway)
        await streams.open_many(edge_stubs, [(("x-kith-user-id", str(uuid.uuid4())),) for _ in range(idle)])
        timings["open_streams"] = round(time.monotonic() - t, 1)
        open_rate_phase = streams.open_count
        log(
            f"  {open_rate_phase} streams open ({through_gateway} through the gateway, "
            f"{open_rate_phase - through_gateway} idle ones straight to the live edge {opts.live_edge}) "
            f"in {timings['open_streams']:.1f} s; stream errors {dict(streams.errors) or 'none'}"
        )
        await asyncio.sleep(1.0)

        t = time.monotonic()
        send_stubs = [messaging_pb2_grpc.MessagingServiceStub(c) for c in send_channels]
        # Each conversation's sends go over one of a few channels (HTTP/2 connections).
        stub_of = {cid: send_stubs[j % len(send_stubs)] for j, (_, cid) in enumerate(conversations)}
        steps = []
        step_rate, warmup, duration = opts.rate, opts.warmup, opts.duration
        while True:
            log(
                f"  sending {step_rate:g}/s for {warmup:g} + {duration:g} s to {len(conversations)} "
                "direct conversations"
            )
            step = await rate_phase(stub_of, conversations, streams, step_rate, warmup, duration, devices_of)
            step["sustained"] = sustained(step)
            steps.append(step)
            lat = step["send_returned_to_arrival"]
            log(
                f"  sent {step['sent_ok']} ({step['achieved_send_rate_per_second']}/s), errors "
                f"{step['errors_by_code'] or 0}, p50 {lat['p50_ms']} ms, p99 {lat['p99_ms']} ms, missing "
                f"{step['deliveries_missing_after_10s']}, generator CPU "
                f"{step['generator']['cpu_percent_of_one_core']}% of a core, send lag p99 "
                f"{step['generator']['send_lag_p99_ms']} ms: {'sustained' if step['sustained'] else 'NOT sustained'}"
            )
            if step["sustained"] or len(steps) > opts.search_steps or step_rate / 2 < opts.min_rate:
                break
            # Not sustained: halve the rate, shorter steps, after the backlog has had time to drain.
            step_rate, warmup, duration = step_rate / 2, 2.0, opts.search_duration
            drained = await drain(stub_of, conversations, streams, opts.drain_seconds)
            step["backlog_drained_after_seconds"] = drained
            waited = f"after {drained:.0f} s" if drained is not None else f"NOT drained after {opts.drain_seconds:g} s"
            log(f"  not sustained: trying {step_rate:g}/s once the delivery backlog drained ({waited})")
        timings["rate"] = round(time.monotonic() - t, 1)
        rate = steps[0]
        headline = next((s for s in steps if s["sustained"]), steps[-1])
        lat = headline["send_returned_to_arrival"]

        t = time.monotonic()
        baseline = await publish_baseline(headline["target_rate_per_second"], opts.baseline_duration)
        timings["baseline"] = round(time.monotonic() - t, 1)
        log(
            f"  Redis PUBLISH -> subscriber at {headline['target_rate_per_second']:g}/s: p50 {baseline['p50_ms']} ms, "
            f"p99 {baseline['p99_ms']} ms"
        )

        # Group: every member holds a stream; those without a gateway one get one on the edge.
        t = time.monotonic()
        with_gateway = {a.user_id for a in recipients}
        direct_members = [a for a in [creator, *members] if a.user_id not in with_gateway]
        before = streams.open_count
        await streams.open_many(
            edge_stubs, [(("x-kith-user-id", a.user_id),) for a in direct_members], [a.user_id for a in direct_members]
        )
        member_streams = sum(streams.opened[a.user_id] for a in [creator, *members])
        await asyncio.sleep(1.0)
        group = await group_phase(msg, creator, group_id, streams, member_streams, opts.group_repeats)
        group.update(
            members=len(members) + 1,
            members_with_gateway_streams=len(with_gateway & {a.user_id for a in members}),
            member_streams_opened_on_the_edge=streams.open_count - before,
        )
        timings["group"] = round(time.monotonic() - t, 1)
        log(
            f"  group of {group['members']}: last member's stream after median {group['last_member_median_ms']} ms, "
            f"max {group['last_member_max_ms']} ms ({group['incomplete_runs']} incomplete runs)"
        )
    finally:
        await streams.close()
        for c in [gateway, *send_channels, *edge_channels]:
            await c.close()

    def ratio(a, b):
        return round(a / b, 1) if a is not None and b else None

    return {
        "benchmark": "messaging delivery through the gateway",
        "load_average_at_start_of_step": None,
        "streams": {
            "requested": opts.streams,
            "open_during_rate": open_rate_phase,
            "through_gateway": through_gateway,
            "gateway_stream_errors": gateway_errors,
            "straight_to_live_edge": open_rate_phase - through_gateway,
            "stream_errors": dict(streams.errors),
            "devices_per_recipient": opts.devices,
            "note": f"the gateway allows KITH_STREAMS_PER_ADDRESS (200) streams per client address and "
            f"this generator is one address: {through_gateway} streams go through the gateway "
            f"(the recipients'), the idle rest straight to the live edge {opts.live_edge} with the "
            "user id in metadata, as the gateway would; all are on the same edge process",
        },
        "senders": len(senders),
        "recipients": len(recipients),
        "target_rate_per_second": opts.rate,
        "rate": rate,
        "highest_sustained_rate_per_second": max(
            (s["target_rate_per_second"] for s in steps if s["sustained"]), default=None
        ),
        "steps": steps[1:],
        "at_rate_per_second": headline["target_rate_per_second"],
        "achieved_send_rate_per_second": headline["achieved_send_rate_per_second"],
        "errors": headline["errors"],
        "generator_cpu_percent_of_one_core": headline["generator"]["cpu_percent_of_one_core"],
        "p50_ms": lat["p50_ms"],
        "p99_ms": lat["p99_ms"],
        "baseline": baseline,
        "ratio_p50": ratio(lat["p50_ms"], baseline["p50_ms"]),
        "ratio_p99": ratio(lat["p99_ms"], baseline["p99_ms"]),
        "target_p99_ms": TARGET_P99_MS,
        "meets_target": lat["p99_ms"] is not None
        and lat["p99_ms"] <= TARGET_P99_MS
        and rate["sustained"]
        and open_rate_phase >= opts.streams,
        "group": group,
        "timings_seconds": {**timings, "total": round(time.monotonic() - t0, 1)},
    }


def parse_args(argv=None) -> tuple[Options, Path]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="500 streams, 100/s for 20 s, 3 group sends (< 1 min)")
    parser.add_argument("--rate", type=float, help="messages per second (default 500; --quick 100)")
    parser.add_argument("--streams", type=int, help="streams open (default 5000; --quick 500)")
    parser.add_argument("--duration", type=float, help="recorded seconds at the rate (default 60; --quick 20)")
    parser.add_argument("--devices", type=int, help="gateway streams per recipient (default 2, at most 5)")
    parser.add_argument(
        "--gateway-streams", type=int, help="streams through the gateway (default 190, under the 200 per address)"
    )
    parser.add_argument("--group-size", type=int, help="members of the group (default 250, the most allowed)")
    parser.add_argument("--group-repeats", type=int, help="messages sent to the group (default 5; --quick 3)")
    parser.add_argument("--gateway", default=GATEWAY)
    parser.add_argument("--live-edge", default=LIVE_EDGE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    opts = quick_options() if args.quick else Options()
    for name in ("rate", "streams", "duration", "devices", "gateway_streams", "group_size", "group_repeats"):
        if getattr(args, name) is not None:
            setattr(opts, name, getattr(args, name))
    opts.gateway, opts.live_edge = args.gateway, args.live_edge
    return opts, args.out


async def measure(opts: Options, log=print) -> dict:
    load = [round(x, 2) for x in os.getloadavg()]
    try:
        report = await run(opts, log)
    except grpc.aio.AioRpcError as exc:
        raise BenchError(f"{exc.code().name}: {exc.details()} (is the platform up? make status)") from None
    report["load_average_at_start_of_step"] = load
    report["load_average_at_end_of_step"] = [round(x, 2) for x in os.getloadavg()]
    report["cores"] = os.cpu_count()
    return report


def main() -> None:
    opts, out = parse_args()
    try:
        report = asyncio.run(measure(opts))
    except BenchError as exc:
        sys.exit(f"messaging delivery benchmark failed: {exc}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        json.dumps(
            {
                k: report[k]
                for k in (
                    "target_rate_per_second",
                    "highest_sustained_rate_per_second",
                    "at_rate_per_second",
                    "achieved_send_rate_per_second",
                    "errors",
                    "generator_cpu_percent_of_one_core",
                    "p50_ms",
                    "p99_ms",
                    "ratio_p50",
                    "ratio_p99",
                    "meets_target",
                    "load_average_at_start_of_step",
                )
            },
            indent=2,
        )
    )
    print(f"written to {out}")


if __name__ == "__main__":
    random.seed()
    main()
