"""Community use cases: create, read, join, leave, list members."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from kith_communities.domain import communities as rules
from kith_communities.domain.communities import (
    Community,
    Membership,
    ModerationEntry,
    Nesting,
    PendingRequest,
    Role,
    Visibility,
)
from kith_communities.domain.ports import CommunityRepository
from kith_platform import cursors
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from kith_platform.ids import parse_uuid
from kith_platform.mirrors import MirrorPush
from kith_platform.validation import check_text, normalise_topics, page_size

DEFAULT_PAGE, MAX_PAGE = 50, 100


def _uuid(value) -> str:
    return parse_uuid(str(value), "cursor")


def _json_cursor(value: str, kind: type) -> tuple | None:
    """A (number, id) cursor of the directory and search pages."""
    return cursors.decode(value, kind, _uuid)


def page_size_of(requested: int) -> int:
    return page_size(requested, default=DEFAULT_PAGE, maximum=MAX_PAGE)


@dataclass
class CommunityHandlers:
    communities: CommunityRepository
    # Leaving, removals and bans hold on every read path when they return: their events are
    # applied by the services mirroring memberships before the call answers. Joins are pushed
    # too, so that a new member reads the community at once, but a mirror that is late does
    # not fail them (`holding(required=False)`).
    mirrors: MirrorPush = field(default_factory=lambda: MirrorPush(()))

    async def create(self, caller_id: str, *, parent_id: str = "", nesting=None, **fields) -> tuple[Community, Role]:
        parent, parent_role = (None, None)
        if parent_id:
            parent, parent_role = await self.visible(caller_id, parent_id)
            rules.refuse_archived(parent)
        new = rules.validate_new_community(**fields, parent=parent, parent_role=parent_role, nesting=nesting)
        async with self.mirrors.holding(required=False):  # the owner posts into it at once
            return await self.communities.create(new, caller_id), Role.OWNER

    async def _check_parent(self, community: Community, user_id: str) -> None:
        if community.parent_id and community.nesting is Nesting.FULL:
            rules.require_parent_membership(community, await self.communities.role_of(community.parent_id, user_id))

    async def _check_no_owned_subcommunity(self, community: Community, user_id: str, who: str) -> None:
        if await self.communities.owns_full_descendant(community.community_id, user_id):
            raise FailedPrecondition(f"{who} own a subcommunity that requires membership here; transfer it first")

    async def subcommunities(self, caller_id: str, community_id: str) -> list[tuple[Community, Role | None]]:
        community, _ = await self.visible(caller_id, community_id)
        children = []
        for child in await self.communities.subcommunities(community.community_id):
            role = await self.communities.role_of(child.community_id, caller_id)
            if child.visibility is not Visibility.HIDDEN or role is not None:
                children.append((child, role))
        return children

    async def visible(self, caller_id: str, community_id: str = "", slug: str = "") -> tuple[Community, Role | None]:
        if community_id:
            community = await self.communities.get(parse_uuid(community_id, "community_id"), None)
        elif slug.strip():
            community = await self.communities.get(None, slug.strip()[:100])
        else:
            raise InvalidArgument("community_id", "is required (or slug)")
        role = await self.communities.role_of(community.community_id, caller_id) if community else None
        invited = bool(
            community
            and role is None
            and community.visibility is Visibility.HIDDEN
            and await self.communities.is_invited(community.community_id, caller_id)
        )
        return rules.require_visible(community, role, invited), role

    async def refuse_erased(self, user_id: str) -> None:
        """An erased account is nobody: nothing new may name it (a ban, a report, a warning)."""
        if await self.communities.is_erased(user_id):
            raise NotFound("user_id: no such user")

    async def get(self, caller_id: str, community_id: str, slug: str) -> tuple[Community, Role | None]:
        return await self.visible(caller_id, community_id, slug)

    async def join(self, caller_id: str, community_id: str) -> bool:
        community, role = await self.visible(caller_id, community_id)
        if role is None:
            rules.refuse_archived(community)
            rules.refuse_banned(*await self.communities.ban_state(community.community_id, caller_id))
        if not rules.can_join(community, role):
            return False
        await self._check_parent(community, caller_id)
        async with self.mirrors.holding(required=False):  # a new member reads the community at once
            return await self.communities.join(community.community_id, caller_id, Role.MEMBER)

    async def leave(self, caller_id: str, community_id: str) -> bool:
        community, role = await self.visible(caller_id, community_id)
        if not rules.can_leave(role):
            return False
        await self._check_no_owned_subcommunity(community, caller_id, "you")
        async with self.mirrors.holding():
            return await self.communities.leave(community.community_id, caller_id)

    async def members(
        self, caller_id: str, community_id: str, page_size: int, cursor: str
    ) -> tuple[list[Membership], str]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_member_list_access(community, role)
        size = page_size_of(page_size)
        rows = await self.communities.members(community.community_id, size + 1, cursors.decode_at(cursor), caller_id)
        page = rows[:size]
        return page, cursors.encode_at(page[-1].joined_at, page[-1].user_id) if len(rows) > size else ""

    async def request_to_join(self, caller_id: str, community_id: str, answers: list[str]) -> bool:
        community, role = await self.visible(caller_id, community_id)
        # Hidden communities take members by invitation only: to outsiders they do not exist.
        answers = rules.can_request_to_join(community, role, answers)
        rules.refuse_archived(community)
        await self._check_parent(community, caller_id)
        rules.refuse_banned(*await self.communities.ban_state(community.community_id, caller_id))
        return await self.communities.add_join_request(
            community.community_id, caller_id, answers, community.membership_questions
        )

    async def join_requests(
        self, caller_id: str, community_id: str, page_size: int, cursor: str
    ) -> tuple[list[PendingRequest], str]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "see join requests")
        size = page_size_of(page_size)
        # Per moderator: one in a block with the requester does not see the request; the others do.
        rows = await self.communities.join_requests(
            community.community_id, size + 1, cursors.decode_at(cursor), caller_id
        )
        page = rows[:size]
        return page, cursors.encode_at(page[-1].requested_at, page[-1].user_id) if len(rows) > size else ""

    async def answer_join_request(self, caller_id: str, community_id: str, user_id: str, approve: bool) -> None:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "answer join requests")
        target = parse_uuid(user_id, "user_id")
        if await self.communities.hidden_from(caller_id, target):
            raise NotFound("user_id: no pending join request from this user")
        async with self.mirrors.holding(required=False):
            answered = await self.communities.answer_join_request(community.community_id, target, approve, caller_id)
        if not answered:
            raise NotFound("user_id: no pending join request from this user")

    async def change_role(self, caller_id: str, community_id: str, user_id: str, new: Role) -> None:
        community, _ = await self.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        async with self.communities.lock_roles(community.community_id, [caller_id, target]) as (tx, roles):
            rules.check_role_change(roles.get(caller_id), roles.get(target), new)
            if roles[target] is not new:
                await self.communities.set_role(tx, community.community_id, target, new, caller_id)

    async def transfer_ownership(self, caller_id: str, community_id: str, user_id: str) -> None:
        community, _ = await self.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            raise InvalidArgument("user_id", "you already own this community")
        async with self.communities.lock_roles(community.community_id, [caller_id, target]) as (tx, roles):
            rules.require_rank(roles.get(caller_id), Role.OWNER, "transfer ownership")
            if target not in roles:
                raise NotFound("user_id: not a member of this community")
            await self.communities.set_role(tx, community.community_id, caller_id, Role.ADMIN, caller_id)
            await self.communities.set_role(tx, community.community_id, target, Role.OWNER, caller_id)
            await self.communities.log(tx, community.community_id, caller_id, "transfer ownership", target)

    async def remove_member(self, caller_id: str, community_id: str, user_id: str) -> None:
        community, _ = await self.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        await self._check_no_owned_subcommunity(community, target, "they")
        async with (
            self.mirrors.holding(),
            self.communities.lock_roles(community.community_id, [caller_id, target]) as (tx, roles),
        ):
            rules.check_removal(roles.get(caller_id), roles.get(target))
            await self.communities.remove_member(tx, community.community_id, target, caller_id)

    async def directory(self, topic: str, page_size: int, cursor: str) -> tuple[list[Community], str]:
        (topic,) = normalise_topics([topic], "topic", max_count=1) if topic.strip() else ("",)
        if not topic:
            raise InvalidArgument("topic", "is required")
        size = page_size_of(page_size)
        rows = await self.communities.directory(topic, size + 1, _json_cursor(cursor, int))
        page = rows[:size]
        last = page[-1] if page else None
        return page, cursors.encode(last.member_count, last.community_id) if len(rows) > size else ""

    async def search(self, query: str, page_size: int, cursor: str) -> tuple[list[Community], str]:
        query = check_text(" ".join(query.split()), "query", max_length=200)
        if not query:
            raise InvalidArgument("query", "is required")
        size = page_size_of(page_size)
        rows = await self.communities.search(query, size + 1, _json_cursor(cursor, float))
        page = rows[:size]
        next_cursor = cursors.encode(page[-1][1], page[-1][0].community_id) if len(rows) > size else ""
        return [c for c, _ in page], next_cursor

    async def mine(self, caller_id: str, page_size: int, cursor: str) -> tuple[list[tuple[Community, Role]], str]:
        size = page_size_of(page_size)
        rows = await self.communities.mine(caller_id, size + 1, cursors.decode_at(cursor))
        page = rows[:size]
        next_cursor = cursors.encode_at(page[-1][2], page[-1][0].community_id) if len(rows) > size else ""
        return [(c, role) for c, role, _ in page], next_cursor

    async def ban(
        self, caller_id: str, community_id: str, user_id: str, reason: str, duration_seconds: float
    ) -> datetime | None:
        community, _ = await self.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            raise InvalidArgument("user_id", "you cannot ban yourself")
        reason = check_text(reason.strip(), "reason", max_length=rules.REASON_MAX, multiline=True)
        if not 0 <= duration_seconds <= rules.BAN_MAX_SECONDS:
            raise InvalidArgument("duration", "must be between 0 (until lifted) and 10 years")
        until = datetime.now(UTC) + timedelta(seconds=duration_seconds) if duration_seconds else None
        await self.refuse_erased(target)
        await self._check_no_owned_subcommunity(community, target, "they")
        async with (
            self.mirrors.holding(),
            self.communities.lock_roles(community.community_id, [caller_id, target]) as (tx, roles),
        ):
            rules.check_ban(roles.get(caller_id), roles.get(target))
            await self.communities.ban(tx, community.community_id, target, until, caller_id, reason, target in roles)
        return until

    async def unban(self, caller_id: str, community_id: str, user_id: str) -> bool:
        community, _ = await self.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        async with self.communities.lock_roles(community.community_id, [caller_id]) as (tx, roles):
            rules.require_rank(roles.get(caller_id), Role.MODERATOR, "lift bans")
            return await self.communities.unban(tx, community.community_id, target, caller_id)

    async def moderation_log(
        self, caller_id: str, community_id: str, page_size: int, cursor: str
    ) -> tuple[list[ModerationEntry], str]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "read the moderation log")
        size = page_size_of(page_size)
        try:
            before = int(cursor) if cursor else None
        except ValueError:
            raise InvalidArgument("cursor", "is not a cursor returned by this API") from None
        rows = await self.communities.moderation_log(community.community_id, size + 1, before)
        page = rows[:size]
        return page, str(page[-1].entry_id) if len(rows) > size else ""

    async def invite(self, caller_id: str, community_id: str, user_id: str) -> bool:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "invite people")
        rules.refuse_archived(community)
        target = parse_uuid(user_id, "user_id")
        if await self.communities.hidden_from(caller_id, target):
            # Deactivated, or a block between them: to the caller, nobody is there.
            raise NotFound("user_id: no such user")
        if await self.communities.role_of(community.community_id, target) is not None:
            raise FailedPrecondition("user_id: already a member")
        return await self.communities.invite(community.community_id, target, caller_id)

    async def accept_invitation(self, caller_id: str, community_id: str) -> tuple[Community, Role]:
        community, role = await self.visible(caller_id, community_id)
        if role is not None:
            return community, role
        rules.refuse_archived(community)
        rules.refuse_banned(*await self.communities.ban_state(community.community_id, caller_id))
        await self._check_parent(community, caller_id)
        async with self.mirrors.holding(required=False):
            accepted = await self.communities.accept_invitation(community.community_id, caller_id)
        if not accepted:
            raise NotFound("community_id: no invitation to this community")
        return community, Role.MEMBER

    async def create_invite_link(
        self, caller_id: str, community_id: str, expires_in: float | None, max_uses: int
    ) -> tuple[str, datetime, int]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "create invite links")
        rules.refuse_archived(community)
        seconds = rules.LINK_DEFAULT_SECONDS if expires_in is None else expires_in
        if not rules.LINK_MIN_SECONDS <= seconds <= rules.LINK_MAX_SECONDS:
            raise InvalidArgument("expires_in", "must be between 1 minute and 30 days")
        uses = rules.LINK_DEFAULT_USES if max_uses == 0 else max_uses
        if not 1 <= uses <= rules.LINK_MAX_USES:
            raise InvalidArgument("max_uses", f"must be between 1 and {rules.LINK_MAX_USES}")
        token = secrets.token_urlsafe(24)
        expires_at = datetime.now(UTC) + timedelta(seconds=seconds)
        await self.communities.create_invite_link(
            community.community_id, hashlib.sha256(token.encode()).digest(), caller_id, expires_at, uses
        )
        return token, expires_at, uses

    async def join_by_invite_link(self, caller_id: str, token: str) -> tuple[Community, Role]:
        """Every check runs under the link's lock before its use is spent, in one transaction:
        a refused join (or a member presenting it) leaves the link for the person it was for."""
        if not token.strip() or len(token) > 200:
            raise InvalidArgument("token", "is required")
        token_hash = hashlib.sha256(token.strip().encode()).digest()
        async with (
            self.mirrors.holding(required=False),
            self.communities.invite_link(token_hash, caller_id) as (tx, state),
        ):
            if state is None:
                raise NotFound("token: this invite link is unknown, expired or used up")
            if state.role is not None:
                return state.community, state.role
            rules.check_link_join(state.community, state.banned, state.banned_until, state.parent_role)
            await self.communities.join_by_link(tx, token_hash, state.community.community_id, caller_id)
        return state.community, Role.MEMBER

    async def update(
        self,
        caller_id: str,
        community_id: str,
        posting_policy=None,
        hold_links_below_trust_level: int | None = None,
        comments_from_non_members: bool | None = None,
        **fields,
    ) -> tuple[Community, Role]:
        """Change the fields given (None: unchanged); a change publishes CommunityUpdated."""
        community, role = await self.visible(caller_id, community_id)
        given = dict(
            fields,
            posting_policy=posting_policy,
            hold_links_below_trust_level=hold_links_below_trust_level,
            comments_from_non_members=comments_from_non_members,
        )
        role = rules.require_update_rights(role, {k for k, v in given.items() if v is not None})
        rules.refuse_archived(community)
        changes = rules.validate_update(**fields)
        if posting_policy is not None:
            changes["posting_policy"] = posting_policy
        if hold_links_below_trust_level is not None:
            changes["hold_links_below_trust_level"] = rules.validate_link_review(hold_links_below_trust_level)
        if comments_from_non_members is not None:
            changes["comments_from_non_members"] = rules.validate_comments_from_non_members(
                community, comments_from_non_members
            )
        updated = await self.communities.update(community.community_id, changes, caller_id) if changes else community
        if updated is None:
            raise NotFound("community_id: no such community")
        return updated, role

    async def is_newcomer(self, community_id: str, caller_id: str) -> bool:
        joined = await self.communities.joined_at(community_id, caller_id)
        return joined is not None and datetime.now(UTC) - joined < timedelta(days=rules.NEWCOMER_DAYS)

    async def posting_rights(
        self, community_id: str, user_id: str, commenting: bool = False
    ) -> tuple[str, Visibility, int, Role | None]:
        """("" when allowed, else why not; the community's visibility; its link review level;
        the user's role)."""
        state = await self.communities.posting_state(
            parse_uuid(community_id, "community_id"), parse_uuid(user_id, "user_id")
        )
        if state is None:
            raise NotFound("community_id: no such community")
        visibility, policy, role, muted_until, banned, archived, hold_links_below, non_members_comment = state
        refusal = rules.posting_refusal(
            policy, role, muted_until, banned, datetime.now(UTC), archived, commenting, visibility, non_members_comment
        )
        return refusal, visibility, hold_links_below, role

    async def move(self, caller_id: str, community_id: str, parent_id: str, nesting) -> tuple[Community, Role]:
        community, role = await self.visible(caller_id, community_id)
        parent, parent_role = (None, None)
        if parent_id:
            parent, parent_role = await self.visible(caller_id, parent_id)
        descendants = await self.communities.descendant_ids(community.community_id) if parent else set()
        nesting = rules.check_move(community, role, parent, parent_role, nesting, descendants)
        new_parent = parent.community_id if parent else None
        if new_parent == community.community_id or (new_parent == community.parent_id and nesting is community.nesting):
            return community, role
        outsiders = await self.communities.move(community, new_parent, nesting, caller_id)
        if outsiders:
            raise FailedPrecondition(
                f"{outsiders} member(s) are not members of the new parent; nest it partly or have them join first"
            )
        return replace(community, parent_id=new_parent, nesting=nesting), role

    async def archive(self, caller_id: str, community_id: str) -> list[str]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.OWNER, "archive the community")
        return await self.communities.archive(community.community_id, caller_id)

    async def unarchive(self, caller_id: str, community_id: str) -> list[str]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.OWNER, "unarchive the community")
        if community.archived_at is None:
            return []
        if community.archived_with != community.community_id:
            raise FailedPrecondition("archived along with a community above it; unarchive that one")
        if community.parent_id:
            parent = await self.communities.get(community.parent_id, None)
            if parent is not None and parent.archived_at is not None:
                raise FailedPrecondition("its parent is archived; unarchive the parent first")
        return await self.communities.unarchive(community.community_id, caller_id)

    async def with_roles(self, caller_id: str, communities: list[Community]) -> list[tuple[Community, Role | None]]:
        roles = await self.communities.roles_of(caller_id, [c.community_id for c in communities]) if communities else {}
        return [(c, roles.get(c.community_id)) for c in communities]
