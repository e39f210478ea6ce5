"""Communities: creation, visibility (hidden ones never leak), joining, leaving, members."""

from __future__ import annotations

import uuid

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


async def create(api, owner, visibility=C.VISIBILITY_PUBLIC, topics=("rust",), name="Rust Learners"):
    slug = f"c-{uuid.uuid4().hex[:12]}"
    response = await api.communities.CreateCommunity(C.CreateCommunityRequest(
        slug=slug, name=name, description="We learn Rust together.", purpose="Help each other ship.",
        topics=list(topics), visibility=visibility), metadata=owner.auth)
    return response.community


async def test_create_and_read_by_id_or_slug(api):
    owner = await api.sign_up("owner")
    community = await create(api, owner, topics=["Rust", "systems programming", "rust"])
    assert community.viewer_role == C.ROLE_OWNER and community.member_count == 1
    assert list(community.topics) == ["rust", "systems programming"]
    reader = await api.sign_up("reader")
    by_slug = await api.communities.GetCommunity(C.GetCommunityRequest(slug=community.slug.upper()),
                                                 metadata=reader.auth)
    assert by_slug.community.community_id == community.community_id
    assert by_slug.community.viewer_role == C.ROLE_UNSPECIFIED
    code, details = await _fails(api.communities.CreateCommunity(C.CreateCommunityRequest(
        slug=community.slug, name="Another"), metadata=reader.auth))
    assert code == grpc.StatusCode.ALREADY_EXISTS and details.startswith("slug:")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"slug": "A!", "name": "Fine name"}, "slug"),
        ({"slug": "ok-slug", "name": "x"}, "name"),
        ({"slug": "ok-slug", "name": "Fine", "description": "x" * 2001}, "description"),
        ({"slug": "ok-slug", "name": "Fine", "topics": [f"t{i}" for i in range(11)]}, "topics"),
        ({"slug": "ok-slug", "name": "Fine", "visibility": 42}, "visibility"),
    ],
)
async def test_invalid_communities_are_refused_naming_the_field(api, fields, field):
    user = await api.sign_up("maker")
    code, details = await _fails(api.communities.CreateCommunity(C.CreateCommunityRequest(**fields),
                                                                 metadata=user.auth))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")


async def test_join_leave_and_members(api):
    owner = await api.sign_up("owner")
    community = await create(api, owner)
    members = [await api.sign_up("m") for _ in range(3)]
    for m in members:
        assert (await api.communities.JoinCommunity(C.JoinCommunityRequest(
            community_id=community.community_id), metadata=m.auth)).joined
    assert not (await api.communities.JoinCommunity(C.JoinCommunityRequest(
        community_id=community.community_id), metadata=members[0].auth)).joined

    seen, cursor = [], ""
    for _ in range(3):
        page = await api.communities.ListMembers(C.ListMembersRequest(
            community_id=community.community_id, page_size=2, cursor=cursor), metadata=members[1].auth)
        seen += [(m.user_id, m.role) for m in page.members]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [(owner.user_id, C.ROLE_OWNER)] + [(m.user_id, C.ROLE_MEMBER) for m in members]

    assert (await api.communities.LeaveCommunity(C.LeaveCommunityRequest(
        community_id=community.community_id), metadata=members[0].auth)).left
    got = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=community.community_id),
                                             metadata=owner.auth)
    assert got.community.member_count == 3
    code, details = await _fails(api.communities.LeaveCommunity(C.LeaveCommunityRequest(
        community_id=community.community_id), metadata=owner.auth))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "ownership" in details


async def test_private_communities_need_approval_and_hide_their_members(api):
    owner, outsider = await api.sign_up("owner"), await api.sign_up("outsider")
    community = await create(api, owner, visibility=C.VISIBILITY_PRIVATE)
    seen = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=community.community_id),
                                              metadata=outsider.auth)
    assert seen.community.name == community.name  # its existence is public
    code, _ = await _fails(api.communities.JoinCommunity(C.JoinCommunityRequest(
        community_id=community.community_id), metadata=outsider.auth))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    code, _ = await _fails(api.communities.ListMembers(C.ListMembersRequest(
        community_id=community.community_id), metadata=outsider.auth))
    assert code == grpc.StatusCode.PERMISSION_DENIED


async def test_hidden_communities_do_not_exist_for_outsiders(api):
    owner, outsider = await api.sign_up("owner"), await api.sign_up("outsider")
    community = await create(api, owner, visibility=C.VISIBILITY_HIDDEN)
    for call in [
        api.communities.GetCommunity(C.GetCommunityRequest(community_id=community.community_id), metadata=outsider.auth),
        api.communities.GetCommunity(C.GetCommunityRequest(slug=community.slug), metadata=outsider.auth),
        api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=community.community_id),
                                      metadata=outsider.auth),
        api.communities.ListMembers(C.ListMembersRequest(community_id=community.community_id), metadata=outsider.auth),
    ]:
        code, details = await _fails(call)
        assert code == grpc.StatusCode.NOT_FOUND and community.name not in details
    # The same answer as for a community that never existed.
    code, _ = await _fails(api.communities.GetCommunity(C.GetCommunityRequest(community_id=str(uuid.uuid4())),
                                                        metadata=outsider.auth))
    assert code == grpc.StatusCode.NOT_FOUND
    mine = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=community.community_id),
                                              metadata=owner.auth)
    assert mine.community.viewer_role == C.ROLE_OWNER
