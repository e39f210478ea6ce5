"""Profile use cases: read with visibility, update, search, batch cards for hydration."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kith_identity.domain.ports import AccountRepository, Connections
from kith_identity.domain.profiles import (
    Profile,
    SearchCursor,
    Visibility,
    search_page_size,
    search_query,
    validate_changes,
)
from kith_platform.errors import InvalidArgument, NotFound, Unavailable
from kith_platform.ids import parse_uuid

log = logging.getLogger("kith.identity.profiles")
RESOLVE_MAX = 100
BATCH_MAX = 500


@dataclass
class ProfileHandlers:
    accounts: AccountRepository
    connections: Connections

    async def get_profile(self, viewer_id: str, user_id: str) -> Profile:
        user_id = parse_uuid(user_id, "user_id")
        # Deactivated accounts, and people in a block with the viewer (either way), do not exist for them.
        profile = await self.accounts.get_profile(user_id, viewer_id)
        if profile is None:
            raise NotFound(f"user_id: no user {user_id}")
        if viewer_id == user_id or profile.visibility is Visibility.PUBLIC:
            return profile
        try:
            if await self.connections.connected(viewer_id, user_id):
                return profile
        except Unavailable:
            log.warning("graph unavailable: showing the card of a connections-only profile")
        return profile.card()

    async def update_profile(self, user_id: str, **fields) -> Profile:
        changes = validate_changes(**fields)
        profile = await self.accounts.update_profile(user_id, changes)
        if profile is None:
            raise NotFound("your account is not active")
        return profile

    async def search(self, viewer_id: str, query: str, page_size: int, cursor: str) -> tuple[list[Profile], str]:
        query, size, after = search_query(query), search_page_size(page_size), SearchCursor.decode(cursor)
        matches = await self.accounts.search_profiles(query, size + 1, after, viewer_id)
        page = matches[:size]
        next_cursor = SearchCursor(page[-1][1], page[-1][0].user_id).encode() if len(matches) > size else ""
        # Search shows cards only; details follow each profile's visibility via GetProfile.
        return [p.card() for p, _ in page], next_cursor

    async def resolve_handles(self, handles: list[str], viewer_id: str = "") -> dict[str, str]:
        """Handles of active users to their ids; with a viewer, people in a block with them are
        left out (as if they did not exist)."""
        if len(handles) > RESOLVE_MAX:
            raise InvalidArgument("handles", f"at most {RESOLVE_MAX} handles")
        viewer = parse_uuid(viewer_id, "viewer_id") if viewer_id else None
        wanted = list(dict.fromkeys(h.strip().lstrip("@").lower() for h in handles if h.strip()))
        wanted = [h for h in wanted if len(h) <= 64]
        return await self.accounts.resolve_handles(wanted, viewer) if wanted else {}

    async def batch_cards(self, user_ids: list[str]) -> list[Profile]:
        if len(user_ids) > BATCH_MAX:
            raise InvalidArgument("user_ids", f"at most {BATCH_MAX} ids")
        ids = list(dict.fromkeys(parse_uuid(u, "user_ids") for u in user_ids))
        return [p.card() for p in await self.accounts.get_profiles(ids)] if ids else []
