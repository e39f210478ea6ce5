"""Recognition rules without servers."""

from __future__ import annotations

from kith_feed.domain.recognition import award_event_id, earned, trust_level


def test_badges_are_rules_over_counters():
    assert earned({}) == []
    assert earned({"posts": 1, "comments": 3}) == ["first_post", "first_reply"]
    assert "welcomer" in earned({"welcomed": 5}) and "welcomer" not in earned({"welcomed": 4})
    assert "event_regular" in earned({"events_going": 3})
    assert award_event_id("c", "u", "first_post") == award_event_id("c", "u", "first_post")
    assert award_event_id("c", "u", "first_post") != award_event_id("c", "v", "first_post")


def test_trust_moves_up_at_once_and_down_with_hysteresis():
    assert trust_level(0, 9) == 0 and trust_level(0, 10) == 1 and trust_level(0, 200) == 3
    assert trust_level(2, 45) == 2  # below 50 but above 75% of it: stays
    assert trust_level(2, 36) == 1  # below 37.5: down one
    assert trust_level(3, 5) == 0  # a long silence: down to newcomer
