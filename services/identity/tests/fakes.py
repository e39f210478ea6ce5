"""In-memory fakes of the identity service's ports, for the handlers' tests without servers.

FakeAccounts keeps accounts, sessions, refresh tokens, profiles and the mirror of blocks in
dicts, with the repository's rules (unique case-insensitive handles and emails, a spent refresh
token revoking its session, deactivated people and blocks hiding profiles). Each change's
events are `Recorded` in `events` and handed to kith_platform.mirrors.collect as the outbox
writers hand them, so RecordingMirrorPush (no targets) sees what a change it holds would push.
The hasher and token issuer are cheap stand-ins for argon2id and Ed25519."""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from kith_identity.domain.accounts import Account, ImportOutcome, ImportResult
from kith_identity.domain.mail import Mail
from kith_identity.domain.ports import (
    AccountRepository,
    Challenge,
    Connections,
    IssuedToken,
    NewToken,
    PasswordHasher,
    RefreshOutcome,
    Rotation,
    SecurityAccount,
    SecurityEvent,
    SecurityStore,
    SecurityTransaction,
    SessionInfo,
    StoredCredentials,
    StoredToken,
    TokenIssuer,
    VerificationKey,
)
from kith_identity.domain.profiles import Profile, ProfileChanges, SearchCursor, Visibility
from kith_identity.domain.security import ClientInfo, TokenPurpose
from kith_platform.errors import AlreadyExists, InvalidArgument, NotFound, Unavailable
from kith_platform.mirrors import collect
from kith_platform.testing import Recorded


@dataclass
class _User:
    profile: Profile
    email: str
    password_hash: str
    deactivated: bool = False
    erase_after: datetime | None = None
    email_verified: bool = False
    totp_secret: str | None = None
    totp_pending: str | None = None
    totp_last_step: int | None = None


@dataclass
class _Session:
    user_id: str
    expires_at: datetime
    revoked: bool = False
    client: ClientInfo = ClientInfo()
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class _Token:
    user_id: str
    purpose: TokenPurpose
    email: str
    expires_at: datetime
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    used_at: datetime | None = None


@dataclass
class FakeAccounts(AccountRepository):
    users: dict[str, _User] = field(default_factory=dict)
    sessions: dict[str, _Session] = field(default_factory=dict)
    tokens: dict[bytes, tuple[str, bool]] = field(default_factory=dict)  # hash -> (session, spent)
    blocks: set[tuple[str, str]] = field(default_factory=set)
    erased: set[str] = field(default_factory=set)
    events: list[Recorded] = field(default_factory=list)
    ids: itertools.count = field(default_factory=itertools.count)
    # Account security (FakeSecurity): mailed tokens, mail queued, recovery codes, challenges.
    account_tokens: dict[bytes, _Token] = field(default_factory=dict)
    mail_requests: list[tuple[str, str, datetime]] = field(default_factory=list)
    mails: list[Mail] = field(default_factory=list)
    recovery_codes: dict[str, dict[bytes, bool]] = field(default_factory=dict)  # user -> hash -> used
    challenges: dict[bytes, Challenge] = field(default_factory=dict)

    def _announce(self, name: str, **fields: Any) -> None:
        event = Recorded(name, fields)
        self.events.append(event)
        collect([event])

    def names(self) -> list[str]:
        return [e.name for e in self.events]

    def _by_login(self, login: str) -> tuple[str, _User] | None:
        login = login.lower()
        return next(((i, u) for i, u in self.users.items() if login in (u.profile.handle.lower(), u.email)), None)

    def _credentials(self, user_id: str | None) -> StoredCredentials | None:
        if user_id not in self.users:
            return None
        user = self.users[user_id]
        account = Account(user_id, user.profile.handle, user.profile.display_name, user.profile.created_at)
        return StoredCredentials(
            account,
            user.password_hash,
            user.deactivated,
            user.erase_after,
            second_factor=user.totp_secret is not None,
            email=user.email,
        )

    # --- accounts ----------------------------------------------------------------------------

    async def create(
        self,
        account: Account,
        email: str,
        password_hash: str,
        verification: NewToken | None = None,
        mail: Mail | None = None,
    ) -> None:
        for taken, field_name in ((self._by_login(account.handle), "handle"), (self._by_login(email), "email")):
            if taken is not None:
                raise AlreadyExists(f"{field_name}: already taken")
        profile = Profile(
            account.user_id,
            account.handle,
            account.display_name,
            "",
            "",
            "",
            "",
            (),
            Visibility.PUBLIC,
            account.created_at,
        )
        self.users[account.user_id] = _User(profile, email.lower(), password_hash)
        self._announce("UserRegistered", user_id=account.user_id, handle=account.handle)
        if verification is not None and mail is not None:
            v = verification
            self.account_tokens[v.token_hash] = _Token(account.user_id, v.purpose, v.email, v.expires_at)
            self.mails.append(mail)

    async def import_accounts(self, accounts: list[tuple[Account, str, str]]) -> list[ImportResult]:
        results = []
        for account, email, password_hash in accounts:
            found = self._by_login(account.handle)
            if found is not None:
                same = found[1].password_hash == password_hash
                results.append(ImportResult(ImportOutcome.ALREADY_EXISTED, found[0], same_password_hash=same))
            elif self._by_login(email) is not None:
                results.append(ImportResult.invalid("email: already taken"))
            else:
                await self.create(account, email, password_hash)
                results.append(ImportResult(ImportOutcome.CREATED, account.user_id))
        return results

    async def find_credentials(self, login: str) -> StoredCredentials | None:
        found = self._by_login(login)
        return self._credentials(found[0] if found else None)

    async def find_credentials_by_id(self, user_id: str) -> StoredCredentials | None:
        return self._credentials(user_id)

    async def update_password_hash(self, user_id: str, password_hash: str) -> None:
        self.users[user_id].password_hash = password_hash

    async def get(self, user_id: str) -> Account | None:
        stored = self._credentials(user_id)
        return None if stored is None or stored.deactivated else stored.account

    # --- sessions ----------------------------------------------------------------------------

    def create_session(self, user_id: str, refresh_token_hash: bytes, expires_at: datetime, client: ClientInfo) -> str:
        session_id = str(uuid.uuid4())
        self.sessions[session_id] = _Session(user_id, expires_at, client=client)
        self.tokens[refresh_token_hash] = (session_id, False)
        return session_id

    async def rotate_refresh_token(self, old_hash: bytes, new_hash: bytes, expires_at: datetime) -> Rotation:
        if old_hash not in self.tokens:
            return Rotation(RefreshOutcome.UNKNOWN)
        session_id, spent = self.tokens[old_hash]
        session = self.sessions[session_id]
        if session.revoked or self.users[session.user_id].deactivated:
            return Rotation(RefreshOutcome.REVOKED, session.user_id, session_id)
        if spent:
            await self.revoke_session(session.user_id, session_id, "refresh token reuse")
            return Rotation(RefreshOutcome.REUSED, session.user_id, session_id)
        if session.expires_at <= datetime.now(UTC):
            return Rotation(RefreshOutcome.EXPIRED, session.user_id, session_id)
        self.tokens[old_hash] = (session_id, True)
        self.tokens[new_hash] = (session_id, False)
        session.expires_at = expires_at
        return Rotation(RefreshOutcome.ROTATED, session.user_id, session_id)

    def _revoke(self, user_id: str, session_ids: list[str], reason: str) -> int:
        ended = [s for s in session_ids if not self.sessions[s].revoked and self.sessions[s].user_id == user_id]
        for s in ended:
            self.sessions[s].revoked = True
        if ended:
            self._announce("SessionsRevoked", user_id=user_id, session_ids=ended, reason=reason)
        return len(ended)

    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool:
        return session_id in self.sessions and self._revoke(user_id, [session_id], reason) == 1

    async def revoke_sessions(self, user_id: str, reason: str, *, keep_session: str | None = None) -> int:
        return self._revoke(user_id, [s for s in self.sessions if s != keep_session], reason)

    async def change_password(self, user_id: str, password_hash: str, keep_session: str, notice: Mail) -> int:
        self.users[user_id].password_hash = password_hash
        ended = await self.revoke_sessions(user_id, "password changed", keep_session=keep_session)
        self._announce("PasswordChanged", user_id=user_id, how="changed")
        self.mails.append(notice)
        return ended

    # --- lifecycle ---------------------------------------------------------------------------

    async def deactivate(self, user_id: str) -> bool:
        user = self.users.get(user_id)
        if user is None or user.deactivated:
            return False
        user.deactivated = True
        await self.revoke_sessions(user_id, "account deactivated")
        self._announce("UserDeactivated", user_id=user_id)
        return True

    async def reactivate(self, user_id: str) -> bool:
        user = self.users[user_id]
        if not user.deactivated:
            return False
        if user.erase_after is not None:
            self._announce("AccountDeletionCancelled", user_id=user_id)
        user.deactivated, user.erase_after = False, None
        self._announce("UserReactivated", user_id=user_id)
        return True

    async def schedule_deletion(self, user_id: str, erase_after: datetime, notice: Mail) -> None:
        if user_id not in self.users:
            raise NotFound(f"user_id: no user {user_id}")
        self.mails.append(notice)
        await self.deactivate(user_id)
        self.users[user_id].erase_after = erase_after
        self._announce("AccountDeletionScheduled", user_id=user_id, erase_after=erase_after)

    async def erase(self, user_id: str) -> bool:
        if user_id in self.erased:
            return False
        if user_id not in self.users:
            raise NotFound(f"user_id: no user {user_id}")
        await self.deactivate(user_id)
        del self.users[user_id]
        self.erased.add(user_id)
        self._announce("UserErased", user_id=user_id)
        return True

    async def due_for_erasure(self, now: datetime, limit: int) -> list[str]:
        due = [i for i, u in self.users.items() if u.erase_after is not None and u.erase_after <= now]
        return due[:limit]

    async def purge_outbox_of_erased(self, limit: int) -> int:
        return 0

    # --- profiles and the mirror of blocks ------------------------------------------------------

    def _visible(self, user_id: str, viewer_id: str | None) -> Profile | None:
        user = self.users.get(user_id)
        if user is None or user.deactivated:
            return None
        if viewer_id and {(viewer_id, user_id), (user_id, viewer_id)} & self.blocks:
            return None
        return user.profile

    async def get_profile(self, user_id: str, viewer_id: str | None = None) -> Profile | None:
        return self._visible(user_id, viewer_id)

    async def get_profiles(self, user_ids: list[str]) -> list[Profile]:
        return [p for p in (self._visible(u, None) for u in user_ids) if p is not None]

    async def resolve_handles(self, handles: list[str], viewer_id: str | None = None) -> dict[str, str]:
        found = {p.handle.lower(): p.user_id for p in (self._visible(u, viewer_id) for u in self.users) if p}
        return {h: found[h] for h in handles if h in found}

    async def update_profile(self, user_id: str, changes: ProfileChanges) -> Profile | None:
        if self._visible(user_id, None) is None:
            return None
        user = self.users[user_id]
        before = user.profile
        user.profile = replace(before, **{k: v for k, v in vars(changes).items() if v is not None})
        if user.profile != before:
            self._announce("ProfileUpdated", user_id=user_id)
        return user.profile

    async def search_profiles(
        self, query: str, limit: int, after: SearchCursor | None, viewer_id: str | None = None
    ) -> list[tuple[Profile, float]]:
        """Handles and names containing the query, all scored 1.0, in id order."""
        found = [
            (p, 1.0)
            for p in (self._visible(u, viewer_id) for u in sorted(self.users))
            if p is not None and query in f"{p.handle} {p.display_name}".lower()
        ]
        return [(p, s) for p, s in found if after is None or p.user_id > after.user_id][:limit]

    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        (self.blocks.add if active else self.blocks.discard)((blocker_id, blocked_id))


@dataclass
class FakeConnections(Connections):
    """Who is connected (follow each other), as the graph would answer; `down` answers UNAVAILABLE."""

    pairs: set[frozenset[str]] = field(default_factory=set)
    down: bool = False

    follows: set[tuple[str, str]] = field(default_factory=set)  # (follower, followee)
    friends: set[frozenset[str]] = field(default_factory=set)

    async def connected(self, user_id: str, other_user_id: str) -> bool:
        if self.down:
            raise Unavailable("graph service: UNAVAILABLE")
        return frozenset((user_id, other_user_id)) in self.pairs

    async def follows_and_friends(self, user_id: str, other_user_id: str) -> tuple[bool, bool]:
        if self.down:
            raise Unavailable("graph service: UNAVAILABLE")
        return (user_id, other_user_id) in self.follows, frozenset((user_id, other_user_id)) in self.friends


class FakePasswordHasher(PasswordHasher):
    """`hashed:<password>`; hashes marked `old:` need a rehash; imports must start with `hashed:`."""

    async def hash(self, password: str) -> str:
        return f"hashed:{password}"

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash.split(":", 1)[1] == password

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.startswith("old:")

    def check_imported_hash(self, password_hash: str) -> None:
        if not password_hash.startswith("hashed:"):
            raise InvalidArgument("password_hash", "is not a hash this service makes")


class FakeTokenIssuer(TokenIssuer):
    def issue_access_token(self, user_id: str, session_id: str) -> IssuedToken:
        return IssuedToken(f"access:{user_id}:{session_id}", datetime.now(UTC))

    def public_keys(self) -> list[VerificationKey]:
        return [VerificationKey("k1", "EdDSA", "-----BEGIN PUBLIC KEY-----")]


class FakeSecurityTransaction(SecurityTransaction):
    """The security store's transaction over FakeAccounts' dicts (FakeSecurity undoes a failed one)."""

    def __init__(self, db: FakeAccounts) -> None:
        self.db = db

    def _account(self, user_id: str) -> SecurityAccount | None:
        user = self.db.users.get(user_id)
        if user is None:
            return None
        return SecurityAccount(
            user_id,
            user.profile.handle,
            user.email,
            user.email_verified,
            user.deactivated,
            user.totp_secret,
            user.totp_pending,
            user.totp_last_step,
        )

    async def account(self, user_id: str) -> SecurityAccount | None:
        return self._account(user_id)

    async def account_by_email(self, email: str) -> SecurityAccount | None:
        found = next((i for i, u in self.db.users.items() if u.email.lower() == email.lower()), None)
        return None if found is None else self._account(found)

    async def add_token(
        self, user_id: str, token_hash: bytes, purpose: TokenPurpose, email: str, expires_at: datetime
    ) -> None:
        self.db.account_tokens[token_hash] = _Token(user_id, purpose, email, expires_at)

    async def tokens_since(self, user_id: str, purposes: tuple[TokenPurpose, ...], since: datetime) -> int:
        return sum(
            1
            for t in self.db.account_tokens.values()
            if t.user_id == user_id and t.purpose in purposes and t.created_at >= since
        )

    async def take_token(self, token_hash: bytes) -> StoredToken | None:
        t = self.db.account_tokens.get(token_hash)
        return None if t is None else StoredToken(t.user_id, t.purpose, t.email, t.expires_at, t.used_at is not None)

    async def spend_tokens(self, user_id: str, purposes: tuple[TokenPurpose, ...]) -> None:
        for t in self.db.account_tokens.values():
            if t.user_id == user_id and t.purpose in purposes and t.used_at is None:
                t.used_at = datetime.now(UTC)

    async def token_used(self, user_id: str, purpose: TokenPurpose, email: str) -> bool:
        return any(
            t.user_id == user_id
            and t.purpose is purpose
            and t.email.lower() == email.lower()
            and t.used_at is not None
            and t.used_at <= t.expires_at
            for t in self.db.account_tokens.values()
        )

    async def note_mail_request(self, email: str, kind: str, since: datetime) -> int:
        self.db.mail_requests.append((email, kind, datetime.now(UTC)))
        return sum(1 for e, k, at in self.db.mail_requests if e == email and k == kind and at >= since)

    async def set_email_verified(self, user_id: str, at: datetime) -> None:
        self.db.users[user_id].email_verified = True

    async def change_email(self, user_id: str, email: str, at: datetime) -> bool:
        if any(u.email.lower() == email.lower() for i, u in self.db.users.items() if i != user_id):
            return False
        self.db.users[user_id].email = email.lower()
        self.db.users[user_id].email_verified = True
        return True

    async def set_password(self, user_id: str, password_hash: str) -> None:
        self.db.users[user_id].password_hash = password_hash

    async def revoke_sessions(self, user_id: str, reason: str, keep_session: str | None = None) -> int:
        return await self.db.revoke_sessions(user_id, reason, keep_session=keep_session)

    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool:
        return await self.db.revoke_session(user_id, session_id, reason)

    async def start_session(
        self, user_id: str, refresh_token_hash: bytes, expires_at: datetime, client: ClientInfo
    ) -> tuple[str, bool, bool]:
        before = [s for s in self.db.sessions.values() if s.user_id == user_id]
        known = any(s.client.user_agent == client.user_agent for s in before)
        return self.db.create_session(user_id, refresh_token_hash, expires_at, client), bool(before), known

    async def set_totp(self, user_id: str, secret: str | None, pending: str | None) -> None:
        user = self.db.users[user_id]
        user.totp_secret, user.totp_pending, user.totp_last_step = secret, pending, None

    async def use_totp_step(self, user_id: str, step: int) -> None:
        user = self.db.users[user_id]
        user.totp_last_step = max(user.totp_last_step or 0, step)

    async def replace_recovery_codes(self, user_id: str, code_hashes: list[bytes]) -> None:
        self.db.recovery_codes[user_id] = dict.fromkeys(code_hashes, False)

    async def use_recovery_code(self, user_id: str, code_hash: bytes) -> bool:
        codes = self.db.recovery_codes.get(user_id, {})
        if codes.get(code_hash) is False:
            codes[code_hash] = True
            return True
        return False

    async def recovery_codes_left(self, user_id: str) -> int:
        return sum(1 for used in self.db.recovery_codes.get(user_id, {}).values() if not used)

    async def add_challenge(self, token_hash: bytes, user_id: str, client: ClientInfo, expires_at: datetime) -> None:
        self.db.challenges[token_hash] = Challenge(user_id, client, expires_at, 0, False)

    async def take_challenge(self, token_hash: bytes) -> Challenge | None:
        return self.db.challenges.get(token_hash)

    async def challenge_failed(self, token_hash: bytes) -> None:
        c = self.db.challenges[token_hash]
        self.db.challenges[token_hash] = replace(c, failures=c.failures + 1)

    async def challenge_used(self, token_hash: bytes) -> None:
        self.db.challenges[token_hash] = replace(self.db.challenges[token_hash], used=True)

    async def mail(self, mail: Mail) -> None:
        self.db.mails.append(mail)

    async def announce(self, event: SecurityEvent) -> None:
        self.db._announce(event.kind, user_id=event.user_id, detail=event.detail, left=event.recovery_codes_left)


@dataclass
class FakeSecurity(SecurityStore):
    db: FakeAccounts

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SecurityTransaction]:
        saved = copy.deepcopy({k: v for k, v in vars(self.db).items() if k != "ids"})
        try:
            yield FakeSecurityTransaction(self.db)
        except BaseException:
            for k, v in saved.items():
                setattr(self.db, k, v)
            raise

    async def sessions(self, user_id: str) -> list[SessionInfo]:
        return [
            SessionInfo(i, s.client, s.created_at, s.created_at)
            for i, s in self.db.sessions.items()
            if s.user_id == user_id and not s.revoked
        ]

    async def pending_email(self, user_id: str) -> str:
        pending = [
            t
            for t in self.db.account_tokens.values()
            if t.user_id == user_id and t.purpose is TokenPurpose.CHANGE_NEW and t.used_at is None
        ]
        return pending[-1].email if pending else ""


def identity_handlers(accounts: FakeAccounts):
    """IdentityHandlers on the fakes, with recording mirror pushes and account security."""
    from kith_identity.service_layer.handlers import IdentityHandlers
    from kith_platform.testing import RecordingMirrorPush

    return with_security(
        IdentityHandlers(
            accounts=accounts,
            passwords=FakePasswordHasher(),
            tokens=FakeTokenIssuer(),
            mirrors=RecordingMirrorPush(),
            registrations=RecordingMirrorPush(),
        )
    )


def with_security(handlers):
    """IdentityHandlers with account security over the same FakeAccounts."""
    from kith_identity.service_layer.security import AccountSecurityHandlers, MailLinks

    handlers.security = AccountSecurityHandlers(
        FakeSecurity(handlers.accounts),
        handlers.passwords,
        MailLinks("https://kith.test"),
        check_password=handlers.caller_credentials,
    )
    return handlers
