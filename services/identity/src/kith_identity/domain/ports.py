"""The identity service's ports: what its handlers need from the outside world."""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_identity.domain.accounts import Account, ImportResult
from kith_identity.domain.mail import Mail, MailTemplate, RenderedMail
from kith_identity.domain.privacy import PrivacySettings
from kith_identity.domain.profiles import Profile, ProfileChanges, SearchCursor
from kith_identity.domain.security import ClientInfo, TokenPurpose
from kith_identity.domain.trust_safety import (
    Appeal,
    AppealStatus,
    NewRemoval,
    NewReport,
    Removal,
    Report,
    ReportReason,
    ReportStatus,
    StaffActionEntry,
    StaffMember,
    StaffRole,
    Suspension,
    TargetKind,
)
from kith_platform.privacy import Reach


@dataclass(frozen=True)
class StoredCredentials:
    account: Account
    password_hash: str
    deactivated: bool = False
    erase_after: datetime | None = None  # set while a deletion is pending
    second_factor: bool = False  # log-in asks for a TOTP or recovery code
    email: str = ""
    suspension: Suspension | None = None  # set while platform staff have it suspended


class RefreshOutcome(enum.Enum):
    ROTATED = "rotated"
    UNKNOWN = "unknown"  # never issued, or its session was purged
    EXPIRED = "expired"
    REVOKED = "revoked"  # the session was ended (log-out, password change, reuse, ...)
    REUSED = "reused"  # a spent token came back: the session has just been revoked


@dataclass(frozen=True)
class Rotation:
    outcome: RefreshOutcome
    user_id: str = ""
    session_id: str = ""


class AccountRepository(ABC):
    @abstractmethod
    async def create(
        self, account: Account, email: str, password_hash: str, verification: NewToken, mail: Mail
    ) -> None:
        """Store the account, its UserRegistered event, the token verifying its address and the mail
        carrying it, in one transaction.

        Raises AlreadyExists naming the field (handle or email) that is taken."""

    @abstractmethod
    async def import_accounts(self, accounts: list[tuple[Account, str, str]]) -> list[ImportResult]:
        """Create (account, email, password hash) triples in order, in one transaction with
        their UserRegistered events, as `create` would one by one: an existing handle (or one
        earlier in the list) is ALREADY_EXISTED with its id and left unchanged, a taken email is
        INVALID ("email: already taken"). One result per triple, in order."""

    @abstractmethod
    async def find_credentials(self, login: str) -> StoredCredentials | None:
        """By handle or email, case-insensitively."""

    @abstractmethod
    async def update_password_hash(self, user_id: str, password_hash: str) -> None: ...

    @abstractmethod
    async def get(self, user_id: str) -> Account | None: ...

    @abstractmethod
    async def find_credentials_by_id(self, user_id: str) -> StoredCredentials | None: ...

    @abstractmethod
    async def rotate_refresh_token(self, old_hash: bytes, new_hash: bytes, expires_at: datetime) -> Rotation:
        """Spend `old_hash` and issue `new_hash` in the same session, atomically.

        A spent token presented again revokes its session (committed) and reports REUSED."""

    @abstractmethod
    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool: ...

    @abstractmethod
    async def revoke_sessions(self, user_id: str, reason: str, *, keep_session: str | None = None) -> int: ...

    @abstractmethod
    async def change_password(self, user_id: str, password_hash: str, keep_session: str, notice: Mail) -> int:
        """Set the hash, revoke every other session, announce PasswordChanged and queue the notice,
        in one transaction; returns how many sessions ended."""

    @abstractmethod
    async def deactivate(self, user_id: str) -> bool:
        """Mark deactivated, revoke every session and emit UserDeactivated, in one transaction."""

    @abstractmethod
    async def reactivate(self, user_id: str) -> bool:
        """Clear the mark (and a pending deletion) and emit UserReactivated (after
        AccountDeletionCancelled when one was pending), in one transaction."""

    @abstractmethod
    async def schedule_deletion(self, user_id: str, erase_after: datetime, notice: Mail) -> None:
        """Deactivate (revoking every session, UserDeactivated) unless already deactivated, set
        when to erase, emit AccountDeletionScheduled and queue the notice, in one transaction."""

    @abstractmethod
    async def erase(self, user_id: str) -> bool:
        """Delete the user's row, sessions, tokens and mirrored facts, add the tombstone and emit
        UserErased (after UserDeactivated if they were active), in one transaction. False when
        already erased; NotFound for an unknown id."""

    @abstractmethod
    async def due_for_erasure(self, now: datetime, limit: int) -> list[str]: ...

    @abstractmethod
    async def purge_outbox_of_erased(self, limit: int) -> int:
        """Delete the sent outbox rows that mention erased users; returns how many users are done."""

    @abstractmethod
    async def get_profile(self, user_id: str, viewer_id: str | None = None) -> Profile | None:
        """The active user's profile; None as well when a block stands between them and the viewer."""

    @abstractmethod
    async def get_profiles(self, user_ids: list[str]) -> list[Profile]: ...

    @abstractmethod
    async def resolve_handles(self, handles: list[str], viewer_id: str | None = None) -> dict[str, str]:
        """Lower-cased handle -> id of each active user among `handles` (already lower-cased),
        leaving out people in a block with the viewer, when there is one."""

    @abstractmethod
    async def update_profile(self, user_id: str, changes: ProfileChanges) -> Profile | None:
        """Apply the changes and emit ProfileUpdated / InterestsChanged in one transaction."""

    @abstractmethod
    async def search_profiles(
        self, query: str, limit: int, after: SearchCursor | None, viewer_id: str | None = None
    ) -> list[tuple[Profile, float]]:
        """Active users matching `query`, best first, after the cursor, with their scores;
        people in a block with the viewer are left out."""

    @abstractmethod
    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        """Record a block fact from the graph service; the newest per pair (by `at`) wins."""


class Connections(ABC):
    """Asks the graph service how two users are related."""

    @abstractmethod
    async def connected(self, user_id: str, other_user_id: str) -> bool:
        """Whether they follow each other."""

    @abstractmethod
    async def follows_and_friends(self, user_id: str, other_user_id: str) -> tuple[bool, bool]:
        """Whether the user follows the other, and whether the two are friends."""


class PrivacyStore(ABC):
    @abstractmethod
    async def settings(self, user_id: str) -> PrivacySettings | None:
        """None for an unknown or erased user."""

    @abstractmethod
    async def update(self, user_id: str, changes: dict[str, Reach]) -> PrivacySettings:
        """Change the settings and announce every one as it now is (PrivacySettingsChanged)."""

    @abstractmethod
    async def mention_settings(self, user_ids: list[str]) -> dict[str, Reach]: ...

    @abstractmethod
    async def count_lookup(self, user_id: str, since: datetime) -> int:
        """Record one FindPeopleByEmail call and return the caller's calls since then (this one included)."""

    @abstractmethod
    async def findable(self, viewer_id: str, emails: list[str]) -> dict[str, Profile]:
        """Active people with a verified address among these (lower-cased), who let anyone find
        them and are in no block with the viewer: address to card."""


class PasswordHasher(ABC):
    @abstractmethod
    async def hash(self, password: str) -> str: ...

    @abstractmethod
    async def verify(self, password_hash: str, password: str) -> bool: ...

    @abstractmethod
    def needs_rehash(self, password_hash: str) -> bool: ...

    @abstractmethod
    def check_imported_hash(self, password_hash: str) -> None:
        """Accept a hash made elsewhere (an imported account's) only when this hasher can verify
        it and it is at least as strong as the hashes it makes; else InvalidArgument naming
        `password_hash`."""


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class VerificationKey:
    key_id: str
    algorithm: str
    public_key_pem: str


class TokenIssuer(ABC):
    @abstractmethod
    def issue_access_token(self, user_id: str, session_id: str) -> IssuedToken: ...

    @abstractmethod
    def public_keys(self) -> list[VerificationKey]: ...


# --- Account security (kith_identity.service_layer.security) -------------------------------------


@dataclass(frozen=True)
class SecurityAccount:
    """An account as the security use cases see it (never the password hash or TOTP secret's
    holders outside identity)."""

    user_id: str
    handle: str
    email: str
    email_verified: bool
    deactivated: bool
    totp_secret: str | None
    totp_pending_secret: str | None
    totp_last_step: int | None


@dataclass(frozen=True)
class NewToken:
    """A token to store (hashed) as it is mailed."""

    token_hash: bytes
    purpose: TokenPurpose
    email: str
    expires_at: datetime


@dataclass(frozen=True)
class StoredToken:
    user_id: str
    purpose: TokenPurpose
    email: str
    expires_at: datetime
    used: bool


@dataclass(frozen=True)
class Challenge:
    user_id: str
    client: ClientInfo
    expires_at: datetime
    failures: int
    used: bool


@dataclass(frozen=True)
class SessionInfo:
    session_id: str
    client: ClientInfo
    created_at: datetime
    last_used_at: datetime
    place: str = ""  # where its address is (place_of)


@dataclass(frozen=True)
class SecurityEvent:
    """An event about an account's security, announced on identity.users.v1: kind is one of
    "email_verified", "email_changed", "password_changed" (detail: "changed" or "reset") and
    "second_factor_changed" (detail: enabled, disabled, recovery_codes_regenerated,
    recovery_code_used; recovery_codes_left after it)."""

    kind: str
    user_id: str
    at: datetime
    detail: str = ""
    recovery_codes_left: int = 0


class SecurityTransaction(ABC):
    """One transaction of the account security use cases: what they read is locked until it ends,
    and what they write (mail and events included) is committed together or not at all."""

    @abstractmethod
    async def account(self, user_id: str) -> SecurityAccount | None: ...

    @abstractmethod
    async def account_by_email(self, email: str) -> SecurityAccount | None: ...

    @abstractmethod
    async def add_token(
        self, user_id: str, token_hash: bytes, purpose: TokenPurpose, email: str, expires_at: datetime
    ) -> None: ...

    @abstractmethod
    async def tokens_since(self, user_id: str, purposes: tuple[TokenPurpose, ...], since: datetime) -> int: ...

    @abstractmethod
    async def take_token(self, token_hash: bytes) -> StoredToken | None:
        """The token, locked (concurrent uses of one token serialise here)."""

    @abstractmethod
    async def spend_tokens(self, user_id: str, purposes: tuple[TokenPurpose, ...]) -> None:
        """Mark every unused token of these purposes used."""

    @abstractmethod
    async def token_used(self, user_id: str, purpose: TokenPurpose, email: str) -> bool:
        """Whether an unexpired token of this purpose for this address has been used."""

    @abstractmethod
    async def note_mail_request(self, email: str, kind: str, since: datetime) -> int:
        """Record a request to mail `email` and return how many there were since `since`, this one
        included (rows of a day ago and more are deleted)."""

    @abstractmethod
    async def set_email_verified(self, user_id: str, at: datetime) -> None: ...

    @abstractmethod
    async def change_email(self, user_id: str, email: str, at: datetime) -> bool:
        """False when another account has the address by now."""

    @abstractmethod
    async def set_password(self, user_id: str, password_hash: str) -> None: ...

    @abstractmethod
    async def revoke_sessions(self, user_id: str, reason: str, keep_session: str | None = None) -> int: ...

    @abstractmethod
    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool: ...

    @abstractmethod
    async def start_session(
        self, user_id: str, refresh_token_hash: bytes, expires_at: datetime, client: ClientInfo
    ) -> tuple[str, bool, bool]:
        """A new session with its first refresh token: its id, whether the account had sessions
        before, and whether one of them came from the same device (user agent)."""

    @abstractmethod
    async def set_totp(self, user_id: str, secret: str | None, pending: str | None) -> None: ...

    @abstractmethod
    async def use_totp_step(self, user_id: str, step: int) -> None: ...

    @abstractmethod
    async def replace_recovery_codes(self, user_id: str, code_hashes: list[bytes]) -> None: ...

    @abstractmethod
    async def use_recovery_code(self, user_id: str, code_hash: bytes) -> bool: ...

    @abstractmethod
    async def recovery_codes_left(self, user_id: str) -> int: ...

    @abstractmethod
    async def add_challenge(
        self, token_hash: bytes, user_id: str, client: ClientInfo, expires_at: datetime
    ) -> None: ...

    @abstractmethod
    async def take_challenge(self, token_hash: bytes) -> Challenge | None:
        """The challenge, locked."""

    @abstractmethod
    async def challenge_failed(self, token_hash: bytes) -> None: ...

    @abstractmethod
    async def challenge_used(self, token_hash: bytes) -> None: ...

    @abstractmethod
    async def mail(self, mail: Mail) -> None:
        """Queue a mail (the mail outbox), sent once this transaction commits."""

    @abstractmethod
    async def announce(self, event: SecurityEvent) -> None: ...


class SecurityStore(ABC):
    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[SecurityTransaction]: ...

    @abstractmethod
    async def sessions(self, user_id: str) -> list[SessionInfo]:
        """The account's sessions that have not ended, the most recently used first."""

    @abstractmethod
    async def pending_email(self, user_id: str) -> str:
        """The new address of a pending email change (both sides unexpired, not both used)."""


class Places(ABC):
    """Where a public address is, from a location database: "City, Country", a country, or empty."""

    @abstractmethod
    def locate(self, ip_address: str) -> str: ...


class MailSender(ABC):
    @abstractmethod
    async def send(self, message_id: str, to: str, rendered: RenderedMail) -> None:
        """Hand one message to the mail server; raises when it is not accepted."""


@dataclass(frozen=True)
class QueuedMail:
    """A mail of the mail outbox, taken for delivery."""

    message_id: str
    to: str
    template: MailTemplate
    params: dict[str, Any]
    attempts: int


class MailOutbox(ABC):
    @abstractmethod
    async def deliver_due(self, deliver: Callable[[QueuedMail], Awaitable[None]], limit: int) -> int:
        """Take up to `limit` due mails (ones another replica holds are skipped), hand each to
        `deliver` and delete it when that returns; one that raises is tried again later, less
        often each time. Returns how many were delivered."""


class MailRenderer(ABC):
    @abstractmethod
    def render(self, template: MailTemplate, params: dict[str, Any]) -> RenderedMail: ...


# --- Trust and safety (kith_identity.service_layer.trust_safety) -------------------------------


class TrustSafetyStore(ABC):
    """Each call is one transaction; staff actions write their audit entry and events in it."""

    @abstractmethod
    async def staff_role(self, user_id: str) -> StaffRole | None: ...

    @abstractmethod
    async def user_by_handle(self, handle: str) -> str | None: ...

    @abstractmethod
    async def set_role(self, actor_id: str | None, user_id: str, role: StaffRole | None) -> bool:
        """False when it was the role already; NotFound for an unknown or erased user."""

    @abstractmethod
    async def file_report(self, report: NewReport) -> str:
        """The new report's id, or that of the reporter's open report on the same target."""

    @abstractmethod
    async def reports(
        self,
        status: ReportStatus | None,
        kind: TargetKind | None,
        reason: ReportReason | None,
        limit: int,
        after: tuple[datetime, str] | None,
    ) -> list[Report]:
        """Oldest first, after the cursor (created_at, id)."""

    @abstractmethod
    async def resolve_report(self, staff_id: str, report_id: str, status: ReportStatus, note: str) -> Report:
        """NotFound for an unknown report; FailedPrecondition for one already closed."""

    @abstractmethod
    async def target_role(self, user_id: str) -> tuple[bool, StaffRole | None]:
        """Whether the user exists (not erased), and their staff role."""

    @abstractmethod
    async def suspend(
        self, staff_id: str, user_id: str, reason: str, until: datetime | None, report_id: str | None
    ) -> None:
        """Suspend (deactivating an active account, ending its sessions), close the report as
        actioned when one is named, audit and announce it."""

    @abstractmethod
    async def lift(self, staff_id: str | None, user_id: str, how: str, note: str) -> bool:
        """End a suspension (reactivating what it deactivated); False when there was none."""

    @abstractmethod
    async def suspension(self, user_id: str) -> Suspension | None: ...

    @abstractmethod
    async def file_appeal(self, user_id: str, text: str) -> str:
        """AlreadyExists when the current suspension has an appeal; FailedPrecondition when the
        account is not suspended."""

    @abstractmethod
    async def appeals(
        self, status: AppealStatus | None, limit: int, after: tuple[datetime, str] | None
    ) -> list[Appeal]: ...

    @abstractmethod
    async def decide_appeal(self, staff_id: str, appeal_id: str, overturn: bool, note: str) -> Appeal:
        """Overturning lifts the suspension, or restores the removed content, in the same
        transaction."""

    @abstractmethod
    async def remove(self, staff_id: str, removal: NewRemoval, report_id: str | None) -> Removal:
        """Record and announce the removal (closing the report as actioned when one is named),
        or return the removal of that target already in force (announcing nothing)."""

    @abstractmethod
    async def restore(self, staff_id: str, removal_id: str, note: str) -> Removal:
        """Reverse a removal and announce it; NotFound for an unknown one, FailedPrecondition
        for one restored already."""

    @abstractmethod
    async def name_owner(self, removal_id: str, owner_id: str) -> bool:
        """Record who owns the removed target and queue their notice, once (False when the owner
        was known already, or the removal or the account is unknown)."""

    @abstractmethod
    async def file_removal_appeal(self, user_id: str, removal_id: str, text: str) -> str:
        """NotFound unless the user owns the removal; FailedPrecondition when it is restored
        already; AlreadyExists when it was appealed already."""

    @abstractmethod
    async def owned_removals(self, owner_id: str, limit: int, before: tuple[datetime, str] | None) -> list[Removal]:
        """Newest first, before the cursor (removed_at, id)."""

    @abstractmethod
    async def actions(
        self, staff_id: str | None, target_id: str | None, limit: int, before: int | None
    ) -> list[StaffActionEntry]:
        """Newest first, before the cursor (an action id)."""

    @abstractmethod
    async def staff(self) -> list[StaffMember]: ...

    @abstractmethod
    async def suspensions_over(self, now: datetime, limit: int) -> list[str]: ...
