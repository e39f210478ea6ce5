"""Argon2id password hashing and Ed25519-signed JWT access tokens."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import argon2
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kith_identity.domain.ports import IssuedToken, PasswordHasher, TokenIssuer, VerificationKey


class Argon2PasswordHasher(PasswordHasher):
    """argon2id with the library's RFC 9106 defaults; hashing runs off the event loop."""

    def __init__(self) -> None:
        self._hasher = argon2.PasswordHasher(type=argon2.Type.ID)

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        def check() -> bool:
            try:
                return self._hasher.verify(password_hash, password)
            except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
                return False

        return await asyncio.to_thread(check)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


def key_id_of(public_key_pem: bytes) -> str:
    return hashlib.sha256(public_key_pem).hexdigest()[:16]


def load_signing_keys(path: str) -> tuple[Ed25519PrivateKey, list[Ed25519PrivateKey]]:
    """The signing key and every verification key from a PEM file or a directory of them."""
    if not path:
        raise ValueError("KITH_IDENTITY_JWT_KEYS_PATH is not set")
    location = Path(path)
    files = sorted(location.glob("*.pem")) if location.is_dir() else [location]
    if not files:
        raise ValueError(f"no *.pem keys in {location}")
    keys = {}
    for file in files:
        key = serialization.load_pem_private_key(file.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{file} does not hold an Ed25519 private key")
        keys[file.name] = key
    current = files[-1].name
    if location.is_dir() and (location / "current").is_file():
        current = (location / "current").read_text().strip()
        if current not in keys:
            raise ValueError(f"{location / 'current'} names {current!r}, which is not a key here")
    return keys[current], list(keys.values())


def _public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


class Ed25519TokenIssuer(TokenIssuer):
    """Signs with one key and publishes the public halves of all, so keys rotate without downtime:
    add the new key (published, not yet signing), then make it current, then remove the old one
    once the tokens it signed have expired."""

    def __init__(
        self,
        private_key: Ed25519PrivateKey,
        *,
        issuer: str,
        audience: str,
        ttl: timedelta,
        verification_keys: list[Ed25519PrivateKey] | None = None,
    ) -> None:
        self._private_key = private_key
        self.key_id = key_id_of(_public_pem(private_key))
        published = {key_id_of(_public_pem(k)): _public_pem(k) for k in (verification_keys or [])}
        published[self.key_id] = _public_pem(private_key)
        self._published = published
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl

    @classmethod
    def from_path(cls, path: str, **kwargs) -> Ed25519TokenIssuer:
        signing, all_keys = load_signing_keys(path)
        return cls(signing, verification_keys=all_keys, **kwargs)

    def issue_access_token(self, user_id: str, session_id: str) -> IssuedToken:
        now = datetime.now(timezone.utc)
        expires_at = now + self.ttl
        claims = {
            "sub": user_id,
            "sid": session_id,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
            "jti": uuid.uuid4().hex,
        }
        token = jwt.encode(claims, self._private_key, algorithm="EdDSA", headers={"kid": self.key_id})
        return IssuedToken(token, expires_at.replace(microsecond=0))

    def public_keys(self) -> list[VerificationKey]:
        return [VerificationKey(kid, "EdDSA", pem.decode()) for kid, pem in sorted(self._published.items())]
