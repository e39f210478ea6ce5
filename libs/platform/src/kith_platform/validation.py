"""Checks on free text from clients, shared by every service (PostgreSQL rejects NUL, and
control characters have no place in names or logins)."""

from __future__ import annotations

import re

from kith_platform.errors import InvalidArgument

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]")


def check_text(value: str, field: str, *, max_length: int, multiline: bool = False) -> str:
    """`value` unchanged if it fits; INVALID_ARGUMENT naming `field` otherwise."""
    if len(value) > max_length:
        raise InvalidArgument(field, f"must be at most {max_length} characters")
    if (_CONTROL if multiline else _CONTROL_OR_NEWLINE).search(value):
        raise InvalidArgument(field, "must not contain control characters")
    return value
