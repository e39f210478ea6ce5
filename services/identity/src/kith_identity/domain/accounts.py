"""Account rules: what a valid handle, email, password and display name are."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email

from kith_platform.errors import InvalidArgument
from kith_platform.validation import check_text

HANDLE_RE = re.compile(r"^[A-Za-z0-9_]{3,30}$")
LOGIN_MAX = 320  # the longest email address
PASSWORD_MIN, PASSWORD_MAX = 8, 256
DISPLAY_NAME_MAX = 80


@dataclass(frozen=True)
class Registration:
    handle: str
    email: str
    password: str
    display_name: str


@dataclass(frozen=True)
class Account:
    user_id: str
    handle: str
    display_name: str
    created_at: datetime


def _valid_handle(handle: str) -> str:
    handle = handle.strip()
    if not handle:
        raise InvalidArgument("handle", "is required")
    if not HANDLE_RE.match(handle):
        raise InvalidArgument("handle", "must be 3 to 30 letters, digits or underscores")
    return handle


def valid_email(email: str, field: str = "email") -> str:
    if not email.strip():
        raise InvalidArgument(field, "is required")
    if len(email) > LOGIN_MAX:
        raise InvalidArgument(field, f"must be at most {LOGIN_MAX} characters")
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidArgument(field, f"is not a valid address ({exc})") from None


def _valid_display_name(display_name: str, handle: str) -> str:
    return check_text(" ".join(display_name.split()), "display_name", max_length=DISPLAY_NAME_MAX) or handle


def validate_registration(handle: str, email: str, password: str, display_name: str) -> Registration:
    handle = _valid_handle(handle)
    normalized_email = valid_email(email)
    password = validate_new_password(password, "password")
    return Registration(handle, normalized_email, password, _valid_display_name(display_name, handle))


@dataclass(frozen=True)
class ImportedAccount:
    """An account brought in by an operator (ImportAccounts): Register's fields, with the
    password as a hash that the password hasher accepted."""

    handle: str
    email: str
    display_name: str
    password_hash: str


def validate_import(handle: str, email: str, display_name: str, password_hash: str) -> ImportedAccount:
    """Register's rules for the handle, email and display name (the hash is the hasher's to judge)."""
    handle = _valid_handle(handle)
    normalized_email = valid_email(email)
    display_name = _valid_display_name(display_name, handle)
    if not password_hash:
        raise InvalidArgument("password_hash", "is required")
    return ImportedAccount(handle, normalized_email, display_name, password_hash)


class ImportOutcome(enum.Enum):
    CREATED = "created"
    ALREADY_EXISTED = "already existed"
    INVALID = "invalid"


@dataclass(frozen=True)
class ImportResult:
    """What happened to one imported account."""

    outcome: ImportOutcome
    user_id: str = ""
    reason: str = ""  # "<field>: <why>" for an invalid one
    same_password_hash: bool = False  # an existing account holds exactly the hash given

    @classmethod
    def invalid(cls, reason: str) -> ImportResult:
        return cls(ImportOutcome.INVALID, reason=reason)


def validate_new_password(password: str, field: str) -> str:
    if not password:
        raise InvalidArgument(field, "is required")
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidArgument(field, f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters")
    return password


def validate_login(login: str) -> str:
    login = check_text(login.strip(), "login", max_length=LOGIN_MAX)
    if not login:
        raise InvalidArgument("login", "is required")
    return login
