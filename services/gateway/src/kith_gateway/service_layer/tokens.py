"""Access-token verification with the keys identity publishes (by key id): an unknown key id
triggers a (rate-limited) refresh, and a verified token is remembered until it expires."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from kith_gateway.domain.ports import PublicKeys
from kith_gateway.domain.tokens import signing_key_id, verified_claims
from kith_platform.errors import Unauthenticated, Unavailable

if TYPE_CHECKING:
    from jwt.algorithms import AllowedPublicKeys

log = logging.getLogger("kith.gateway.keys")

# Tokens already verified, kept until they expire: verifying the same token's EdDSA signature
# again on each of a client's calls was about 7% of the gateway's CPU.
VERIFIED_TOKENS_KEPT = 50_000


class AccessTokens:
    """Caches identity's verification keys. Remembers the tokens it verified until they expire,
    for as long as the key that signed them is still published (a revoked session is the
    admission's, on every call)."""

    def __init__(
        self,
        keys: PublicKeys,
        *,
        issuer: str,
        audience: str,
        min_refresh_interval: float,
        max_age: float = 300.0,
    ) -> None:
        self.public_keys = keys
        self.issuer = issuer
        self.audience = audience
        self.min_refresh_interval = min_refresh_interval
        # Keys identity stopped publishing stop verifying after this long.
        self.max_age = max_age
        self._keys: dict[str, AllowedPublicKeys] = {}
        self._fetched_at = float("-inf")
        # token -> (user id, session id, expiry as Unix time, key id)
        self._verified: dict[str, tuple[str, str, float, str]] = {}

    async def _refresh(self) -> None:
        self._keys = await self.public_keys.fetch()
        self._fetched_at = time.monotonic()
        self._verified = {t: v for t, v in self._verified.items() if v[3] in self._keys}

    async def _key(self, key_id: str) -> AllowedPublicKeys:
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
        key_id = signing_key_id(token)
        user_id, session_id, expires = verified_claims(token, await self._key(key_id), self.issuer, self.audience)
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:
            del self._verified[next(iter(self._verified))]  # the oldest
        self._verified[token] = (user_id, session_id, expires, key_id)
        return user_id, session_id
