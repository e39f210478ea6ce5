"""Community handlers against in-memory fakes (no servers): creating, finding, changing, nesting
and archiving communities, their lists, and posting rights."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kith_communities.domain.communities import Nesting, PostingPolicy, Role, Visibility
from kith_platform.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.communities.tests.fakes import communities_service, new_id

OWNER, ADMIN, MOD, MEMBER, STRANGER = (new_id() for _ in range(5))


def _fields(slug: str = "chess-club", **changes):
    fields = {
        "slug": slug,
        "name": "Chess club",
        "description": "",
        "purpose": "",
        "topics": ["chess"],
        "visibility": None,
    }
    return {**fields, **changes}


def _staffed(service, visibility=Visibility.PUBLIC, **fields):
    community = service.store.seed(OWNER, visibility, **fields)
    for user, role in ((ADMIN, Role.ADMIN), (MOD, Role.MODERATOR), (MEMBER, Role.MEMBER)):
        service.store.seed_member(community.community_id, user, role)
    return service.store.communities[community.community_id]


async def test_a_new_community_is_owned_by_its_creator_and_announced():
    service = communities_service()
    community, role = await service.communities.create(OWNER, **_fields(slug="  Chess-Club "))
    assert role is Role.OWNER and community.slug == "chess-club" and community.visibility is Visibility.PUBLIC
    assert service.store.role(community.community_id, OWNER) is Role.OWNER
    assert service.store.outbox == [
        ("CommunityCreated", community.community_id),
        ("MemberJoined", community.community_id, OWNER),
    ]
    with pytest.raises(AlreadyExists, match="slug"):
        await service.communities.create(STRANGER, **_fields())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "a"}, "slug"),
        ({"name": "ab"}, "name"),
        ({"topics": ["#!"]}, "topics"),
        ({"rules": ["  "]}, "rules"),
        ({"description": "x" * 2001}, "description"),
    ],
)
async def test_an_invalid_community_is_refused_naming_the_field(changes, field):
    service = communities_service()
    with pytest.raises(InvalidArgument) as refused:
        await service.communities.create(OWNER, **_fields(**changes))
    assert refused.value.field == field and service.store.communities == {}


async def test_only_admins_of_an_unarchived_parent_create_subcommunities():
    service = communities_service()
    parent = _staffed(service, Visibility.PRIVATE)
    with pytest.raises(PermissionDenied, match="admins and the owner"):
        await service.communities.create(MOD, parent_id=parent.community_id, nesting=Nesting.FULL, **_fields())
    with pytest.raises(InvalidArgument) as no_nesting:
        await service.communities.create(ADMIN, parent_id=parent.community_id, **_fields())
    assert no_nesting.value.field == "nesting"
    with pytest.raises(InvalidArgument) as too_visible:
        await service.communities.create(
            ADMIN, parent_id=parent.community_id, nesting=Nesting.FULL, **_fields(visibility=Visibility.PUBLIC)
        )
    assert too_visible.value.field == "visibility"
    child, _ = await service.communities.create(ADMIN, parent_id=parent.community_id, nesting=Nesting.FULL, **_fields())
    assert child.parent_id == parent.community_id and child.visibility is Visibility.PRIVATE
    await service.communities.archive(OWNER, parent.community_id)
    with pytest.raises(FailedPrecondition, match="archived"):
        await service.communities.create(ADMIN, parent_id=parent.community_id, nesting=Nesting.FULL, **_fields("x-y"))


async def test_a_hidden_community_exists_only_for_members_and_invited_people():
    service = communities_service()
    hidden = _staffed(service, Visibility.HIDDEN)
    with pytest.raises(NotFound, match="community_id"):
        await service.communities.get(STRANGER, hidden.community_id, "")
    with pytest.raises(NotFound, match="community_id"):
        await service.communities.get(STRANGER, "", hidden.slug)
    service.store.invitations[(hidden.community_id, STRANGER)] = MOD
    community, role = await service.communities.get(STRANGER, "", hidden.slug.upper())
    assert community.community_id == hidden.community_id and role is None
    assert (await service.communities.get(MEMBER, hidden.community_id, ""))[1] is Role.MEMBER
    with pytest.raises(InvalidArgument) as nothing:
        await service.communities.get(MEMBER, "", "  ")
    assert nothing.value.field == "community_id"


async def test_moderators_set_the_questions_and_admins_the_rest_of_an_update():
    service = communities_service()
    community = _staffed(service)
    with pytest.raises(PermissionDenied):
        await service.communities.update(MEMBER, community.community_id, membership_questions=["Why?"])
    with pytest.raises(PermissionDenied):
        await service.communities.update(MOD, community.community_id, name="Renamed")
    updated, role = await service.communities.update(MOD, community.community_id, membership_questions=[" Why? "])
    assert updated.membership_questions == ("Why?",) and role is Role.MODERATOR
    assert service.store.outbox[-1] == ("CommunityUpdated", community.community_id, ("membership_questions",))
    assert service.store.log_entries[-1].action == "change membership questions"
    again, _ = await service.communities.update(ADMIN, community.community_id, membership_questions=["Why?"])
    assert again == updated and len(service.store.outbox) == 1  # nothing changed, nothing published
    updated, _ = await service.communities.update(
        ADMIN, community.community_id, posting_policy=PostingPolicy.MODERATORS_ONLY, hold_links_below_trust_level=2
    )
    assert updated.posting_policy is PostingPolicy.MODERATORS_ONLY and updated.hold_links_below_trust_level == 2


async def test_an_update_checks_its_values():
    service = communities_service()
    private = _staffed(service, Visibility.PRIVATE)
    for changes, field in (
        ({"hold_links_below_trust_level": 4}, "hold_links_below_trust_level"),
        ({"comments_from_non_members": True}, "comments_from_non_members"),
        ({"name": "no"}, "name"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            await service.communities.update(ADMIN, private.community_id, **changes)
        assert refused.value.field == field
    assert service.store.outbox == []


async def test_a_move_needs_admins_of_both_ends_and_never_makes_a_cycle():
    service = communities_service()
    parent, child = _staffed(service), _staffed(service)
    with pytest.raises(PermissionDenied):
        await service.communities.move(MOD, child.community_id, parent.community_id, Nesting.PARTIAL)
    moved, role = await service.communities.move(ADMIN, child.community_id, parent.community_id, Nesting.PARTIAL)
    assert moved.parent_id == parent.community_id and role is Role.ADMIN
    assert service.store.outbox[-1] == ("CommunityMoved", child.community_id, parent.community_id)
    with pytest.raises(InvalidArgument) as cycle:
        await service.communities.move(ADMIN, parent.community_id, child.community_id, Nesting.PARTIAL)
    assert cycle.value.field == "parent_id"


async def test_a_full_nesting_refuses_members_outside_the_new_parent():
    service = communities_service()
    parent, child = _staffed(service), _staffed(service)
    service.store.seed_member(child.community_id, STRANGER)
    with pytest.raises(FailedPrecondition, match="1 member"):
        await service.communities.move(ADMIN, child.community_id, parent.community_id, Nesting.FULL)
    assert service.store.communities[child.community_id].parent_id is None


async def test_the_owner_archives_a_community_with_what_is_below_and_unarchives_it_from_the_top():
    service = communities_service()
    parent = _staffed(service)
    child = service.store.seed(OWNER, parent_id=parent.community_id, nesting=Nesting.PARTIAL)
    with pytest.raises(PermissionDenied):
        await service.communities.archive(ADMIN, parent.community_id)
    assert await service.communities.archive(OWNER, parent.community_id) == [parent.community_id, child.community_id]
    with pytest.raises(FailedPrecondition, match="unarchive that one"):
        await service.communities.unarchive(OWNER, child.community_id)
    assert sorted(await service.communities.unarchive(OWNER, parent.community_id)) == sorted(
        [parent.community_id, child.community_id]
    )
    assert await service.communities.unarchive(OWNER, parent.community_id) == []  # not archived


async def test_the_directory_lists_a_topic_by_size_a_page_at_a_time():
    service = communities_service()
    small, big = _staffed(service), _staffed(service)
    service.store.seed_member(big.community_id, STRANGER)
    service.store.seed(OWNER, Visibility.HIDDEN)
    page, cursor = await service.communities.directory(" Chess ", 1, "")
    rest, end = await service.communities.directory("chess", 1, cursor)
    assert [c.community_id for c in page + rest] == [big.community_id, small.community_id]
    assert cursor and end == ""
    for call, field in (
        (service.communities.directory("  ", 0, ""), "topic"),
        (service.communities.search("   ", 0, ""), "query"),
        (service.communities.directory("chess", 0, "garbage"), "cursor"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            await call
        assert refused.value.field == field


async def test_posting_rights_say_why_not_with_the_community_and_role():
    service = communities_service()
    community = _staffed(service, hold_links_below_trust_level=2)
    refusal, visibility, level, role = await service.communities.posting_rights(community.community_id, MEMBER)
    assert (refusal, visibility, level, role) == ("", Visibility.PUBLIC, 2, Role.MEMBER)
    service.store.memberships[(community.community_id, MEMBER)].muted_until = datetime.now(UTC) + timedelta(hours=1)
    assert "muted" in (await service.communities.posting_rights(community.community_id, MEMBER))[0]
    assert "only members" in (await service.communities.posting_rights(community.community_id, STRANGER))[0]
    with pytest.raises(NotFound, match="community_id"):
        await service.communities.posting_rights(new_id(), MEMBER)
    with pytest.raises(InvalidArgument) as refused:
        await service.communities.posting_rights(community.community_id, "someone")
    assert refused.value.field == "user_id"


async def test_a_newcomer_joined_in_the_last_two_weeks():
    service = communities_service()
    community = _staffed(service)
    service.store.seed_member(community.community_id, STRANGER, days=3)
    assert await service.communities.is_newcomer(community.community_id, STRANGER)
    assert not await service.communities.is_newcomer(community.community_id, MEMBER)
    assert not await service.communities.is_newcomer(community.community_id, new_id())
