"""The events of quieter graph changes without servers: what a care update says, and how a
closed follow request is announced."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith.common.v1.envelope_pb2 import Envelope
from kith.graph.v1 import events_pb2 as ev
from kith_graph.adapters.neo4j_transactions import Events
from kith_graph.domain.relationships import CareChange, care_change, care_changes
from kith_platform.events import unpack_payload

NOW = 1_700_000_000_000


@pytest.mark.parametrize(
    "before, note, every_days, expected",
    [
        ({}, "likes sailing", None, CareChange(note=True)),
        ({"note": "likes sailing"}, "likes sailing", None, CareChange()),  # the same note again
        ({"note": "likes sailing"}, "", None, CareChange(note=True)),  # removed
        ({}, "", None, CareChange()),  # removing a note that was never written
        ({}, None, 7, CareChange(cadence=True)),
        ({"every_days": 7, "cadence_set_at": 1}, None, 7, CareChange(cadence=True)),  # set again: starts over
        ({"every_days": 7}, None, 0, CareChange(cadence=True)),  # removed
        ({}, None, 0, CareChange()),  # removing a cadence that was never set
        ({"note": "a"}, "b", 14, CareChange(note=True, cadence=True)),
    ],
)
def test_a_care_update_says_what_changed(before, note, every_days, expected):
    assert care_change(before, care_changes(note, every_days, NOW)) == expected


def test_a_logged_interaction_is_an_interaction_only():
    assert care_change({"note": "a", "every_days": 7}, {"last_interaction_at": NOW}) == CareChange(interaction=True)


def _only(events: Events):
    [item] = events.items
    envelope = Envelope()
    envelope.ParseFromString(item.value)
    return item.key, unpack_payload(envelope)


@pytest.mark.parametrize("withdrawn, kind", [(True, ev.FollowRequestWithdrawn), (False, ev.FollowRequestDeclined)])
def test_a_closed_follow_request_is_keyed_by_the_followee_and_names_when_it_was_made(withdrawn, kind):
    events = Events(datetime.fromtimestamp(NOW / 1000, UTC))
    events.follow_request_closed("follower", "followee", NOW - 60_000, withdrawn=withdrawn)
    key, payload = _only(events)
    assert key == "followee" and isinstance(payload, kind)
    assert (payload.follower_id, payload.followee_id) == ("follower", "followee")
    assert payload.requested_at.ToMilliseconds() == NOW - 60_000


def test_a_friend_request_closed_by_a_block_is_keyed_by_its_sender():
    events = Events(datetime.now(UTC))
    events.friend_request_closed("sender", "recipient", cancelled=True)
    key, payload = _only(events)
    assert key == "sender" and payload.cancelled and payload.recipient_id == "recipient"
