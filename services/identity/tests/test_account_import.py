"""Unit tests of ImportAccounts' checks (no network): Register's rules for each account, and
only argon2id hashes at least as strong as identity's own."""

from __future__ import annotations

import argon2
import pytest

from kith_identity.adapters.crypto import Argon2PasswordHasher
from kith_identity.domain.accounts import ImportOutcome, validate_import
from kith_identity.service_layer.handlers import IMPORT_MAX, IdentityHandlers, ImportAccount
from kith_platform.errors import InvalidArgument
from services.identity.tests.fakes import FakeAccounts, FakeTokenIssuer, with_security

OURS = argon2.PasswordHasher(type=argon2.Type.ID)
GOOD = OURS.hash("a good password")


def test_identitys_own_hashes_and_stronger_ones_are_accepted():
    hasher = Argon2PasswordHasher()
    hasher.check_imported_hash(GOOD)
    hasher.check_imported_hash(
        argon2.PasswordHasher(type=argon2.Type.ID, time_cost=4, memory_cost=131072, parallelism=8).hash("x")
    )


@pytest.mark.parametrize(
    ("password_hash", "why"),
    [
        ("", "is required"),
        ("a good password", "PHC form"),
        ("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", "PHC form"),  # bcrypt
        (argon2.PasswordHasher(type=argon2.Type.I).hash("x"), "PHC form"),  # argon2i
        (argon2.PasswordHasher(type=argon2.Type.D).hash("x"), "PHC form"),  # argon2d
        (GOOD.replace("$v=19$", "$v=16$"), "PHC form"),
        (argon2.PasswordHasher(type=argon2.Type.ID, memory_cost=1024).hash("x"), "memory cost (m) is 1024, weaker"),
        (argon2.PasswordHasher(type=argon2.Type.ID, time_cost=1).hash("x"), "time cost (t) is 1, weaker"),
        (argon2.PasswordHasher(type=argon2.Type.ID, salt_len=8).hash("x"), "salt length is 8, weaker"),
        (argon2.PasswordHasher(type=argon2.Type.ID, hash_len=16).hash("x"), "hash length is 16, weaker"),
        (GOOD.replace("m=65536", "m=4194304"), "memory cost (m) is 4194304, above"),
        (GOOD.replace("t=3", "t=100"), "time cost (t) is 100, above"),
        (GOOD.replace("p=4", "p=64"), "parallelism (p) is 64, above"),
        (GOOD + "$extra", "PHC form"),
    ],
)
def test_weak_or_foreign_hashes_are_refused_naming_the_field(password_hash, why):
    with pytest.raises(InvalidArgument) as info:
        Argon2PasswordHasher().check_imported_hash(password_hash)
    assert info.value.field == "password_hash" and why in info.value.reason


async def test_an_imported_hash_verifies_the_password_it_was_made_of():
    hasher = Argon2PasswordHasher()
    assert await hasher.verify(GOOD, "a good password") and not hasher.needs_rehash(GOOD)


def test_an_import_is_checked_as_a_registration():
    account = validate_import(" Ana_1 ", "Ana@Example.ORG", "  Ana   Lima ", GOOD)
    assert (account.handle, account.email, account.display_name) == ("Ana_1", "Ana@example.org", "Ana Lima")
    assert validate_import("ana", "a@example.org", "", GOOD).display_name == "ana"
    for handle, email, field in (("an", "a@example.org", "handle"), ("ana", "nope", "email"), ("ana", "", "email")):
        with pytest.raises(InvalidArgument) as info:
            validate_import(handle, email, "", GOOD)
        assert info.value.field == field


def _handlers(accounts: FakeAccounts) -> IdentityHandlers:
    return with_security(
        IdentityHandlers(accounts=accounts, passwords=Argon2PasswordHasher(), tokens=FakeTokenIssuer())
    )


async def test_each_account_gets_its_result_in_order_and_only_valid_ones_are_stored():
    accounts = FakeAccounts()
    results = await _handlers(accounts).import_accounts(
        [
            ImportAccount("ana", "ana@example.org", "", GOOD),
            ImportAccount("a-b", "ab@example.org", "", GOOD),
            ImportAccount("ben", "ben@example.org", "Ben", "$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA"),
            ImportAccount("cy", "cy@example.org", "", GOOD),
            ImportAccount("cyd", "cyd@example.org", "Cyd", GOOD),
        ]
    )
    assert [r.outcome for r in results] == [
        ImportOutcome.CREATED,
        ImportOutcome.INVALID,
        ImportOutcome.INVALID,
        ImportOutcome.INVALID,
        ImportOutcome.CREATED,
    ]
    assert [r.reason.split(":")[0] for r in results] == ["", "handle", "password_hash", "handle", ""]
    stored = [(u.profile.handle, u.profile.display_name, u.email, u.password_hash) for u in accounts.users.values()]
    assert stored == [("ana", "ana", "ana@example.org", GOOD), ("cyd", "Cyd", "cyd@example.org", GOOD)]
    assert list(accounts.users) == [results[0].user_id, results[4].user_id]


@pytest.mark.parametrize("size", [0, IMPORT_MAX + 1])
async def test_an_empty_or_oversized_batch_is_refused(size):
    with pytest.raises(InvalidArgument) as info:
        await _handlers(FakeAccounts()).import_accounts(
            [ImportAccount(f"u{i:04}", f"u{i}@example.org", "", GOOD) for i in range(size)]
        )
    assert info.value.field == "accounts"
