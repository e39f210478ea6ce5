"""Privacy settings use cases: reading and changing them (the change holds on every service when
the call returns: the mirrors have it), finding people by email, and who may be mentioned. The
rule of who may is kith_platform.privacy; what a request must hold is domain/privacy.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kith_identity.domain.ports import Connections, PrivacyStore
from kith_identity.domain.privacy import (
    LOOKUP_WINDOW,
    LOOKUPS_PER_HOUR,
    PrivacySettings,
    addresses_to_find,
    validate_changes,
)
from kith_identity.domain.profiles import Profile
from kith_platform.errors import NotFound, ResourceExhausted
from kith_platform.mirrors import MirrorPush
from kith_platform.privacy import Reach, allows


@dataclass
class PrivacyHandlers:
    store: PrivacyStore
    connections: Connections
    mirrors: MirrorPush = field(default_factory=lambda: MirrorPush(()))

    async def settings(self, user_id: str) -> PrivacySettings:
        found = await self.store.settings(user_id)
        if found is None:
            raise NotFound("no such user")
        return found

    async def update(self, user_id: str, changes: dict[str, Reach | None]) -> PrivacySettings:
        kept = validate_changes(changes)
        async with self.mirrors.holding():
            return await self.store.update(user_id, kept)

    async def find_by_email(self, viewer_id: str, emails: list[str]) -> list[tuple[str, Profile]]:
        """Those found, in the order asked (an address asked twice answers once)."""
        wanted = addresses_to_find(emails)
        since = datetime.now(UTC) - LOOKUP_WINDOW
        if await self.store.count_lookup(viewer_id, since) > LOOKUPS_PER_HOUR:
            raise ResourceExhausted(f"at most {LOOKUPS_PER_HOUR} address lookups an hour; try again later")
        found = await self.store.findable(viewer_id, wanted)
        return [
            (email, found[email].card()) for email in wanted if email in found and found[email].user_id != viewer_id
        ]

    async def mentionable(self, author_id: str, user_ids: list[str]) -> set[str]:
        """Those among these people whose settings let the author mention them."""
        reaches = await self.store.mention_settings(user_ids)

        async def may(user_id: str) -> bool:
            reach = reaches.get(user_id, Reach.EVERYONE)
            if user_id == author_id or reach in (Reach.EVERYONE, Reach.NOBODY):
                return allows(reach, is_self=user_id == author_id, follows_actor=False, friends=False)
            follows_author, friends = await self.connections.follows_and_friends(user_id, author_id)
            return allows(reach, is_self=False, follows_actor=follows_author, friends=friends)

        verdicts = await asyncio.gather(*(may(u) for u in user_ids))
        return {u for u, ok in zip(user_ids, verdicts, strict=True) if ok}
