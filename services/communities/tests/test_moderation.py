"""Moderation handlers against in-memory fakes (no servers): roles, ownership, removals, bans and
the moderation log; who may do what to whom, and the events each change stores."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith_communities.domain.communities import Nesting, Role
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.communities.tests.fakes import communities_service, new_id

OWNER, ADMIN, MOD, MEMBER, ANA = (new_id() for _ in range(5))


def _community(service):
    community = service.store.seed(OWNER)
    for user, role in ((ADMIN, Role.ADMIN), (MOD, Role.MODERATOR), (MEMBER, Role.MEMBER)):
        service.store.seed_member(community.community_id, user, role)
    return community.community_id


async def test_roles_change_only_below_the_one_changing_them():
    service = communities_service()
    community = _community(service)
    with pytest.raises(PermissionDenied):
        await service.moderation.change_role(MOD, community, MEMBER, Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        await service.moderation.change_role(ADMIN, community, MEMBER, Role.ADMIN)
    with pytest.raises(InvalidArgument) as owner:
        await service.moderation.change_role(OWNER, community, MEMBER, Role.OWNER)
    assert owner.value.field == "role"
    with pytest.raises(NotFound, match="user_id"):
        await service.moderation.change_role(OWNER, community, ANA, Role.MODERATOR)
    await service.moderation.change_role(ADMIN, community, MEMBER, Role.MODERATOR)
    await service.moderation.change_role(ADMIN, community, MEMBER, Role.MODERATOR)  # no change: no event
    assert service.store.role(community, MEMBER) is Role.MODERATOR
    assert service.store.outbox == [("MemberRoleChanged", community, MEMBER, Role.MODERATOR)]
    assert service.store.log_entries[-1].details == "role=moderator"


async def test_the_owner_hands_ownership_to_a_member_and_becomes_an_admin():
    service = communities_service()
    community = _community(service)
    with pytest.raises(InvalidArgument) as self_transfer:
        await service.moderation.transfer_ownership(OWNER, community, OWNER)
    assert self_transfer.value.field == "user_id"
    with pytest.raises(PermissionDenied):
        await service.moderation.transfer_ownership(ADMIN, community, MEMBER)
    with pytest.raises(NotFound, match="not a member"):
        await service.moderation.transfer_ownership(OWNER, community, ANA)
    await service.moderation.transfer_ownership(OWNER, community, MEMBER)
    assert service.store.role(community, MEMBER) is Role.OWNER and service.store.role(community, OWNER) is Role.ADMIN
    assert service.store.communities[community].owner_id == MEMBER
    assert [e.action for e in service.store.log_entries][-1] == "transfer ownership"


async def test_members_are_removed_by_those_above_them_with_their_nested_memberships():
    service = communities_service()
    community = _community(service)
    child = service.store.seed(OWNER, parent_id=community, nesting=Nesting.FULL).community_id
    service.store.seed_member(child, MEMBER)
    with pytest.raises(PermissionDenied):
        await service.moderation.remove_member(MEMBER, community, MOD)
    await service.moderation.remove_member(MOD, community, MEMBER)
    assert service.store.role(community, MEMBER) is None and service.store.role(child, MEMBER) is None
    assert service.store.outbox == [("MemberRemoved", community, MEMBER), ("MemberLeft", child, MEMBER)]
    with pytest.raises(NotFound, match="user_id"):
        await service.moderation.remove_member(MOD, community, MEMBER)


async def test_a_ban_ends_the_membership_until_it_is_lifted():
    service = communities_service()
    community = _community(service)
    until = await service.moderation.ban(MOD, community, MEMBER, " spam ", 3600)
    assert until is not None and until > datetime.now(UTC)
    assert service.store.role(community, MEMBER) is None
    assert service.store.outbox == [("MemberBanned", community, MEMBER)]
    assert service.store.log_entries[-1].reason == "spam"
    with pytest.raises(PermissionDenied, match="banned"):
        await service.memberships.join(MEMBER, community)
    with pytest.raises(PermissionDenied):
        await service.moderation.unban(MEMBER, community, MEMBER)
    assert await service.moderation.unban(MOD, community, MEMBER)
    assert not await service.moderation.unban(MOD, community, MEMBER)
    assert await service.moderation.ban(MOD, community, ANA, "", 0) is None  # a non-member, for good


@pytest.mark.parametrize(
    ("by", "target", "duration", "field"),
    [(MOD, MOD, 0, "user_id"), (MOD, MEMBER, -1, "duration"), (MOD, MEMBER, 11 * 365 * 86400, "duration")],
)
async def test_a_ban_is_of_someone_else_for_up_to_ten_years(by, target, duration, field):
    service = communities_service()
    community = _community(service)
    with pytest.raises(InvalidArgument) as refused:
        await service.moderation.ban(by, community, target, "", duration)
    assert refused.value.field == field and service.store.bans == {}


async def test_nobody_bans_those_at_or_above_them_erased_people_or_owners_of_nested_communities():
    service = communities_service()
    community = _community(service)
    with pytest.raises(PermissionDenied):
        await service.moderation.ban(MOD, community, ADMIN, "", 0)
    service.store.erased.add(ANA)
    with pytest.raises(NotFound, match="user_id"):
        await service.moderation.ban(MOD, community, ANA, "", 0)
    service.store.seed(MEMBER, parent_id=community, nesting=Nesting.FULL)
    with pytest.raises(FailedPrecondition, match="own a subcommunity"):
        await service.moderation.ban(MOD, community, MEMBER, "", 0)
    assert service.store.bans == {}


async def test_moderators_read_the_log_newest_first_a_page_at_a_time():
    service = communities_service()
    community = _community(service)
    await service.moderation.ban(MOD, community, ANA, "", 0)
    await service.moderation.unban(MOD, community, ANA)
    with pytest.raises(PermissionDenied):
        await service.moderation.moderation_log(MEMBER, community, 0, "")
    page, cursor = await service.moderation.moderation_log(MOD, community, 1, "")
    rest, end = await service.moderation.moderation_log(MOD, community, 1, cursor)
    assert [e.action for e in page + rest] == ["unban", "ban"] and end == ""
    with pytest.raises(InvalidArgument) as refused:
        await service.moderation.moderation_log(MOD, community, 0, "not-a-number")
    assert refused.value.field == "cursor"
