"""Membership and invitation handlers against in-memory fakes (no servers): joining, leaving,
member lists, join requests, invitations and invite links, and the events each stores."""

from __future__ import annotations

import pytest

from kith_communities.domain.communities import Nesting, Role, Visibility
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.communities.tests.fakes import communities_service, new_id

OWNER, MOD, MEMBER, ANA, BO = (new_id() for _ in range(5))


def _community(service, visibility=Visibility.PUBLIC, **fields):
    community = service.store.seed(OWNER, visibility, **fields)
    service.store.seed_member(community.community_id, MOD, Role.MODERATOR)
    service.store.seed_member(community.community_id, MEMBER)
    return community


async def test_anyone_joins_a_public_community_once():
    service = communities_service()
    community = _community(service)
    assert await service.memberships.join(ANA, community.community_id)
    assert not await service.memberships.join(ANA, community.community_id)
    assert service.store.role(community.community_id, ANA) is Role.MEMBER
    assert service.store.communities[community.community_id].member_count == 4
    assert service.store.outbox == [("MemberJoined", community.community_id, ANA)]


async def test_joining_is_refused_to_the_banned_and_where_approval_or_the_parent_is_needed():
    service = communities_service()
    public, private = _community(service), _community(service, Visibility.PRIVATE)
    service.store.bans[(public.community_id, ANA)] = None
    with pytest.raises(PermissionDenied, match="banned"):
        await service.memberships.join(ANA, public.community_id)
    with pytest.raises(FailedPrecondition, match="join request"):
        await service.memberships.join(BO, private.community_id)
    child = service.store.seed(OWNER, parent_id=public.community_id, nesting=Nesting.FULL)
    with pytest.raises(FailedPrecondition, match="parent"):
        await service.memberships.join(BO, child.community_id)
    await service.communities.archive(OWNER, public.community_id)
    with pytest.raises(FailedPrecondition, match="archived"):
        await service.memberships.join(BO, public.community_id)
    assert service.store.outbox[-1][0] == "CommunityArchived" and not any(
        e[0] == "MemberJoined" for e in service.store.outbox
    )


async def test_leaving_ends_the_fully_nested_memberships_below_but_the_owner_stays():
    service = communities_service()
    parent = _community(service)
    child = service.store.seed(MOD, parent_id=parent.community_id, nesting=Nesting.FULL)
    service.store.seed_member(child.community_id, MEMBER)
    assert await service.memberships.leave(MEMBER, parent.community_id)
    assert service.store.outbox == [
        ("MemberLeft", parent.community_id, MEMBER),
        ("MemberLeft", child.community_id, MEMBER),
    ]
    assert not await service.memberships.leave(MEMBER, parent.community_id)
    with pytest.raises(FailedPrecondition, match="transfer ownership"):
        await service.memberships.leave(OWNER, parent.community_id)
    with pytest.raises(FailedPrecondition, match="own a subcommunity"):
        await service.memberships.leave(MOD, parent.community_id)


async def test_members_of_a_private_community_are_listed_to_members_only_leaving_out_hidden_people():
    service = communities_service()
    private = _community(service, Visibility.PRIVATE)
    with pytest.raises(PermissionDenied, match="only members"):
        await service.memberships.members(ANA, private.community_id, 0, "")
    service.store.blocks.add((MEMBER, MOD))
    page, cursor = await service.memberships.members(MEMBER, private.community_id, 0, "")
    assert {m.user_id for m in page} == {OWNER, MEMBER} and cursor == ""
    first, cursor = await service.memberships.members(OWNER, private.community_id, 2, "")
    rest, _ = await service.memberships.members(OWNER, private.community_id, 2, cursor)
    assert len(first) == 2 and len(rest) == 1 and {m.user_id for m in first + rest} == {OWNER, MOD, MEMBER}


async def test_a_join_request_answers_every_question_and_a_moderator_approves_it():
    service = communities_service()
    private = _community(service, Visibility.PRIVATE, membership_questions=("Why?",))
    with pytest.raises(InvalidArgument) as unanswered:
        await service.memberships.request_to_join(ANA, private.community_id, [])
    assert unanswered.value.field == "answers"
    assert await service.memberships.request_to_join(ANA, private.community_id, [" To learn "])
    assert not await service.memberships.request_to_join(ANA, private.community_id, ["again"])
    with pytest.raises(PermissionDenied):
        await service.memberships.join_requests(MEMBER, private.community_id, 0, "")
    (request,), _ = await service.memberships.join_requests(MOD, private.community_id, 0, "")
    assert request.answered == [("Why?", "To learn")]
    await service.memberships.answer_join_request(MOD, private.community_id, ANA, True)
    assert service.store.role(private.community_id, ANA) is Role.MEMBER
    assert service.store.outbox == [
        ("JoinRequested", private.community_id, ANA),
        ("MemberJoined", private.community_id, ANA),
    ]
    assert service.store.log_entries[-1].action == "approve join request"


async def test_a_request_nobody_made_or_from_someone_hidden_is_not_found():
    service = communities_service()
    private = _community(service, Visibility.PRIVATE)
    with pytest.raises(NotFound, match="user_id"):
        await service.memberships.answer_join_request(MOD, private.community_id, ANA, False)
    await service.memberships.request_to_join(ANA, private.community_id, [])
    service.store.blocks.add((ANA, MOD))
    with pytest.raises(NotFound, match="user_id"):
        await service.memberships.answer_join_request(MOD, private.community_id, ANA, True)
    await service.memberships.answer_join_request(OWNER, private.community_id, ANA, False)
    assert service.store.outbox[-1] == ("JoinRequestDenied", private.community_id, ANA)
    with pytest.raises(FailedPrecondition, match="public"):
        await service.memberships.request_to_join(BO, _community(service).community_id, [])


async def test_moderators_invite_people_who_exist_for_them_and_are_not_members():
    service = communities_service()
    hidden = _community(service, Visibility.HIDDEN)
    with pytest.raises(PermissionDenied):
        await service.invitations.invite(MEMBER, hidden.community_id, ANA)
    with pytest.raises(FailedPrecondition, match="already a member"):
        await service.invitations.invite(MOD, hidden.community_id, MEMBER)
    service.store.deactivated.add(BO)
    with pytest.raises(NotFound, match="user_id"):
        await service.invitations.invite(MOD, hidden.community_id, BO)
    assert await service.invitations.invite(MOD, hidden.community_id, ANA)
    community, role = await service.invitations.accept_invitation(ANA, hidden.community_id)
    assert community.community_id == hidden.community_id and role is Role.MEMBER
    assert service.store.outbox == [
        ("UserInvited", hidden.community_id, ANA),
        ("MemberJoined", hidden.community_id, ANA),
    ]


async def test_accepting_needs_an_invitation():
    service = communities_service()
    public = _community(service)
    with pytest.raises(NotFound, match="no invitation"):
        await service.invitations.accept_invitation(ANA, public.community_id)
    assert (await service.invitations.accept_invitation(MEMBER, public.community_id))[1] is Role.MEMBER


async def test_an_invite_link_admits_people_until_its_uses_run_out():
    service = communities_service()
    private = _community(service, Visibility.PRIVATE)
    with pytest.raises(PermissionDenied):
        await service.invitations.create_invite_link(MEMBER, private.community_id, None, 0)
    token, _, uses = await service.invitations.create_invite_link(MOD, private.community_id, 3600, 1)
    assert uses == 1
    assert (await service.invitations.join_by_invite_link(MEMBER, token))[1] is Role.MEMBER  # no use spent
    community, role = await service.invitations.join_by_invite_link(ANA, f" {token} ")
    assert community.community_id == private.community_id and role is Role.MEMBER
    assert service.store.outbox == [("MemberJoined", private.community_id, ANA)]
    with pytest.raises(NotFound, match="token"):
        await service.invitations.join_by_invite_link(BO, token)


async def test_an_invite_link_refuses_the_banned_and_leaves_its_use_for_someone_else():
    service = communities_service()
    private = _community(service, Visibility.PRIVATE)
    token, _, _ = await service.invitations.create_invite_link(MOD, private.community_id, None, 1)
    service.store.bans[(private.community_id, BO)] = None
    with pytest.raises(PermissionDenied, match="banned"):
        await service.invitations.join_by_invite_link(BO, token)
    assert (await service.invitations.join_by_invite_link(ANA, token))[1] is Role.MEMBER


@pytest.mark.parametrize(
    ("expires_in", "max_uses", "field"),
    [(59, 0, "expires_in"), (31 * 86400, 0, "expires_in"), (None, -1, "max_uses"), (None, 10001, "max_uses")],
)
async def test_an_invite_link_lasts_a_minute_to_a_month_for_up_to_ten_thousand_uses(expires_in, max_uses, field):
    service = communities_service()
    community = _community(service)
    with pytest.raises(InvalidArgument) as refused:
        await service.invitations.create_invite_link(MOD, community.community_id, expires_in, max_uses)
    assert refused.value.field == field and service.store.links == {}


async def test_a_join_needs_a_token():
    service = communities_service()
    for token in ("", "   ", "x" * 201):
        with pytest.raises(InvalidArgument) as refused:
            await service.invitations.join_by_invite_link(ANA, token)
        assert refused.value.field == "token"
