"""Unread tracking (docs/unread.md): what is new to a person since their last visit to a community
and since they last read a thread, the rules of the requests, and the port that keeps the
positions. Positions only move forward; the adapter's write keeps the later one."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kith_platform.errors import InvalidArgument
from kith_platform.ids import parse_uuid

COMMUNITIES_MAX = 100  # per GetCommunityUnread
COUNT_MAX = 1000  # counts stop here ("1000 or more")
# The comment id of a position that takes in every comment of its instant ("read up to now").
EVERYTHING = "ffffffff-ffff-ffff-ffff-ffffffffffff"


@dataclass(frozen=True)
class CommunityUnread:
    community_id: str
    new_posts: int
    first_new_post_id: str | None  # the oldest new post
    last_visited_at: datetime | None  # None before the first visit


@dataclass(frozen=True)
class ThreadUnread:
    post_id: str
    unread: int
    first_unread_comment_id: str | None  # the oldest unread comment
    read_up_to: datetime | None  # None: the person has no place in the thread
    last_unread_at: datetime | None  # the newest unread comment's time


@dataclass(frozen=True)
class ReadPosition:
    """A place in a thread's comment order (created_at, id): everything up to it is read."""

    at: datetime
    comment_id: str = EVERYTHING


def untracked(post_id: str) -> ThreadUnread:
    """The state of a thread the person neither took part in nor marked: nothing is unread."""
    return ThreadUnread(post_id, 0, None, None, None)


def community_ids(values: Sequence[str], field: str = "community_ids") -> list[str]:
    """The communities asked for: 1 to COMMUNITIES_MAX ids, each once, in the order given."""
    ids = list(dict.fromkeys(parse_uuid(v, field) for v in values))
    if not ids:
        raise InvalidArgument(field, "is required")
    if len(ids) > COMMUNITIES_MAX:
        raise InvalidArgument(field, f"at most {COMMUNITIES_MAX} communities")
    return ids


class ReadPositions(ABC):
    """Each person's last visit per community and read position per thread, and what is new to
    them after those; every count holds only what they may see, never their own writing."""

    @abstractmethod
    async def mark_visited(
        self, user_id: str, community_id: str, at: datetime
    ) -> tuple[datetime | None, datetime] | None:
        """Record a visit (never moving back): (the previous visit, this one); None when the
        person is not a member of the community."""

    @abstractmethod
    async def community_unread(self, user_id: str, community_ids: list[str], cap: int) -> list[CommunityUnread]:
        """For the communities among `community_ids` the person is a member of, in that order."""

    @abstractmethod
    async def mark_thread_read(self, user_id: str, post_id: str, position: ReadPosition, at: datetime) -> None:
        """Move the person's position in the thread to `position` unless it is already further."""

    @abstractmethod
    async def thread_unread(self, user_id: str, post_id: str, cap: int) -> ThreadUnread:
        """The person's state in a thread they may see (untracked when they have no place in it)."""

    @abstractmethod
    async def unread_threads(
        self, user_id: str, limit: int, after: tuple[datetime, str] | None, cap: int
    ) -> list[ThreadUnread]:
        """The threads the person took part in with unread comments, the newest unread first,
        after the cursor (the last one's last_unread_at and post id)."""
