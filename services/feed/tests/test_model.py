"""Unit tests of the feed cursor and page sizes."""

from __future__ import annotations

import pytest

from kith_feed.domain.model import DEFAULT_PAGE_SIZE, Cursor, page_size
from kith_platform.errors import InvalidArgument


def test_cursor_round_trips():
    cursor = Cursor(1_700_000_000_123, "3f1c5a8e-0000-4000-8000-000000000001")
    assert Cursor.decode(cursor.encode()) == cursor
    assert Cursor.decode("") is None


@pytest.mark.parametrize("bad", ["!!", "bm9jb2xvbg", "YWJjOmRlZg"])
def test_malformed_cursor_is_invalid_argument(bad):
    with pytest.raises(InvalidArgument) as info:
        Cursor.decode(bad)
    assert info.value.field == "cursor"


def test_page_size_bounds():
    assert page_size(0) == DEFAULT_PAGE_SIZE
    assert page_size(100) == 100
    for bad in (-1, 101):
        with pytest.raises(InvalidArgument):
            page_size(bad)
