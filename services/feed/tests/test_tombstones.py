"""The stream worker skips a record with no value (a compacted topic's tombstone) without error (no network)."""

from __future__ import annotations

from types import SimpleNamespace

from kith_feed.service_layer.events import apply_batch


class NoStore:
    """Nothing may be read or written for records that carry no event."""

    def __init__(self) -> None:
        async def erased_among(ids):
            assert not set(ids)
            return frozenset()

        self.erasure = SimpleNamespace(erased_among=erased_among)


async def test_a_tombstone_is_skipped_and_told_apart_from_a_malformed_record():
    assert await apply_batch(NoStore(), [None, b"\xff not an envelope", None]) == [
        "tombstone",
        "malformed",
        "tombstone",
    ]
