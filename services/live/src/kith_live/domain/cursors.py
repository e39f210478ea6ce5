"""Cursors and gaps. A cursor is the id of an entry in the person's live log ("<ms>-<seq>");
"0-0" is the position of an empty log. Each entry records the id of the entry before it, so a
reader at position p knows it missed nothing when the next entry it reads says "before me: p".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kith_platform.errors import InvalidArgument

EMPTY = "0-0"
_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,20})$")


def parse_resume_from(value: str) -> str | None:
    """The position to resume after, or None to start at the present; INVALID_ARGUMENT for a
    string that is not a cursor."""
    value = value.strip()
    if not value:
        return None
    if not _CURSOR.match(value):
        raise InvalidArgument("resume_from", "is not a cursor this service gave out")
    return value


def cursor_ms(cursor: str) -> int:
    return int(cursor.partition("-")[0])


def expired(cursor: str, now_ms: int, max_age_ms: int) -> bool:
    """A cursor older than the age limit: the log may have lost entries after it (trimmed by
    age, or expired as a whole and started again), so the reader must resync. "0-0" (an empty
    log) never expires: an entry that follows it was the first of its log."""
    return cursor != EMPTY and cursor_ms(cursor) < now_ms - max_age_ms


def newer(a: str, b: str) -> bool:
    """Whether cursor a comes after cursor b."""
    return tuple(map(int, a.split("-"))) > tuple(map(int, b.split("-")))


@dataclass(frozen=True)
class Entry:
    """One entry of a live log as read: its id (the cursor), the id before it, the item."""

    cursor: str
    prev: str
    item: bytes


@dataclass(frozen=True)
class Delivery:
    """What a reader at some position sends after reading entries: the items in order, or,
    when entries are missing before them, a resync at `position` (the newest entry read)."""

    position: str
    items: tuple[Entry, ...] = ()
    resync: bool = False


def deliver(position: str, entries: list[Entry]) -> Delivery:
    """Entries read after `position` (oldest first): all of them when the chain from `position`
    is whole, otherwise a resync that jumps to the newest (what came before is reloaded)."""
    if not entries:
        return Delivery(position)
    expected = position
    for entry in entries:
        if entry.prev != expected:
            return Delivery(entries[-1].cursor, resync=True)
        expected = entry.cursor
    return Delivery(expected, tuple(entries))
