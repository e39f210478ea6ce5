"""The communities service's ports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from kith_communities.domain.communities import (
    Community,
    Membership,
    ModerationEntry,
    NewCommunity,
    PendingRequest,
    Role,
)


@dataclass(frozen=True)
class LinkJoin:
    """What decides a join with a live invite link, read under the link's lock."""

    community: Community
    role: Role | None
    banned: bool
    banned_until: datetime | None
    parent_role: Role | None  # in the parent, for a subcommunity; else None


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
        self, community_id: str, limit: int, after: tuple[datetime, str] | None, viewer_id: str
    ) -> list[Membership]:
        """A page of members, leaving out those hidden from the viewer (`hidden_from`)."""

    @abstractmethod
    async def add_join_request(
        self, community_id: str, user_id: str, answers: tuple[str, ...], questions: tuple[str, ...] = ()
    ) -> bool:
        """Store the request with the questions it answers; False when one is already pending."""

    @abstractmethod
    async def join_requests(
        self, community_id: str, limit: int, after: tuple[datetime, str] | None, viewer_id: str
    ) -> list[PendingRequest]:
        """A page of pending requests, leaving out those of people hidden from the viewer."""

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
    async def search(
        self, query: str, limit: int, after: tuple[float, str] | None
    ) -> list[tuple[Community, float]]: ...

    @abstractmethod
    async def mine(
        self, user_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[tuple[Community, Role, datetime]]: ...

    @abstractmethod
    async def ban_state(self, community_id: str, user_id: str) -> tuple[bool, datetime | None]:
        """(banned now, until when; None for a ban without end)."""

    @abstractmethod
    async def ban(
        self, tx, community_id: str, user_id: str, until: datetime | None, by: str, reason: str, was_member: bool
    ) -> None: ...

    @abstractmethod
    async def unban(self, tx, community_id: str, user_id: str, by: str) -> bool: ...

    @abstractmethod
    async def log(
        self, tx, community_id: str, actor: str, action: str, target: str, reason: str = "", details: str = ""
    ) -> None: ...

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
    async def create_invite_link(
        self, community_id: str, token_hash: bytes, by: str, expires_at: datetime, max_uses: int
    ) -> None: ...

    @abstractmethod
    def invite_link(self, token_hash: bytes, user_id: str):
        """A transaction (async context manager) holding the live link's row lock; it yields
        (tx, state): state is None when the link is unknown, expired or used up, else a LinkJoin
        read in that transaction. Nothing is spent unless `join_by_link` is called in it."""

    @abstractmethod
    async def join_by_link(self, tx, token_hash: bytes, community_id: str, user_id: str) -> None:
        """Take one use of the link and add the membership with MemberJoined, in `tx`."""

    @abstractmethod
    async def subcommunities(self, community_id: str) -> list[Community]: ...

    @abstractmethod
    async def owns_full_descendant(self, community_id: str, user_id: str) -> bool: ...

    @abstractmethod
    async def joined_at(self, community_id: str, user_id: str) -> datetime | None: ...

    @abstractmethod
    async def update(self, community_id: str, changes: dict, by: str) -> Community | None:
        """Apply `changes` (field to value) to the community as it is now, with its row locked;
        when that changes something, store it with CommunityUpdated and the moderation log
        entries of the change (`update_log_entries`). The community after; None when gone."""

    @abstractmethod
    async def posting_state(self, community_id: str, user_id: str):
        """(visibility, posting policy, role or None, muted until or None, banned, archived,
        link review level, comments from non-members) or None."""

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

    @abstractmethod
    async def hidden_from(self, viewer_id: str, user_id: str) -> bool:
        """Whether the user does not exist for the viewer: deactivated, or a block between them
        (either way); as mirrored by `mirror_block` and `mirror_user`."""

    @abstractmethod
    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        """Record a block fact (graph events); the newest per pair (by `at`) wins."""

    @abstractmethod
    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        """Record a deactivation fact (identity events); the newest per user (by `at`) wins.
        Facts naming an erased user (here and in `mirror_block`) are ignored."""

    @abstractmethod
    async def is_erased(self, user_id: str) -> bool:
        """Whether the user's account was erased (in the tombstone list)."""


@dataclass(frozen=True)
class Erased:
    """What erasing one person changed beyond their own rows."""

    ownership_passed: dict[str, str]  # community id -> new owner
    archived: list[str]  # communities left without anyone to own them (and those below)
    memberships: int
    promoted_from_waitlist: int


class ErasureRepository(ABC):
    @abstractmethod
    async def erase(self, user_id: str, erased_at: datetime) -> Erased:
        """Record the tombstone and remove every trace of the user, in one transaction with the
        events others need (ownership passed on, waitlist promotions, archived communities,
        reports closed), none of them naming the user; then delete the sent outbox rows that
        mention them. Applying it again changes nothing more."""

    @abstractmethod
    async def purge_outbox(self, limit: int = 100) -> int:
        """Delete sent outbox rows that mention erased users (rows that were unsent when they
        were erased); returns how many users are now free of any outbox row."""
