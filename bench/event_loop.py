"""A bare grpc.aio echo server's CPU per call on asyncio's own event loop and on uvloop, the
same calls driven from another process (no platform needed):

    uv run python bench/event_loop.py [--calls 4000] [--rounds 3]

Prints the median of the rounds for each loop, and writes bench/results/event_loop.json. This
is why every service runs on uvloop (kith_platform.service.run_event_loop).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import time
from pathlib import Path

import grpc

RESULTS = Path(__file__).resolve().parent / "results"
PAYLOAD = b"k" * 64
CONCURRENCY = 32


def _serve(loop: str, port: int, ready) -> None:
    async def echo(request: bytes, context) -> bytes:
        return request

    class Echo(grpc.GenericRpcHandler):
        def service(self, details):
            return grpc.unary_unary_rpc_method_handler(echo)

    async def main() -> None:
        server = grpc.aio.server()
        server.add_generic_rpc_handlers((Echo(),))
        server.add_insecure_port(f"127.0.0.1:{port}")
        await server.start()
        ready.set()
        await server.wait_for_termination()

    if loop == "uvloop":
        import uvloop

        uvloop.run(main())
    else:
        asyncio.run(main())


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _drive(port: int, calls: int) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        call = channel.unary_unary("/kith.bench.Echo/Echo")

        async def worker(n: int) -> None:
            for _ in range(n):
                await call(PAYLOAD)

        await worker(200)  # warm up
        await asyncio.gather(*(worker(calls // CONCURRENCY) for _ in range(CONCURRENCY)))


def server_ms_per_call(loop: str, port: int, calls: int) -> float:
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(loop, port, ready), daemon=True)
    server.start()
    try:
        ready.wait(10)
        asyncio.run(_drive(port, 200))
        before = _cpu_seconds(server.pid)
        asyncio.run(_drive(port, calls))
        return 1000 * (_cpu_seconds(server.pid) - before) / (calls // CONCURRENCY * CONCURRENCY + 200)
    finally:
        server.kill()
        server.join()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--calls", type=int, default=4000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    found: dict[str, list[float]] = {"asyncio": [], "uvloop": []}
    for round_ in range(args.rounds):
        for n, loop in enumerate(found):  # alternating, so a busy moment hits both
            found[loop].append(server_ms_per_call(loop, 56100 + 10 * round_ + n, args.calls))
    report = {
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "calls": args.calls,
        "server_cpu_ms_per_call": {loop: round(statistics.median(v), 3) for loop, v in found.items()},
        "rounds": {loop: [round(x, 3) for x in v] for loop, v in found.items()},
        "load_average": os.getloadavg(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "event_loop.json").write_text(json.dumps(report, indent=2) + "\n")
    for loop, ms in report["server_cpu_ms_per_call"].items():
        print(f"{loop:8} {ms:.3f} ms of server CPU per call (median of {args.rounds}: {report['rounds'][loop]})")


if __name__ == "__main__":
    main()
