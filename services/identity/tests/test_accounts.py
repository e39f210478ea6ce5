"""Unit tests of account rules and the token issuer (no network)."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from kith_identity.adapters.crypto import Argon2PasswordHasher, Ed25519TokenIssuer
from kith_identity.domain.accounts import validate_registration
from kith_platform.errors import InvalidArgument


def test_valid_registration_is_normalised():
    reg = validate_registration(" Ana_1 ", "Ana@Example.ORG", "a good password", "  Ana   Lima ")
    assert reg.handle == "Ana_1"
    assert reg.email == "Ana@example.org"
    assert reg.display_name == "Ana Lima"


def test_display_name_defaults_to_handle():
    assert validate_registration("ana", "a@example.org", "a good password", "").display_name == "ana"


@pytest.mark.parametrize(
    ("handle", "email", "password", "field"),
    [
        ("", "a@example.org", "a good password", "handle"),
        ("an", "a@example.org", "a good password", "handle"),
        ("an-a", "a@example.org", "a good password", "handle"),
        ("ana", "", "a good password", "email"),
        ("ana", "ana.example.org", "a good password", "email"),
        ("ana", "a@example.org", "", "password"),
        ("ana", "a@example.org", "1234567", "password"),
    ],
)
def test_invalid_registration_names_the_field(handle, email, password, field):
    with pytest.raises(InvalidArgument) as info:
        validate_registration(handle, email, password, "")
    assert info.value.field == field


async def test_passwords_are_hashed_with_argon2id_and_verified():
    hasher = Argon2PasswordHasher()
    hashed = await hasher.hash("a good password")
    assert hashed.startswith("$argon2id$")
    assert "a good password" not in hashed
    assert await hasher.verify(hashed, "a good password")
    assert not await hasher.verify(hashed, "a bad password")
    assert not await hasher.verify("not a hash", "a good password")


async def test_hashes_are_made_with_the_configured_costs_and_others_are_redone():
    owasp = Argon2PasswordHasher(time_cost=2, memory_kib=19456, parallelism=1)
    default = Argon2PasswordHasher()
    cheap = await owasp.hash("a good password")
    assert cheap.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert (await default.hash("a good password")).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    # Either verifies the other's hash; each wants the other's made again with its own costs.
    assert await default.verify(cheap, "a good password")
    assert default.needs_rehash(cheap)
    assert not owasp.needs_rehash(cheap)


@pytest.mark.parametrize(("time_cost", "memory_kib", "parallelism"), [(0, 19456, 1), (2, 19456, 0), (2, 31, 4)])
def test_impossible_hash_costs_are_refused_at_start(time_cost, memory_kib, parallelism):
    with pytest.raises(ValueError, match="argon2id costs"):
        Argon2PasswordHasher(time_cost, memory_kib, parallelism)


def test_access_tokens_are_short_lived_eddsa_jwts_with_a_key_id():
    issuer = Ed25519TokenIssuer(
        Ed25519PrivateKey.generate(), issuer="kith-identity", audience="kith", ttl=timedelta(minutes=15)
    )
    issued = issuer.issue_access_token("user-1", "session-1")
    header = jwt.get_unverified_header(issued.token)
    assert header["alg"] == "EdDSA" and header["kid"] == issuer.key_id
    (key,) = issuer.public_keys()
    claims = jwt.decode(
        issued.token,
        load_pem_public_key(key.public_key_pem.encode()),
        algorithms=["EdDSA"],
        audience="kith",
        issuer="kith-identity",
    )
    assert claims["sub"] == "user-1" and claims["exp"] - claims["iat"] == 15 * 60
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(issued.token, other, algorithms=["EdDSA"], audience="kith")
