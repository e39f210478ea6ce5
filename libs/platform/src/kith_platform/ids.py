"""Identifier parsing shared by every service."""

from __future__ import annotations

import uuid

from kith_platform.errors import InvalidArgument


def parse_uuid(value: str, field: str) -> str:
    """The canonical form of a UUID field, or INVALID_ARGUMENT naming the field."""
    if not value:
        raise InvalidArgument(field, "is required")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidArgument(field, "must be a UUID") from None
