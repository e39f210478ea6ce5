"""Unit tests of identity.profiles.v1's records: the public card snapshot and the tombstone (no network)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from kith.identity.v1 import identity_pb2, snapshots_pb2
from kith_identity.adapters.profile_topic import profile_snapshot, profile_tombstone, snapshot_changed
from kith_identity.domain.profiles import Profile, Visibility
from kith_platform.events import IDENTITY_PROFILES, parse_envelope, unpack_payload

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
USER = "3f1c5a8e-0000-4000-8000-000000000001"


def _profile(visibility: Visibility = Visibility.PUBLIC, **fields) -> Profile:
    base = Profile(
        user_id=USER,
        handle="ana",
        display_name="Ana Lima",
        avatar_url="https://example.org/ana.png",
        bio="I climb",
        location="Porto",
        language="pt-PT",
        interests=("climbing", "jazz"),
        visibility=visibility,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return replace(base, **fields)


def _snapshot(event) -> snapshots_pb2.ProfileSnapshot:
    envelope = parse_envelope(event.value)
    assert envelope.event_type == "kith.identity.v1.ProfileSnapshot"
    assert envelope.aggregate_id == USER and envelope.producer == "identity"
    return unpack_payload(envelope)


def test_a_public_profile_snapshot_carries_the_card_and_the_details():
    event = profile_snapshot(_profile(), AT)
    assert (event.topic, event.key) == (IDENTITY_PROFILES, USER)
    snap = _snapshot(event)
    assert (snap.user_id, snap.handle, snap.display_name, snap.avatar_url) == (
        USER,
        "ana",
        "Ana Lima",
        "https://example.org/ana.png",
    )
    assert snap.visibility == identity_pb2.PROFILE_VISIBILITY_PUBLIC
    assert (snap.bio, snap.location, snap.language, list(snap.interests)) == (
        "I climb",
        "Porto",
        "pt-PT",
        ["climbing", "jazz"],
    )
    assert snap.updated_at.ToDatetime(tzinfo=UTC) == AT


def test_a_connections_only_profile_snapshot_carries_the_card_alone():
    snap = _snapshot(profile_snapshot(_profile(Visibility.CONNECTIONS), AT))
    assert (snap.handle, snap.display_name, snap.avatar_url) == ("ana", "Ana Lima", "https://example.org/ana.png")
    assert snap.visibility == identity_pb2.PROFILE_VISIBILITY_CONNECTIONS
    assert (snap.bio, snap.location, snap.language, list(snap.interests)) == ("", "", "", [])


def test_a_snapshot_has_no_field_for_contact_details_or_credentials():
    names = {f.name for f in snapshots_pb2.ProfileSnapshot.DESCRIPTOR.fields}
    assert not {n for n in names for word in ("email", "phone", "password", "hash", "token", "secret") if word in n}


def test_the_tombstone_is_the_user_id_with_no_value():
    event = profile_tombstone(USER)
    assert (event.topic, event.key, event.value) == (IDENTITY_PROFILES, USER, None)


@pytest.mark.parametrize(
    ("visibility", "change", "announced"),
    [
        (Visibility.PUBLIC, {"display_name": "Ana L."}, True),
        (Visibility.PUBLIC, {"bio": "I climb and swim"}, True),
        (Visibility.PUBLIC, {"interests": ("jazz",)}, True),
        (Visibility.PUBLIC, {"visibility": Visibility.CONNECTIONS}, True),
        (Visibility.CONNECTIONS, {"avatar_url": ""}, True),
        (Visibility.CONNECTIONS, {"visibility": Visibility.PUBLIC}, True),
        # Details nobody but connections sees: the public card is the same.
        (Visibility.CONNECTIONS, {"bio": "private"}, False),
        (Visibility.CONNECTIONS, {"location": "Lisbon", "interests": ("chess",)}, False),
        (Visibility.PUBLIC, {}, False),
    ],
)
def test_a_snapshot_is_written_when_what_everyone_sees_changes(visibility, change, announced):
    before = _profile(visibility)
    assert snapshot_changed(before, replace(before, **change)) is announced
