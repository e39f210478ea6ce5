"""Access-token verification with the public keys identity publishes (by key id)."""

from __future__ import annotations

import logging
import time

import grpc
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_platform.errors import Unauthenticated, Unavailable

log = logging.getLogger("kith.gateway.keys")


# Tokens already verified, kept until they expire: verifying the same token's EdDSA signature
# again on each of a client's calls was about 7% of the gateway's CPU.
VERIFIED_TOKENS_KEPT = 50_000


class IdentityKeySet:
    """Caches identity's verification keys; an unknown key id triggers a (rate-limited) refresh.
    Remembers the tokens it verified until they expire, for as long as the key that signed
    them is still published (a revoked session is the revocation check's, on every call)."""

    def __init__(
        self,
        channel: grpc.aio.Channel,
        *,
        issuer: str,
        audience: str,
        min_refresh_interval: float,
        max_age: float = 300.0,
    ) -> None:
        self.stub = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        self.issuer = issuer
        self.audience = audience
        self.min_refresh_interval = min_refresh_interval
        # Keys identity stopped publishing stop verifying after this long.
        self.max_age = max_age
        self._keys: dict[str, object] = {}
        self._fetched_at = float("-inf")
        # token -> (user id, session id, expiry as Unix time, key id)
        self._verified: dict[str, tuple[str, str, float, str]] = {}

    async def _refresh(self) -> None:
        try:
            response = await self.stub.GetPublicKeys(identity_pb2.GetPublicKeysRequest(), timeout=3)
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"cannot fetch token keys from identity: {exc.code().name}") from None
        self._keys = {k.key_id: load_pem_public_key(k.public_key_pem.encode()) for k in response.keys}
        self._fetched_at = time.monotonic()
        self._verified = {t: v for t, v in self._verified.items() if v[3] in self._keys}

    async def _key(self, key_id: str):
        age = time.monotonic() - self._fetched_at
        if age >= self.max_age and self._keys:
            try:
                await self._refresh()
            except Unavailable:
                log.warning("identity unreachable; verifying with the cached keys for now")
        elif key_id not in self._keys and age >= self.min_refresh_interval:
            await self._refresh()
        key = self._keys.get(key_id)
        if key is None:
            raise Unauthenticated("access token signed by an unknown key")
        return key

    async def verify(self, token: str) -> tuple[str, str]:
        """The user id (sub) and session id (sid) of a valid access token, or UNAUTHENTICATED."""
        known = self._verified.get(token)
        if known is not None:
            user_id, session_id, expires, key_id = known
            if time.time() < expires and key_id in self._keys and time.monotonic() - self._fetched_at < self.max_age:
                return user_id, session_id
            del self._verified[token]
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise Unauthenticated("malformed access token") from None
        if header.get("alg") != "EdDSA" or not header.get("kid"):
            raise Unauthenticated("access token has an unsupported signature")
        key = await self._key(header["kid"])
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=["EdDSA"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("access token expired") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("invalid access token") from None
        user_id, session_id = str(claims["sub"]), str(claims.get("sid", ""))
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:
            del self._verified[next(iter(self._verified))]  # the oldest
        self._verified[token] = (user_id, session_id, float(claims["exp"]), header["kid"])
        return user_id, session_id
