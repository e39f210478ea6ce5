"""The gateway remembers the access tokens it verified, and forgets them when they expire or
when the key that signed them is no longer published (no identity, no Redis)."""

from __future__ import annotations

import asyncio
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kith_gateway.adapters import keys as keys_module
from kith_gateway.adapters.keys import IdentityKeySet
from kith_platform.errors import Unauthenticated

ISSUER, AUDIENCE = "kith-identity", "kith"


def _key_set(signing_key, key_id: str = "k1") -> IdentityKeySet:
    key_set = IdentityKeySet.__new__(IdentityKeySet)  # no identity: the keys are set below
    key_set.issuer, key_set.audience = ISSUER, AUDIENCE
    key_set.min_refresh_interval, key_set.max_age = 30.0, 300.0
    key_set._keys = {key_id: signing_key.public_key()}
    key_set._fetched_at = time.monotonic()
    key_set._verified = {}
    return key_set


def _token(signing_key, *, expires_in: float = 300, key_id: str = "k1") -> str:
    now = int(time.time())
    return jwt.encode(
        {"sub": "user-1", "sid": "session-1", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + expires_in},
        signing_key,
        algorithm="EdDSA",
        headers={"kid": key_id},
    )


async def test_a_verified_token_is_not_verified_again_until_it_expires(monkeypatch):
    signing_key = Ed25519PrivateKey.generate()
    key_set, token = _key_set(signing_key), _token(signing_key, expires_in=1)
    assert await key_set.verify(token) == ("user-1", "session-1")

    def no_more_signature_checks(*args, **kwargs):
        raise AssertionError("verified the same token twice")

    monkeypatch.setattr(keys_module.jwt, "decode", no_more_signature_checks)
    assert await key_set.verify(token) == ("user-1", "session-1")
    monkeypatch.undo()

    await asyncio.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 0.05)
    with pytest.raises(Unauthenticated, match="expired"):
        await key_set.verify(token)


async def test_a_remembered_token_stops_working_when_its_key_is_withdrawn():
    signing_key = Ed25519PrivateKey.generate()
    key_set, token = _key_set(signing_key), _token(signing_key)
    await key_set.verify(token)
    key_set._keys = {"k2": Ed25519PrivateKey.generate().public_key()}  # identity rotated k1 out
    key_set._fetched_at = time.monotonic() - 10  # refreshed just now: no refresh yet
    with pytest.raises(Unauthenticated, match="unknown key"):
        await key_set.verify(token)


async def test_a_tampered_copy_of_a_remembered_token_is_verified_on_its_own():
    signing_key = Ed25519PrivateKey.generate()
    key_set, token = _key_set(signing_key), _token(signing_key)
    await key_set.verify(token)
    header, payload, signature = token.split(".")
    forged = ".".join((header, payload, signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")))
    with pytest.raises(Unauthenticated):
        await key_set.verify(forged)
