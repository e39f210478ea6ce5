"""Unit tests of the graph part of a data export (no network)."""

from __future__ import annotations

import json

from kith_graph.service_layer.exports import connections_document


def test_connections_sort_each_relationship_into_its_list():
    rows = {
        "settings": [{"requires_follow_approval": True}],
        "outgoing": [
            {"kind": "FOLLOWS", "user_id": "b", "at": 0},
            {"kind": "BLOCKS", "user_id": "c", "at": 1000},
            {"kind": "MUTES", "user_id": "d", "at": None},
        ],
        "incoming": [
            {"kind": "FOLLOWS", "user_id": "e", "at": 0},
            {"kind": "FRIEND_REQUESTED", "user_id": "f", "at": 0},
        ],
        "friends": [{"user_id": "g", "at": 0}],
        "care": [{"user_id": "b", "note": "mine", "every_days": 7, "cadence_set_at": 0, "last_interaction_at": None}],
    }
    document = json.loads(connections_document(rows))
    assert document["settings"] == {"requires_follow_approval": True}
    assert [f["user_id"] for f in document["following"]] == ["b"]
    assert document["blocked"] == [{"user_id": "c", "since": "1970-01-01T00:00:01Z"}]
    assert document["muted"] == [{"user_id": "d", "since": None}]
    assert [f["user_id"] for f in document["followers"]] == ["e"]
    assert [f["user_id"] for f in document["friend_requests_received"]] == ["f"]
    assert [f["user_id"] for f in document["friends"]] == ["g"]
    assert document["notes_and_cadences"][0]["note"] == "mine"
    # Nobody's block or mute of the person has a list to go in: the query never asks for them.
    assert "blocked_by" not in document and "muted_by" not in document
