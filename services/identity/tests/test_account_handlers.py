"""Identity's account handlers without servers, against in-memory fakes (tests/fakes.py): what
each checks (naming the field), what it answers and records, that registrations are handed to
the graph's mirror before they return, and that deactivations hold until the mirrors have them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from kith_identity.service_layer.handlers import IdentityHandlers, ImportAccount, LogIn, RegisterUser
from kith_platform.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, Unauthenticated
from services.identity.tests.fakes import (
    FakeAccounts,
    identity_handlers,
)

PASSWORD = "a good password"


@pytest.fixture
def accounts() -> FakeAccounts:
    return FakeAccounts()


@pytest.fixture
def identity(accounts) -> IdentityHandlers:
    return identity_handlers(accounts)


def _pushed(push) -> list[list[str]]:
    return [[e.name for e in events] for events in push.pushed]


async def _register(identity: IdentityHandlers, handle: str = "ana"):
    return await identity.register(RegisterUser(handle, f"{handle}@example.org", PASSWORD))


# --- registration ---------------------------------------------------------------------------


async def test_a_registration_is_stored_and_handed_to_the_graph_before_it_returns(identity, accounts):
    account = await identity.register(RegisterUser(" Ana ", "Ana@Example.org", PASSWORD, "  Ana  Lima "))
    assert (account.handle, account.display_name) == ("Ana", "Ana Lima")
    assert accounts.users[account.user_id].password_hash == f"hashed:{PASSWORD}"
    assert _pushed(identity.registrations) == [["UserRegistered"]]
    assert identity.mirrors.pushed == []  # nothing to hold on the safety path


@pytest.mark.parametrize(
    ("handle", "email", "password", "field"),
    [
        ("an", "a@example.org", PASSWORD, "handle"),
        ("ana", "nope", PASSWORD, "email"),
        ("ana", "a@b.org", "short", "password"),
    ],
)
async def test_a_registration_names_the_field_it_refuses(identity, accounts, handle, email, password, field):
    with pytest.raises(InvalidArgument) as refused:
        await identity.register(RegisterUser(handle, email, password))
    assert refused.value.field == field and accounts.users == {} and identity.registrations.pushed == []


async def test_a_taken_handle_or_email_already_exists_and_nothing_is_handed_over(identity):
    await _register(identity)
    for handle, email, taken in (("ANA", "other@example.org", "handle"), ("bob", "ana@example.org", "email")):
        with pytest.raises(AlreadyExists) as refused:
            await identity.register(RegisterUser(handle, email, PASSWORD))
        assert refused.value.message == f"{taken}: already taken"
    assert len(identity.registrations.pushed) == 1


async def test_an_import_hands_every_created_account_over_at_once(identity):
    await _register(identity, "old")
    results = await identity.import_accounts(
        [
            ImportAccount("ann", "ann@example.org", "", "hashed:x"),
            ImportAccount("old", "old2@example.org", "", "hashed:y"),
            ImportAccount("bad", "bad@example.org", "", "plain"),
            ImportAccount("ben", "ben@example.org", "Ben", "hashed:z"),
        ]
    )
    assert [(r.outcome.name, r.reason) for r in results] == [
        ("CREATED", ""),
        ("ALREADY_EXISTED", ""),
        ("INVALID", "password_hash: is not a hash this service makes"),
        ("CREATED", ""),
    ]
    assert _pushed(identity.registrations)[1:] == [["UserRegistered", "UserRegistered"]]


# --- log-in and sessions --------------------------------------------------------------------


async def test_log_in_by_handle_or_email_starts_a_session(identity, accounts):
    account = await _register(identity)
    for login in ("ana", "ANA@example.org"):
        session = await identity.log_in(LogIn(login, PASSWORD))
        assert session.account == account and session.access.token.startswith(f"access:{account.user_id}:")
    assert len(accounts.sessions) == 2


@pytest.mark.parametrize(("login", "password"), [("ana", "wrong password"), ("nobody", PASSWORD)])
async def test_a_wrong_password_and_an_unknown_login_get_the_same_answer(identity, login, password):
    await _register(identity)
    with pytest.raises(Unauthenticated) as refused:
        await identity.log_in(LogIn(login, password))
    assert refused.value.message == "invalid login or password"


@pytest.mark.parametrize(("login", "password", "field"), [("", PASSWORD, "login"), ("ana", "", "password")])
async def test_log_in_names_the_missing_field(identity, login, password, field):
    with pytest.raises(InvalidArgument) as refused:
        await identity.log_in(LogIn(login, password))
    assert refused.value.field == field


async def test_an_old_hash_is_replaced_at_log_in(identity, accounts):
    account = await _register(identity)
    accounts.users[account.user_id].password_hash = f"old:{PASSWORD}"
    await identity.log_in(LogIn("ana", PASSWORD))
    assert accounts.users[account.user_id].password_hash == f"hashed:{PASSWORD}"


async def test_a_refresh_token_rotates_once_and_its_reuse_ends_the_session(identity, accounts):
    await _register(identity)
    session = await identity.log_in(LogIn("ana", PASSWORD))
    tokens = await identity.refresh(session.refresh_token)
    assert tokens.refresh_token != session.refresh_token
    with pytest.raises(Unauthenticated) as reused:
        await identity.refresh(session.refresh_token)
    assert "already used" in reused.value.message and accounts.names()[-1] == "SessionsRevoked"
    with pytest.raises(Unauthenticated) as ended:
        await identity.refresh(tokens.refresh_token)
    assert ended.value.message == "session has ended; log in again"
    with pytest.raises(InvalidArgument):
        await identity.refresh("")


async def test_log_out_everywhere_ends_every_session(identity):
    account = await _register(identity)
    for _ in range(2):
        await identity.log_in(LogIn("ana", PASSWORD))
    assert await identity.log_out_everywhere(account.user_id) == 2


# --- passwords and the lifecycle --------------------------------------------------------------


async def test_changing_the_password_needs_the_current_one_and_ends_the_other_sessions(identity, accounts):
    account = await _register(identity)
    kept = await identity.log_in(LogIn("ana", PASSWORD))
    await identity.log_in(LogIn("ana", PASSWORD))
    session_id = kept.access.token.rsplit(":", 1)[1]
    with pytest.raises(InvalidArgument) as wrong:
        await identity.change_password(account.user_id, session_id, "not it at all", "a new password")
    assert wrong.value.field == "current_password"
    with pytest.raises(InvalidArgument) as same:
        await identity.change_password(account.user_id, session_id, PASSWORD, PASSWORD)
    assert same.value.field == "new_password"
    assert await identity.change_password(account.user_id, session_id, PASSWORD, "a new password") == 1
    assert accounts.users[account.user_id].password_hash == "hashed:a new password"


async def test_a_deactivation_is_held_until_the_mirrors_have_it(identity, accounts):
    account = await _register(identity)
    with pytest.raises(InvalidArgument) as wrong:
        await identity.deactivate(account.user_id, "not the password")
    assert wrong.value.field == "password" and identity.mirrors.pushed == []
    await identity.deactivate(account.user_id, PASSWORD)
    assert _pushed(identity.mirrors) == [["UserDeactivated"]]
    with pytest.raises(FailedPrecondition):
        await identity.log_in(LogIn("ana", PASSWORD))
    with pytest.raises(NotFound) as gone:
        await identity.get_user(account.user_id)
    assert gone.value.message.startswith("user_id:")


async def test_reactivation_needs_a_deactivated_account_and_is_held(identity):
    await _register(identity)
    with pytest.raises(FailedPrecondition):
        await identity.reactivate(LogIn("ana", PASSWORD))
    account = (await identity.log_in(LogIn("ana", PASSWORD))).account
    await identity.deactivate(account.user_id, PASSWORD)
    session = await identity.reactivate(LogIn("ana", PASSWORD))
    assert session.account == account and _pushed(identity.mirrors)[-1] == ["UserReactivated"]


async def test_a_deletion_deactivates_at_once_and_logging_in_cancels_it(identity, accounts):
    account = await _register(identity)
    erase_after = await identity.delete_account(account.user_id, PASSWORD)
    assert erase_after > datetime.now(UTC) + timedelta(days=13)
    assert _pushed(identity.mirrors) == [["UserDeactivated", "AccountDeletionScheduled"]]
    await identity.log_in(LogIn("ana", PASSWORD))
    assert _pushed(identity.mirrors)[-1] == ["AccountDeletionCancelled", "UserReactivated"]
    assert accounts.users[account.user_id].erase_after is None


async def test_erasure_runs_when_the_grace_period_is_over(identity, accounts):
    account = await _register(identity)
    await identity.delete_account(account.user_id, PASSWORD)
    assert await identity.erase_due() == 0
    accounts.users[account.user_id].erase_after = datetime.now(UTC) - timedelta(seconds=1)
    assert await identity.erase_due() == 1 and account.user_id in accounts.erased


async def test_erase_now_names_a_malformed_id_and_refuses_an_unknown_one(identity):
    with pytest.raises(InvalidArgument) as malformed:
        await identity.erase_now("nope")
    assert malformed.value.field == "user_id"
    with pytest.raises(NotFound):
        await identity.erase_now(str(uuid.uuid4()))


async def test_get_user_names_the_malformed_id(identity):
    with pytest.raises(InvalidArgument) as refused:
        await identity.get_user("nope")
    assert refused.value.field == "user_id"
