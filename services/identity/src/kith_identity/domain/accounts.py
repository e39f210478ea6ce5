"""Account rules: what a valid handle, email, password and display name are."""

from __future__ import annotations

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


def validate_registration(handle: str, email: str, password: str, display_name: str) -> Registration:
    handle = handle.strip()
    if not handle:
        raise InvalidArgument("handle", "is required")
    if not HANDLE_RE.match(handle):
        raise InvalidArgument("handle", "must be 3 to 30 letters, digits or underscores")
    if not email.strip():
        raise InvalidArgument("email", "is required")
    try:
        normalized_email = validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidArgument("email", f"is not a valid address ({exc})") from None
    password = validate_new_password(password, "password")
    display_name = check_text(" ".join(display_name.split()), "display_name", max_length=DISPLAY_NAME_MAX) or handle
    return Registration(handle, normalized_email, password, display_name)


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
