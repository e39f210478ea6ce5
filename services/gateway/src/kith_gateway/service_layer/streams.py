"""Limits on open live streams (Route.long_lived), per verified user and per client address,
across every gateway replica: a place is held for each stream while it is open."""

from __future__ import annotations

import logging

from kith_gateway.domain.limits import TooManyStreams
from kith_gateway.domain.ports import StreamPlaces
from kith_platform.errors import TRANSIENT_ERRORS

log = logging.getLogger("kith.gateway.streams")


class StreamLimits:
    def __init__(self, places: StreamPlaces, per_user: int, per_address: int) -> None:
        self.places = places
        self.per_user = per_user
        self.per_address = per_address

    async def open(self, user_id: str, address: str) -> str | None:
        """The place of one more stream, or TooManyStreams (RESOURCE_EXHAUSTED) naming the limit.
        Without the store the stream is allowed (availability over strictness, as for the rate
        limits) and holds no place: None."""
        try:
            place, full = await self.places.take(user_id, address, self.per_user, self.per_address)
        except TRANSIENT_ERRORS as exc:
            log.warning("stream places unavailable, allowing the stream: %r", exc)
            return None
        if full:
            limit = self.per_user if full == "user" else self.per_address
            raise TooManyStreams(f"at most {limit} live streams per {full}")
        return place

    async def close(self, place: str | None) -> None:
        await self.places.give_back(place)
