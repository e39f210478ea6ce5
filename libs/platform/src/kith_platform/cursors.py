"""Opaque page cursors: the sort key of the last item seen, as URL-safe base64 JSON."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from kith_platform.errors import InvalidArgument


def encode(*parts: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


def decode(value: str, *converters: Callable[[Any], Any]) -> tuple | None:
    """None for an empty cursor; each part passed through its converter; INVALID_ARGUMENT
    naming `cursor` for anything this API did not hand out."""
    if not value:
        return None
    try:
        parts = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        if not isinstance(parts, list) or len(parts) != len(converters):
            raise ValueError("wrong shape")
        return tuple(convert(part) for convert, part in zip(converters, parts, strict=True))
    # AttributeError: a part of the wrong JSON type (a number where an id belongs) reaching its converter
    except (
        ValueError,
        TypeError,
        AttributeError,
        binascii.Error,
        UnicodeDecodeError,
        OverflowError,
        OSError,
        InvalidArgument,
    ):
        raise InvalidArgument("cursor", "is not a cursor returned by this API") from None


def _uuid(value: Any) -> str:
    from kith_platform.ids import parse_uuid

    return parse_uuid(str(value), "cursor")


def _time(micros: Any) -> datetime:
    return datetime.fromtimestamp(int(micros) / 1_000_000, UTC)


def encode_at(at: datetime, item_id: str, *before: Any) -> str:
    """A cursor on (optional leading keys, a time to the microsecond, an id)."""
    return encode(*before, int(at.timestamp() * 1_000_000), item_id)


def decode_at(value: str, *before: Callable[[Any], Any]) -> tuple | None:
    """The parts of an `encode_at` cursor: the leading keys, the time (UTC) and the id."""
    return decode(value, *before, _time, _uuid)
