"""identity.profiles.v1, read from the start as an analytics consumer would: a person's public
card snapshots (registration, changes, reactivation), a tombstone (the key with no value) on
deactivation and on erasure, and never an email or a detail of a connections-only profile."""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest
from aiokafka import AIOKafkaConsumer

from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc, snapshots_pb2
from kith_platform.events import IDENTITY_PROFILES, parse_envelope, unpack_payload
from tests.integration.endpoints import KAFKA, SERVICE_ADDRESSES


@pytest.fixture
async def internal_identity():
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        yield identity_pb2_grpc.IdentityInternalServiceStub(channel)


async def records_of(user_id: str, enough, *, timeout: float = 30.0) -> list[bytes | None]:
    """The values of the user's records on the topic, from its start, once `enough(values)`."""
    consumer = AIOKafkaConsumer(
        IDENTITY_PROFILES,
        bootstrap_servers=KAFKA,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    values: list[bytes | None] = []
    try:
        deadline = time.monotonic() + timeout
        while not enough(values):
            assert time.monotonic() < deadline, f"only {len(values)} records of {user_id}: {values!r}"
            batches = await consumer.getmany(timeout_ms=500, max_records=1000)
            for records in batches.values():
                values += [r.value for r in records if r.key == user_id.encode()]
        await asyncio.sleep(1)  # anything written after what was awaited would show now
        for records in (await consumer.getmany(timeout_ms=500, max_records=1000)).values():
            values += [r.value for r in records if r.key == user_id.encode()]
        return values
    finally:
        await consumer.stop()


def snapshot(value: bytes) -> snapshots_pb2.ProfileSnapshot:
    payload = unpack_payload(parse_envelope(value))
    assert isinstance(payload, snapshots_pb2.ProfileSnapshot), payload
    return payload


async def test_erasure_leaves_the_snapshots_followed_by_tombstones_and_never_an_email(api, internal_identity):
    person = await api.sign_up("card")
    email = f"{person.handle}@example.org".encode()  # what sign_up registered with
    await api.identity.UpdateProfile(
        I.UpdateProfileRequest(
            display_name="Card Person",
            bio="Maps and trains.",
            avatar_url="https://img.example.net/card.png",
            interests=I.Interests(topics=["maps"]),
        ),
        metadata=person.auth,
    )
    assert (await internal_identity.EraseAccountNow(I.EraseAccountNowRequest(user_id=person.user_id))).erased

    # An active account erased: deactivation's tombstone, then the erasure's.
    values = await records_of(person.user_id, lambda vs: vs.count(None) >= 2)
    first_tombstone = values.index(None)
    snapshots = [snapshot(v) for v in values[:first_tombstone]]
    assert values[first_tombstone:] == [None, None], "nothing after the tombstones"
    assert [s.display_name for s in snapshots] == [person.handle, "Card Person"]  # registered, then updated
    assert all(s.user_id == person.user_id and s.handle == person.handle for s in snapshots)
    assert (snapshots[-1].bio, snapshots[-1].avatar_url, list(snapshots[-1].interests)) == (
        "Maps and trains.",
        "https://img.example.net/card.png",
        ["maps"],
    )
    assert not [v for v in values if v is not None and (email in v or b"@example.org" in v)]


async def test_a_connections_only_card_hides_the_details_and_reactivation_brings_it_back(api):
    person = await api.sign_up("private")
    await api.identity.UpdateProfile(
        I.UpdateProfileRequest(
            bio="only for friends",
            location="Faro",
            visibility=I.PROFILE_VISIBILITY_CONNECTIONS,
        ),
        metadata=person.auth,
    )
    await api.identity.UpdateProfile(I.UpdateProfileRequest(bio="still only for friends"), metadata=person.auth)
    await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=person.password), metadata=person.auth)
    await api.identity.ReactivateAccount(I.ReactivateAccountRequest(login=person.handle, password=person.password))

    values = await records_of(person.user_id, lambda vs: None in vs and vs[-1] is not None)
    # Registered (public), made connections-only (the card alone; the second bio changes nothing
    # anyone else sees, so no record), deactivated (tombstone), reactivated (the card again).
    assert [v is None for v in values] == [False, False, True, False], values
    registered, private, back = (snapshot(v) for v in values if v is not None)
    assert registered.visibility == I.PROFILE_VISIBILITY_PUBLIC
    for card in (private, back):
        assert card.visibility == I.PROFILE_VISIBILITY_CONNECTIONS
        assert (card.bio, card.location, card.handle) == ("", "", person.handle)
    assert not [v for v in values if v is not None and b"only for friends" in v]
