"""Membership use cases: join, leave, list the members, request to join and answer requests."""

from __future__ import annotations

from dataclasses import dataclass

from kith_communities.domain import communities as rules
from kith_communities.domain import memberships
from kith_communities.domain.communities import Role
from kith_communities.domain.memberships import Membership, PendingRequest
from kith_communities.domain.moderation import refuse_banned
from kith_communities.domain.ports import CommunityRepository
from kith_communities.service_layer.handlers import CommunityHandlers, page_size_of
from kith_platform import cursors
from kith_platform.errors import NotFound
from kith_platform.ids import parse_uuid


@dataclass
class MembershipHandlers:
    communities: CommunityHandlers  # finds the community as the caller may see it
    store: CommunityRepository

    async def join(self, caller_id: str, community_id: str) -> bool:
        community, role = await self.communities.visible(caller_id, community_id)
        if role is None:
            rules.refuse_archived(community)
            refuse_banned(*await self.store.ban_state(community.community_id, caller_id))
        if not memberships.can_join(community, role):
            return False
        await self.communities.check_parent(community, caller_id)
        async with self.communities.mirrors.holding(required=False):  # a new member reads the community at once
            return await self.store.join(community.community_id, caller_id, Role.MEMBER)

    async def leave(self, caller_id: str, community_id: str) -> bool:
        community, role = await self.communities.visible(caller_id, community_id)
        if not memberships.can_leave(role):
            return False
        await self.communities.check_no_owned_subcommunity(community, caller_id, "you")
        async with self.communities.mirrors.holding():
            return await self.store.leave(community.community_id, caller_id)

    async def members(
        self, caller_id: str, community_id: str, page_size: int, cursor: str
    ) -> tuple[list[Membership], str]:
        community, role = await self.communities.visible(caller_id, community_id)
        memberships.require_member_list_access(community, role)
        size = page_size_of(page_size)
        rows = await self.store.members(community.community_id, size + 1, cursors.decode_at(cursor), caller_id)
        page = rows[:size]
        return page, cursors.encode_at(page[-1].joined_at, page[-1].user_id) if len(rows) > size else ""

    async def request_to_join(self, caller_id: str, community_id: str, answers: list[str]) -> bool:
        community, role = await self.communities.visible(caller_id, community_id)
        # Hidden communities take members by invitation only: to outsiders they do not exist.
        kept = memberships.can_request_to_join(community, role, answers)
        rules.refuse_archived(community)
        await self.communities.check_parent(community, caller_id)
        refuse_banned(*await self.store.ban_state(community.community_id, caller_id))
        return await self.store.add_join_request(
            community.community_id, caller_id, kept, community.membership_questions
        )

    async def join_requests(
        self, caller_id: str, community_id: str, page_size: int, cursor: str
    ) -> tuple[list[PendingRequest], str]:
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "see join requests")
        size = page_size_of(page_size)
        # Per moderator: one in a block with the requester does not see the request; the others do.
        rows = await self.store.join_requests(community.community_id, size + 1, cursors.decode_at(cursor), caller_id)
        page = rows[:size]
        return page, cursors.encode_at(page[-1].requested_at, page[-1].user_id) if len(rows) > size else ""

    async def answer_join_request(self, caller_id: str, community_id: str, user_id: str, approve: bool) -> None:
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "answer join requests")
        target = parse_uuid(user_id, "user_id")
        if await self.store.hidden_from(caller_id, target):
            raise NotFound("user_id: no pending join request from this user")
        async with self.communities.mirrors.holding(required=False):
            answered = await self.store.answer_join_request(community.community_id, target, approve, caller_id)
        if not answered:
            raise NotFound("user_id: no pending join request from this user")
