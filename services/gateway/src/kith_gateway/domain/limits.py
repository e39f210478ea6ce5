"""Rate limits and stream limits at the edge: which token buckets a call takes a token from (per
address, per verified user, and stricter ones for the sign-in RPCs), and the refusals."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import grpc

from kith_platform.errors import DomainError

# Anonymous RPCs that prove credentials: these get the strict per-address bucket.
AUTH_METHODS = frozenset(
    {
        "/kith.identity.v1.IdentityService/Register",
        "/kith.identity.v1.IdentityService/Login",
        "/kith.identity.v1.IdentityService/Refresh",
        "/kith.identity.v1.IdentityService/ReactivateAccount",
        "/kith.identity.v1.IdentityService/CompleteLogin",
        "/kith.identity.v1.IdentityService/ConfirmEmail",
        "/kith.identity.v1.IdentityService/RequestPasswordReset",
        "/kith.identity.v1.IdentityService/ResetPassword",
        "/kith.identity.v1.TrustAndSafetyService/AppealSuspension",
    }
)


class RateLimited(DomainError):
    """A bucket of the call is empty: RESOURCE_EXHAUSTED, retry after `wait_ms`."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED

    def __init__(self, wait_ms: int) -> None:
        super().__init__(f"rate limit exceeded; retry after {wait_ms / 1000:.1f}s")
        self.wait_ms = wait_ms


class TooManyStreams(DomainError):
    code = grpc.StatusCode.RESOURCE_EXHAUSTED


@dataclass(frozen=True)
class Bucket:
    key: str
    capacity: float
    per_second: float


def user_bucket(user_id: str) -> str:
    """The one bucket named after a user (erasure deletes it)."""
    return f"user:{user_id}"


def login_key(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class RateLimits:
    """Burst capacity and refill per second of each kind of bucket."""

    ip_capacity: float
    ip_per_second: float
    user_capacity: float
    user_per_second: float
    auth_ip_capacity: float  # the sign-in RPCs from one address
    auth_ip_per_second: float
    login_capacity: float  # log-in attempts naming one account, from anywhere (brute force)
    login_per_second: float

    def buckets(self, method: str, address: str, user_id: str, login: str) -> list[Bucket]:
        """The buckets of a call: its address's, its verified user's, and for the sign-in RPCs the
        strict per-address one and the one of the account it names (`login`, empty for none)."""
        buckets = [Bucket(f"ip:{address}", self.ip_capacity, self.ip_per_second)]
        if user_id:
            buckets.append(Bucket(user_bucket(user_id), self.user_capacity, self.user_per_second))
        if method in AUTH_METHODS:
            buckets.append(Bucket(f"auth-ip:{address}", self.auth_ip_capacity, self.auth_ip_per_second))
        if login.strip():
            buckets.append(Bucket(f"login:{login_key(login)}", self.login_capacity, self.login_per_second))
        return buckets
