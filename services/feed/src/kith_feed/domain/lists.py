"""Lists (docs/lists.md): a person's private lists of people, each read as a timeline of its
members' posts. The limits, what a request may hold, which posts a list's timeline shows, and the
port of the lists' store.

A list's timeline goes through the home feed's rules (the audience rule with blocks both ways and
mutes, deactivated and erased authors, the reader's muted words and content warnings), for its
members' posts only. Exclusive lists take their members' posts out of the owner's home feed
(`model.shown_in_home`); the rule reads `Viewer.exclusive`, kept by the store with every change.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kith_feed.domain.model import PostSummary, Viewer, may_see
from kith_platform import validation
from kith_platform.errors import InvalidArgument
from kith_platform.ids import parse_uuid

LISTS_MAX = 20  # lists per person
MEMBERS_MAX = 500  # people per list
TITLE_MAX = 100
REPLIES_POLICIES = ("followed", "list", "none")  # Mastodon's; feeds carry no replies yet (docs/lists.md)
DEFAULT_REPLIES_POLICY = "list"
DEFAULT_MEMBERS_PAGE, MAX_MEMBERS_PAGE = 40, 100


@dataclass(frozen=True)
class PeopleList:
    """One of a person's lists. `member_count` counts every member, those hidden from the owner
    for now (a block either way, a deactivated account) included: what MEMBERS_MAX limits."""

    list_id: str
    title: str
    replies_policy: str = DEFAULT_REPLIES_POLICY
    exclusive: bool = False
    created_at_ms: int = 0
    member_count: int = 0

    def settings(self) -> dict[str, str | bool | int]:
        """What is kept of the list besides its members (never its count: that is the members')."""
        return {
            "title": self.title,
            "replies_policy": self.replies_policy,
            "exclusive": self.exclusive,
            "created_at_ms": self.created_at_ms,
        }


def list_title(value: str) -> str:
    """The title as kept: spaces around it dropped, runs of spaces made one; 1 to TITLE_MAX
    characters (INVALID_ARGUMENT naming `title` otherwise)."""
    title = " ".join(value.split())
    if not title:
        raise InvalidArgument("title", "is required")
    return validation.check_text(title, "title", max_length=TITLE_MAX)


def replies_policy(value: str) -> str:
    if value not in REPLIES_POLICIES:
        raise InvalidArgument("replies_policy", f"unsupported value {value}")
    return value


def member_ids(values: Iterable[str], owner_id: str, *, adding: bool) -> tuple[str, ...]:
    """The people a call names, each once, in the order given: at least one, each a user id, and
    (`adding`) never the owner."""
    ids = tuple(dict.fromkeys(parse_uuid(v, "user_ids") for v in values))
    if not ids:
        raise InvalidArgument("user_ids", "name at least one person")
    if adding and owner_id in ids:
        raise InvalidArgument("user_ids", "you cannot be on your own list")
    return ids


def members_page_size(requested: int) -> int:
    return validation.page_size(requested, default=DEFAULT_MEMBERS_PAGE, maximum=MAX_MEMBERS_PAGE)


def shown_in_list(post: PostSummary, viewer: Viewer, members: Collection[str], now_ms: int) -> bool:
    """A post shows in a list's timeline when a member wrote it, its reader may see it (the
    audience rule: blocks both ways, mutes) and their filters let it through."""
    return post.author_id in members and may_see(post, viewer) and viewer.wants(post, now_ms)


def list_reason(title: str) -> str:
    return f"on your list {title}"


class ListStore(ABC):
    """People's lists. Every change is written, with the event that announces it, to the owner's
    list outbox in one atomic step, and only if what the event was built from has not moved
    meanwhile (the caller reads again). The store also keeps, per owner, the people on their
    exclusive lists (Viewer.exclusive, read with the home feed)."""

    @abstractmethod
    async def lists(self, owner_id: str) -> list[PeopleList]:
        """The owner's lists, oldest first, with their member counts."""

    @abstractmethod
    async def get(self, owner_id: str, list_id: str) -> PeopleList | None:
        """One of the owner's lists, with its member count (None: no such list of theirs)."""

    @abstractmethod
    async def put(self, owner_id: str, before: PeopleList | None, after: PeopleList, envelope: bytes) -> int:
        """Create the list (`before` None) or change its settings from `before` to `after`, and
        write the envelope. 1: done; 0: no such list (creating: one with that id exists); -1: it
        changed meanwhile; -2: the owner has LISTS_MAX lists already."""

    @abstractmethod
    async def delete(self, owner_id: str, list_id: str, envelope: bytes) -> bool:
        """Delete the list with its members, and write the envelope; False when there is none."""

    @abstractmethod
    async def members(self, owner_id: str, list_id: str) -> list[tuple[str, int]]:
        """The list's members and when each was added (ms), the latest added first."""

    @abstractmethod
    async def change_members(
        self,
        owner_id: str,
        list_id: str,
        added: Collection[str],
        removed: Collection[str],
        count_before: int,
        now_ms: int,
        envelope: bytes,
    ) -> int:
        """Add `added` (none of them members) and take off `removed` (all of them members) of a
        list of `count_before` members, and write the envelope. 1: done; 0: no such list; -1: the
        members moved meanwhile; -2: it would hold more than MEMBERS_MAX."""

    @abstractmethod
    async def people(self, user_ids: Collection[str]) -> frozenset[str]:
        """Those of these users the feed knows, who are not away (deactivated, erased)."""

    @abstractmethod
    async def timeline_context(self, owner_id: str, list_id: str) -> tuple[Viewer, PeopleList | None, frozenset[str]]:
        """In one round trip: the owner as reader, the list (None: no such list of theirs), and its
        members."""
