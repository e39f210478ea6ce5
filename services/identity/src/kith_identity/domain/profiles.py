"""Profile rules: what may be in a profile, and what a viewer who is not connected sees."""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit

from kith_platform import cursors
from kith_platform.errors import InvalidArgument
from kith_platform.validation import check_text, normalise_topics, page_size

DISPLAY_NAME_MAX, BIO_MAX, LOCATION_MAX, AVATAR_URL_MAX = 80, 500, 100, 2048
INTERESTS_MAX = 30
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")
QUERY_MAX = 100
DEFAULT_PAGE, MAX_PAGE = 20, 50


class Visibility(enum.Enum):
    PUBLIC = "public"
    CONNECTIONS = "connections"


@dataclass(frozen=True)
class Profile:
    user_id: str
    handle: str
    display_name: str
    avatar_url: str
    bio: str
    location: str
    language: str
    interests: tuple[str, ...]
    visibility: Visibility
    created_at: datetime
    restricted: bool = False

    def card(self) -> Profile:
        """What anyone may see: handle, display name and avatar."""
        return replace(self, bio="", location="", language="", interests=(), restricted=True)

    def public(self) -> Profile:
        """What everyone may see: the whole profile when it is public, the card otherwise."""
        return self if self.visibility is Visibility.PUBLIC else self.card()


@dataclass(frozen=True)
class ProfileChanges:
    display_name: str | None = None
    bio: str | None = None
    avatar_url: str | None = None
    location: str | None = None
    language: str | None = None
    interests: tuple[str, ...] | None = None
    visibility: Visibility | None = None


def _display_name(value: str) -> str:
    value = check_text(" ".join(value.split()), "display_name", max_length=DISPLAY_NAME_MAX)
    if not value:
        raise InvalidArgument("display_name", "must not be empty")
    return value


def _avatar_url(value: str) -> str:
    value = check_text(value.strip(), "avatar_url", max_length=AVATAR_URL_MAX)
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        raise InvalidArgument("avatar_url", "must be an https URL")
    return value


def _language(value: str) -> str:
    value = value.strip()
    if value and not LANGUAGE_RE.match(value):
        raise InvalidArgument("language", "must be a language tag such as en or pt-BR")
    return value


def validate_changes(
    *,
    display_name: str | None,
    bio: str | None,
    avatar_url: str | None,
    location: str | None,
    language: str | None,
    interests: list[str] | None,
    visibility: Visibility | None,
) -> ProfileChanges:
    return ProfileChanges(
        display_name=None if display_name is None else _display_name(display_name),
        bio=None if bio is None else check_text(bio.strip(), "bio", max_length=BIO_MAX, multiline=True),
        avatar_url=None if avatar_url is None else _avatar_url(avatar_url),
        location=None if location is None else check_text(location.strip(), "location", max_length=LOCATION_MAX),
        language=None if language is None else _language(language),
        interests=None if interests is None else normalise_topics(interests, "interests", max_count=INTERESTS_MAX),
        visibility=visibility,
    )


@dataclass(frozen=True)
class SearchCursor:
    """The last match of a page: its score and id (matches are ordered by score, then id)."""

    score: float
    user_id: str

    def encode(self) -> str:
        return cursors.encode(self.score, self.user_id)

    @classmethod
    def decode(cls, value: str) -> SearchCursor | None:
        decoded = cursors.decode(value, float, lambda u: str(uuid.UUID(u)))
        return None if decoded is None else cls(*decoded)


def search_query(query: str) -> str:
    query = check_text(" ".join(query.split()).lower(), "query", max_length=QUERY_MAX)
    if not query:
        raise InvalidArgument("query", "is required")
    return query


def search_page_size(requested: int) -> int:
    return page_size(requested, default=DEFAULT_PAGE, maximum=MAX_PAGE)
