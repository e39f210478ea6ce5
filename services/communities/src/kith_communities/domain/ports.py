"""The communities service's ports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from kith_communities.domain.communities import (
    Community,
    Membership,
    ModerationEntry,
    NewCommunity,
    PendingRequest,
    Role,
)


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

    @abstractmethod
    async def add_join_request(self, community_id: str, user_id: str, answers: tuple[str, ...]) -> bool: ...

    @abstractmethod
    async def join_requests(
        self, community_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[PendingRequest]: ...

    @abstractmethod
    async def answer_join_request(self, community_id: str, user_id: str, approve: bool, by: str) -> bool:
        """Approve (membership + MemberJoined) or deny; False when no request was pending."""

    @abstractmethod
    async def lock_roles(self, community_id: str, user_ids: list[str]):
        """A transaction (async context manager) holding the community's role lock; it yields
        {user_id: role} for the given users."""

    @abstractmethod
    async def set_role(self, tx, community_id: str, user_id: str, role: Role, by: str) -> None: ...

    @abstractmethod
    async def remove_member(self, tx, community_id: str, user_id: str, by: str) -> None: ...

    @abstractmethod
    async def directory(self, topic: str, limit: int, after: tuple[int, str] | None) -> list[Community]: ...

    @abstractmethod
    async def search(self, query: str, limit: int, after: tuple[float, str] | None) -> list[tuple[Community, float]]: ...

    @abstractmethod
    async def mine(
        self, user_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[tuple[Community, Role, datetime]]: ...

    @abstractmethod
    async def ban_state(self, community_id: str, user_id: str) -> tuple[bool, datetime | None]:
        """(banned now, until when; None for a ban without end)."""

    @abstractmethod
    async def ban(self, tx, community_id: str, user_id: str, until: datetime | None, by: str, reason: str,
                  was_member: bool) -> None: ...

    @abstractmethod
    async def unban(self, tx, community_id: str, user_id: str, by: str) -> bool: ...

    @abstractmethod
    async def log(self, tx, community_id: str, actor: str, action: str, target: str, reason: str = "",
                  details: str = "") -> None: ...

    @abstractmethod
    async def moderation_log(self, community_id: str, limit: int, before: int | None) -> list[ModerationEntry]: ...

    @abstractmethod
    async def invite(self, community_id: str, user_id: str, by: str) -> bool: ...

    @abstractmethod
    async def is_invited(self, community_id: str, user_id: str) -> bool: ...

    @abstractmethod
    async def accept_invitation(self, community_id: str, user_id: str) -> bool:
        """Membership + MemberJoined, and the invitation used up; False without an invitation."""

    @abstractmethod
    async def create_invite_link(self, community_id: str, token_hash: bytes, by: str, expires_at: datetime,
                                 max_uses: int) -> None: ...

    @abstractmethod
    async def use_invite_link(self, token_hash: bytes) -> str | None:
        """The community id if the link is live (and one use is taken), else None."""

    @abstractmethod
    async def subcommunities(self, community_id: str) -> list[Community]: ...

    @abstractmethod
    async def owns_full_descendant(self, community_id: str, user_id: str) -> bool: ...

    @abstractmethod
    async def joined_at(self, community_id: str, user_id: str) -> datetime | None: ...

    @abstractmethod
    async def update(self, community: Community, by: str, logged: tuple[str, str] | None = None) -> None:
        """Store the changes; `logged` (action, details) goes into the moderation log with them."""

    @abstractmethod
    async def posting_state(self, community_id: str, user_id: str):
        """(visibility, posting policy, role or None, muted until or None, banned, archived,
        link review level) or None."""

    @abstractmethod
    async def roles_of(self, user_id: str, community_ids: list[str]) -> dict[str, Role]:
        """The user's role in each of the communities they belong to."""

    @abstractmethod
    async def descendant_ids(self, community_id: str) -> set[str]: ...

    @abstractmethod
    async def move(self, community: Community, parent_id: str | None, nesting, by: str) -> int:
        """Move with its event; when fully nested, 0 or the number of members outside the new parent
        (then nothing changes)."""

    @abstractmethod
    async def archive(self, community_id: str, by: str) -> list[str]: ...

    @abstractmethod
    async def unarchive(self, community_id: str, by: str) -> list[str]: ...
