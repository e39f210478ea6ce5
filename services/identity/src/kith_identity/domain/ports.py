"""The identity service's ports: what its handlers need from the outside world."""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from kith_identity.domain.accounts import Account, ImportResult
from kith_identity.domain.profiles import Profile, ProfileChanges, SearchCursor


@dataclass(frozen=True)
class StoredCredentials:
    account: Account
    password_hash: str
    deactivated: bool = False
    erase_after: datetime | None = None  # set while a deletion is pending


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
    async def create(self, account: Account, email: str, password_hash: str) -> None:
        """Store the account and its UserRegistered event in one transaction.

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
    async def create_session(self, user_id: str, refresh_token_hash: bytes, expires_at: datetime) -> str:
        """A new session with its first refresh token; returns the session id."""

    @abstractmethod
    async def rotate_refresh_token(self, old_hash: bytes, new_hash: bytes, expires_at: datetime) -> Rotation:
        """Spend `old_hash` and issue `new_hash` in the same session, atomically.

        A spent token presented again revokes its session (committed) and reports REUSED."""

    @abstractmethod
    async def revoke_session(self, user_id: str, session_id: str, reason: str) -> bool: ...

    @abstractmethod
    async def revoke_sessions(self, user_id: str, reason: str, *, keep_session: str | None = None) -> int: ...

    @abstractmethod
    async def change_password(self, user_id: str, password_hash: str, keep_session: str) -> int:
        """Set the hash and revoke every other session in one transaction; returns how many."""

    @abstractmethod
    async def deactivate(self, user_id: str) -> bool:
        """Mark deactivated, revoke every session and emit UserDeactivated, in one transaction."""

    @abstractmethod
    async def reactivate(self, user_id: str) -> bool:
        """Clear the mark (and a pending deletion) and emit UserReactivated (after
        AccountDeletionCancelled when one was pending), in one transaction."""

    @abstractmethod
    async def schedule_deletion(self, user_id: str, erase_after: datetime) -> None:
        """Deactivate (revoking every session, UserDeactivated) unless already deactivated, set
        when to erase, and emit AccountDeletionScheduled, in one transaction."""

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
    """Asks the graph service whether two users are connected (follow each other)."""

    @abstractmethod
    async def connected(self, user_id: str, other_user_id: str) -> bool: ...


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
