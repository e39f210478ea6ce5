"""The communities service's ports: its storage, one small port per concern (CommunityRepository
is those over one database that the community handlers take), the repositories of events
(meetups), reports and erasure, and the graph service's relationships."""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from kith_communities.domain.communities import Community, Nesting, NewCommunity, PostingPolicy, Role, Visibility
from kith_communities.domain.meetups import Event, EventDetails, RsvpStatus
from kith_communities.domain.memberships import Membership, PendingRequest
from kith_communities.domain.moderation import ModerationEntry, Report
from kith_platform.privacy import Reach

# A write transaction the service layer holds open and hands back to the port's writes in it;
# what it is belongs to the adapter.
Transaction = object


@dataclass(frozen=True)
class LinkJoin:
    """What decides a join with a live invite link, read under the link's lock."""

    community: Community
    role: Role | None
    banned: bool
    banned_until: datetime | None
    parent_role: Role | None  # in the parent, for a subcommunity; else None


@dataclass(frozen=True)
class PostingState:
    """What decides whether a user may post or comment in a community now."""

    visibility: Visibility
    policy: PostingPolicy
    role: Role | None
    muted_until: datetime | None
    banned: bool
    archived: bool
    hold_links_below: int  # the link review level (0: off)
    comments_from_non_members: bool


class Communities(ABC):
    """The communities themselves: create, read, change, nest, archive."""

    @abstractmethod
    async def create(self, new: NewCommunity, owner_id: str) -> Community:
        """Store the community with its owner's membership and their events, atomically.
        ALREADY_EXISTS naming `slug` when it is taken."""

    @abstractmethod
    async def get(self, community_id: str | None, slug: str | None) -> Community | None: ...

    @abstractmethod
    async def update(self, community_id: str, changes: dict, by: str) -> Community | None:
        """Apply `changes` (field to value) to the community as it is now, with its row locked;
        when that changes something, store it with CommunityUpdated and the moderation log
        entries of the change (`update_log_entries`). The community after; None when gone."""

    @abstractmethod
    async def directory(self, topic: str, limit: int, after: tuple[int, str] | None) -> list[Community]: ...

    @abstractmethod
    async def search(
        self, query: str, limit: int, after: tuple[float, str] | None
    ) -> list[tuple[Community, float]]: ...

    @abstractmethod
    async def subcommunities(self, community_id: str) -> list[Community]: ...

    @abstractmethod
    async def descendant_ids(self, community_id: str) -> set[str]: ...

    @abstractmethod
    async def owns_full_descendant(self, community_id: str, user_id: str) -> bool: ...

    @abstractmethod
    async def move(self, community: Community, parent_id: str | None, nesting: Nesting | None, by: str) -> int:
        """Move with its event; when fully nested, 0 or the number of members outside the new parent
        (then nothing changes)."""

    @abstractmethod
    async def archive(self, community_id: str, by: str, removal_id: str = "") -> list[str]:
        """Archive it and everything below it not yet archived, with their events (naming the
        community's owner); their ids. With `removal_id` (a closure by the platform's staff, `by`
        empty) all of them are also held closed by it, and the community itself is announced even
        if it was archived before; a closure seen before (even reversed since), or a community
        that does not exist, changes nothing."""

    @abstractmethod
    async def unarchive(self, community_id: str, by: str) -> list[str]:
        """Unarchive what was archived with it, with their events; their ids. What a staff closure
        holds stays archived, as that closure's."""

    @abstractmethod
    async def reopen_closed(self, removal_id: str, community_id: str) -> list[str]:
        """End a staff closure: unarchive what it archived (not what was archived before), with
        CommunityUnarchived naming the removal, and hold nothing more; their ids. Under a parent
        archived since, what it archived stays archived with the parent. Recorded even when the
        closure is unknown, so that it is ignored if it arrives later; a second time changes nothing."""

    @abstractmethod
    async def posting_state(self, community_id: str, user_id: str) -> PostingState | None:
        """None when there is no such community."""


class Memberships(ABC):
    """Members, their roles, and requests to join; each change with its events."""

    @abstractmethod
    async def role_of(self, community_id: str, user_id: str) -> Role | None: ...

    @abstractmethod
    async def roles_of(self, user_id: str, community_ids: list[str]) -> dict[str, Role]:
        """The user's role in each of the communities they belong to."""

    @abstractmethod
    async def joined_at(self, community_id: str, user_id: str) -> datetime | None: ...

    @abstractmethod
    async def mine(
        self, user_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[tuple[Community, Role, datetime]]: ...

    @abstractmethod
    async def join(self, community_id: str, user_id: str, role: Role) -> bool:
        """Add the membership and MemberJoined atomically; False when already a member."""

    @abstractmethod
    async def leave(self, community_id: str, user_id: str) -> bool:
        """End the membership (and those of fully nested communities below) with MemberLeft;
        False when not a member."""

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
    def lock_roles(
        self, community_id: str, user_ids: list[str]
    ) -> AbstractAsyncContextManager[tuple[Transaction, dict[str, Role]]]:
        """A transaction holding the community's role lock; it yields (tx, {user_id: role}) for
        those of the given users who are members."""

    @abstractmethod
    async def set_role(self, tx: Transaction, community_id: str, user_id: str, role: Role, by: str) -> None: ...

    @abstractmethod
    async def remove_member(self, tx: Transaction, community_id: str, user_id: str, by: str) -> None: ...


class Invitations(ABC):
    """Invitations of one person, and invite links anyone holding them may use."""

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
    def invite_link(
        self, token_hash: bytes, user_id: str
    ) -> AbstractAsyncContextManager[tuple[Transaction, LinkJoin | None]]:
        """A transaction holding the live link's row lock; it yields (tx, state): state is None
        when the link is unknown, expired or used up, else a LinkJoin read in that transaction.
        Nothing is spent unless `join_by_link` is called in it."""

    @abstractmethod
    async def join_by_link(self, tx: Transaction, token_hash: bytes, community_id: str, user_id: str) -> None:
        """Take one use of the link and add the membership with MemberJoined, in `tx`."""


class Moderation(ABC):
    """Bans and the moderation log."""

    @abstractmethod
    async def ban_state(self, community_id: str, user_id: str) -> tuple[bool, datetime | None]:
        """(banned now, until when; None for a ban without end)."""

    @abstractmethod
    async def ban(
        self,
        tx: Transaction,
        community_id: str,
        user_id: str,
        until: datetime | None,
        by: str,
        reason: str,
        was_member: bool,
    ) -> None:
        """Ban (ending the membership and a pending request) with MemberBanned, logged."""

    @abstractmethod
    async def unban(self, tx: Transaction, community_id: str, user_id: str, by: str) -> bool: ...

    @abstractmethod
    async def log(
        self,
        tx: Transaction,
        community_id: str,
        actor: str,
        action: str,
        target: str | None,
        reason: str = "",
        details: str = "",
    ) -> None: ...

    @abstractmethod
    async def moderation_log(self, community_id: str, limit: int, before: int | None) -> list[ModerationEntry]: ...


class People(ABC):
    """People as other services' events tell: blocks, deactivated and erased accounts, and who
    may invite them to communities."""

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
    async def mirror_privacy(self, user_id: str, community_invitations: Reach, at: datetime) -> None:
        """Record who may invite the user to communities (identity's PrivacySettingsChanged); the
        newest per user (by `at`) wins, and a change naming an erased user is ignored."""

    @abstractmethod
    async def community_invitations(self, user_id: str) -> Reach:
        """Who may invite the user to communities, as mirrored (never changed: the default)."""

    @abstractmethod
    async def is_erased(self, user_id: str) -> bool:
        """Whether the user's account was erased (in the tombstone list)."""


@dataclass(frozen=True)
class Relationship:
    """How a person stands to another, from the person's side."""

    follows: bool  # the person follows the other
    friends: bool


class Relationships(ABC):
    """The graph service's relationships, asked only when a rule needs them."""

    @abstractmethod
    async def between(self, user_id: str, other_user_id: str) -> Relationship:
        """How `user_id` stands to `other_user_id`; Unavailable when the graph cannot answer."""


class CommunityRepository(Communities, Memberships, Invitations, Moderation, People):
    """Communities, memberships, invitations, moderation and people over one database: what
    bootstrap builds and the community handlers take."""


class EventRepository(ABC):
    """Community events (meetups) and RSVPs; each change with its events."""

    @abstractmethod
    async def create(self, community_id: str, details: EventDetails, by: str) -> str:
        """Store the event with EventScheduled; its id."""

    @abstractmethod
    async def get(self, event_id: str, viewer_id: str) -> Event | None: ...

    @abstractmethod
    async def upcoming(self, community_id: str) -> list[str]:
        """The ids of the community's events not ended nor cancelled, soonest first."""

    @abstractmethod
    async def update(self, event_id: str, title: str, description: str, capacity: int) -> bool:
        """Change it with EventChanged (a larger capacity seats the waitlist); False when gone."""

    @abstractmethod
    async def cancel(self, event_id: str) -> None: ...

    @abstractmethod
    async def rsvp(
        self, event_id: str, user_id: str, wanted: RsvpStatus, remind_me: bool = False
    ) -> tuple[RsvpStatus, int] | None:
        """(the status given, the place on the waitlist or 0) with RsvpChanged; None when the
        event is gone or cancelled."""


class ReportRepository(ABC):
    """Reports and their resolution; each change with its events."""

    @abstractmethod
    async def add(self, community_id: str, reporter_id: str, target: str, target_id: str, reason: str) -> int:
        """Store the report with ReportFiled; its id."""

    @abstractmethod
    async def open_reports(self, community_id: str, limit: int, after: int | None) -> list[Report]: ...

    @abstractmethod
    async def resolve(
        self,
        community_id: str,
        report_id: int,
        by: str,
        action: str,
        subject: str | None,
        mute_until: datetime | None,
        note: str,
    ) -> str | None:
        """Resolve an open report and apply its action (not bans: those go through BanMember's
        rules first) atomically. Returns the report's target kind, "not a member" when a mute
        finds no membership, or None when there is no such open report."""


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
