"""The feed read model's records and the feed cursor."""

from __future__ import annotations

from dataclasses import dataclass

from kith_platform import cursors, validation

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
        return cursors.encode(self.score, self.member)

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        decoded = cursors.decode(value, int, str)
        return None if decoded is None else cls(*decoded)


def page_size(requested: int) -> int:
    return validation.page_size(requested, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
