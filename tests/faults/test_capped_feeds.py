"""The rule the fault runs check capped feeds by (no platform needed)."""

from __future__ import annotations

from tests.faults.capped_feeds import FEED_CAP, capped_feed_differences


def test_the_platform_cap_is_the_feed_settings_one():
    assert FEED_CAP == 800


def test_under_the_cap_every_post_is_expected():
    created = {f"p{i}": 1_000 + i for i in range(5)}
    assert capped_feed_differences(created, created, cap=10) == (set(), set())
    assert capped_feed_differences(["p0", "p1", "x"], created, cap=10) == ({"p2", "p3", "p4"}, {"x"})


def test_over_the_cap_the_newest_are_expected_and_the_older_not():
    created = {f"p{i}": 1_000 + i for i in range(10)}
    newest = [f"p{i}" for i in range(6, 10)]
    assert capped_feed_differences(newest, created, cap=4) == (set(), set())
    assert capped_feed_differences(newest[1:], created, cap=4) == ({"p6"}, set())
    assert capped_feed_differences([*newest[1:], "p0"], created, cap=4) == ({"p6"}, {"p0"})


def test_posts_tied_at_the_cap_may_be_cut_either_way_but_the_feed_is_full():
    created = {"a": 5, "b": 5, "c": 5, "d": 9, "e": 1}
    assert capped_feed_differences(["d", "a", "c"], created, cap=3) == (set(), set())
    assert capped_feed_differences(["d", "b", "c"], created, cap=3) == (set(), set())
    assert capped_feed_differences(["d", "c"], created, cap=3) == ({"a", "b"}, set())
    assert capped_feed_differences(["d", "c", "e"], created, cap=3) == ({"a", "b"}, {"e"})
