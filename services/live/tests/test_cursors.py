"""The cursor rules: which resume_from is accepted, when a reader must resync, what it is given."""

from __future__ import annotations

import pytest

from kith_live.domain.cursors import EMPTY, Entry, deliver, expired, newer, parse_resume_from
from kith_platform.errors import InvalidArgument

DAY_MS = 86_400_000


def entries(*pairs: tuple[str, str]) -> list[Entry]:
    return [Entry(cursor, prev, cursor.encode()) for cursor, prev in pairs]


@pytest.mark.parametrize(
    "value, position",
    [("", None), ("  ", None), ("0-0", "0-0"), ("1796305566702-0", "1796305566702-0"), (" 5-3 ", "5-3")],
)
def test_resume_from_is_a_cursor_or_empty(value, position):
    assert parse_resume_from(value) == position


@pytest.mark.parametrize("value", ["x", "1", "1-", "-1", "1-2-3", "a-b", "1_2", "9" * 21 + "-0", "1-0; DEL x"])
def test_anything_else_is_invalid_argument_naming_resume_from(value):
    with pytest.raises(InvalidArgument) as raised:
        parse_resume_from(value)
    assert raised.value.field == "resume_from"


@pytest.mark.parametrize(
    "cursor, now_ms, is_expired",
    [
        ("1-0", 2 * DAY_MS, True),  # older than the window
        (f"{DAY_MS + 1}-0", 2 * DAY_MS, False),  # just inside it
        (f"{DAY_MS}-5", 2 * DAY_MS, False),  # exactly at the edge: kept
        (f"{DAY_MS - 1}-0", 2 * DAY_MS, True),
        (EMPTY, 10 * DAY_MS, False),  # an empty log's position never expires
    ],
)
def test_a_cursor_older_than_the_age_limit_is_expired(cursor, now_ms, is_expired):
    assert expired(cursor, now_ms, DAY_MS) is is_expired


def test_entries_that_follow_the_position_are_delivered_in_order():
    outcome = deliver("1-0", entries(("2-0", "1-0"), ("3-0", "2-0"), ("4-0", "3-0")))
    assert [e.cursor for e in outcome.items] == ["2-0", "3-0", "4-0"]
    assert (outcome.position, outcome.resync) == ("4-0", False)


def test_the_first_entry_of_a_log_follows_the_empty_position():
    outcome = deliver(EMPTY, entries(("2-0", EMPTY)))
    assert ([e.cursor for e in outcome.items], outcome.resync) == (["2-0"], False)


def test_nothing_read_leaves_the_position_as_it_was():
    assert deliver("7-0", []) == deliver("7-0", [])
    assert deliver("7-0", []).position == "7-0" and not deliver("7-0", []).items


@pytest.mark.parametrize(
    "position, read",
    [
        ("1-0", [("3-0", "2-0"), ("4-0", "3-0")]),  # 2-0 was trimmed
        ("1-0", [("5-0", EMPTY)]),  # the log expired and started again
        ("9-0", [("12-0", "11-0")]),  # Redis lost entries after the cursor
        ("1-0", [("2-0", "1-0"), ("4-0", "3-0")]),  # a hole further on
    ],
)
def test_a_broken_chain_is_a_resync_at_the_newest_entry_read(position, read):
    outcome = deliver(position, entries(*read))
    assert outcome.resync and not outcome.items
    assert outcome.position == read[-1][0]


@pytest.mark.parametrize(
    "a, b, is_newer",
    [("2-0", "1-9", True), ("1-1", "1-0", True), ("1-0", "1-0", False), ("10-0", "9-0", True), ("0-0", "1-0", False)],
)
def test_cursors_compare_by_time_then_sequence(a, b, is_newer):
    assert newer(a, b) is is_newer
