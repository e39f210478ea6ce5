"""Moderators' and owners' powers over members: roles, ownership, removal, bans, and the
moderation log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kith_communities.domain import communities as rules
from kith_communities.domain import memberships, moderation
from kith_communities.domain.communities import Role
from kith_communities.domain.moderation import ModerationEntry
from kith_communities.domain.ports import CommunityRepository
from kith_communities.service_layer.handlers import CommunityHandlers, page_size_of
from kith_platform.errors import InvalidArgument, NotFound
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text


@dataclass
class ModerationHandlers:
    communities: CommunityHandlers  # finds the community as the caller may see it
    store: CommunityRepository

    async def change_role(self, caller_id: str, community_id: str, user_id: str, new: Role) -> None:
        community, _ = await self.communities.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        async with self.store.lock_roles(community.community_id, [caller_id, target]) as (tx, roles):
            memberships.check_role_change(roles.get(caller_id), roles.get(target), new)
            if roles[target] is not new:
                await self.store.set_role(tx, community.community_id, target, new, caller_id)

    async def transfer_ownership(self, caller_id: str, community_id: str, user_id: str) -> None:
        community, _ = await self.communities.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            raise InvalidArgument("user_id", "you already own this community")
        async with self.store.lock_roles(community.community_id, [caller_id, target]) as (tx, roles):
            rules.require_rank(roles.get(caller_id), Role.OWNER, "transfer ownership")
            if target not in roles:
                raise NotFound("user_id: not a member of this community")
            await self.store.set_role(tx, community.community_id, caller_id, Role.ADMIN, caller_id)
            await self.store.set_role(tx, community.community_id, target, Role.OWNER, caller_id)
            await self.store.log(tx, community.community_id, caller_id, "transfer ownership", target)

    async def remove_member(self, caller_id: str, community_id: str, user_id: str) -> None:
        community, _ = await self.communities.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        await self.communities.check_no_owned_subcommunity(community, target, "they")
        async with (
            self.communities.mirrors.holding(),
            self.store.lock_roles(community.community_id, [caller_id, target]) as (tx, roles),
        ):
            memberships.check_removal(roles.get(caller_id), roles.get(target))
            await self.store.remove_member(tx, community.community_id, target, caller_id)

    async def ban(
        self, caller_id: str, community_id: str, user_id: str, reason: str, duration_seconds: float
    ) -> datetime | None:
        """Ban for `duration_seconds` (0: until lifted); when it ends (None: never)."""
        community, _ = await self.communities.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            raise InvalidArgument("user_id", "you cannot ban yourself")
        reason = check_text(reason.strip(), "reason", max_length=moderation.REASON_MAX, multiline=True)
        if not 0 <= duration_seconds <= moderation.BAN_MAX_SECONDS:
            raise InvalidArgument("duration", "must be between 0 (until lifted) and 10 years")
        until = datetime.now(UTC) + timedelta(seconds=duration_seconds) if duration_seconds else None
        await self.communities.refuse_erased(target)
        await self.communities.check_no_owned_subcommunity(community, target, "they")
        async with (
            self.communities.mirrors.holding(),
            self.store.lock_roles(community.community_id, [caller_id, target]) as (tx, roles),
        ):
            moderation.check_ban(roles.get(caller_id), roles.get(target))
            await self.store.ban(tx, community.community_id, target, until, caller_id, reason, target in roles)
        return until

    async def unban(self, caller_id: str, community_id: str, user_id: str) -> bool:
        community, _ = await self.communities.visible(caller_id, community_id)
        target = parse_uuid(user_id, "user_id")
        async with self.store.lock_roles(community.community_id, [caller_id]) as (tx, roles):
            rules.require_rank(roles.get(caller_id), Role.MODERATOR, "lift bans")
            return await self.store.unban(tx, community.community_id, target, caller_id)

    async def moderation_log(
        self, caller_id: str, community_id: str, page_size: int, cursor: str
    ) -> tuple[list[ModerationEntry], str]:
        community, role = await self.communities.visible(caller_id, community_id)
        rules.require_rank(role, Role.MODERATOR, "read the moderation log")
        size = page_size_of(page_size)
        try:
            before = int(cursor) if cursor else None
        except ValueError:
            raise InvalidArgument("cursor", "is not a cursor returned by this API") from None
        rows = await self.store.moderation_log(community.community_id, size + 1, before)
        page = rows[:size]
        return page, str(page[-1].entry_id) if len(rows) > size else ""
