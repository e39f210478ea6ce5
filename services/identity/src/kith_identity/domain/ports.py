"""The identity service's ports: what its handlers need from the outside world."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from kith_identity.domain.accounts import Account


@dataclass(frozen=True)
class StoredCredentials:
    account: Account
    password_hash: str


class AccountRepository(ABC):
    @abstractmethod
    async def create(self, account: Account, email: str, password_hash: str) -> None:
        """Store the account and its UserRegistered event in one transaction.

        Raises AlreadyExists naming the field (handle or email) that is taken."""

    @abstractmethod
    async def find_credentials(self, login: str) -> StoredCredentials | None:
        """By handle or email, case-insensitively."""

    @abstractmethod
    async def update_password_hash(self, user_id: str, password_hash: str) -> None: ...

    @abstractmethod
    async def get(self, user_id: str) -> Account | None: ...

    @abstractmethod
    async def create_session(self, user_id: str, refresh_token_hash: bytes, expires_at: datetime) -> str: ...


class PasswordHasher(ABC):
    @abstractmethod
    async def hash(self, password: str) -> str: ...

    @abstractmethod
    async def verify(self, password_hash: str, password: str) -> bool: ...

    @abstractmethod
    def needs_rehash(self, password_hash: str) -> bool: ...


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
