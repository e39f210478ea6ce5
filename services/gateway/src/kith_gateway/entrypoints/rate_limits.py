"""Rate limits at the edge, as gRPC sees them: the address a call is counted against, and a
refusal as RESOURCE_EXHAUSTED with RetryInfo (the rules: kith_gateway.domain.limits)."""

from __future__ import annotations

import collections
from typing import NoReturn

import grpc
from google.protobuf import duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from kith_gateway.domain.limits import RateLimited
from kith_platform.auth import metadata_value


class _Status(collections.namedtuple("_Status", ("code", "details", "trailing_metadata")), grpc.Status):
    """A status with our own trailing metadata beside the rich error details."""


def client_address(peer: str) -> str:
    """'ipv4:10.0.0.1:5000' -> '10.0.0.1', 'ipv6:[::1]:5000' -> '::1'."""
    kind, _, rest = peer.partition(":")
    if kind == "ipv6":
        return rest.rsplit("]", 1)[0].lstrip("[") or rest
    if kind == "ipv4":
        return rest.rsplit(":", 1)[0]
    return kind or "unknown"


def forwarded_client(forwarded_for: str, peer: str, trusted_proxy_hops: int) -> str:
    """The client's address: the x-forwarded-for entry added by the first of our own proxies
    (`trusted_proxy_hops` of them append to it), else the peer's address."""
    if trusted_proxy_hops > 0:
        forwarded = [a.strip() for a in forwarded_for.split(",") if a.strip()]
        if len(forwarded) >= trusted_proxy_hops:
            return forwarded[-trusted_proxy_hops]
    return peer


def caller_address(context: grpc.aio.ServicerContext, trusted_proxy_hops: int) -> str:
    """The client's address. A call on the gateway's private Unix socket comes from its own
    web bridge (entrypoints.web), which names the browser's address last in x-forwarded-for."""
    peer = context.peer()
    forwarded_for = metadata_value(context, "x-forwarded-for")
    if peer.startswith("unix:"):
        return forwarded_client(forwarded_for, "unknown", 1)
    return forwarded_client(forwarded_for, client_address(peer), trusted_proxy_hops)


async def reject(context: grpc.aio.ServicerContext, limited: RateLimited) -> NoReturn:
    """RESOURCE_EXHAUSTED with RetryInfo and a retry-after-ms trailer."""
    wait_ms = limited.wait_ms
    retry = error_details_pb2.RetryInfo(
        retry_delay=duration_pb2.Duration(seconds=wait_ms // 1000, nanos=(wait_ms % 1000) * 1_000_000)
    )
    status = status_pb2.Status(code=code_pb2.RESOURCE_EXHAUSTED, message=limited.message)
    status.details.add().Pack(retry)
    rich = rpc_status.to_status(status)
    await context.abort_with_status(
        _Status(rich.code, rich.details, (*rich.trailing_metadata, ("retry-after-ms", str(wait_ms))))
    )
