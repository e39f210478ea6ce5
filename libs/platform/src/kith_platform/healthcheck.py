"""Wait until gRPC servers report SERVING: python -m kith_platform.healthcheck HOST:PORT... [--timeout S]."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


async def status(address: str, timeout: float = 2.0) -> str:
    async with grpc.aio.insecure_channel(address) as channel:
        try:
            response = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=timeout
            )
        except grpc.aio.AioRpcError as exc:
            return exc.code().name
        return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)


async def wait_serving(addresses: list[str], timeout: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    pending = set(addresses)
    last: dict[str, str] = {}
    while pending and time.monotonic() < deadline:
        results = await asyncio.gather(*(status(a) for a in sorted(pending)))
        for address, result in zip(sorted(pending), results, strict=True):
            last[address] = result
            if result == "SERVING":
                pending.discard(address)
        if pending:
            await asyncio.sleep(0.5)
    return last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("addresses", nargs="+", help="name=host:port or host:port")
    parser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args()
    names = {a.split("=", 1)[-1]: a.split("=", 1)[0] for a in args.addresses}
    result = asyncio.run(wait_serving(list(names), args.timeout))
    failed = False
    for address, name in names.items():
        state = result.get(address, "UNKNOWN")
        failed |= state != "SERVING"
        print(f"  {name:<14} {address:<22} {state}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
