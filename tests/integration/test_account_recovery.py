"""Account recovery and security through the gateway, with the mail read back from the real mail
server (Mailpit, started by make up): verifying the address, resetting a password (a link works
once, an expired one fails, a reset ends every session at once), changing the email from both
addresses, the second factor at log-in, sessions listed and ended, and the notices mailed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
import pyotp
import pytest

from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith_platform.healthcheck import wait_serving
from kith_platform.testing import expect_status, unique_handle
from tests.integration.endpoints import GATEWAY, POSTGRES
from tests.integration.mailpit import mails_to, wait_for_mail
from tests.integration.processes import Instance, closed_port

PASSWORD = "recovery password 1"


@pytest.fixture
async def device(platform_up):
    """Opens gateway channels that present themselves as a given device (user agent)."""
    channels = []

    def open_as(user_agent: str) -> identity_pb2_grpc.IdentityServiceStub:
        channel = grpc.aio.insecure_channel(GATEWAY, options=[("grpc.primary_user_agent", user_agent)])
        channels.append(channel)
        return identity_pb2_grpc.IdentityServiceStub(channel)

    yield open_as
    for channel in channels:
        await channel.close()


@pytest.fixture
async def identity_db(platform_up):
    conn = await asyncpg.connect(f"{POSTGRES}/identity")
    yield conn
    await conn.close()


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


async def sign_up(stub) -> tuple[str, str]:
    handle = unique_handle("rec")
    email = f"{handle}@example.org"
    await stub.Register(I.RegisterRequest(handle=handle, email=email, password=PASSWORD), timeout=10)
    return handle, email


async def log_in(stub, login: str, password: str = PASSWORD) -> I.LoginResponse:
    return await stub.Login(I.LoginRequest(login=login, password=password), timeout=10)


async def test_sign_up_mails_a_link_that_verifies_the_address_once(device):
    stub = device("KithTest/1.0")
    handle, email = await sign_up(stub)
    [mail] = await wait_for_mail(email, "confirm your kith email")
    assert "24 hours" in mail.text and "token=" in mail.html
    session = await log_in(stub, handle)
    before = await stub.GetAccountSecurity(I.GetAccountSecurityRequest(), metadata=bearer(session.access_token))
    assert (before.email, before.email_verified) == (email, False)

    confirmed = await stub.ConfirmEmail(I.ConfirmEmailRequest(token=mail.token))  # signed out
    assert confirmed.outcome == I.EMAIL_CONFIRMATION_VERIFIED
    after = await stub.GetAccountSecurity(I.GetAccountSecurityRequest(), metadata=bearer(session.access_token))
    assert after.email_verified
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        stub.ConfirmEmail(I.ConfirmEmailRequest(token=mail.token)),
        "token: has already",
    )
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        stub.ResendEmailVerification(I.ResendEmailVerificationRequest(), metadata=bearer(session.access_token)),
    )


async def test_a_reset_link_works_once_and_ends_every_session_at_once(device):
    phone, laptop = device("KithPhone/2.0"), device("KithLaptop/2.0")
    handle, email = await sign_up(phone)
    first = await log_in(phone, handle)
    second = await log_in(laptop, handle)

    await phone.RequestPasswordReset(I.RequestPasswordResetRequest(email=email.upper()))
    [mail] = await wait_for_mail(email, "reset your kith password")
    reset = await phone.ResetPassword(I.ResetPasswordRequest(token=mail.token, new_password="a brand new password"))
    assert reset.sessions_ended == 2
    for ended in (first, second):  # refused when ResetPassword returns, not when the event arrives
        await expect_status(
            grpc.StatusCode.UNAUTHENTICATED,
            phone.ListSessions(I.ListSessionsRequest(), metadata=bearer(ended.access_token)),
        )
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        phone.ResetPassword(I.ResetPasswordRequest(token=mail.token, new_password="yet another password")),
        "token: has already been used",
    )
    await expect_status(grpc.StatusCode.UNAUTHENTICATED, log_in(phone, handle))  # the old password
    assert (await log_in(phone, handle, "a brand new password")).access_token
    await wait_for_mail(email, "password was reset")


async def test_an_expired_reset_link_fails(device, identity_db):
    stub = device("KithTest/1.0")
    handle, email = await sign_up(stub)
    await stub.RequestPasswordReset(I.RequestPasswordResetRequest(email=email))
    [mail] = await wait_for_mail(email, "reset your kith password")
    # An hour later, as far as the token is concerned.
    user_id = await identity_db.fetchval("SELECT id FROM users WHERE handle = $1", handle)
    await identity_db.execute(
        "UPDATE account_tokens SET expires_at = $2 WHERE user_id = $1 AND purpose = 'reset'",
        user_id,
        datetime.now(UTC) - timedelta(seconds=1),
    )
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        stub.ResetPassword(I.ResetPasswordRequest(token=mail.token, new_password="a brand new password")),
        "token: has expired",
    )
    assert (await log_in(stub, handle)).access_token  # the password is unchanged


async def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(device):
    stub = device("KithTest/1.0")
    _, email = await sign_up(stub)
    nobody = f"nobody_{uuid.uuid4().hex[:10]}@example.org"
    known = await stub.RequestPasswordReset(I.RequestPasswordResetRequest(email=email))
    unknown = await stub.RequestPasswordReset(I.RequestPasswordResetRequest(email=nobody))
    assert known == unknown == I.RequestPasswordResetResponse()
    await wait_for_mail(email, "reset your kith password")
    assert await mails_to(nobody) == []
    for _ in range(2):  # three in an hour per address, registered or not
        await stub.RequestPasswordReset(I.RequestPasswordResetRequest(email=nobody))
    await expect_status(
        grpc.StatusCode.RESOURCE_EXHAUSTED, stub.RequestPasswordReset(I.RequestPasswordResetRequest(email=nobody))
    )


async def test_an_email_change_takes_both_addresses(device):
    stub = device("KithTest/1.0")
    handle, email = await sign_up(stub)
    session = await log_in(stub, handle)
    new_email = f"new_{handle}@example.net"
    await stub.RequestEmailChange(
        I.RequestEmailChangeRequest(new_email=new_email, password=PASSWORD), metadata=bearer(session.access_token)
    )
    [to_new] = await wait_for_mail(new_email, "confirm your new kith email")
    [to_old] = await wait_for_mail(email, "confirm the change")
    assert new_email in to_old.text

    waiting = await stub.ConfirmEmail(I.ConfirmEmailRequest(token=to_new.token))
    assert waiting.outcome == I.EMAIL_CONFIRMATION_CHANGE_WAITING
    pending = await stub.GetAccountSecurity(I.GetAccountSecurityRequest(), metadata=bearer(session.access_token))
    assert (pending.email, pending.pending_email) == (email, new_email)
    changed = await stub.ConfirmEmail(I.ConfirmEmailRequest(token=to_old.token))
    assert changed.outcome == I.EMAIL_CONFIRMATION_CHANGED
    state = await stub.GetAccountSecurity(I.GetAccountSecurityRequest(), metadata=bearer(session.access_token))
    assert (state.email, state.email_verified, state.pending_email) == (new_email, True, "")
    await wait_for_mail(email, "email address was changed")
    assert (await log_in(stub, new_email)).access_token


async def test_the_second_factor_guards_log_in(device):
    stub = device("KithTest/1.0")
    handle, email = await sign_up(stub)
    session = await log_in(stub, handle)
    auth = bearer(session.access_token)
    begun = await stub.BeginTotpEnrollment(I.BeginTotpEnrollmentRequest(password=PASSWORD), metadata=auth)
    totp = pyotp.TOTP(begun.secret)
    confirmed = await stub.ConfirmTotpEnrollment(I.ConfirmTotpEnrollmentRequest(code=totp.now()), metadata=auth)
    assert len(confirmed.recovery_codes) == 10
    await wait_for_mail(email, "second factor was turned on")

    challenge = await log_in(stub, handle)
    assert challenge.second_factor_required and challenge.challenge_token and not challenge.access_token
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        stub.CompleteLogin(I.CompleteLoginRequest(challenge_token=challenge.challenge_token, code="abcde-fghjk")),
        "code: ",
    )
    done = await stub.CompleteLogin(
        I.CompleteLoginRequest(challenge_token=challenge.challenge_token, code=confirmed.recovery_codes[0])
    )
    state = await stub.GetAccountSecurity(I.GetAccountSecurityRequest(), metadata=bearer(done.access_token))
    assert (state.second_factor_enabled, state.recovery_codes_left) == (True, 9)
    await expect_status(
        grpc.StatusCode.UNAUTHENTICATED,
        stub.CompleteLogin(
            I.CompleteLoginRequest(challenge_token=challenge.challenge_token, code=confirmed.recovery_codes[1])
        ),
    )


async def test_sessions_are_listed_with_their_device_and_ended_at_once(device):
    phone, laptop = device("KithPhone/3.0"), device("KithLaptop/3.0")
    handle, email = await sign_up(phone)
    on_phone = await log_in(phone, handle)
    on_laptop = await log_in(laptop, handle)  # a device the account has not used: a notice
    await wait_for_mail(email, "new sign-in")

    listed = await laptop.ListSessions(I.ListSessionsRequest(), metadata=bearer(on_laptop.access_token))
    devices = {s.device.split()[0]: s for s in listed.sessions}
    assert set(devices) == {"KithPhone/3.0", "KithLaptop/3.0"}
    assert devices["KithLaptop/3.0"].current and not devices["KithPhone/3.0"].current
    assert devices["KithPhone/3.0"].ip_address == "127.0.0.1" and devices["KithPhone/3.0"].place == "local network"

    await laptop.RevokeSession(
        I.RevokeSessionRequest(session_id=devices["KithPhone/3.0"].session_id), metadata=bearer(on_laptop.access_token)
    )
    await expect_status(
        grpc.StatusCode.UNAUTHENTICATED,
        phone.ListSessions(I.ListSessionsRequest(), metadata=bearer(on_phone.access_token)),
    )
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        laptop.RevokeSession(
            I.RevokeSessionRequest(session_id=devices["KithPhone/3.0"].session_id),
            metadata=bearer(on_laptop.access_token),
        ),
    )
    again = await log_in(phone, handle)
    ended = await laptop.RevokeOtherSessions(I.RevokeOtherSessionsRequest(), metadata=bearer(on_laptop.access_token))
    assert ended.sessions_ended == 1  # the phone's new one (Register starts no session)
    await expect_status(
        grpc.StatusCode.UNAUTHENTICATED,
        phone.ListSessions(I.ListSessionsRequest(), metadata=bearer(again.access_token)),
    )
    left = await laptop.ListSessions(I.ListSessionsRequest(), metadata=bearer(on_laptop.access_token))
    assert [s.current for s in left.sessions] == [True]


@pytest.mark.parametrize(
    ("call", "request_message", "field"),
    [
        ("ConfirmEmail", I.ConfirmEmailRequest(), "token"),
        ("RequestPasswordReset", I.RequestPasswordResetRequest(email="not an address"), "email"),
        ("ResetPassword", I.ResetPasswordRequest(token="", new_password="a long password"), "token"),
        ("CompleteLogin", I.CompleteLoginRequest(challenge_token="", code="123456"), "challenge_token"),
    ],
)
async def test_bad_input_to_the_signed_out_rpcs_names_the_field(device, call, request_message, field):
    stub = device("KithTest/1.0")
    await expect_status(grpc.StatusCode.INVALID_ARGUMENT, getattr(stub, call)(request_message), f"{field}: ")


async def test_bad_input_to_the_signed_in_rpcs_names_the_field(device):
    stub = device("KithTest/1.0")
    handle, _ = await sign_up(stub)
    auth = bearer((await log_in(stub, handle)).access_token)
    cases = [
        (stub.RequestEmailChange(I.RequestEmailChangeRequest(new_email="x@example.org"), metadata=auth), "password"),
        (
            stub.RequestEmailChange(I.RequestEmailChangeRequest(new_email="nope", password=PASSWORD), metadata=auth),
            "new_email",
        ),
        (stub.BeginTotpEnrollment(I.BeginTotpEnrollmentRequest(password="wrong password"), metadata=auth), "password"),
        (stub.RevokeSession(I.RevokeSessionRequest(session_id="not-a-session"), metadata=auth), "session_id"),
    ]
    for call, field in cases:
        await expect_status(grpc.StatusCode.INVALID_ARGUMENT, call, f"{field}: ")
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        stub.ConfirmTotpEnrollment(I.ConfirmTotpEnrollmentRequest(code="123456"), metadata=auth),
    )


@pytest.fixture(scope="module")
async def behind_a_proxy(platform_up, tmp_path_factory):
    """A second gateway told that one proxy stands in front of it: the client's address is then the
    last x-forwarded-for entry, as a load balancer would add it."""
    address = f"127.0.0.1:{closed_port()}"
    gateway = Instance(
        "gateway",
        tmp_path_factory.mktemp("proxied-gateway") / "gateway.log",
        {"KITH_GRPC_PORT": address.rsplit(":", 1)[1], "KITH_METRICS_PORT": "0", "KITH_TRUSTED_PROXY_HOPS": "1"},
    )
    try:
        gateway.start()
        assert (await wait_serving([address], 60))[address] == "SERVING", gateway.log()[-2000:]
        async with grpc.aio.insecure_channel(address, options=[("grpc.primary_user_agent", "KithBerlin/1.0")]) as ch:
            yield identity_pb2_grpc.IdentityServiceStub(ch)
    finally:
        gateway.stop()


async def test_a_session_from_a_public_address_is_placed_by_the_location_database(device, behind_a_proxy):
    handle, email = await sign_up(device("KithHome/1.0"))
    await log_in(device("KithHome/1.0"), handle)
    from_berlin = await behind_a_proxy.Login(
        I.LoginRequest(login=handle, password=PASSWORD), metadata=(("x-forwarded-for", "193.99.144.80"),), timeout=10
    )
    listed = await behind_a_proxy.ListSessions(
        I.ListSessionsRequest(),
        metadata=(("x-forwarded-for", "193.99.144.80"), *bearer(from_berlin.access_token)),
    )
    places = {s.device.split()[0]: (s.ip_address, s.place) for s in listed.sessions}
    assert places == {"KithHome/1.0": ("127.0.0.1", "local network"), "KithBerlin/1.0": ("193.99.144.80", "DE")}
    [notice] = await wait_for_mail(email, "new sign-in")
    assert "193.99.144.80 (DE)" in notice.text
