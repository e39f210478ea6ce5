"""Account security use cases: verifying an address, resetting a password, changing the email
(confirmed from both addresses), the second factor (TOTP and recovery codes) and the log-in
challenge it brings, the sessions a person sees and ends, and the notices mailed about each."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from kith_identity.domain.accounts import valid_email, validate_new_password
from kith_identity.domain.mail import Mail, MailTemplate
from kith_identity.domain.ports import (
    NewToken,
    PasswordHasher,
    Places,
    SecurityAccount,
    SecurityEvent,
    SecurityStore,
    SecurityTransaction,
    SessionInfo,
    StoredCredentials,
    StoredToken,
)
from kith_identity.domain.security import (
    CHALLENGE_FAILURES,
    CHALLENGE_TTL,
    EMAIL_CHANGE_PER_ACCOUNT,
    RESEND_VERIFICATION,
    RESET_PER_ADDRESS,
    TOKEN_TTL,
    ClientInfo,
    TokenPurpose,
    new_recovery_codes,
    new_token,
    new_totp_secret,
    otpauth_uri,
    parse_second_factor,
    place_of,
    recovery_code_hash,
    required_token,
    token_hash,
    totp_step,
)
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, ResourceExhausted, Unauthenticated
from kith_platform.ids import parse_uuid

CHANGE_SIDES = (TokenPurpose.CHANGE_NEW, TokenPurpose.CHANGE_OLD)


class EmailConfirmation(enum.Enum):
    VERIFIED = "verified"
    CHANGE_WAITING = "change waiting"  # one side of an email change confirmed
    CHANGED = "changed"


@dataclass(frozen=True)
class SecurityState:
    email: str
    email_verified: bool
    pending_email: str
    second_factor: bool
    recovery_codes_left: int


@dataclass(frozen=True)
class MailLinks:
    """The addresses the mails link to: pages of the web client that call ConfirmEmail and
    ResetPassword with the token, a post, the notification settings."""

    base_url: str

    def confirm_email(self, token: str) -> str:
        return f"{self.base_url.rstrip('/')}/confirm-email?token={token}"

    def reset_password(self, token: str) -> str:
        return f"{self.base_url.rstrip('/')}/reset-password?token={token}"

    def post(self, post_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/posts/{post_id}"

    def notification_settings(self) -> str:
        return f"{self.base_url.rstrip('/')}/settings/notifications"


def _now() -> datetime:
    return datetime.now(UTC)


def _spendable(token: StoredToken | None, purposes: tuple[TokenPurpose, ...]) -> StoredToken:
    """The token when it can be spent for one of `purposes`; INVALID_ARGUMENT naming it otherwise."""
    if token is None or token.purpose not in purposes:
        raise InvalidArgument("token", "is not valid")
    if token.used:
        raise InvalidArgument("token", "has already been used")
    if token.expires_at <= _now():
        raise InvalidArgument("token", "has expired")
    return token


# Checks the caller's password (identity's handlers): the account, or INVALID_ARGUMENT naming `field`.
PasswordCheck = Callable[[str, str, str], Awaitable[object]]


@dataclass
class AccountSecurityHandlers:
    store: SecurityStore
    passwords: PasswordHasher
    links: MailLinks
    check_password: PasswordCheck
    # Wakes the mail sender once mail is committed (it also looks every few seconds).
    mail_queued: Callable[[], None] = field(default=lambda: None)
    # Where a public address is (a location database); None: only "local network" is known.
    places: Places | None = None

    def place(self, ip_address: str) -> str:
        return place_of(ip_address, self.places.locate if self.places else lambda _: "")

    # --- Mail ------------------------------------------------------------------------------------

    async def _mail(self, tx: SecurityTransaction, template: MailTemplate, account: SecurityAccount, **params) -> None:
        await tx.mail(Mail(template, account.email, {"handle": account.handle, **params}, account.user_id))

    async def _token(self, tx: SecurityTransaction, account: SecurityAccount, purpose: TokenPurpose, email: str) -> str:
        token = new_token()
        await tx.add_token(account.user_id, token_hash(token), purpose, email, _now() + TOKEN_TTL[purpose])
        return token

    async def _account(self, tx: SecurityTransaction, user_id: str) -> SecurityAccount:
        account = await tx.account(user_id)
        if account is None or account.deactivated:
            raise Unauthenticated("account is not active")
        return account

    def verification(self, user_id: str, handle: str, email: str) -> tuple[NewToken, Mail]:
        """The token and mail that verify `email` (Register writes them with the account)."""
        token = new_token()
        stored = NewToken(token_hash(token), TokenPurpose.VERIFY, email, _now() + TOKEN_TTL[TokenPurpose.VERIFY])
        link = self.links.confirm_email(token)
        return stored, Mail(MailTemplate.VERIFY_EMAIL, email, {"handle": handle, "link": link}, user_id)

    @staticmethod
    def notice_mail(stored: StoredCredentials, template: MailTemplate, **params: str) -> Mail:
        """A security notice to the account's address (written with the change it tells of)."""
        account = stored.account
        return Mail(template, stored.email, {"handle": account.handle, **params}, account.user_id)

    # --- The address ---------------------------------------------------------------------------

    async def resend_verification(self, user_id: str) -> None:
        async with self.store.transaction() as tx:
            account = await self._account(tx, user_id)
            if account.email_verified:
                raise FailedPrecondition("your address is verified already")
            since = _now() - RESEND_VERIFICATION.window
            if await tx.tokens_since(user_id, (TokenPurpose.VERIFY,), since) >= RESEND_VERIFICATION.limit:
                raise ResourceExhausted(RESEND_VERIFICATION.refusal("verification mails"))
            token, mail = self.verification(account.user_id, account.handle, account.email)
            await tx.add_token(account.user_id, token.token_hash, token.purpose, token.email, token.expires_at)
            await tx.mail(mail)
        self.mail_queued()

    async def confirm_email(self, token: str) -> EmailConfirmation:
        hashed = token_hash(required_token(token))
        async with self.store.transaction() as tx:
            stored = _spendable(await tx.take_token(hashed), (TokenPurpose.VERIFY, *CHANGE_SIDES))
            account = await tx.account(stored.user_id)  # locked: both sides of a change serialise here
            if account is None or account.deactivated:
                raise InvalidArgument("token", "is not valid")
            if stored.purpose is TokenPurpose.VERIFY:
                outcome = await self._verified(tx, account, stored)
            else:
                outcome = await self._change_side(tx, account, stored)
        if outcome is EmailConfirmation.CHANGED:
            self.mail_queued()  # committed: the old address is told
        return outcome

    async def _verified(
        self, tx: SecurityTransaction, account: SecurityAccount, stored: StoredToken
    ) -> EmailConfirmation:
        if stored.email.lower() != account.email.lower():
            raise InvalidArgument("token", "is for an address the account no longer has")
        await tx.spend_tokens(account.user_id, (TokenPurpose.VERIFY,))
        if not account.email_verified:
            now = _now()
            await tx.set_email_verified(account.user_id, now)
            await tx.announce(SecurityEvent("email_verified", account.user_id, now))
        return EmailConfirmation.VERIFIED

    async def _change_side(
        self, tx: SecurityTransaction, account: SecurityAccount, stored: StoredToken
    ) -> EmailConfirmation:
        await tx.spend_tokens(account.user_id, (stored.purpose,))
        other = TokenPurpose.CHANGE_OLD if stored.purpose is TokenPurpose.CHANGE_NEW else TokenPurpose.CHANGE_NEW
        if not await tx.token_used(account.user_id, other, stored.email):
            return EmailConfirmation.CHANGE_WAITING
        now = _now()
        if not await tx.change_email(account.user_id, stored.email, now):
            raise InvalidArgument("token", "the new address belongs to another account by now")
        await tx.spend_tokens(account.user_id, (*CHANGE_SIDES, TokenPurpose.VERIFY))
        await self._mail(tx, MailTemplate.EMAIL_CHANGED, account, new_email=stored.email)
        await tx.announce(SecurityEvent("email_changed", account.user_id, now))
        return EmailConfirmation.CHANGED

    async def request_email_change(self, user_id: str, new_email: str, password: str) -> datetime:
        await self.check_password(user_id, password, "password")
        new_email = valid_email(new_email, "new_email")
        async with self.store.transaction() as tx:
            account = await self._account(tx, user_id)
            if new_email.lower() == account.email.lower():
                raise InvalidArgument("new_email", "is your current address")
            since = _now() - EMAIL_CHANGE_PER_ACCOUNT.window
            if await tx.note_mail_request(account.email.lower(), "change", since) > EMAIL_CHANGE_PER_ACCOUNT.limit:
                raise ResourceExhausted(EMAIL_CHANGE_PER_ACCOUNT.refusal("email change requests"))
            await tx.spend_tokens(user_id, CHANGE_SIDES)  # a new request replaces a pending one
            holder = await tx.account_by_email(new_email)
            if holder is not None:
                # Told to that address only (the answer must not reveal that it has an account), and
                # without naming who asked.
                await self._mail(tx, MailTemplate.EMAIL_TAKEN, holder)
            else:
                new_side = await self._token(tx, account, TokenPurpose.CHANGE_NEW, new_email)
                old_side = await self._token(tx, account, TokenPurpose.CHANGE_OLD, new_email)
                link_new, link_old = self.links.confirm_email(new_side), self.links.confirm_email(old_side)
                await tx.mail(
                    Mail(
                        MailTemplate.CONFIRM_EMAIL_CHANGE_NEW,
                        new_email,
                        {"handle": account.handle, "link": link_new},
                        user_id,
                    )
                )
                await self._mail(tx, MailTemplate.CONFIRM_EMAIL_CHANGE_OLD, account, new_email=new_email, link=link_old)
        self.mail_queued()
        return _now() + TOKEN_TTL[TokenPurpose.CHANGE_NEW]

    async def state(self, user_id: str) -> SecurityState:
        async with self.store.transaction() as tx:
            account = await self._account(tx, user_id)
            left = await tx.recovery_codes_left(user_id) if account.totp_secret else 0
        return SecurityState(
            account.email,
            account.email_verified,
            await self.store.pending_email(user_id),
            account.totp_secret is not None,
            left,
        )

    # --- The password ------------------------------------------------------------------------------

    async def request_password_reset(self, email: str) -> None:
        email = valid_email(email, "email")
        async with self.store.transaction() as tx:
            since = _now() - RESET_PER_ADDRESS.window
            if await tx.note_mail_request(email.lower(), "reset", since) > RESET_PER_ADDRESS.limit:
                raise ResourceExhausted(RESET_PER_ADDRESS.refusal("reset requests for this address"))
            account = await tx.account_by_email(email)
            if account is not None:
                token = await self._token(tx, account, TokenPurpose.RESET, account.email)
                await self._mail(tx, MailTemplate.RESET_PASSWORD, account, link=self.links.reset_password(token))
        self.mail_queued()

    async def reset_password(self, token: str, new_password: str, second_factor_code: str) -> int:
        hashed = token_hash(required_token(token))
        new_password = validate_new_password(new_password, "new_password")
        password_hash = await self.passwords.hash(new_password)
        async with self.store.transaction() as tx:
            stored = _spendable(await tx.take_token(hashed), (TokenPurpose.RESET,))
            account = await tx.account(stored.user_id)
            if account is None:
                raise InvalidArgument("token", "is not valid")
            if account.totp_secret is not None:
                if not second_factor_code.strip():
                    raise FailedPrecondition(
                        "second_factor_code: this account has a second factor; give a code from your app"
                        " or a recovery code"
                    )
                if not await self._second_factor_ok(tx, account, second_factor_code, "second_factor_code"):
                    raise InvalidArgument("second_factor_code", "is not a current code or an unused recovery code")
            await tx.set_password(account.user_id, password_hash)
            await tx.spend_tokens(account.user_id, (TokenPurpose.RESET,))
            ended = await tx.revoke_sessions(account.user_id, "password reset")
            await self._mail(tx, MailTemplate.PASSWORD_CHANGED, account, how="reset")
            await tx.announce(SecurityEvent("password_changed", account.user_id, _now(), detail="reset"))
        self.mail_queued()
        return ended

    # --- The second factor -------------------------------------------------------------------------

    async def _second_factor_ok(self, tx: SecurityTransaction, account: SecurityAccount, code: str, field: str) -> bool:
        """Whether `code` is a current TOTP code not used before, or an unused recovery code of the
        account (spending it). Malformed: INVALID_ARGUMENT naming `field`."""
        given = parse_second_factor(code, field)
        assert account.totp_secret is not None
        if given.totp:
            step = totp_step(account.totp_secret, given.totp, _now(), account.totp_last_step)
            if step is None:
                return False
            await tx.use_totp_step(account.user_id, step)
            return True
        if not await tx.use_recovery_code(account.user_id, recovery_code_hash(given.recovery)):
            return False
        left = await tx.recovery_codes_left(account.user_id)
        await tx.announce(SecurityEvent("second_factor_changed", account.user_id, _now(), "recovery_code_used", left))
        return True

    async def _second_factor_account(self, tx: SecurityTransaction, user_id: str, code: str) -> SecurityAccount:
        account = await self._account(tx, user_id)
        if account.totp_secret is None:
            raise FailedPrecondition("the second factor is not on")
        if not await self._second_factor_ok(tx, account, code, "code"):
            raise InvalidArgument("code", "is not a current code or an unused recovery code")
        return account

    async def check_second_factor(self, user_id: str, code: str, field: str) -> None:
        """For ReactivateAccount: a current code or a recovery code of an account with a second factor."""
        if not code.strip():
            raise FailedPrecondition(f"{field}: this account has a second factor; give a code or a recovery code")
        async with self.store.transaction() as tx:
            account = await tx.account(user_id)
            if account is None or account.totp_secret is None:
                return
            ok = await self._second_factor_ok(tx, account, code, field)
        if not ok:
            raise InvalidArgument(field, "is not a current code or an unused recovery code")

    async def _changed(self, tx: SecurityTransaction, account: SecurityAccount, change: str, left: int) -> None:
        await self._mail(tx, MailTemplate.SECOND_FACTOR_CHANGED, account, change=change)
        await tx.announce(SecurityEvent("second_factor_changed", account.user_id, _now(), change, left))

    async def begin_totp(self, user_id: str, password: str) -> tuple[str, str]:
        await self.check_password(user_id, password, "password")
        async with self.store.transaction() as tx:
            account = await self._account(tx, user_id)
            if account.totp_secret is not None:
                raise FailedPrecondition("the second factor is on already")
            secret = new_totp_secret()
            await tx.set_totp(user_id, None, secret)
        return secret, otpauth_uri(secret, account.handle)

    async def _new_recovery_codes(self, tx: SecurityTransaction, user_id: str) -> list[str]:
        codes = new_recovery_codes()
        await tx.replace_recovery_codes(user_id, [recovery_code_hash(c) for c in codes])
        return codes

    async def confirm_totp(self, user_id: str, code: str) -> list[str]:
        given = parse_second_factor(code, "code")
        async with self.store.transaction() as tx:
            account = await self._account(tx, user_id)
            if account.totp_secret is not None:
                raise FailedPrecondition("the second factor is on already")
            if account.totp_pending_secret is None:
                raise FailedPrecondition("no enrolment is under way; call BeginTotpEnrollment first")
            step = totp_step(account.totp_pending_secret, given.totp, _now(), None) if given.totp else None
            if step is None:
                raise InvalidArgument("code", "is not the current code of your app")
            await tx.set_totp(user_id, account.totp_pending_secret, None)
            await tx.use_totp_step(user_id, step)
            codes = await self._new_recovery_codes(tx, user_id)
            await self._changed(tx, account, "enabled", len(codes))
        self.mail_queued()
        return codes

    async def disable_totp(self, user_id: str, password: str, code: str) -> None:
        await self.check_password(user_id, password, "password")
        async with self.store.transaction() as tx:
            account = await self._second_factor_account(tx, user_id, code)
            await tx.set_totp(user_id, None, None)
            await tx.replace_recovery_codes(user_id, [])
            await self._changed(tx, account, "disabled", 0)
        self.mail_queued()

    async def regenerate_recovery_codes(self, user_id: str, password: str, code: str) -> list[str]:
        await self.check_password(user_id, password, "password")
        async with self.store.transaction() as tx:
            account = await self._second_factor_account(tx, user_id, code)
            codes = await self._new_recovery_codes(tx, user_id)
            await self._changed(tx, account, "recovery_codes_regenerated", len(codes))
        self.mail_queued()
        return codes

    # --- Log-in and sessions -----------------------------------------------------------------------

    async def challenge(self, user_id: str, client: ClientInfo) -> tuple[str, datetime]:
        """A log-in that passed the password and waits for the second factor."""
        token, expires_at = new_token(), _now() + CHALLENGE_TTL
        async with self.store.transaction() as tx:
            await tx.add_challenge(token_hash(token), user_id, client, expires_at)
        return token, expires_at

    async def answer_challenge(self, token: str, code: str) -> tuple[str, ClientInfo]:
        """The account and client of a challenge answered with a right code (spent with it). A wrong
        code counts against the challenge; the fifth ends it."""
        hashed = token_hash(required_token(token, "challenge_token"))
        async with self.store.transaction() as tx:
            challenge = await tx.take_challenge(hashed)
            if challenge is None or challenge.used:
                raise Unauthenticated("the log-in challenge is not valid; log in again")
            if challenge.expires_at <= _now():
                raise Unauthenticated("the log-in challenge has expired; log in again")
            if challenge.failures >= CHALLENGE_FAILURES:
                raise Unauthenticated("too many wrong codes; log in again")
            account = await tx.account(challenge.user_id)
            if account is None or account.totp_secret is None:
                raise Unauthenticated("the log-in challenge is not valid; log in again")
            ok = await self._second_factor_ok(tx, account, code, "code")
            if ok:
                await tx.challenge_used(hashed)
            else:
                await tx.challenge_failed(hashed)
        if not ok:
            left = CHALLENGE_FAILURES - challenge.failures - 1
            raise InvalidArgument("code", f"is not a current code or an unused recovery code ({left} tries left)")
        return challenge.user_id, challenge.client

    async def start_session(
        self, user_id: str, refresh_token_hash: bytes, expires_at: datetime, client: ClientInfo
    ) -> str:
        """A new session; a sign-in from a device the account has not used before is mailed about
        (not the account's first session)."""
        async with self.store.transaction() as tx:
            session_id, had_sessions, known_device = await tx.start_session(
                user_id, refresh_token_hash, expires_at, client
            )
            notify = had_sessions and not known_device
            if notify:
                account = await tx.account(user_id)
                if account is not None:
                    await self._mail(
                        tx,
                        MailTemplate.NEW_SIGN_IN,
                        account,
                        device=client.device,
                        ip_address=client.ip_address or "an unknown address",
                        place=self.place(client.ip_address) or "unknown",
                        at=_now().strftime("%Y-%m-%d %H:%M UTC"),
                    )
        if notify:
            self.mail_queued()
        return session_id

    async def sessions(self, user_id: str) -> list[SessionInfo]:
        return [replace(s, place=self.place(s.client.ip_address)) for s in await self.store.sessions(user_id)]

    async def revoke_session(self, user_id: str, session_id: str) -> None:
        session_id = parse_uuid(session_id, "session_id")
        async with self.store.transaction() as tx:
            if not await tx.revoke_session(user_id, session_id, "revoked by the account holder"):
                raise NotFound(f"session_id: no session {session_id} of yours is open")

    async def revoke_other_sessions(self, user_id: str, current_session: str) -> int:
        async with self.store.transaction() as tx:
            return await tx.revoke_sessions(user_id, "revoked by the account holder", current_session or None)
