"""Access-token verification with the public keys identity publishes (by key id)."""

from __future__ import annotations

import time

import grpc
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_platform.errors import Unauthenticated, Unavailable


class IdentityKeySet:
    """Caches identity's verification keys; an unknown key id triggers a (rate-limited) refresh."""

    def __init__(self, channel: grpc.aio.Channel, *, issuer: str, audience: str, min_refresh_interval: float) -> None:
        self.stub = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        self.issuer = issuer
        self.audience = audience
        self.min_refresh_interval = min_refresh_interval
        self._keys: dict[str, object] = {}
        self._fetched_at = float("-inf")

    async def _refresh(self) -> None:
        try:
            response = await self.stub.GetPublicKeys(identity_pb2.GetPublicKeysRequest(), timeout=3)
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"cannot fetch token keys from identity: {exc.code().name}") from None
        self._keys = {k.key_id: load_pem_public_key(k.public_key_pem.encode()) for k in response.keys}
        self._fetched_at = time.monotonic()

    async def _key(self, key_id: str):
        if key_id not in self._keys and time.monotonic() - self._fetched_at >= self.min_refresh_interval:
            await self._refresh()
        key = self._keys.get(key_id)
        if key is None:
            raise Unauthenticated("access token signed by an unknown key")
        return key

    async def verify(self, token: str) -> tuple[str, str]:
        """The user id (sub) and session id (sid) of a valid access token, or UNAUTHENTICATED."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise Unauthenticated("malformed access token") from None
        if header.get("alg") != "EdDSA" or not header.get("kid"):
            raise Unauthenticated("access token has an unsupported signature")
        key = await self._key(header["kid"])
        try:
            claims = jwt.decode(
                token, key, algorithms=["EdDSA"], audience=self.audience, issuer=self.issuer,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("access token expired") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("invalid access token") from None
        return str(claims["sub"]), str(claims.get("sid", ""))
