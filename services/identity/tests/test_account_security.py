"""Account security without servers, against the in-memory fakes (tests/fakes.py): mailed tokens
(single use, expiry, no answer that tells whether an address is registered), throttles, the email
change confirmed from both addresses, the second factor and its log-in challenge, sessions with
their device, and the notices each change mails."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from kith_identity.adapters.mail import JinjaMailRenderer
from kith_identity.adapters.places import MmdbPlaces, describe
from kith_identity.domain.mail import MailTemplate
from kith_identity.domain.security import (
    CHALLENGE_FAILURES,
    ClientInfo,
    new_recovery_codes,
    parse_second_factor,
    place_of,
    recovery_code_hash,
    totp_step,
)
from kith_identity.service_layer.handlers import IdentityHandlers, LogIn, RegisterUser, SecondFactorChallenge, Session
from kith_identity.service_layer.security import EmailConfirmation
from kith_platform.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    Unauthenticated,
)
from services.identity.tests.fakes import (
    FakeAccounts,
    identity_handlers,
)

PASSWORD = "a good password"
PHONE = ClientInfo("KithApp/1.0 (phone)", "10.0.0.7")
LAPTOP = ClientInfo("Firefox/130 (laptop)", "93.184.216.34")


@pytest.fixture
def accounts():
    """The fakes; afterwards, every mail the test queued renders from its templates with the
    parameters it was queued with (a template asking for one it lacks would fail at delivery)."""
    fakes = FakeAccounts()
    yield fakes
    renderer = JinjaMailRenderer()
    for mail in fakes.mails:
        rendered = renderer.render(mail.template, mail.params)
        assert rendered.subject and "\n" not in rendered.subject
        assert mail.params.get("link", "") in rendered.text
        assert "<html" in rendered.html and f"@{mail.params['handle']}" in rendered.html


@pytest.fixture
def identity(accounts) -> IdentityHandlers:
    return identity_handlers(accounts)


def token_in(accounts: FakeAccounts, template: MailTemplate, to: str | None = None) -> str:
    """The token of the newest mail of this kind (to this address)."""
    mail = [m for m in accounts.mails if m.template is template and (to is None or m.to == to)][-1]
    return re.search(r"token=([\w-]+)", mail.params["link"]).group(1)


def sent(accounts: FakeAccounts, template: MailTemplate) -> list[str]:
    return [m.to for m in accounts.mails if m.template is template]


async def register(identity, handle="ana", email="ana@example.org"):
    return await identity.register(RegisterUser(handle, email, PASSWORD))


async def test_sign_up_mails_a_verification_link_that_works_once(identity, accounts):
    account = await register(identity)
    assert sent(accounts, MailTemplate.VERIFY_EMAIL) == ["ana@example.org"]
    token = token_in(accounts, MailTemplate.VERIFY_EMAIL)
    assert (await identity.security.state(account.user_id)).email_verified is False

    assert await identity.security.confirm_email(token) is EmailConfirmation.VERIFIED
    assert (await identity.security.state(account.user_id)).email_verified is True
    assert "email_verified" in accounts.names()
    with pytest.raises(InvalidArgument, match="token: has already been used"):
        await identity.security.confirm_email(token)


async def test_tokens_that_are_not_ours_or_have_expired_are_refused_by_name(identity, accounts):
    await register(identity)
    for bad in ("", "x" * 500, "not-a-token"):
        with pytest.raises(InvalidArgument, match="^token: "):
            await identity.security.confirm_email(bad)
    token = token_in(accounts, MailTemplate.VERIFY_EMAIL)
    for stored in accounts.account_tokens.values():
        stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    with pytest.raises(InvalidArgument, match="token: has expired"):
        await identity.security.confirm_email(token)


async def test_resending_verification_is_throttled_and_refused_once_verified(identity, accounts):
    account = await register(identity)
    for _ in range(4):  # the sign-up's mail counts as the first of five in an hour
        await identity.security.resend_verification(account.user_id)
    with pytest.raises(ResourceExhausted):
        await identity.security.resend_verification(account.user_id)
    await identity.security.confirm_email(token_in(accounts, MailTemplate.VERIFY_EMAIL))
    with pytest.raises(FailedPrecondition, match="verified already"):
        await identity.security.resend_verification(account.user_id)


async def test_a_reset_request_answers_alike_for_registered_and_unknown_addresses(identity, accounts):
    await register(identity)
    assert await identity.security.request_password_reset("ANA@example.org") is None
    assert await identity.security.request_password_reset("nobody@example.org") is None
    assert sent(accounts, MailTemplate.RESET_PASSWORD) == ["ana@example.org"]  # nothing to the unknown one
    with pytest.raises(InvalidArgument, match="^email: "):
        await identity.security.request_password_reset("not an address")


async def test_reset_requests_are_throttled_per_address_registered_or_not(identity, accounts):
    await register(identity)
    for address in ("ana@example.org", "nobody@example.org"):
        for _ in range(3):
            await identity.security.request_password_reset(address)
        with pytest.raises(ResourceExhausted, match="too many reset requests"):
            await identity.security.request_password_reset(address)


async def test_a_reset_sets_the_password_ends_every_session_and_works_once(identity, accounts):
    await register(identity)
    await identity.log_in(LogIn("ana", PASSWORD, PHONE))
    await identity.log_in(LogIn("ana", PASSWORD, LAPTOP))
    await identity.security.request_password_reset("ana@example.org")
    token = token_in(accounts, MailTemplate.RESET_PASSWORD)

    assert await identity.security.reset_password(token, "a new password", "") == 2
    assert all(s.revoked for s in accounts.sessions.values())
    assert sent(accounts, MailTemplate.PASSWORD_CHANGED) == ["ana@example.org"]
    assert isinstance(await identity.log_in(LogIn("ana", "a new password")), Session)
    with pytest.raises(InvalidArgument, match="token: has already been used"):
        await identity.security.reset_password(token, "another password", "")
    with pytest.raises(InvalidArgument, match="^new_password: "):
        await identity.security.reset_password(token, "short", "")


async def test_a_verification_token_cannot_reset_a_password(identity, accounts):
    await register(identity)
    with pytest.raises(InvalidArgument, match="token: is not valid"):
        await identity.security.reset_password(token_in(accounts, MailTemplate.VERIFY_EMAIL), "a new password", "")


async def test_an_email_change_needs_both_addresses_and_then_verifies_the_new_one(identity, accounts):
    account = await register(identity)
    await identity.security.request_email_change(account.user_id, "ana@new.example", PASSWORD)
    to_new = token_in(accounts, MailTemplate.CONFIRM_EMAIL_CHANGE_NEW, "ana@new.example")
    to_old = token_in(accounts, MailTemplate.CONFIRM_EMAIL_CHANGE_OLD, "ana@example.org")
    assert (await identity.security.state(account.user_id)).pending_email == "ana@new.example"

    assert await identity.security.confirm_email(to_new) is EmailConfirmation.CHANGE_WAITING
    assert accounts.users[account.user_id].email == "ana@example.org"
    assert await identity.security.confirm_email(to_old) is EmailConfirmation.CHANGED
    state = await identity.security.state(account.user_id)
    assert (state.email, state.email_verified, state.pending_email) == ("ana@new.example", True, "")
    assert sent(accounts, MailTemplate.EMAIL_CHANGED) == ["ana@example.org"]  # told at the old address
    assert "email_changed" in accounts.names()


async def test_an_email_change_to_a_taken_address_answers_the_same_and_tells_that_address(identity, accounts):
    ana = await register(identity)
    await register(identity, "bea", "bea@example.org")
    await identity.security.request_email_change(ana.user_id, "BEA@example.org", PASSWORD)
    assert sent(accounts, MailTemplate.EMAIL_TAKEN) == ["bea@example.org"]
    [told] = [m for m in accounts.mails if m.template is MailTemplate.EMAIL_TAKEN]
    assert told.params == {"handle": "bea"} and told.user_id != ana.user_id  # who asked is not named
    assert sent(accounts, MailTemplate.CONFIRM_EMAIL_CHANGE_NEW) == []
    with pytest.raises(InvalidArgument, match="new_email: is your current address"):
        await identity.security.request_email_change(ana.user_id, "Ana@Example.org", PASSWORD)
    with pytest.raises(InvalidArgument, match="password: is not your current password"):
        await identity.security.request_email_change(ana.user_id, "x@example.org", "wrong password")


async def test_a_new_email_change_request_replaces_the_pending_one(identity, accounts):
    account = await register(identity)
    await identity.security.request_email_change(account.user_id, "one@example.org", PASSWORD)
    first = token_in(accounts, MailTemplate.CONFIRM_EMAIL_CHANGE_NEW)
    await identity.security.request_email_change(account.user_id, "two@example.org", PASSWORD)
    with pytest.raises(InvalidArgument, match="token: has already been used"):
        await identity.security.confirm_email(first)


async def enable_totp(identity, accounts, user_id) -> tuple[pyotp.TOTP, list[str]]:
    secret, uri = await identity.security.begin_totp(user_id, PASSWORD)
    assert uri.startswith("otpauth://totp/Kith:") and f"secret={secret}" in uri
    totp = pyotp.TOTP(secret)
    codes = await identity.security.confirm_totp(user_id, totp.now())
    return totp, codes


def next_code(totp: pyotp.TOTP) -> str:
    """A code of a later time step (each step's code works once)."""
    return totp.at(datetime.now(UTC) + timedelta(seconds=30))


async def test_turning_on_the_second_factor_needs_a_right_code_and_gives_ten_recovery_codes(identity, accounts):
    account = await register(identity)
    with pytest.raises(FailedPrecondition, match="BeginTotpEnrollment"):
        await identity.security.confirm_totp(account.user_id, "123456")
    secret, _ = await identity.security.begin_totp(account.user_id, PASSWORD)
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    with pytest.raises(InvalidArgument, match="code: is not the current code"):
        await identity.security.confirm_totp(account.user_id, wrong)
    codes = await identity.security.confirm_totp(account.user_id, pyotp.TOTP(secret).now())
    assert len(codes) == len(set(codes)) == 10
    state = await identity.security.state(account.user_id)
    assert (state.second_factor, state.recovery_codes_left) == (True, 10)
    assert sent(accounts, MailTemplate.SECOND_FACTOR_CHANGED) == ["ana@example.org"]
    with pytest.raises(FailedPrecondition, match="on already"):
        await identity.security.begin_totp(account.user_id, PASSWORD)


async def test_log_in_with_a_second_factor_asks_for_a_code_before_any_token(identity, accounts):
    account = await register(identity)
    totp, codes = await enable_totp(identity, accounts, account.user_id)
    challenge = await identity.log_in(LogIn("ana", PASSWORD, PHONE))
    assert isinstance(challenge, SecondFactorChallenge)
    assert not accounts.sessions  # no session until the code

    session = await identity.complete_log_in(challenge.token, next_code(totp))
    assert isinstance(session, Session) and session.account.user_id == account.user_id
    with pytest.raises(Unauthenticated, match="not valid"):  # a challenge works once
        await identity.complete_log_in(challenge.token, codes[0])

    again = await identity.log_in(LogIn("ana", PASSWORD, PHONE))
    await identity.complete_log_in(again.token, codes[0].upper().replace("-", ""))  # typed differently
    assert (await identity.security.state(account.user_id)).recovery_codes_left == 9
    third = await identity.log_in(LogIn("ana", PASSWORD, PHONE))
    with pytest.raises(InvalidArgument, match="code: "):  # a recovery code works once
        await identity.complete_log_in(third.token, codes[0])


async def test_a_challenge_ends_after_five_wrong_codes_and_when_it_expires(identity, accounts):
    account = await register(identity)
    totp, _ = await enable_totp(identity, accounts, account.user_id)
    challenge = await identity.log_in(LogIn("ana", PASSWORD))
    for _ in range(CHALLENGE_FAILURES):
        with pytest.raises(InvalidArgument, match="tries left"):
            await identity.complete_log_in(challenge.token, "000000" if totp.now() != "000000" else "111111")
    with pytest.raises(Unauthenticated, match="too many wrong codes"):
        await identity.complete_log_in(challenge.token, next_code(totp))

    late = await identity.log_in(LogIn("ana", PASSWORD))
    for hashed, c in accounts.challenges.items():
        accounts.challenges[hashed] = replace(c, expires_at=datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(Unauthenticated, match="expired"):
        await identity.complete_log_in(late.token, next_code(totp))


async def test_a_reset_of_an_account_with_a_second_factor_needs_a_code(identity, accounts):
    account = await register(identity)
    totp, codes = await enable_totp(identity, accounts, account.user_id)
    await identity.security.request_password_reset("ana@example.org")
    token = token_in(accounts, MailTemplate.RESET_PASSWORD)
    with pytest.raises(FailedPrecondition, match="second_factor_code"):
        await identity.security.reset_password(token, "a new password", "")
    with pytest.raises(InvalidArgument, match="second_factor_code"):
        await identity.security.reset_password(token, "a new password", "abcde-fghjk")
    await identity.security.reset_password(token, "a new password", codes[3])


async def test_turning_the_second_factor_off_needs_password_and_code(identity, accounts):
    account = await register(identity)
    totp, codes = await enable_totp(identity, accounts, account.user_id)
    with pytest.raises(InvalidArgument, match="^code: "):
        await identity.security.disable_totp(account.user_id, PASSWORD, "nonsense")
    new_codes = await identity.security.regenerate_recovery_codes(account.user_id, PASSWORD, codes[0])
    with pytest.raises(InvalidArgument, match="^code: "):  # the old codes are gone
        await identity.security.disable_totp(account.user_id, PASSWORD, codes[1])
    await identity.security.disable_totp(account.user_id, PASSWORD, new_codes[0])
    assert isinstance(await identity.log_in(LogIn("ana", PASSWORD)), Session)
    changes = [e.fields["detail"] for e in accounts.events if e.name == "second_factor_changed"]
    assert changes == ["enabled", "recovery_code_used", "recovery_codes_regenerated", "recovery_code_used", "disabled"]


async def test_a_sign_in_from_a_new_device_is_mailed_but_not_the_first_or_a_known_one(identity, accounts):
    await register(identity)
    await identity.log_in(LogIn("ana", PASSWORD, PHONE))
    await identity.log_in(LogIn("ana", PASSWORD, PHONE))
    assert sent(accounts, MailTemplate.NEW_SIGN_IN) == []
    await identity.log_in(LogIn("ana", PASSWORD, LAPTOP))
    notices = [m for m in accounts.mails if m.template is MailTemplate.NEW_SIGN_IN]
    assert [(m.to, m.params["device"], m.params["ip_address"]) for m in notices] == [
        ("ana@example.org", LAPTOP.user_agent, LAPTOP.ip_address)
    ]


async def test_sessions_are_listed_and_ended_one_or_all_but_the_current(identity, accounts):
    account = await register(identity)
    phone = await identity.log_in(LogIn("ana", PASSWORD, PHONE))
    laptop = await identity.log_in(LogIn("ana", PASSWORD, LAPTOP))
    await identity.log_in(LogIn("ana", PASSWORD, LAPTOP))
    sessions = {s.session_id: s for s in await identity.security.sessions(account.user_id)}
    assert len(sessions) == 3 and {s.client for s in sessions.values()} == {PHONE, LAPTOP}
    phone_id = phone.access.token.rsplit(":", 1)[1]
    laptop_id = laptop.access.token.rsplit(":", 1)[1]

    await identity.security.revoke_session(account.user_id, phone_id)
    with pytest.raises(NotFound, match="session_id"):
        await identity.security.revoke_session(account.user_id, phone_id)
    with pytest.raises(InvalidArgument, match="session_id"):
        await identity.security.revoke_session(account.user_id, "not a uuid")
    assert await identity.security.revoke_other_sessions(account.user_id, laptop_id) == 1
    assert [s.session_id for s in await identity.security.sessions(account.user_id)] == [laptop_id]


def test_codes_are_told_apart_and_each_totp_step_works_once():
    assert parse_second_factor(" 123 456 ").totp == "123456"
    assert parse_second_factor("ABCDE-FGHJK").recovery == "abcde-fghjk"
    for bad in ("", "12345", "1234567", "abcde-fghj0", "<script>"):
        with pytest.raises(InvalidArgument, match="^code: "):
            parse_second_factor(bad)
    secret = pyotp.random_base32()
    now = datetime.now(UTC)
    code = pyotp.TOTP(secret).at(now)
    step = totp_step(secret, code, now, None)
    assert step is not None
    assert totp_step(secret, code, now, step) is None  # replayed
    codes = new_recovery_codes()
    assert len({recovery_code_hash(c) for c in codes}) == 10
    assert recovery_code_hash(codes[0].upper().replace("-", "")) == recovery_code_hash(codes[0])


def test_places_of_addresses():
    def locate(address: str) -> str:
        return {"93.184.216.34": "US", "2a00:1450:4001:80b::200e": "IE"}.get(address, "?")

    assert place_of("127.0.0.1", locate) == place_of("10.1.2.3", locate) == place_of("::1", locate) == "local network"
    assert place_of("93.184.216.34", locate) == "US"
    assert place_of("2a00:1450:4001:080b:0::200e", locate) == "IE"  # asked in its compressed form
    assert place_of("", locate) == place_of("garbage", locate) == ""


def test_the_bundled_location_database_names_countries_and_records_of_any_shape():
    places = MmdbPlaces()
    assert places.locate("193.99.144.80") == "DE" and places.locate("8.8.8.8") == "US"
    assert places.locate("not an address") == "" and places.locate("10.0.0.1") == ""
    city = {"city": {"names": {"en": "Lisbon"}}, "country": {"iso_code": "PT", "names": {"en": "Portugal"}}}
    assert describe(city) == "Lisbon, Portugal"
    assert describe({"country": {"iso_code": "PT"}}) == "PT" and describe(None) == describe({}) == ""
