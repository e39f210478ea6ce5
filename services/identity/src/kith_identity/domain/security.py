"""Account security rules: mailed tokens and their lifetimes, the second factor (TOTP and recovery
codes), log-in challenges, the throttles, and where a session comes from."""

from __future__ import annotations

import enum
import hashlib
import ipaddress
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp

from kith_platform.errors import InvalidArgument

TOKEN_MAX = 200  # a token or a code longer than this is not one of ours


class TokenPurpose(enum.Enum):
    """What a mailed token does when it is spent (ConfirmEmail or ResetPassword)."""

    VERIFY = "verify"  # the account's address
    RESET = "reset"  # the password
    CHANGE_NEW = "change_new"  # an email change, confirmed from the new address
    CHANGE_OLD = "change_old"  # ... and from the old one


TOKEN_TTL = {
    TokenPurpose.VERIFY: timedelta(hours=24),
    TokenPurpose.RESET: timedelta(hours=1),
    TokenPurpose.CHANGE_NEW: timedelta(hours=1),
    TokenPurpose.CHANGE_OLD: timedelta(hours=1),
}


@dataclass(frozen=True)
class Throttle:
    """At most `limit` in `window`."""

    limit: int
    window: timedelta

    def refusal(self, what: str) -> str:
        minutes = int(self.window.total_seconds() // 60)
        return f"too many {what}: at most {self.limit} in {minutes} minutes; try again later"


RESEND_VERIFICATION = Throttle(5, timedelta(hours=1))  # per account
RESET_PER_ADDRESS = Throttle(3, timedelta(hours=1))  # per address, registered or not
EMAIL_CHANGE_PER_ACCOUNT = Throttle(5, timedelta(hours=1))

CHALLENGE_TTL = timedelta(minutes=5)
CHALLENGE_FAILURES = 5  # wrong codes a log-in challenge allows

RECOVERY_CODES = 10
TOTP_ISSUER = "Kith"


def new_token() -> str:
    """A token to mail or hand out: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    """How tokens and codes are stored: their SHA-256 (they are random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).digest()


def required_token(token: str, field: str = "token") -> str:
    token = token.strip()
    if not token:
        raise InvalidArgument(field, "is required")
    if len(token) > TOKEN_MAX:
        raise InvalidArgument(field, "is not valid")
    return token


# --- The second factor -------------------------------------------------------------------------

TOTP_CODE = re.compile(r"^\d{6}$")
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_CODE = re.compile(rf"^[{_RECOVERY_ALPHABET}]{{5}}-?[{_RECOVERY_ALPHABET}]{{5}}$")


def new_totp_secret() -> str:
    return pyotp.random_base32()


def otpauth_uri(secret: str, handle: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=handle, issuer_name=TOTP_ISSUER)


def new_recovery_codes() -> list[str]:
    """Ten codes of ten characters (about 49 bits each), shown as xxxxx-xxxxx."""
    codes = []
    for _ in range(RECOVERY_CODES):
        chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{chars[:5]}-{chars[5:]}")
    return codes


def recovery_code_hash(code: str) -> bytes:
    """The stored form of a recovery code, whether it was typed with its dash or not."""
    return token_hash(code.strip().lower().replace("-", ""))


@dataclass(frozen=True)
class SecondFactorCode:
    """A code given as the second factor: from the app (6 digits) or a recovery code."""

    totp: str = ""
    recovery: str = ""


def parse_second_factor(code: str, field: str = "code") -> SecondFactorCode:
    code = code.strip().replace(" ", "")
    if not code:
        raise InvalidArgument(field, "is required")
    if TOTP_CODE.match(code):
        return SecondFactorCode(totp=code)
    if RECOVERY_CODE.match(code.lower()):
        return SecondFactorCode(recovery=code.lower())
    raise InvalidArgument(field, "must be a 6-digit code from your app or a recovery code")


def totp_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step `code` belongs to when it is right for `secret` at `now` (the step before and
    after allowed for clock drift), and newer than the last step used: each code works once.
    None when it is wrong or spent."""
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // totp.interval
    for step in (current, current - 1, current + 1):
        if (last_step is None or step > last_step) and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


# --- Where a session comes from ----------------------------------------------------------------

USER_AGENT_MAX = 300


@dataclass(frozen=True)
class ClientInfo:
    """The client of a log-in as the gateway saw it: its user agent and address."""

    user_agent: str = ""
    ip_address: str = ""

    @classmethod
    def of(cls, user_agent: str, ip_address: str) -> ClientInfo:
        return cls(" ".join(user_agent.split())[:USER_AGENT_MAX], ip_address.strip()[:64])

    @property
    def device(self) -> str:
        return self.user_agent or "an unknown device"


def place_of(ip_address: str, locate: Callable[[str], str]) -> str:
    """Where an address is: the local network for private, loopback and link-local addresses;
    otherwise what the location database says (`locate`), empty when it does not know."""
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return ""
    if address.is_loopback or address.is_private or address.is_link_local:
        return "local network"
    return locate(address.compressed)
