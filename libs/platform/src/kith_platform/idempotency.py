"""Idempotency keys of the writes a client retries (content's CreatePost, SharePost and
AddComment; messaging's SendMessage calls its key client_id): what a key may be, how long it is
kept, the fingerprint of the request it first came with, and whether a call that repeats it is
given the first call's result or refused. Each service stores a key with what its first call
made, in that write's own transaction; this module is the rule they all apply."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_platform.errors import FailedPrecondition, InvalidArgument

FIELD = "idempotency_key"
KEY_MAX = 128
# How long a key is kept per person: a repeat within this gets the first call's result; after
# it, the key is free again (and the services' sweeps delete it).
KEPT = timedelta(hours=24)
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")


def validate_key(value: str, field: str = FIELD, *, max_length: int = KEY_MAX) -> str | None:
    """The key as sent, or None when the request has none; INVALID_ARGUMENT naming `field`
    unless it is 1 to `max_length` printable ASCII characters (space to tilde)."""
    if not value:
        return None
    if len(value) > max_length or not _PRINTABLE_ASCII.fullmatch(value):
        raise InvalidArgument(field, f"must be 1 to {max_length} printable ASCII characters")
    return value


def _plain(value: object) -> object:
    """`value` as JSON can hold it, the same way every time (dataclasses by field, enums by value)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def fingerprint(operation: str, *body: object) -> bytes:
    """What a request asked for, as 32 bytes: the operation ("CreatePost") and the request's
    fields as sent, but for the key. A repeat must ask for the same thing."""
    canonical = json.dumps([operation, _plain(body)], separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True)
class Claim:
    """A key as stored: the fingerprint of its first call's request and what that call made."""

    fingerprint: bytes
    resource_id: str
    created_at: datetime


@dataclass(frozen=True)
class NewClaim:
    """A key to store with what this call makes, in the same transaction as the write."""

    user_id: str
    key: str
    fingerprint: bytes
    at: datetime

    @property
    def free_before(self) -> datetime:
        """A stored key made before this is expired: this call may take it over."""
        return self.at - KEPT


class KeyTaken(Exception):
    """The write found its key stored by a call that committed first (a concurrent one): nothing
    was written, and the caller gives back that call's result (`replayed`)."""


def new_claim(
    user_id: str, key: str, operation: str, body: tuple, now: datetime, field: str = FIELD
) -> NewClaim | None:
    """The claim a keyed request makes (None without a key); INVALID_ARGUMENT for a bad key."""
    checked = validate_key(key, field)
    if checked is None:
        return None
    return NewClaim(user_id, checked, fingerprint(operation, *body), now)


def same_request(stored: bytes | None, asked: bytes, field: str = FIELD) -> None:
    """FAILED_PRECONDITION naming `field` when the key first came with another request (rather
    than silently answering with what that other request made). None stored: nothing to compare."""
    if stored is not None and stored != asked:
        raise FailedPrecondition(f"{field}: already used for a different request; use a new key for a new request")


def first_result_gone(field: str = FIELD) -> FailedPrecondition:
    """A repeat whose first call's result has been deleted since: there is nothing to give back,
    and making it again would not be a repeat."""
    return FailedPrecondition(f"{field}: what the first call with this key made has been deleted since")


def replayed(stored: Claim | None, claim: NewClaim, field: str = FIELD) -> str | None:
    """The id of what the first call with this key made when this call repeats it; None when the
    key is free (never used, or expired); FAILED_PRECONDITION when it came with another request."""
    if stored is None or stored.created_at <= claim.free_before:
        return None
    same_request(stored.fingerprint, claim.fingerprint, field)
    return stored.resource_id
