"""The feed read model's records and the feed cursor."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from kith_platform.errors import InvalidArgument

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


@dataclass(frozen=True)
class PostSummary:
    post_id: str
    author_id: str
    text: str
    created_at_ms: int
    audience: str = "public"


@dataclass(frozen=True)
class AuthorSummary:
    user_id: str
    handle: str
    display_name: str


@dataclass(frozen=True)
class FeedEntry:
    post: PostSummary
    author: AuthorSummary | None


@dataclass(frozen=True)
class Cursor:
    """A position in a feed: the last entry seen (score, then member, both descending)."""

    score: int
    member: str

    def encode(self) -> str:
        return base64.urlsafe_b64encode(f"{self.score}:{self.member}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        if not value:
            return None
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            score, member = raw.split(":", 1)
            return cls(int(score), member)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise InvalidArgument("cursor", "is not a cursor returned by this API") from None


def page_size(requested: int) -> int:
    if requested == 0:
        return DEFAULT_PAGE_SIZE
    if not 1 <= requested <= MAX_PAGE_SIZE:
        raise InvalidArgument("page_size", f"must be between 1 and {MAX_PAGE_SIZE}")
    return requested
