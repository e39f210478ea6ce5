"""Fakes of the gateway's ports (kith_gateway.domain.ports), in memory: the service layer's unit
tests run without Redis, identity or a server."""

from __future__ import annotations

import math
import time
from collections import Counter

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kith_gateway.domain.limits import Bucket
from kith_gateway.domain.ports import (
    Admission,
    AdmissionStore,
    Full,
    PublicKeys,
    RateLimitBuckets,
    RevokedSessions,
    StreamPlaces,
)
from kith_platform.errors import Unavailable

ISSUER, AUDIENCE = "kith-identity", "kith"


class FakeIdentityKeys(PublicKeys):
    """Identity's key set: keys it signs with (`sign`), those it publishes, and tokens signed
    with them. `down`: identity cannot be asked."""

    def __init__(self, *key_ids: str, issuer: str = ISSUER, audience: str = AUDIENCE) -> None:
        self.issuer, self.audience = issuer, audience
        self.signing = {key_id: Ed25519PrivateKey.generate() for key_id in key_ids or ("k1",)}
        self.published = set(self.signing)
        self.down = False
        self.fetches = 0

    async def fetch(self):
        self.fetches += 1
        if self.down:
            raise Unavailable("cannot fetch token keys from identity: UNAVAILABLE")
        return {key_id: self.signing[key_id].public_key() for key_id in self.published}

    def token(self, user_id: str = "user-1", session_id: str = "session-1", *, key_id: str = "k1", **claims) -> str:
        """An access token as identity issues it (5 minutes), with `claims` changed."""
        now = int(time.time())
        payload = {"sub": user_id, "sid": session_id, "iss": self.issuer, "aud": self.audience, "iat": now}
        payload["exp"] = now + 300
        payload.update(claims)
        return jwt.encode(payload, self.signing[key_id], algorithm="EdDSA", headers={"kid": key_id})


class FakeRevokedSessions(RevokedSessions):
    def __init__(self) -> None:
        self.sessions: set[str] = set()
        self.writes = 0

    async def add(self, session_ids: list[str]) -> None:
        self.writes += 1
        self.sessions.update(session_ids)


class FakeAdmissionStore(AdmissionStore):
    """Ended sessions from `revoked`; buckets that never refill: each holds `capacity` tokens, and
    an empty one asks for the time one token takes. `failure`: raised instead (Redis down)."""

    def __init__(self, revoked: FakeRevokedSessions | None = None) -> None:
        self.revoked = revoked or FakeRevokedSessions()
        self.taken: Counter[str] = Counter()
        self.asked: list[tuple[str, list[Bucket]]] = []
        self.failure: BaseException | None = None

    async def admit(self, session_id: str, buckets: list[Bucket]) -> Admission:
        self.asked.append((session_id, buckets))
        if self.failure is not None:
            raise self.failure
        wait_ms = 0
        for bucket in buckets:
            if self.taken[bucket.key] < bucket.capacity:
                self.taken[bucket.key] += 1
            else:
                wait_ms = max(wait_ms, math.ceil(1000 / bucket.per_second))
        return Admission(bool(session_id) and session_id in self.revoked.sessions, wait_ms)


class FakeRateLimitBuckets(RateLimitBuckets):
    def __init__(self) -> None:
        self.forgotten: list[str] = []
        self.writes = 0

    async def forget_users(self, user_ids: list[str]) -> None:
        self.writes += 1
        self.forgotten.extend(u for u in user_ids if u not in self.forgotten)


class FakeStreamPlaces(StreamPlaces):
    """Places per user and per address; `failure`: raised by `take` instead (Redis down)."""

    def __init__(self) -> None:
        self.held: dict[str, tuple[str, str]] = {}  # place -> (user, address)
        self.failure: BaseException | None = None
        self._next = 0

    def count(self, *, user: str | None = None, address: str | None = None) -> int:
        return sum(1 for u, a in self.held.values() if u == user or a == address)

    async def take(self, user_id: str, address: str, per_user: int, per_address: int) -> tuple[str | None, Full]:
        if self.failure is not None:
            raise self.failure
        if self.count(user=user_id) >= per_user:
            return None, "user"
        if self.count(address=address) >= per_address:
            return None, "address"
        self._next += 1
        place = f"place-{self._next}"
        self.held[place] = (user_id, address)
        return place, ""

    async def give_back(self, place: str | None) -> None:
        if place:
            self.held.pop(place, None)
