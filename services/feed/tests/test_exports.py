"""Unit tests of the feed part of a data export (no network)."""

from __future__ import annotations

import json

from kith_feed.domain.recognition import Standing
from kith_feed.service_layer.exports import CommunityRecognition, preferences_document, recognition_document


def test_recognition_lists_points_badges_trust_and_mentorship_per_community():
    standing = Standing(
        counters={"posts": 2, "comments": 1}, badges={"first_post": "event-1"}, week=5.0, month=9.0, ever=12.0, trust=1
    )
    document = json.loads(
        recognition_document(
            [
                CommunityRecognition(
                    "c1", standing, trust_level=1, joined_at_ms=0, mentor_capacity=3, mentees=1, mentor_id=None
                )
            ]
        )
    )
    (community,) = document["communities"]
    assert community["points"] == {"last_7_days": 5.0, "last_30_days": 9.0, "all_time": 12.0}
    assert community["badges"] == ["first_post"] and community["trust_level"] == 1
    assert community["mentorship"] == {"mentor": True, "capacity": 3, "mentees": 1, "mentor_id": None}
    assert community["joined_at"] == "1970-01-01T00:00:00Z"


def test_preferences_list_every_kind():
    assert json.loads(preferences_document({"reaction": False, "mention": True})) == {
        "preferences": {"mention": True, "reaction": False}
    }
