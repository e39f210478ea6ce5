"""What the live edge needs from outside, as small ports (adapters: kith_live.adapters)."""

from __future__ import annotations

from kith_live.domain.cursors import Entry


class LiveLog:
    """A person's live log: their newest position, and the entries after a cursor."""

    async def position(self, user_id: str) -> str:
        raise NotImplementedError

    async def read_after(self, user_id: str, cursor: str, count: int) -> list[Entry]:
        raise NotImplementedError


class Wakeups:
    """The edge's subscription to people's wake-up channels: subscribe returns once wake-ups
    for the person reach this edge."""

    async def subscribe(self, user_id: str) -> None:
        raise NotImplementedError

    async def unsubscribe(self, user_id: str) -> None:
        raise NotImplementedError


class Presence:
    """Who is online: the people with a stream open on this edge, and when each one left."""

    async def online(self, user_ids: list[str]) -> None:
        raise NotImplementedError

    async def offline(self, user_id: str) -> None:
        raise NotImplementedError


class PresenceNotices:
    """Who must hear that a person came online or went offline (their friends, as messaging
    decides): told of each change without waiting, never failing a stream."""

    def changed(self, user_id: str) -> None:
        raise NotImplementedError
