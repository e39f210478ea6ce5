"""The JSON every service writes into a person's data export (docs/data-export.md): UTF-8,
times as RFC 3339 UTC strings, ids as strings, keys in a stable order."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any


def iso(value: datetime | None) -> str | None:
    """RFC 3339 in UTC with a Z ("2026-12-03T10:51:11.123456Z"); None stays None (JSON null)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def iso_from_ms(ms: int | float | None) -> str | None:
    """`iso` of epoch milliseconds (the graph and the feed keep times that way)."""
    if ms is None:
        return None
    return iso(datetime.fromtimestamp(ms / 1000, tz=UTC))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"not exportable as JSON: {type(value).__name__}")


def json_document(document: dict[str, Any]) -> bytes:
    """One archive file: a JSON object, indented for people, UTF-8 (not \\u-escaped)."""
    return json.dumps(document, default=_plain, ensure_ascii=False, indent=2, sort_keys=False).encode()
