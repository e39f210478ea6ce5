"""Identity use cases: register, log in, look up users and verification keys."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from kith_identity.domain.accounts import Account, validate_registration
from kith_identity.domain.ports import (
    AccountRepository,
    IssuedToken,
    PasswordHasher,
    TokenIssuer,
    VerificationKey,
)
from kith_platform.errors import InvalidArgument, NotFound, Unauthenticated
from kith_platform.ids import parse_uuid


@dataclass(frozen=True)
class RegisterUser:
    handle: str
    email: str
    password: str
    display_name: str = ""


@dataclass(frozen=True)
class LogIn:
    login: str
    password: str


@dataclass(frozen=True)
class Session:
    account: Account
    access: IssuedToken
    refresh_token: str


@dataclass
class IdentityHandlers:
    accounts: AccountRepository
    passwords: PasswordHasher
    tokens: TokenIssuer
    refresh_ttl: timedelta = timedelta(days=30)
    # Verified against when the login names no account, so both paths cost the same.
    _dummy_hash: str = ""

    async def register(self, cmd: RegisterUser) -> Account:
        reg = validate_registration(cmd.handle, cmd.email, cmd.password, cmd.display_name)
        account = Account(
            user_id=str(uuid.uuid4()),
            handle=reg.handle,
            display_name=reg.display_name,
            created_at=datetime.now(timezone.utc).replace(microsecond=0),
        )
        await self.accounts.create(account, reg.email, await self.passwords.hash(reg.password))
        return account

    async def log_in(self, cmd: LogIn) -> Session:
        if not cmd.login.strip():
            raise InvalidArgument("login", "is required")
        if not cmd.password:
            raise InvalidArgument("password", "is required")
        stored = await self.accounts.find_credentials(cmd.login.strip())
        if stored is None:
            if not self._dummy_hash:
                self._dummy_hash = await self.passwords.hash(secrets.token_urlsafe(16))
            await self.passwords.verify(self._dummy_hash, cmd.password)
            raise Unauthenticated("invalid login or password")
        if not await self.passwords.verify(stored.password_hash, cmd.password):
            raise Unauthenticated("invalid login or password")
        if self.passwords.needs_rehash(stored.password_hash):
            await self.accounts.update_password_hash(
                stored.account.user_id, await self.passwords.hash(cmd.password)
            )
        refresh_token = secrets.token_urlsafe(32)
        session_id = await self.accounts.create_session(
            stored.account.user_id,
            hashlib.sha256(refresh_token.encode()).digest(),
            datetime.now(timezone.utc) + self.refresh_ttl,
        )
        access = self.tokens.issue_access_token(stored.account.user_id, session_id)
        return Session(stored.account, access, refresh_token)

    async def get_user(self, user_id: str) -> Account:
        account = await self.accounts.get(parse_uuid(user_id, "user_id"))
        if account is None:
            raise NotFound(f"user_id: no user {user_id}")
        return account

    def public_keys(self) -> list[VerificationKey]:
        return self.tokens.public_keys()
