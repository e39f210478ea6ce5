"""Checks on free text from clients, shared by every service (PostgreSQL rejects NUL, and
control characters have no place in names or logins)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

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


TOPIC_MAX = 40
_TOPIC = re.compile(r"^[^\W_](?:[\w -]*[^\W_])?$")


def normalise_topics(topics: list[str], field: str, *, max_count: int) -> tuple[str, ...]:
    """Topics (interests, community topics, hashtags' words) in one form: trimmed, single
    spaces, lower case, deduplicated in order; letters, digits, spaces, '-' and '_' only."""
    if len(topics) > max_count:
        raise InvalidArgument(field, f"at most {max_count} topics")
    seen: dict[str, None] = {}
    for topic in topics:
        topic = " ".join(topic.split()).lower()
        if not 1 <= len(topic) <= TOPIC_MAX or not _TOPIC.match(topic):
            raise InvalidArgument(field, f"each topic is 1 to {TOPIC_MAX} letters, digits, spaces, - or _")
        seen.setdefault(topic)
    return tuple(seen)


def page_size(requested: int, *, default: int, maximum: int, field: str = "page_size") -> int:
    """A page size from a request: 0 means `default`; otherwise 1 to `maximum`."""
    if requested == 0:
        return default
    if not 1 <= requested <= maximum:
        raise InvalidArgument(field, f"must be between 1 and {maximum}")
    return requested


HASHTAG_MAX = 50


def normalise_hashtag(value: str, field: str = "hashtag") -> str:
    """A hashtag as every service stores and looks it up: without '#', NFKC, case-folded;
    letters, digits and underscores only."""
    tag = unicodedata.normalize("NFKC", value.strip().lstrip("#")).casefold()
    if not tag or len(tag) > HASHTAG_MAX or not re.fullmatch(r"\w+", tag):
        raise InvalidArgument(field, f"must be 1 to {HASHTAG_MAX} letters, digits or underscores")
    return tag


def optional_time(message, field: str, name: str = "") -> datetime | None:
    """A request's Timestamp field as an aware UTC datetime; None when unset; INVALID_ARGUMENT naming
    the field (as `name` when the message is nested, e.g. "poll.closes_at") when it is out of range
    (seconds outside years 1 to 9999, nanos outside 0 to 999,999,999)."""
    if not message.HasField(field):
        return None
    try:
        return getattr(message, field).ToDatetime(tzinfo=UTC)
    except ValueError:
        raise InvalidArgument(name or field, "is not a valid timestamp (years 1 to 9999)") from None
