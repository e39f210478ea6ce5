"""Rate limits at the edge: per address, per user, and stricter ones for the sign-in RPCs (the
buckets of a call; the admission interceptor takes their tokens)."""

from __future__ import annotations

import collections
import hashlib

import grpc
from google.protobuf import duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from kith.identity.v1 import identity_pb2
from kith_gateway.adapters.rate_limit import Bucket, RedisRateLimiter
from kith_gateway.config import GatewaySettings
from kith_platform.auth import metadata_value

# Anonymous RPCs that prove credentials: these get the strict per-address bucket.
AUTH_METHODS = {
    "/kith.identity.v1.IdentityService/Register",
    "/kith.identity.v1.IdentityService/Login",
    "/kith.identity.v1.IdentityService/Refresh",
    "/kith.identity.v1.IdentityService/ReactivateAccount",
}
# RPCs naming an account to log in to, and how to read that name from the raw request.
LOGIN_METHODS = {
    "/kith.identity.v1.IdentityService/Login": identity_pb2.LoginRequest,
    "/kith.identity.v1.IdentityService/ReactivateAccount": identity_pb2.ReactivateAccountRequest,
}


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


def caller_address(context: grpc.aio.ServicerContext, trusted_proxy_hops: int) -> str:
    """The client's address: the peer, or the x-forwarded-for entry added by our own proxies."""
    if trusted_proxy_hops > 0:
        forwarded = [a.strip() for a in metadata_value(context, "x-forwarded-for").split(",") if a.strip()]
        if len(forwarded) >= trusted_proxy_hops:
            return forwarded[-trusted_proxy_hops]
    return client_address(context.peer())


def _login_key(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]


class RateLimits:
    """Which buckets a call takes a token from: its address's, its verified user's, and for the
    sign-in RPCs the strict per-address and per-login ones."""

    def __init__(self, settings: GatewaySettings) -> None:
        self.s = settings

    def buckets(self, method: str, address: str, user_id: str, request: bytes) -> list[Bucket]:
        s = self.s
        buckets = [Bucket(f"ip:{address}", s.rate_ip_capacity, s.rate_ip_per_second)]
        if user_id:
            buckets.append(Bucket(RedisRateLimiter.user_bucket(user_id), s.rate_user_capacity, s.rate_user_per_second))
        if method in AUTH_METHODS:
            buckets.append(Bucket(f"auth-ip:{address}", s.rate_auth_ip_capacity, s.rate_auth_ip_per_second))
        message_type = LOGIN_METHODS.get(method)
        if message_type is not None:
            try:
                login = message_type.FromString(request).login
            except Exception:  # noqa: BLE001 - a malformed body is the backend's to reject
                login = ""
            if login.strip():
                buckets.append(Bucket(f"login:{_login_key(login)}", s.rate_login_capacity, s.rate_login_per_second))
        return buckets


async def reject(context: grpc.aio.ServicerContext, wait_ms: int) -> None:
    """RESOURCE_EXHAUSTED with RetryInfo and a retry-after-ms trailer."""
    retry = error_details_pb2.RetryInfo(
        retry_delay=duration_pb2.Duration(seconds=wait_ms // 1000, nanos=(wait_ms % 1000) * 1_000_000)
    )
    status = status_pb2.Status(
        code=code_pb2.RESOURCE_EXHAUSTED,
        message=f"rate limit exceeded; retry after {wait_ms / 1000:.1f}s",
    )
    status.details.add().Pack(retry)
    rich = rpc_status.to_status(status)
    await context.abort_with_status(
        _Status(rich.code, rich.details, (*rich.trailing_metadata, ("retry-after-ms", str(wait_ms))))
    )
