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


def test_the_audience_rule():
    from kith_feed.domain.model import PostSummary, Viewer, may_see

    def post(audience, **kw):
        return PostSummary("p", "author", "t", 0, audience=audience, **kw)

    stranger = Viewer("v")
    follower = Viewer("v", following=frozenset({"author"}))
    friend = Viewer("v", friends=frozenset({"author"}))
    member = Viewer("v", communities=frozenset({"c"}))
    assert may_see(post("public"), stranger) and not may_see(post("followers"), stranger)
    assert may_see(post("followers"), follower) and may_see(post("followers"), friend)
    assert not may_see(post("friends"), follower) and may_see(post("friends"), friend)
    assert may_see(post("community", community_id="c", members_only=False), stranger)
    assert not may_see(post("community", community_id="c", members_only=True), stranger)
    assert may_see(post("community", community_id="c", members_only=True), member)
    assert not may_see(post("public"), Viewer("v", muted=frozenset({"author"})))
    assert not may_see(post("public"), Viewer("v", blocked=frozenset({"author"})))
    assert may_see(post("friends"), Viewer("author"))


def test_ranking_halves_per_day_and_rewards_engagement_and_closeness():
    from kith_feed.domain.model import HOUR_MS, PostSummary, Viewer, rank

    now = 100 * 24 * HOUR_MS
    fresh = PostSummary("a", "x", "t", now)
    day_old = PostSummary("b", "x", "t", now - 24 * HOUR_MS)
    assert rank(day_old, Viewer("v"), now)[0] == pytest.approx(rank(fresh, Viewer("v"), now)[0] / 2)
    engaged = PostSummary("c", "x", "t", now, reactions=10, comments=5, shares=1)
    score, reasons = rank(engaged, Viewer("v"), now)
    assert score > rank(fresh, Viewer("v"), now)[0] and any(r.startswith("popular") for r in reasons)
    close, why = rank(fresh, Viewer("v", affinity={"x": 6.0}, following=frozenset({"x"})), now)
    assert close > rank(fresh, Viewer("v"), now)[0] and "you often interact with the author" in why
    assert "from someone you follow" in why
