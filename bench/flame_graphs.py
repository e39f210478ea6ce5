"""make profile: where the CPU of a request goes, under the mixed load (needs `make up` and the
socfb-Reed98 accounts that `make bench` loads).

Runs the mixed workload's generator (bench/mixed_workload.py: the same accounts, mix and
open-loop schedule) at one rate (--rate, 150/s by default) for --seconds, and meanwhile
- records a py-spy flame graph of each profiled service (gateway, feed API, content, graph by
  default) for the recorded window: bench/results/profile-<service>.svg;
- measures every platform process's CPU (utime + stime from /proc) over the step, as ms per
  request.
The figures go to bench/results/profile.json and are printed. py-spy samples 100 times a second
without stopping the process (--nonblocking), which costs the profiled processes a little; the
CPU figures are taken in the same step, so compare them with `make bench`'s only roughly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).parent))
import mixed_workload as mw  # the bench folder is not a package

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
# Service -> the command line that finds its process (as mixed_workload.CPU_OF).
PROFILED = {
    "gateway": mw.CPU_OF["gateway"],
    "feed_api": mw.CPU_OF["feed_api"],
    "content": mw.CPU_OF["content"],
    "graph": mw.CPU_OF["graph"],
    "identity": mw.CPU_OF["identity"],
    "stream_worker": mw.CPU_OF["stream_worker"],
}


def py_spy() -> list[str]:
    found = shutil.which("py-spy")
    if found:
        return [found]
    if shutil.which("uvx"):
        return ["uvx", "py-spy"]
    raise SystemExit("py-spy is not installed: uv tool install py-spy (or pip install py-spy)")


def pid_of(pattern: str) -> int:
    pids = subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True, check=False).stdout.split()
    if not pids:
        raise SystemExit(f"no process matches {pattern!r}: is the platform up (make up)?")
    return int(pids[0])


async def profile(args) -> dict:
    rng = random.Random(args.seed)
    password, users, _ = mw.read_reed98(args.state)
    async with grpc.aio.insecure_channel(args.gateway) as channel:
        accounts = mw.Accounts(channel, password, users)
        await accounts.sign_in(args.pool, rng)
        await mw.preflight(channel, accounts.sessions, sorted(users.values())[0])
        gen = mw.LoadGenerator.mixed(args.gateway, args.processes, args.channels, sorted(users.values()))
        spy = py_spy()
        recorders = []
        try:
            tokens = await accounts.fresh_tokens(args.seconds + args.warmup + 30)
            step = asyncio.create_task(gen.step(args.rate, warmup=args.warmup, duration=args.seconds, tokens=tokens))
            await asyncio.sleep(args.warmup + 0.3)  # record the measured window only
            for name in args.services:
                out = RESULTS / f"profile-{name}.{'folded' if args.folded else 'svg'}"
                recorders.append(
                    (
                        name,
                        out,
                        await asyncio.create_subprocess_exec(
                            # Native frames need the process paused while its stack is read (no --nonblocking).
                            *spy,
                            "record",
                            *(["--native"] if args.native else ["--nonblocking"]),
                            "--rate",
                            "100",
                            "--duration",
                            str(int(args.seconds)),
                            "--format",
                            "raw" if args.folded else "flamegraph",
                            "--output",
                            str(out),
                            "--pid",
                            str(pid_of(PROFILED[name])),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE,
                        ),
                    )
                )
            summary = await step
            for name, _, proc in recorders:
                _, err = await proc.communicate()
                if proc.returncode != 0:
                    print(f"  py-spy on {name} failed: {err.decode().strip()[-300:]}", file=sys.stderr)
        finally:
            gen.close()
            await accounts.log_out()
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rate_per_second": args.rate,
        "seconds": args.seconds,
        "p50_ms": summary.get("p50_ms"),
        "p99_ms": summary.get("p99_ms"),
        "errors": summary["errors"],
        "completed_per_second": summary["completed_per_second"],
        "platform_cpu_percent": summary["platform_cpu_percent"],
        "platform_cpu_ms_per_request": summary["platform_cpu_ms_per_request"],
        "flame_graphs": {name: str(out.relative_to(ROOT)) for name, out, proc in recorders if proc.returncode == 0},
        "load_average_at_start": args.load_average,
    }


def main() -> None:
    d = mw.Options()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rate", type=float, default=150.0, help="mixed requests per second, open loop")
    p.add_argument("--seconds", type=float, default=30.0, help="recorded (and profiled) seconds")
    p.add_argument("--warmup", type=float, default=3.0)
    p.add_argument("--services", nargs="+", default=["gateway", "feed_api", "content", "graph"], choices=PROFILED)
    p.add_argument(
        "--folded",
        action="store_true",
        help="write folded stacks (profile-<service>.folded, for bench/hot_frames.py) instead of SVGs",
    )
    p.add_argument(
        "--native",
        action="store_true",
        help="also sample native frames (gRPC's core, C extensions); pauses the process for each sample",
    )
    p.add_argument("--gateway", default=d.gateway)
    p.add_argument("--reed98-state", dest="state", type=Path, default=d.state)
    p.add_argument("--pool", type=int, default=d.pool)
    p.add_argument("--processes", type=int, default=d.processes)
    p.add_argument("--channels", type=int, default=d.channels)
    p.add_argument("--seed", type=int, default=None)
    args = p.parse_args()
    if not args.state.exists():
        raise SystemExit(
            f"{args.state} is missing: `make bench` (or `uv run kith load edges`) loads socfb-Reed98 first"
        )
    args.load_average = [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    print(f"profiling the mixed workload at {args.rate:.0f}/s for {args.seconds:.0f} s: {', '.join(args.services)}")
    started = time.monotonic()
    report = asyncio.run(profile(args))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile.json").write_text(json.dumps(mw.json_safe(report), indent=2) + "\n")
    cpu = report["platform_cpu_ms_per_request"]
    print(
        f"  p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms, {report['completed_per_second']}/s done, "
        f"errors {report['errors']}"
    )
    print(
        f"  CPU per request: {cpu.get('total')} ms in total; "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]) if k != "total" and v > 0)
    )
    for name, path in report["flame_graphs"].items():
        print(f"  flame graph of {name}: {path}")
    print(f"written to {RESULTS / 'profile.json'} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
