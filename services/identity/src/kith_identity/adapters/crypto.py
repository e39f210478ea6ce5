"""Argon2id password hashing and Ed25519-signed JWT access tokens."""

from __future__ import annotations

import asyncio
import hashlib
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import argon2
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kith_identity.domain.ports import IssuedToken, PasswordHasher, TokenIssuer, VerificationKey
from kith_platform.errors import InvalidArgument

# An argon2id hash in PHC form, as argon2 (and every common library) writes it: unpadded base64.
_PHC_ARGON2ID = re.compile(r"^\$argon2id\$v=19\$m=\d{1,10},t=\d{1,10},p=\d{1,10}\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")
# Imported hashes may be stronger than ours, within what a log-in can afford (every log-in
# verifies with the hash's own costs).
IMPORT_MAX_MEMORY_KIB = 256 * 1024
IMPORT_MAX_TIME_COST = 16
IMPORT_MAX_PARALLELISM = 16
IMPORT_MAX_HASH_CHARS = 512


class Argon2PasswordHasher(PasswordHasher):
    """argon2id, by default with the library's RFC 9106 costs (t=3, 64 MiB, p=4); hashing runs off
    the event loop. A hash made with other costs still verifies, and is made again with these at
    the next log-in (`needs_rehash`)."""

    def __init__(self, time_cost: int = 3, memory_kib: int = 64 * 1024, parallelism: int = 4) -> None:
        if time_cost < 1 or parallelism < 1 or memory_kib < 8 * parallelism:
            raise ValueError(
                f"argon2id costs t={time_cost}, m={memory_kib} KiB, p={parallelism}: "
                "t and p must be at least 1, and m at least 8 KiB per lane"
            )
        self._hasher = argon2.PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=argon2.Type.ID
        )

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

    def check_imported_hash(self, password_hash: str) -> None:
        def refuse(reason: str):
            return InvalidArgument("password_hash", reason)

        if not password_hash:
            raise refuse("is required")
        if len(password_hash) > IMPORT_MAX_HASH_CHARS or not _PHC_ARGON2ID.match(password_hash):
            raise refuse(
                "must be an argon2id hash (version 19) in PHC form: $argon2id$v=19$m=...,t=...,p=...$salt$hash"
            )
        try:
            found = argon2.extract_parameters(password_hash)
        except argon2.exceptions.InvalidHashError:
            raise refuse("is not a valid argon2id hash") from None
        ours = self._hasher
        for name, value, least in (
            ("memory cost (m)", found.memory_cost, ours.memory_cost),
            ("time cost (t)", found.time_cost, ours.time_cost),
            ("salt length", found.salt_len, ours.salt_len),
            ("hash length", found.hash_len, ours.hash_len),
        ):
            if value < least:
                raise refuse(f"{name} is {value}, weaker than identity's {least}")
        for name, value, most in (
            ("memory cost (m)", found.memory_cost, IMPORT_MAX_MEMORY_KIB),
            ("time cost (t)", found.time_cost, IMPORT_MAX_TIME_COST),
            ("parallelism (p)", found.parallelism, IMPORT_MAX_PARALLELISM),
        ):
            if value > most:
                raise refuse(f"{name} is {value}, above the {most} a log-in may cost")
        if found.parallelism < 1:
            raise refuse("parallelism (p) must be at least 1")


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
        now = datetime.now(UTC)
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
