"""The communities service's ports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from kith_communities.domain.communities import Community, Membership, NewCommunity, Role


class CommunityRepository(ABC):
    @abstractmethod
    async def create(self, new: NewCommunity, owner_id: str) -> Community:
        """Store the community with its owner's membership and their events, atomically.
        ALREADY_EXISTS naming `slug` when it is taken."""

    @abstractmethod
    async def get(self, community_id: str | None, slug: str | None) -> Community | None: ...

    @abstractmethod
    async def role_of(self, community_id: str, user_id: str) -> Role | None: ...

    @abstractmethod
    async def join(self, community_id: str, user_id: str, role: Role) -> bool:
        """Add the membership and MemberJoined atomically; False when already a member."""

    @abstractmethod
    async def leave(self, community_id: str, user_id: str) -> bool: ...

    @abstractmethod
    async def members(
        self, community_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[Membership]: ...
