"""Invitation use cases: invite a person, accept an invitation, create an invite link, join
with one."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kith_communities.domain import communities as rules
from kith_communities.domain import memberships
from kith_communities.domain.communities import Community, Role
from kith_communities.domain.moderation import refuse_banned
from kith_communities.domain.ports import CommunityRepository, Relationship, Relationships
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from kith_platform.ids import parse_uuid


def _token_hash(token: str) -> bytes:
    """Links are stored by the hash of their token: the token itself is only ever handed out."""
    return hashlib.sha256(token.encode()).digest()


@dataclass
class InvitationHandlers:
    communities: CommunityHandlers  # finds the community as the caller may see it
    store: CommunityRepository
    relationships: Relationships  # the graph: asked only when the invitee's setting depends on it

    async def invite(self, caller_id: str, community_id: str, user_id: str) -> bool:
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "invite people")
        rules.refuse_archived(community)
        target = parse_uuid(user_id, "user_id")
        if await self.store.hidden_from(caller_id, target):
            # Deactivated, or a block between them: to the caller, nobody is there.
            raise NotFound("user_id: no such user")
        if await self.store.role_of(community.community_id, target) is not None:
            raise FailedPrecondition("user_id: already a member")
        # The invitee's own say in who may invite them (their privacy setting).
        reach = await self.store.community_invitations(target)
        stands = (
            await self.relationships.between(target, caller_id)
            if memberships.needs_relationship(reach)
            else Relationship(follows=False, friends=False)
        )
        memberships.check_invitation(
            reach, is_self=target == caller_id, follows_inviter=stands.follows, friends=stands.friends
        )
        return await self.store.invite(community.community_id, target, caller_id)

    async def accept_invitation(self, caller_id: str, community_id: str) -> tuple[Community, Role]:
        community, role = await self.communities.visible(caller_id, community_id)
        if role is not None:
            return community, role
        rules.refuse_archived(community)
        refuse_banned(*await self.store.ban_state(community.community_id, caller_id))
        await self.communities.check_parent(community, caller_id)
        async with self.communities.mirrors.holding(required=False):
            accepted = await self.store.accept_invitation(community.community_id, caller_id)
        if not accepted:
            raise NotFound("community_id: no invitation to this community")
        return community, Role.MEMBER

    async def create_invite_link(
        self, caller_id: str, community_id: str, expires_in: float | None, max_uses: int
    ) -> tuple[str, datetime, int]:
        """(the token, when it expires, how many may use it)."""
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "create invite links")
        rules.refuse_archived(community)
        seconds = memberships.LINK_DEFAULT_SECONDS if expires_in is None else expires_in
        if not memberships.LINK_MIN_SECONDS <= seconds <= memberships.LINK_MAX_SECONDS:
            raise InvalidArgument("expires_in", "must be between 1 minute and 30 days")
        uses = memberships.LINK_DEFAULT_USES if max_uses == 0 else max_uses
        if not 1 <= uses <= memberships.LINK_MAX_USES:
            raise InvalidArgument("max_uses", f"must be between 1 and {memberships.LINK_MAX_USES}")
        token = secrets.token_urlsafe(24)
        expires_at = datetime.now(UTC) + timedelta(seconds=seconds)
        await self.store.create_invite_link(community.community_id, _token_hash(token), caller_id, expires_at, uses)
        return token, expires_at, uses

    async def join_by_invite_link(self, caller_id: str, token: str) -> tuple[Community, Role]:
        """Every check runs under the link's lock before its use is spent, in one transaction:
        a refused join (or a member presenting it) leaves the link for the person it was for."""
        if not token.strip() or len(token) > 200:
            raise InvalidArgument("token", "is required")
        token_hash = _token_hash(token.strip())
        async with (
            self.communities.mirrors.holding(required=False),
            self.store.invite_link(token_hash, caller_id) as (tx, state),
        ):
            if state is None:
                raise NotFound("token: this invite link is unknown, expired or used up")
            if state.role is not None:
                return state.community, state.role
            memberships.check_link_join(state.community, state.banned, state.banned_until, state.parent_role)
            await self.store.join_by_link(tx, token_hash, state.community.community_id, caller_id)
        return state.community, Role.MEMBER
