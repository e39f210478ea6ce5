"""The in-memory fake of the community repository (it subclasses CommunityRepository, so every
port of communities, memberships, invitations, moderation and people), for unit tests of the
handlers without servers. Writes record in `outbox` the events their port says they store."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from kith_communities.domain import communities as rules
from kith_communities.domain.communities import Community, Nesting, NewCommunity, Role, Visibility
from kith_communities.domain.memberships import Membership, PendingRequest
from kith_communities.domain.moderation import ModerationEntry
from kith_communities.domain.ports import CommunityRepository, LinkJoin, PostingState
from kith_platform.errors import AlreadyExists
from kith_platform.privacy import Reach, reach_of

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def page(rows: list, key, limit: int, after: tuple | None) -> list:
    """Rows in ascending `key` order after the cursor's key, at most `limit`."""
    rows = sorted(rows, key=key)
    return [r for r in rows if after is None or key(r) > tuple(after)][:limit]


@dataclass
class Member:
    role: Role
    joined_at: datetime
    muted_until: datetime | None = None


@dataclass
class Link:
    community_id: str
    expires_at: datetime
    max_uses: int
    uses: int = 0


class FakeCommunityStore(CommunityRepository):
    """Communities, memberships, requests, invitations, bans, the log and people in dicts."""

    def __init__(self) -> None:
        self.communities: dict[str, Community] = {}
        self.memberships: dict[tuple[str, str], Member] = {}
        self.requests: dict[tuple[str, str], PendingRequest] = {}
        self.invitations: dict[tuple[str, str], str] = {}  # (community, user) -> inviter
        self.links: dict[bytes, Link] = {}
        self.bans: dict[tuple[str, str], datetime | None] = {}
        self.log_entries: list[ModerationEntry] = []
        self.blocks: set[tuple[str, str]] = set()
        self.deactivated: set[str] = set()
        self.erased: set[str] = set()
        self.privacy: dict[str, tuple[Reach, datetime]] = {}  # user -> (community_invitations, changed at)
        self.outbox: list[tuple] = []
        # Staff closures: removal -> (community, in force); community -> the closure that archived it.
        self.closures: dict[str, tuple[str, bool]] = {}
        self.archived_by: dict[str, str] = {}

    # Seeding (no events) ------------------------------------------------------------------

    def seed(self, owner_id: str, visibility: Visibility = Visibility.PUBLIC, **fields) -> Community:
        community_id = new_id()
        slug = fields.pop("slug", f"c-{community_id[:8]}")
        community = Community(community_id, slug, f"Name {slug}", "", "", ("chess",), visibility, owner_id, 0, T0)
        self.communities[community_id] = replace(community, **fields)
        self.seed_member(community_id, owner_id, Role.OWNER)
        return self.communities[community_id]

    def seed_member(self, community_id: str, user_id: str, role: Role = Role.MEMBER, days: int = 30) -> None:
        self.memberships[(community_id, user_id)] = Member(role, datetime.now(UTC) - timedelta(days=days))
        self._count(community_id, 1)

    def role(self, community_id: str, user_id: str) -> Role | None:
        member = self.memberships.get((community_id, user_id))
        return member.role if member else None

    def _count(self, community_id: str, delta: int) -> None:
        community = self.communities[community_id]
        self.communities[community_id] = replace(community, member_count=community.member_count + delta)

    def _below(self, community_id: str, full_only: bool = False) -> set[str]:
        below: set[str] = set()
        frontier = [community_id]
        while frontier:
            parent = frontier.pop()
            for c in self.communities.values():
                if (
                    c.parent_id == parent
                    and (not full_only or c.nesting is Nesting.FULL)
                    and c.community_id not in below
                ):
                    below.add(c.community_id)
                    frontier.append(c.community_id)
        return below

    # Communities --------------------------------------------------------------------------

    async def create(self, new: NewCommunity, owner_id: str) -> Community:
        if any(c.slug.lower() == new.slug.lower() for c in self.communities.values()):
            raise AlreadyExists("slug: already taken")
        community = Community(
            new_id(), new.slug, new.name, new.description, new.purpose, new.topics, new.visibility, owner_id, 0, T0
        )
        community = replace(
            community,
            parent_id=new.parent_id,
            nesting=new.nesting,
            rules=new.rules,
            welcome_message=new.welcome_message,
            posting_policy=new.posting_policy,
        )
        self.communities[community.community_id] = community
        self.seed_member(community.community_id, owner_id, Role.OWNER, days=0)
        self.outbox += [
            ("CommunityCreated", community.community_id),
            ("MemberJoined", community.community_id, owner_id),
        ]
        return self.communities[community.community_id]

    async def get(self, community_id: str | None, slug: str | None) -> Community | None:
        if community_id:
            return self.communities.get(community_id)
        return next((c for c in self.communities.values() if c.slug.lower() == (slug or "").lower()), None)

    async def update(self, community_id: str, changes: dict, by: str) -> Community | None:
        before = self.communities.get(community_id)
        if before is None:
            return None
        after = replace(before, **changes)
        changed = rules.changed_fields(before, after)
        if changed:
            self.communities[community_id] = after
            self.outbox.append(("CommunityUpdated", community_id, tuple(changed)))
            for action, details in rules.update_log_entries(changed, after):
                await self.log(None, community_id, by, action, None, details=details)
        return after

    async def directory(self, topic: str, limit: int, after: tuple[int, str] | None) -> list[Community]:
        listed = [
            c
            for c in self.communities.values()
            if topic in c.topics and c.visibility is not Visibility.HIDDEN and c.archived_at is None
        ]
        rows = sorted(listed, key=lambda c: (c.member_count, c.community_id), reverse=True)
        return [c for c in rows if after is None or (c.member_count, c.community_id) < tuple(after)][:limit]

    async def search(self, query: str, limit: int, after: tuple[float, str] | None) -> list[tuple[Community, float]]:
        found = [c for c in self.communities.values() if query.lower() in c.name.lower()]
        return [(c, 1.0) for c in page(found, lambda c: (c.community_id,), limit, None)]

    async def subcommunities(self, community_id: str) -> list[Community]:
        return sorted(
            (c for c in self.communities.values() if c.parent_id == community_id), key=lambda c: c.name.lower()
        )

    async def descendant_ids(self, community_id: str) -> set[str]:
        return self._below(community_id)

    async def owns_full_descendant(self, community_id: str, user_id: str) -> bool:
        return any(self.role(c, user_id) is Role.OWNER for c in self._below(community_id, full_only=True))

    async def move(self, community: Community, parent_id: str | None, nesting: Nesting | None, by: str) -> int:
        if nesting is Nesting.FULL and parent_id:
            outsiders = [
                u
                for (c, u) in self.memberships
                if c == community.community_id and (parent_id, u) not in self.memberships
            ]
            if outsiders:
                return len(outsiders)
        self.communities[community.community_id] = replace(
            self.communities[community.community_id], parent_id=parent_id, nesting=nesting
        )
        self.outbox.append(("CommunityMoved", community.community_id, parent_id or ""))
        return 0

    def _set(self, community_id: str, **fields) -> None:
        self.communities[community_id] = replace(self.communities[community_id], **fields)

    async def archive(self, community_id: str, by: str, removal_id: str = "") -> list[str]:
        if community_id not in self.communities:
            return []
        if removal_id:
            if removal_id in self.closures:
                return []
            self.closures[removal_id] = (community_id, True)
        subtree = [community_id, *sorted(self._below(community_id))]
        outer = self.communities[community_id].closed_by_removal
        ids = [c for c in subtree if not self.communities[c].archived_at]
        for c in ids:
            self._set(c, archived_at=T0, archived_with=community_id)
            if removal_id:
                self.archived_by[c] = removal_id
        if removal_id:
            for c in subtree:  # as HOLD_SUBTREE: what the closure holding this one held, it takes over
                if self.communities[c].closed_by_removal == outer:
                    self._set(c, closed_by_removal=removal_id)
                    if outer is not None and self.archived_by.get(c) == outer:
                        self._set(c, archived_with=community_id)
                        self.archived_by[c] = removal_id
            if community_id not in ids:
                ids.insert(0, community_id)
        owner = self.communities[community_id].owner_id
        self.outbox += [("CommunityArchived", c, community_id, owner, removal_id) for c in ids]
        return ids

    async def unarchive(self, community_id: str, by: str) -> list[str]:
        for c in self.communities.values():
            if c.archived_with == community_id and c.closed_by_removal:  # as HAND_OVER_TO_CLOSURES
                self._set(c.community_id, archived_with=self.closures[c.closed_by_removal][0])
                self.archived_by[c.community_id] = c.closed_by_removal
        ids = [c.community_id for c in self.communities.values() if c.archived_with == community_id]
        for c in ids:
            self._set(c, archived_at=None, archived_with=None)
            self.outbox.append(("CommunityUnarchived", c))
        return ids

    async def reopen_closed(self, removal_id: str, community_id: str) -> list[str]:
        closed, in_force = self.closures.get(removal_id, (community_id, False))
        self.closures[removal_id] = (closed, False)
        if not in_force:
            return []
        parent_id = self.communities[closed].parent_id
        parent = self.communities[parent_id] if parent_id else None
        ids = []
        for c in [c for c, r in self.archived_by.items() if r == removal_id]:
            if parent is not None and parent.archived_at is not None:
                self._set(c, archived_with=parent.archived_with)
                if parent.community_id in self.archived_by:
                    self.archived_by[c] = self.archived_by[parent.community_id]
                else:
                    del self.archived_by[c]
            else:
                self._set(c, archived_at=None, archived_with=None)
                del self.archived_by[c]
                ids.append(c)
        held_by = parent.closed_by_removal if parent is not None and parent.archived_at is not None else None
        for c in self.communities.values():
            if c.closed_by_removal == removal_id:
                self._set(c.community_id, closed_by_removal=held_by)
        self.outbox += [("CommunityUnarchived", c, removal_id) for c in ids]
        return ids

    async def posting_state(self, community_id: str, user_id: str) -> PostingState | None:
        community = self.communities.get(community_id)
        if community is None:
            return None
        member = self.memberships.get((community_id, user_id))
        return PostingState(
            community.visibility,
            community.posting_policy,
            member.role if member else None,
            member.muted_until if member else None,
            (await self.ban_state(community_id, user_id))[0],
            community.archived_at is not None,
            community.hold_links_below_trust_level,
            community.comments_from_non_members,
        )

    # Memberships --------------------------------------------------------------------------

    async def role_of(self, community_id: str, user_id: str) -> Role | None:
        return self.role(community_id, user_id)

    async def roles_of(self, user_id: str, community_ids: list[str]) -> dict[str, Role]:
        return {c: m.role for (c, u), m in self.memberships.items() if u == user_id and c in community_ids}

    async def joined_at(self, community_id: str, user_id: str) -> datetime | None:
        member = self.memberships.get((community_id, user_id))
        return member.joined_at if member else None

    async def mine(self, user_id, limit, after) -> list[tuple[Community, Role, datetime]]:
        rows = [(self.communities[c], m.role, m.joined_at) for (c, u), m in self.memberships.items() if u == user_id]
        rows.sort(key=lambda r: (r[2], r[0].community_id), reverse=True)
        return [r for r in rows if after is None or (r[2], r[0].community_id) < tuple(after)][:limit]

    def _join(self, community_id: str, user_id: str, role: Role) -> bool:
        if (community_id, user_id) in self.memberships:
            return False
        self.seed_member(community_id, user_id, role, days=0)
        self.outbox.append(("MemberJoined", community_id, user_id))
        return True

    def _leave(self, community_id: str, user_id: str, event: str) -> bool:
        if self.memberships.pop((community_id, user_id), None) is None:
            return False
        self._count(community_id, -1)
        self.outbox.append((event, community_id, user_id))
        for below in sorted(self._below(community_id, full_only=True)):
            self._leave(below, user_id, "MemberLeft")
        return True

    async def join(self, community_id: str, user_id: str, role: Role) -> bool:
        return self._join(community_id, user_id, role)

    async def leave(self, community_id: str, user_id: str) -> bool:
        return self._leave(community_id, user_id, "MemberLeft")

    async def members(self, community_id, limit, after, viewer_id) -> list[Membership]:
        rows = [
            Membership(u, m.role, m.joined_at)
            for (c, u), m in self.memberships.items()
            if c == community_id and not await self.hidden_from(viewer_id, u)
        ]
        return page(rows, lambda m: (m.joined_at, m.user_id), limit, after)

    async def add_join_request(self, community_id, user_id, answers, questions=()) -> bool:
        if (community_id, user_id) in self.requests:
            return False
        self.requests[(community_id, user_id)] = PendingRequest(user_id, answers, datetime.now(UTC), questions)
        self.outbox.append(("JoinRequested", community_id, user_id))
        return True

    async def join_requests(self, community_id, limit, after, viewer_id) -> list[PendingRequest]:
        rows = [
            r for (c, u), r in self.requests.items() if c == community_id and not await self.hidden_from(viewer_id, u)
        ]
        return page(rows, lambda r: (r.requested_at, r.user_id), limit, after)

    async def answer_join_request(self, community_id: str, user_id: str, approve: bool, by: str) -> bool:
        if self.requests.pop((community_id, user_id), None) is None:
            return False
        if approve:
            self._join(community_id, user_id, Role.MEMBER)
        else:
            self.outbox.append(("JoinRequestDenied", community_id, user_id))
        await self.log(None, community_id, by, "approve join request" if approve else "deny join request", user_id)
        return True

    @asynccontextmanager
    async def lock_roles(self, community_id: str, user_ids: list[str]):
        yield (
            None,
            {u: self.memberships[(community_id, u)].role for u in user_ids if (community_id, u) in self.memberships},
        )

    async def set_role(self, tx, community_id: str, user_id: str, role: Role, by: str) -> None:
        self.memberships[(community_id, user_id)].role = role
        if role is Role.OWNER:
            self.communities[community_id] = replace(self.communities[community_id], owner_id=user_id)
        self.outbox.append(("MemberRoleChanged", community_id, user_id, role))
        await self.log(tx, community_id, by, "change role", user_id, details=f"role={role.value}")

    async def remove_member(self, tx, community_id: str, user_id: str, by: str) -> None:
        self._leave(community_id, user_id, "MemberRemoved")
        await self.log(tx, community_id, by, "remove member", user_id)

    # Invitations --------------------------------------------------------------------------

    async def invite(self, community_id: str, user_id: str, by: str) -> bool:
        if await self.is_invited(community_id, user_id):
            return False
        self.invitations[(community_id, user_id)] = by
        self.outbox.append(("UserInvited", community_id, user_id))
        return True

    async def is_invited(self, community_id: str, user_id: str) -> bool:
        inviter = self.invitations.get((community_id, user_id))
        return inviter is not None and not await self.hidden_from(user_id, inviter)

    async def accept_invitation(self, community_id: str, user_id: str) -> bool:
        if not await self.is_invited(community_id, user_id):
            return False
        del self.invitations[(community_id, user_id)]
        self._join(community_id, user_id, Role.MEMBER)
        return True

    async def create_invite_link(self, community_id, token_hash, by, expires_at, max_uses) -> None:
        self.links[token_hash] = Link(community_id, expires_at, max_uses)

    @asynccontextmanager
    async def invite_link(self, token_hash: bytes, user_id: str):
        link = self.links.get(token_hash)
        if link is None or link.expires_at <= datetime.now(UTC) or link.uses >= link.max_uses:
            yield None, None
            return
        community = self.communities[link.community_id]
        banned, until = await self.ban_state(link.community_id, user_id)
        parent_role = self.role(community.parent_id, user_id) if community.parent_id else None
        yield None, LinkJoin(community, self.role(link.community_id, user_id), banned, until, parent_role)

    async def join_by_link(self, tx, token_hash: bytes, community_id: str, user_id: str) -> None:
        self.links[token_hash].uses += 1
        self._join(community_id, user_id, Role.MEMBER)

    # Moderation ---------------------------------------------------------------------------

    async def ban_state(self, community_id: str, user_id: str) -> tuple[bool, datetime | None]:
        if (community_id, user_id) not in self.bans:
            return False, None
        until = self.bans[(community_id, user_id)]
        return (until is None or until > datetime.now(UTC)), until

    async def ban(self, tx, community_id, user_id, until, by, reason, was_member) -> None:
        self.bans[(community_id, user_id)] = until
        self.requests.pop((community_id, user_id), None)
        if was_member:
            self.memberships.pop((community_id, user_id))
            self._count(community_id, -1)
        self.outbox.append(("MemberBanned", community_id, user_id))
        await self.log(tx, community_id, by, "ban", user_id, reason)

    async def unban(self, tx, community_id, user_id, by) -> bool:
        if not (await self.ban_state(community_id, user_id))[0]:
            return False
        del self.bans[(community_id, user_id)]
        self.outbox.append(("MemberUnbanned", community_id, user_id))
        await self.log(tx, community_id, by, "unban", user_id)
        return True

    async def log(self, tx, community_id, actor, action, target, reason="", details="") -> None:
        entry_id = len(self.log_entries) + 1
        self.log_entries.append(ModerationEntry(entry_id, actor, action, target or "", reason, details, T0))

    async def moderation_log(self, community_id: str, limit: int, before: int | None) -> list[ModerationEntry]:
        rows = sorted(self.log_entries, key=lambda e: e.entry_id, reverse=True)
        return [e for e in rows if before is None or e.entry_id < before][:limit]

    # People -------------------------------------------------------------------------------

    async def hidden_from(self, viewer_id: str, user_id: str) -> bool:
        blocked = (viewer_id, user_id) in self.blocks or (user_id, viewer_id) in self.blocks
        return blocked or user_id in self.deactivated or user_id in self.erased

    async def mirror_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        if not {blocker_id, blocked_id} & self.erased:
            (self.blocks.add if active else self.blocks.discard)((blocker_id, blocked_id))

    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        if user_id not in self.erased:
            (self.deactivated.add if deactivated else self.deactivated.discard)(user_id)

    async def mirror_privacy(self, user_id: str, community_invitations: Reach, at: datetime) -> None:
        if user_id not in self.erased and (user_id not in self.privacy or self.privacy[user_id][1] <= at):
            self.privacy[user_id] = (community_invitations, at)

    async def community_invitations(self, user_id: str) -> Reach:
        kept = self.privacy.get(user_id)
        return kept[0] if kept else reach_of(None)

    async def is_erased(self, user_id: str) -> bool:
        return user_id in self.erased
