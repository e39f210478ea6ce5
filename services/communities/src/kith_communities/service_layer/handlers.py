"""Community use cases: create, read, join, leave, list members."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timezone

from kith_communities.domain import communities as rules
from kith_communities.domain.communities import Community, Membership, Role
from kith_communities.domain.ports import CommunityRepository
from kith_platform.errors import InvalidArgument
from kith_platform.ids import parse_uuid

DEFAULT_PAGE, MAX_PAGE = 50, 100


def _cursor(value: str) -> tuple[datetime, str] | None:
    if not value:
        return None
    try:
        micros, user_id = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode().split(":", 1)
        return datetime.fromtimestamp(int(micros) / 1_000_000, timezone.utc), parse_uuid(user_id, "cursor")
    except (ValueError, binascii.Error, UnicodeDecodeError, InvalidArgument, OverflowError, OSError):
        raise InvalidArgument("cursor", "is not a cursor returned by this API") from None


def _encode(member: Membership) -> str:
    micros = int(member.joined_at.timestamp() * 1_000_000)
    return base64.urlsafe_b64encode(f"{micros}:{member.user_id}".encode()).decode().rstrip("=")


@dataclass
class CommunityHandlers:
    communities: CommunityRepository

    async def create(self, caller_id: str, **fields) -> tuple[Community, Role]:
        new = rules.validate_new_community(**fields)
        return await self.communities.create(new, caller_id), Role.OWNER

    async def _visible(self, caller_id: str, community_id: str = "", slug: str = "") -> tuple[Community, Role | None]:
        if community_id:
            community = await self.communities.get(parse_uuid(community_id, "community_id"), None)
        elif slug.strip():
            community = await self.communities.get(None, slug.strip()[:100])
        else:
            raise InvalidArgument("community_id", "is required (or slug)")
        role = await self.communities.role_of(community.community_id, caller_id) if community else None
        return rules.require_visible(community, role), role

    async def get(self, caller_id: str, community_id: str, slug: str) -> tuple[Community, Role | None]:
        return await self._visible(caller_id, community_id, slug)

    async def join(self, caller_id: str, community_id: str) -> bool:
        community, role = await self._visible(caller_id, community_id)
        if not rules.can_join(community, role):
            return False
        return await self.communities.join(community.community_id, caller_id, Role.MEMBER)

    async def leave(self, caller_id: str, community_id: str) -> bool:
        community, role = await self._visible(caller_id, community_id)
        if not rules.can_leave(role):
            return False
        return await self.communities.leave(community.community_id, caller_id)

    async def members(self, caller_id: str, community_id: str, page_size: int, cursor: str) -> tuple[list[Membership], str]:
        community, role = await self._visible(caller_id, community_id)
        rules.require_member_list_access(community, role)
        size = DEFAULT_PAGE if page_size == 0 else page_size
        if not 1 <= size <= MAX_PAGE:
            raise InvalidArgument("page_size", f"must be between 1 and {MAX_PAGE}")
        rows = await self.communities.members(community.community_id, size + 1, _cursor(cursor))
        page = rows[:size]
        return page, _encode(page[-1]) if len(rows) > size else ""


