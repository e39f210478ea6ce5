"""Identity use cases: accounts, sessions (log-in, refresh, log-out), passwords, deactivation."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kith_identity.domain.accounts import (
    Account,
    ImportResult,
    validate_import,
    validate_login,
    validate_new_password,
    validate_registration,
)
from kith_identity.domain.mail import MailTemplate
from kith_identity.domain.ports import (
    AccountRepository,
    IssuedToken,
    PasswordHasher,
    RefreshOutcome,
    StoredCredentials,
    TokenIssuer,
    VerificationKey,
)
from kith_identity.domain.security import ClientInfo
from kith_identity.service_layer.privacy import PrivacyHandlers
from kith_identity.service_layer.security import AccountSecurityHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from kith_platform.ids import parse_uuid
from kith_platform.mirrors import MirrorPush

REFRESH_FAILURES = {
    RefreshOutcome.UNKNOWN: "refresh token is not valid",
    RefreshOutcome.EXPIRED: "session expired; log in again",
    RefreshOutcome.REVOKED: "session has ended; log in again",
    RefreshOutcome.REUSED: "refresh token was already used; the session has been ended for safety",
}


@dataclass(frozen=True)
class RegisterUser:
    handle: str
    email: str
    password: str
    display_name: str = ""


@dataclass(frozen=True)
class ImportAccount:
    """One account of an operator's import: Register's fields with an argon2id hash."""

    handle: str
    email: str
    display_name: str
    password_hash: str


IMPORT_MAX = 500  # accounts per ImportAccounts call


@dataclass(frozen=True)
class LogIn:
    login: str
    password: str
    client: ClientInfo = ClientInfo()
    second_factor_code: str = ""  # ReactivateAccount: an account with a second factor needs one


@dataclass(frozen=True)
class Session:
    account: Account
    access: IssuedToken
    refresh_token: str


@dataclass(frozen=True)
class SecondFactorChallenge:
    """A log-in that passed the password and waits for the second factor (CompleteLogin)."""

    account: Account
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class Tokens:
    access: IssuedToken
    refresh_token: str


def _token_hash(refresh_token: str) -> bytes:
    return hashlib.sha256(refresh_token.encode()).digest()


@dataclass
class IdentityHandlers:
    accounts: AccountRepository
    passwords: PasswordHasher
    tokens: TokenIssuer
    refresh_ttl: timedelta = timedelta(days=30)
    # How long a deleted account waits before it is erased (logging in before then cancels).
    deletion_grace: timedelta = timedelta(days=14)
    # Deactivation and reactivation hold on every read path when they return: their events are
    # applied by the services mirroring accounts before the call answers.
    mirrors: MirrorPush = field(default_factory=lambda: MirrorPush(()))
    # Registrations are handed to the graph service's mirror of users before Register and
    # ImportAccounts return, so the graph knows a new account at once without asking identity:
    # identity queries the graph (profile visibility, data exports), the graph queries identity for
    # nothing, and no cycle of synchronous calls is left (issue 18; what goes back is the graph's
    # MirrorService push of blocks, events applied by identity's consumer, never a question). Not
    # required: a graph that cannot take them in time gets them from Kafka a moment later.
    registrations: MirrorPush = field(default_factory=lambda: MirrorPush(()))
    # Mailed tokens, the second factor, sessions with their devices, security notices.
    security: AccountSecurityHandlers | None = None
    # Privacy settings, finding people by email, who may be mentioned.
    privacy: PrivacyHandlers | None = None
    # Verified against when the login names no account, so both paths cost the same.
    _dummy_hash: str = ""

    @property
    def _security(self) -> AccountSecurityHandlers:
        assert self.security is not None, "IdentityHandlers needs its AccountSecurityHandlers"
        return self.security

    async def register(self, cmd: RegisterUser) -> Account:
        reg = validate_registration(cmd.handle, cmd.email, cmd.password, cmd.display_name)
        account = Account(
            user_id=str(uuid.uuid4()),
            handle=reg.handle,
            display_name=reg.display_name,
            created_at=datetime.now(UTC).replace(microsecond=0),
        )
        password_hash = await self.passwords.hash(reg.password)
        token, mail = self._security.verification(account.user_id, account.handle, reg.email)
        async with self.registrations.holding(required=False):
            await self.accounts.create(account, reg.email, password_hash, token, mail)
        self._security.mail_queued()
        return account

    async def import_accounts(self, batch: list[ImportAccount]) -> list[ImportResult]:
        """Accounts an operator brings in (a migration, a bulk load): each checked as `register`
        checks it, the password's hash checked instead of the password; created in one
        transaction, with the events `register` writes. One result per account, in order."""
        if not batch:
            raise InvalidArgument("accounts", "at least one account is required")
        if len(batch) > IMPORT_MAX:
            raise InvalidArgument("accounts", f"at most {IMPORT_MAX} accounts per call")
        now = datetime.now(UTC).replace(microsecond=0)
        results: list[ImportResult | None] = [None] * len(batch)
        valid: list[int] = []
        rows: list[tuple[Account, str, str]] = []
        for i, item in enumerate(batch):
            try:
                account = validate_import(item.handle, item.email, item.display_name, item.password_hash)
                self.passwords.check_imported_hash(account.password_hash)
            except InvalidArgument as exc:
                results[i] = ImportResult.invalid(exc.message)
                continue
            valid.append(i)
            rows.append(
                (
                    Account(str(uuid.uuid4()), account.handle, account.display_name, now),
                    account.email,
                    account.password_hash,
                )
            )
        if rows:
            async with self.registrations.holding(required=False):
                stored = await self.accounts.import_accounts(rows)
            for i, result in zip(valid, stored, strict=True):
                results[i] = result
        return [r for r in results if r is not None]

    async def _check_password(self, stored: StoredCredentials | None, password: str) -> StoredCredentials:
        if stored is None:
            if not self._dummy_hash:
                self._dummy_hash = await self.passwords.hash(secrets.token_urlsafe(16))
            await self.passwords.verify(self._dummy_hash, password)
            raise Unauthenticated("invalid login or password")
        if not await self.passwords.verify(stored.password_hash, password):
            raise Unauthenticated("invalid login or password")
        if self.passwords.needs_rehash(stored.password_hash):
            await self.accounts.update_password_hash(stored.account.user_id, await self.passwords.hash(password))
        return stored

    async def authenticate(self, login: str, password: str) -> StoredCredentials:
        """The account of a login and password (log-in, reactivation, and AppealSuspension: a
        suspended person cannot log in)."""
        login = validate_login(login)
        if not password:
            raise InvalidArgument("password", "is required")
        return await self._check_password(await self.accounts.find_credentials(login), password)

    async def _start_session(self, account: Account, client: ClientInfo) -> Session:
        refresh_token = secrets.token_urlsafe(32)
        session_id = await self._security.start_session(
            account.user_id, _token_hash(refresh_token), datetime.now(UTC) + self.refresh_ttl, client
        )
        return Session(account, self.tokens.issue_access_token(account.user_id, session_id), refresh_token)

    @staticmethod
    def _refuse_suspended(stored: StoredCredentials) -> None:
        """A suspended person is told so (they proved their password) and how to appeal."""
        if stored.suspension is not None:
            raise PermissionDenied(stored.suspension.refusal())

    async def _sign_in(self, stored: StoredCredentials, client: ClientInfo) -> Session:
        self._refuse_suspended(stored)
        if stored.deactivated and stored.erase_after is None:
            raise FailedPrecondition("account is deactivated; reactivate it to log in")
        if stored.deactivated:  # logging in cancels a pending deletion
            async with self.mirrors.holding():
                await self.accounts.reactivate(stored.account.user_id)
        return await self._start_session(stored.account, client)

    async def log_in(self, cmd: LogIn) -> Session | SecondFactorChallenge:
        """A session, or for an account with a second factor a challenge to answer first."""
        stored = await self.authenticate(cmd.login, cmd.password)
        self._refuse_suspended(stored)
        if stored.deactivated and stored.erase_after is None:
            raise FailedPrecondition("account is deactivated; reactivate it to log in")
        if stored.second_factor:
            token, expires_at = await self._security.challenge(stored.account.user_id, cmd.client)
            return SecondFactorChallenge(stored.account, token, expires_at)
        return await self._sign_in(stored, cmd.client)

    async def complete_log_in(self, challenge_token: str, code: str) -> Session:
        user_id, client = await self._security.answer_challenge(challenge_token, code)
        stored = await self.accounts.find_credentials_by_id(user_id)
        if stored is None:
            raise Unauthenticated("the log-in challenge is not valid; log in again")
        return await self._sign_in(stored, client)

    async def refresh(self, refresh_token: str) -> Tokens:
        if not refresh_token:
            raise InvalidArgument("refresh_token", "is required")
        new_token = secrets.token_urlsafe(32)
        rotation = await self.accounts.rotate_refresh_token(
            _token_hash(refresh_token), _token_hash(new_token), datetime.now(UTC) + self.refresh_ttl
        )
        if rotation.outcome is not RefreshOutcome.ROTATED:
            raise Unauthenticated(REFRESH_FAILURES[rotation.outcome])
        return Tokens(self.tokens.issue_access_token(rotation.user_id, rotation.session_id), new_token)

    async def log_out(self, user_id: str, session_id: str) -> None:
        if session_id:
            await self.accounts.revoke_session(user_id, session_id, "logged out")

    async def log_out_everywhere(self, user_id: str) -> int:
        return await self.accounts.revoke_sessions(user_id, "logged out everywhere")

    async def caller_credentials(self, user_id: str, password: str, field: str) -> StoredCredentials:
        """The caller's account when `password` is theirs; INVALID_ARGUMENT naming `field` otherwise."""
        if not password:
            raise InvalidArgument(field, "is required")
        stored = await self.accounts.find_credentials_by_id(user_id)
        if stored is None or stored.deactivated:
            raise Unauthenticated("account is not active")
        try:
            return await self._check_password(stored, password)
        except Unauthenticated:
            raise InvalidArgument(field, "is not your current password") from None

    async def change_password(self, user_id: str, session_id: str, current: str, new: str) -> int:
        stored = await self.caller_credentials(user_id, current, "current_password")
        new = validate_new_password(new, "new_password")
        if new == current:
            raise InvalidArgument("new_password", "must differ from the current password")
        notice = self._security.notice_mail(stored, MailTemplate.PASSWORD_CHANGED, how="changed")
        ended = await self.accounts.change_password(user_id, await self.passwords.hash(new), session_id, notice)
        self._security.mail_queued()
        return ended

    async def deactivate(self, user_id: str, password: str) -> None:
        await self.caller_credentials(user_id, password, "password")
        async with self.mirrors.holding():
            await self.accounts.deactivate(user_id)

    async def delete_account(self, user_id: str, password: str) -> datetime:
        """Deactivated at once (held on every read path when this returns), erased after the
        grace period unless the person logs in or reactivates first."""
        stored = await self.caller_credentials(user_id, password, "password")
        erase_after = datetime.now(UTC) + self.deletion_grace
        notice = self._security.notice_mail(
            stored, MailTemplate.ACCOUNT_TO_BE_DELETED, erase_after=erase_after.strftime("%Y-%m-%d %H:%M UTC")
        )
        async with self.mirrors.holding():
            await self.accounts.schedule_deletion(user_id, erase_after, notice)
        self._security.mail_queued()
        return erase_after

    async def erase_now(self, user_id: str) -> bool:
        user_id = parse_uuid(user_id, "user_id")
        async with self.mirrors.holding():  # an active account is hidden at once first
            await self.accounts.deactivate(user_id)
        return await self.accounts.erase(user_id)  # UserErased travels by Kafka alone

    async def erase_due(self, limit: int = 100) -> int:
        """Erase the accounts whose grace period is over; then forget the outbox rows that
        still mention erased users once Kafka has them. Returns how many were erased."""
        erased = 0
        for user_id in await self.accounts.due_for_erasure(datetime.now(UTC), limit):
            erased += await self.accounts.erase(user_id)
        await self.accounts.purge_outbox_of_erased(limit)
        return erased

    async def reactivate(self, cmd: LogIn) -> Session:
        stored = await self.authenticate(cmd.login, cmd.password)
        self._refuse_suspended(stored)
        if not stored.deactivated:
            raise FailedPrecondition("account is active; log in instead")
        if stored.second_factor:
            await self._security.check_second_factor(
                stored.account.user_id, cmd.second_factor_code, "second_factor_code"
            )
        async with self.mirrors.holding():
            await self.accounts.reactivate(stored.account.user_id)
        return await self._start_session(stored.account, cmd.client)

    async def get_user(self, user_id: str) -> Account:
        account = await self.accounts.get(parse_uuid(user_id, "user_id"))
        if account is None:
            raise NotFound(f"user_id: no user {user_id}")
        return account

    def public_keys(self) -> list[VerificationKey]:
        return self.tokens.public_keys()
