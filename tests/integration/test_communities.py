"""Communities: creation, visibility (hidden ones never leak), joining, leaving, members."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC

import grpc
import pytest
from neo4j import AsyncGraphDatabase

from kith.communities.v1 import communities_pb2 as C
from tests.integration.endpoints import NEO4J_URI


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


async def create(api, owner, visibility=C.VISIBILITY_PUBLIC, topics=("rust",), name="Rust Learners"):
    slug = f"c-{uuid.uuid4().hex[:12]}"
    response = await api.communities.CreateCommunity(
        C.CreateCommunityRequest(
            slug=slug,
            name=name,
            description="We learn Rust together.",
            purpose="Help each other ship.",
            topics=list(topics),
            visibility=visibility,
        ),
        metadata=owner.auth,
    )
    return response.community


async def test_create_and_read_by_id_or_slug(api):
    owner = await api.sign_up("owner")
    community = await create(api, owner, topics=["Rust", "systems programming", "rust"])
    assert community.viewer_role == C.ROLE_OWNER and community.member_count == 1
    assert list(community.topics) == ["rust", "systems programming"]
    reader = await api.sign_up("reader")
    by_slug = await api.communities.GetCommunity(
        C.GetCommunityRequest(slug=community.slug.upper()), metadata=reader.auth
    )
    assert by_slug.community.community_id == community.community_id
    assert by_slug.community.viewer_role == C.ROLE_UNSPECIFIED
    code, details = await _fails(
        api.communities.CreateCommunity(
            C.CreateCommunityRequest(slug=community.slug, name="Another"), metadata=reader.auth
        )
    )
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
    code, details = await _fails(
        api.communities.CreateCommunity(C.CreateCommunityRequest(**fields), metadata=user.auth)
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")


async def test_join_leave_and_members(api):
    owner = await api.sign_up("owner")
    community = await create(api, owner)
    members = [await api.sign_up("m") for _ in range(3)]
    for m in members:
        assert (
            await api.communities.JoinCommunity(
                C.JoinCommunityRequest(community_id=community.community_id), metadata=m.auth
            )
        ).joined
    assert not (
        await api.communities.JoinCommunity(
            C.JoinCommunityRequest(community_id=community.community_id), metadata=members[0].auth
        )
    ).joined

    seen, cursor = [], ""
    for _ in range(3):
        page = await api.communities.ListMembers(
            C.ListMembersRequest(community_id=community.community_id, page_size=2, cursor=cursor),
            metadata=members[1].auth,
        )
        seen += [(m.user_id, m.role) for m in page.members]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [(owner.user_id, C.ROLE_OWNER)] + [(m.user_id, C.ROLE_MEMBER) for m in members]

    assert (
        await api.communities.LeaveCommunity(
            C.LeaveCommunityRequest(community_id=community.community_id), metadata=members[0].auth
        )
    ).left
    got = await api.communities.GetCommunity(
        C.GetCommunityRequest(community_id=community.community_id), metadata=owner.auth
    )
    assert got.community.member_count == 3
    code, details = await _fails(
        api.communities.LeaveCommunity(
            C.LeaveCommunityRequest(community_id=community.community_id), metadata=owner.auth
        )
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "ownership" in details


async def test_private_communities_need_approval_and_hide_their_members(api):
    owner, outsider = await api.sign_up("owner"), await api.sign_up("outsider")
    community = await create(api, owner, visibility=C.VISIBILITY_PRIVATE)
    seen = await api.communities.GetCommunity(
        C.GetCommunityRequest(community_id=community.community_id), metadata=outsider.auth
    )
    assert seen.community.name == community.name  # its existence is public
    code, _ = await _fails(
        api.communities.JoinCommunity(
            C.JoinCommunityRequest(community_id=community.community_id), metadata=outsider.auth
        )
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    code, _ = await _fails(
        api.communities.ListMembers(C.ListMembersRequest(community_id=community.community_id), metadata=outsider.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED


async def test_hidden_communities_do_not_exist_for_outsiders(api):
    owner, outsider = await api.sign_up("owner"), await api.sign_up("outsider")
    community = await create(api, owner, visibility=C.VISIBILITY_HIDDEN)
    for call in [
        api.communities.GetCommunity(
            C.GetCommunityRequest(community_id=community.community_id), metadata=outsider.auth
        ),
        api.communities.GetCommunity(C.GetCommunityRequest(slug=community.slug), metadata=outsider.auth),
        api.communities.JoinCommunity(
            C.JoinCommunityRequest(community_id=community.community_id), metadata=outsider.auth
        ),
        api.communities.ListMembers(C.ListMembersRequest(community_id=community.community_id), metadata=outsider.auth),
    ]:
        code, details = await _fails(call)
        assert code == grpc.StatusCode.NOT_FOUND and community.name not in details
    # The same answer as for a community that never existed.
    code, _ = await _fails(
        api.communities.GetCommunity(C.GetCommunityRequest(community_id=str(uuid.uuid4())), metadata=outsider.auth)
    )
    assert code == grpc.StatusCode.NOT_FOUND
    mine = await api.communities.GetCommunity(
        C.GetCommunityRequest(community_id=community.community_id), metadata=owner.auth
    )
    assert mine.community.viewer_role == C.ROLE_OWNER


async def test_communities_you_may_like_come_from_people_you_follow_and_your_interests(api):
    from kith.graph.v1 import graph_pb2 as G
    from kith.identity.v1 import identity_pb2
    from kith_platform.testing import wait_until

    me, ana, ben = await api.sign_up("me"), await api.sign_up("ana"), await api.sign_up("ben")
    topic = f"birding {me.handle[-8:]}"
    followed_by_two = await create(api, ana, name="Lisbon Climbers", topics=["climbing"])
    about_my_topic = await create(api, ben, name="Birders", topics=[topic])
    secret = await create(api, ana, name="Secret Club", visibility=C.VISIBILITY_HIDDEN)
    left = await create(api, ben, name="Left Behind")
    await api.communities.JoinCommunity(
        C.JoinCommunityRequest(community_id=followed_by_two.community_id), metadata=ben.auth
    )
    for c in (followed_by_two, left):
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=c.community_id), metadata=me.auth)
    await api.communities.LeaveCommunity(
        C.LeaveCommunityRequest(community_id=followed_by_two.community_id), metadata=me.auth
    )
    await api.communities.LeaveCommunity(C.LeaveCommunityRequest(community_id=left.community_id), metadata=me.auth)
    await api.communities.JoinCommunity(
        C.JoinCommunityRequest(community_id=about_my_topic.community_id), metadata=ana.auth
    )
    await api.follow(me, ana)
    await api.follow(me, ben)
    await api.identity.UpdateProfile(
        identity_pb2.UpdateProfileRequest(interests=identity_pb2.Interests(topics=[topic])), metadata=me.auth
    )

    async def suggested():
        response = await api.graph.SuggestCommunities(G.SuggestCommunitiesRequest(), metadata=me.auth)
        found = {s.community_id: s for s in response.suggestions}
        birders = found.get(about_my_topic.community_id)
        # Memberships and interests arrive by events: wait for all of them.
        return found if birders and birders.matching_interests and birders.people_you_follow == 2 else None

    async def left_both():
        # The leaves arrive by events on other partitions than Birders': wait until the graph has them.
        driver = AsyncGraphDatabase.driver(NEO4J_URI, auth=None)
        try:
            records, _, _ = await driver.execute_query(
                "MATCH (:User {id: $me})-[:LEFT]->(c:Community) WHERE c.id IN $ids RETURN count(c) AS n",
                me=me.user_id,
                ids=[followed_by_two.community_id, left.community_id],
            )
        finally:
            await driver.close()
        return records[0]["n"] == 2

    await wait_until(left_both, timeout=20, what="the graph to record both leaves")
    found = await wait_until(suggested, timeout=20, what="community suggestions")
    birders = found[about_my_topic.community_id]
    assert birders.people_you_follow == 2 and list(birders.matching_interests) == [topic]
    assert birders.reasons == ["2 people you follow are members", f"about {topic}"]
    # Never hidden ones, and never ones I left (nor ones I am in).
    assert not {secret.community_id, left.community_id, followed_by_two.community_id} & set(found)

    # People you may know now also say which communities you share.
    stranger = await api.sign_up("stranger")
    await api.communities.JoinCommunity(
        C.JoinCommunityRequest(community_id=about_my_topic.community_id), metadata=me.auth
    )
    await api.communities.JoinCommunity(
        C.JoinCommunityRequest(community_id=about_my_topic.community_id), metadata=stranger.auth
    )

    async def shared():
        response = await api.graph.SuggestPeople(G.SuggestPeopleRequest(limit=50), metadata=me.auth)
        return next((s for s in response.suggestions if s.user_id == stranger.user_id and s.shared_communities), None)

    suggestion = await wait_until(shared, timeout=20, what="a shared-community suggestion")
    assert "both in Birders" in suggestion.reasons


async def test_join_requests_for_private_communities(api):
    owner, mod, asker, other = [await api.sign_up(n) for n in ("owner", "mod", "asker", "other")]
    community = await create(api, owner, visibility=C.VISIBILITY_PRIVATE)
    cid = community.community_id
    # A moderator is needed to answer; make one through a request of their own.
    for user in (mod, asker, other):
        response = await api.communities.RequestToJoin(
            C.RequestToJoinRequest(community_id=cid, answers=["I climb", "Lisbon"]), metadata=user.auth
        )
        assert response.requested
    assert not (
        await api.communities.RequestToJoin(C.RequestToJoinRequest(community_id=cid), metadata=asker.auth)
    ).requested
    await api.communities.ApproveJoinRequest(
        C.ApproveJoinRequestRequest(community_id=cid, user_id=mod.user_id), metadata=owner.auth
    )
    await api.communities.ChangeMemberRole(
        C.ChangeMemberRoleRequest(community_id=cid, user_id=mod.user_id, role=C.ROLE_MODERATOR), metadata=owner.auth
    )

    pending = await api.communities.ListJoinRequests(C.ListJoinRequestsRequest(community_id=cid), metadata=mod.auth)
    assert [(r.user_id, list(r.answers)) for r in pending.requests] == [
        (asker.user_id, ["I climb", "Lisbon"]),
        (other.user_id, ["I climb", "Lisbon"]),
    ]
    code, _ = await _fails(
        api.communities.ListJoinRequests(C.ListJoinRequestsRequest(community_id=cid), metadata=asker.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED

    await api.communities.ApproveJoinRequest(
        C.ApproveJoinRequestRequest(community_id=cid, user_id=asker.user_id), metadata=mod.auth
    )
    await api.communities.DenyJoinRequest(
        C.DenyJoinRequestRequest(community_id=cid, user_id=other.user_id), metadata=mod.auth
    )
    got = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=cid), metadata=asker.auth)
    assert got.community.viewer_role == C.ROLE_MEMBER and got.community.member_count == 3
    code, _ = await _fails(
        api.communities.ApproveJoinRequest(
            C.ApproveJoinRequestRequest(community_id=cid, user_id=other.user_id), metadata=mod.auth
        )
    )
    assert code == grpc.StatusCode.NOT_FOUND

    public = await create(api, owner)
    code, _ = await _fails(
        api.communities.RequestToJoin(C.RequestToJoinRequest(community_id=public.community_id), metadata=other.auth)
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    hidden = await create(api, owner, visibility=C.VISIBILITY_HIDDEN)
    code, _ = await _fails(
        api.communities.RequestToJoin(C.RequestToJoinRequest(community_id=hidden.community_id), metadata=other.auth)
    )
    assert code == grpc.StatusCode.NOT_FOUND


async def _roles(api, viewer, cid) -> dict[str, int]:
    page = await api.communities.ListMembers(C.ListMembersRequest(community_id=cid), metadata=viewer.auth)
    return {m.user_id: m.role for m in page.members}


async def test_roles_follow_the_hierarchy_and_there_is_always_one_owner(api):
    owner, admin, mod, member = [await api.sign_up(n) for n in ("owner", "admin", "mod", "member")]
    cid = (await create(api, owner)).community_id
    for user in (admin, mod, member):
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=user.auth)

    def change(actor, target, role):
        request = C.ChangeMemberRoleRequest(community_id=cid, user_id=target.user_id, role=role)
        return api.communities.ChangeMemberRole(request, metadata=actor.auth)

    await change(owner, admin, C.ROLE_ADMIN)
    await change(admin, mod, C.ROLE_MODERATOR)
    for actor, target, role, code in [
        (admin, member, C.ROLE_ADMIN, grpc.StatusCode.PERMISSION_DENIED),  # not above their own rank
        (mod, member, C.ROLE_MODERATOR, grpc.StatusCode.PERMISSION_DENIED),
        (admin, owner, C.ROLE_MEMBER, grpc.StatusCode.PERMISSION_DENIED),
        (owner, member, C.ROLE_OWNER, grpc.StatusCode.INVALID_ARGUMENT),
    ]:
        assert (await _fails(change(actor, target, role)))[0] == code

    # Moderators remove members, not their peers or superiors.
    code, _ = await _fails(
        api.communities.RemoveMember(C.RemoveMemberRequest(community_id=cid, user_id=admin.user_id), metadata=mod.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED
    await api.communities.RemoveMember(
        C.RemoveMemberRequest(community_id=cid, user_id=member.user_id), metadata=mod.auth
    )

    # Two transfers at once: exactly one owner afterwards, and the old owner is an admin.
    results = await asyncio.gather(
        api.communities.TransferOwnership(
            C.TransferOwnershipRequest(community_id=cid, user_id=admin.user_id), metadata=owner.auth
        ),
        api.communities.TransferOwnership(
            C.TransferOwnershipRequest(community_id=cid, user_id=mod.user_id), metadata=owner.auth
        ),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    roles = await _roles(api, owner, cid)
    assert list(roles.values()).count(C.ROLE_OWNER) == 1 and roles[owner.user_id] == C.ROLE_ADMIN
    assert member.user_id not in roles
    new_owner = admin if roles[admin.user_id] == C.ROLE_OWNER else mod
    got = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=cid), metadata=new_owner.auth)
    assert got.community.viewer_role == C.ROLE_OWNER and got.community.member_count == 3


async def test_directory_and_search_never_show_hidden_communities(api):
    owner, outsider = await api.sign_up("owner"), await api.sign_up("outsider")
    tag = uuid.uuid4().hex[:8]
    topic = f"kayak{tag}"
    big = await create(api, owner, name=f"Kayakers {tag}", topics=[topic])
    small = await create(api, owner, name=f"Paddlers {tag}", topics=[topic], visibility=C.VISIBILITY_PRIVATE)
    hidden = await create(api, owner, name=f"Kayak Secret {tag}", topics=[topic], visibility=C.VISIBILITY_HIDDEN)
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=big.community_id), metadata=outsider.auth)

    seen, cursor = [], ""
    for _ in range(3):
        page = await api.communities.ListCommunities(
            C.ListCommunitiesRequest(topic=topic.upper(), page_size=1, cursor=cursor), metadata=outsider.auth
        )
        seen += [c.community_id for c in page.communities]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [big.community_id, small.community_id]  # largest first; hidden never

    for query in (tag, f"kayak secret {tag}", f'"Kayak Secret {tag}"'):
        found = await api.communities.SearchCommunities(C.SearchCommunitiesRequest(query=query), metadata=outsider.auth)
        assert hidden.community_id not in {c.community_id for c in found.communities}
    found = await api.communities.SearchCommunities(
        C.SearchCommunitiesRequest(query=f"kayakers {tag}"), metadata=outsider.auth
    )
    assert found.communities[0].community_id == big.community_id

    mine = await api.communities.ListMyCommunities(C.ListMyCommunitiesRequest(), metadata=owner.auth)
    assert hidden.community_id in {c.community_id for c in mine.communities}
    assert all(c.viewer_role == C.ROLE_OWNER for c in mine.communities)
    for request, field in [
        (C.SearchCommunitiesRequest(query="  "), "query"),
        (C.ListCommunitiesRequest(topic=""), "topic"),
        (C.ListCommunitiesRequest(topic="x", cursor="bad"), "cursor"),
    ]:
        call = (
            api.communities.SearchCommunities
            if isinstance(request, C.SearchCommunitiesRequest)
            else api.communities.ListCommunities
        )
        code, details = await _fails(call(request, metadata=outsider.auth))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")


async def test_bans_keep_people_out_until_they_expire_and_everything_is_logged(api):
    from google.protobuf.duration_pb2 import Duration

    owner, mod, troll, visitor = [await api.sign_up(n) for n in ("owner", "mod", "troll", "visitor")]
    cid = (await create(api, owner)).community_id
    for user in (mod, troll):
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=user.auth)
    await api.communities.ChangeMemberRole(
        C.ChangeMemberRoleRequest(community_id=cid, user_id=mod.user_id, role=C.ROLE_MODERATOR), metadata=owner.auth
    )

    banned = await api.communities.BanMember(
        C.BanMemberRequest(community_id=cid, user_id=troll.user_id, reason="spam", duration=Duration(seconds=2)),
        metadata=mod.auth,
    )
    assert banned.until.seconds > 0
    assert troll.user_id not in await _roles(api, owner, cid)
    code, details = await _fails(
        api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=troll.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED and "banned" in details
    # A ban without end, on someone who never joined.
    forever = await api.communities.BanMember(
        C.BanMemberRequest(community_id=cid, user_id=visitor.user_id, reason="threats"), metadata=owner.auth
    )
    assert not forever.HasField("until")
    code, _ = await _fails(
        api.communities.BanMember(C.BanMemberRequest(community_id=cid, user_id=owner.user_id), metadata=mod.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED

    await asyncio.sleep(2.5)  # the timed ban runs out
    assert (await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=troll.auth)).joined
    assert (
        await api.communities.UnbanMember(
            C.UnbanMemberRequest(community_id=cid, user_id=visitor.user_id), metadata=mod.auth
        )
    ).lifted
    assert (await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=visitor.auth)).joined

    log = await api.communities.ListModerationLog(C.ListModerationLogRequest(community_id=cid), metadata=mod.auth)
    actions = [(e.action, e.actor_id, e.target_user_id, e.reason) for e in log.entries]
    assert actions[:4] == [
        ("unban", mod.user_id, visitor.user_id, ""),
        ("ban", owner.user_id, visitor.user_id, "threats"),
        ("ban", mod.user_id, troll.user_id, "spam"),
        ("change role", owner.user_id, mod.user_id, ""),
    ]
    code, _ = await _fails(
        api.communities.ListModerationLog(C.ListModerationLogRequest(community_id=cid), metadata=troll.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED


async def test_invitations_open_private_and_hidden_communities(api):
    from google.protobuf.duration_pb2 import Duration

    owner, guest, outsider = await api.sign_up("owner"), await api.sign_up("guest"), await api.sign_up("outsider")
    hidden = await create(api, owner, visibility=C.VISIBILITY_HIDDEN)
    cid = hidden.community_id
    assert (
        await api.communities.InviteUser(
            C.InviteUserRequest(community_id=cid, user_id=guest.user_id), metadata=owner.auth
        )
    ).invited
    # The invitation reveals the community to the guest only.
    seen = await api.communities.GetCommunity(C.GetCommunityRequest(community_id=cid), metadata=guest.auth)
    assert seen.community.name == hidden.name
    code, _ = await _fails(
        api.communities.AcceptInvitation(C.AcceptInvitationRequest(community_id=cid), metadata=outsider.auth)
    )
    assert code == grpc.StatusCode.NOT_FOUND
    accepted = await api.communities.AcceptInvitation(C.AcceptInvitationRequest(community_id=cid), metadata=guest.auth)
    assert accepted.community.viewer_role == C.ROLE_MEMBER
    code, _ = await _fails(
        api.communities.InviteUser(C.InviteUserRequest(community_id=cid, user_id=outsider.user_id), metadata=guest.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED

    private = await create(api, owner, visibility=C.VISIBILITY_PRIVATE)
    link = await api.communities.CreateInviteLink(
        C.CreateInviteLinkRequest(community_id=private.community_id, expires_in=Duration(seconds=3600), max_uses=1),
        metadata=owner.auth,
    )
    joined = await api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=link.token), metadata=guest.auth)
    assert joined.community.community_id == private.community_id
    code, details = await _fails(
        api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=link.token), metadata=outsider.auth)
    )
    assert code == grpc.StatusCode.NOT_FOUND and details.startswith("token:")  # used up
    for request, field in [
        (C.CreateInviteLinkRequest(community_id=private.community_id, expires_in=Duration(seconds=1)), "expires_in"),
        (C.CreateInviteLinkRequest(community_id=private.community_id, max_uses=10001), "max_uses"),
    ]:
        code, details = await _fails(api.communities.CreateInviteLink(request, metadata=owner.auth))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")


async def test_nesting_keeps_its_invariants(api):
    owner, member, outsider = await api.sign_up("owner"), await api.sign_up("member"), await api.sign_up("outsider")
    parent = await create(api, owner, name="Rustaceans", visibility=C.VISIBILITY_PRIVATE)

    async def child(visibility=C.VISIBILITY_UNSPECIFIED, nesting=C.NESTING_FULL, of=parent, by=owner):
        return await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"c-{uuid.uuid4().hex[:12]}",
                name="Sub group",
                visibility=visibility,
                parent_id=of.community_id,
                nesting=nesting,
            ),
            metadata=by.auth,
        )

    code, details = await _fails(child(visibility=C.VISIBILITY_PUBLIC))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("visibility:")
    code, details = await _fails(child(nesting=C.NESTING_UNSPECIFIED))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("nesting:")
    full = (await child()).community
    assert full.visibility == C.VISIBILITY_PRIVATE and full.parent_id == parent.community_id  # inherits
    grandchild = (await child(of=full)).community  # any depth
    hidden_child = (await child(visibility=C.VISIBILITY_HIDDEN)).community

    # Full nesting: the parent's membership first.
    invite = await api.communities.CreateInviteLink(
        C.CreateInviteLinkRequest(community_id=full.community_id), metadata=owner.auth
    )
    code, details = await _fails(
        api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=invite.token), metadata=member.auth)
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "parent" in details
    for community in (parent, full, grandchild):
        link = await api.communities.CreateInviteLink(
            C.CreateInviteLinkRequest(community_id=community.community_id), metadata=owner.auth
        )
        await api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=link.token), metadata=member.auth)
    mine = {
        c.community_id
        for c in (
            await api.communities.ListMyCommunities(C.ListMyCommunitiesRequest(), metadata=member.auth)
        ).communities
    }
    assert {parent.community_id, full.community_id, grandchild.community_id} <= mine

    # Only members see a hidden child listed; non-members of the private parent still see public facts.
    listed = await api.communities.ListSubcommunities(
        C.ListSubcommunitiesRequest(community_id=parent.community_id), metadata=member.auth
    )
    assert {c.community_id for c in listed.communities} == {full.community_id}
    listed = await api.communities.ListSubcommunities(
        C.ListSubcommunitiesRequest(community_id=parent.community_id), metadata=owner.auth
    )
    assert hidden_child.community_id in {c.community_id for c in listed.communities}

    # Leaving the parent ends every fully nested membership below it.
    await api.communities.LeaveCommunity(
        C.LeaveCommunityRequest(community_id=parent.community_id), metadata=member.auth
    )
    mine = {
        c.community_id
        for c in (
            await api.communities.ListMyCommunities(C.ListMyCommunitiesRequest(), metadata=member.auth)
        ).communities
    }
    assert not {parent.community_id, full.community_id, grandchild.community_id} & mine
    got = await api.communities.GetCommunity(
        C.GetCommunityRequest(community_id=grandchild.community_id), metadata=owner.auth
    )
    assert got.community.member_count == 1

    # Only admins of the parent create subcommunities; an outsider cannot.
    code, _ = await _fails(child(by=outsider))
    assert code == grpc.StatusCode.PERMISSION_DENIED


async def test_rules_welcome_and_posting_policy_and_newcomers(api):
    owner, newcomer = await api.sign_up("owner"), await api.sign_up("newcomer")
    created = await api.communities.CreateCommunity(
        C.CreateCommunityRequest(
            slug=f"c-{uuid.uuid4().hex[:12]}",
            name="Announcements",
            rules=["Be kind", "No spam"],
            welcome_message="Welcome! Read the rules first.",
            posting_policy=C.POSTING_POLICY_MODERATORS_ONLY,
        ),
        metadata=owner.auth,
    )
    cid = created.community.community_id
    assert list(created.community.rules) == ["Be kind", "No spam"]
    assert created.community.posting_policy == C.POSTING_POLICY_MODERATORS_ONLY
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=newcomer.auth)
    seen = (
        await api.communities.GetCommunity(C.GetCommunityRequest(community_id=cid), metadata=newcomer.auth)
    ).community
    assert seen.viewer_is_newcomer and seen.welcome_message.startswith("Welcome")

    updated = await api.communities.UpdateCommunity(
        C.UpdateCommunityRequest(
            community_id=cid,
            rules=C.Rules(rules=["No spam", "Be kind", "Stay on topic"]),
            posting_policy=C.POSTING_POLICY_ALL_MEMBERS,
        ),
        metadata=owner.auth,
    )
    assert list(updated.community.rules) == ["No spam", "Be kind", "Stay on topic"]
    assert updated.community.posting_policy == C.POSTING_POLICY_ALL_MEMBERS
    assert updated.community.welcome_message.startswith("Welcome")  # untouched
    code, _ = await _fails(
        api.communities.UpdateCommunity(
            C.UpdateCommunityRequest(community_id=cid, name="Mine now"), metadata=newcomer.auth
        )
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED
    code, details = await _fails(
        api.communities.UpdateCommunity(
            C.UpdateCommunityRequest(community_id=cid, rules=C.Rules(rules=[""])), metadata=owner.auth
        )
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("rules:")


async def test_events_fill_up_then_the_waitlist_moves_in_order(api):
    from datetime import datetime, timedelta

    from google.protobuf.timestamp_pb2 import Timestamp

    def ts(dt):
        t = Timestamp()
        t.FromDatetime(dt)
        return t

    owner = await api.sign_up("host")
    people = [await api.sign_up("p") for _ in range(4)]
    outsider = await api.sign_up("outsider")
    cid = (await create(api, owner, visibility=C.VISIBILITY_PRIVATE)).community_id
    for p in people:
        link = await api.communities.CreateInviteLink(C.CreateInviteLinkRequest(community_id=cid), metadata=owner.auth)
        await api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=link.token), metadata=p.auth)
    start = datetime.now(UTC) + timedelta(days=3)
    request = dict(
        community_id=cid,
        title="Bouldering night",
        starts_at=ts(start),
        ends_at=ts(start + timedelta(hours=3)),
        time_zone="Europe/Lisbon",
        place="Gym",
        capacity=2,
    )
    for bad, field in [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"ends_at": ts(start - timedelta(hours=1))}, "ends_at"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "http://insecure.example.org"}, "online_url"),
        # Out of the protobuf Timestamp range (found by test_gateway_fuzz; once INTERNAL).
        ({"ends_at": Timestamp(seconds=2**62)}, "ends_at"),
        ({"starts_at": Timestamp(seconds=-(2**40))}, "starts_at"),
        ({"starts_at": Timestamp(seconds=int(start.timestamp()), nanos=-1)}, "starts_at"),
    ]:
        code, details = await _fails(
            api.communities.CreateEvent(C.CreateEventRequest(**{**request, **bad}), metadata=owner.auth)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")
    event = (await api.communities.CreateEvent(C.CreateEventRequest(**request), metadata=owner.auth)).event
    eid = event.event_id

    async def rsvp(user, status):
        return await api.communities.Rsvp(C.RsvpRequest(event_id=eid, status=status), metadata=user.auth)

    answers = [await rsvp(p, C.RSVP_STATUS_GOING) for p in people]
    assert [(a.status, a.waitlist_position) for a in answers] == [
        (C.RSVP_STATUS_GOING, 0),
        (C.RSVP_STATUS_GOING, 0),
        (C.RSVP_STATUS_WAITLISTED, 1),
        (C.RSVP_STATUS_WAITLISTED, 2),
    ]
    # A seat frees up: the longest-waiting person gets it at once.
    await rsvp(people[0], C.RSVP_STATUS_NOT_GOING)
    got = (await api.communities.GetEvent(C.GetEventRequest(event_id=eid), metadata=people[2].auth)).event
    assert (got.going, got.waitlisted, got.viewer_status) == (2, 1, C.RSVP_STATUS_GOING)
    assert (await rsvp(people[3], C.RSVP_STATUS_GOING)).waitlist_position == 1  # keeps the place in line
    # More seats: the rest of the waitlist comes in.
    updated = await api.communities.UpdateEvent(C.UpdateEventRequest(event_id=eid, capacity=5), metadata=owner.auth)
    assert (updated.event.going, updated.event.waitlisted) == (3, 0)
    await rsvp(people[0], C.RSVP_STATUS_MAYBE)
    listed = await api.communities.ListEvents(C.ListEventsRequest(community_id=cid), metadata=people[0].auth)
    assert [(e.event_id, e.maybe) for e in listed.events] == [(eid, 1)]

    code, _ = await _fails(api.communities.GetEvent(C.GetEventRequest(event_id=eid), metadata=outsider.auth))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    code, _ = await _fails(rsvp(people[1], C.RSVP_STATUS_WAITLISTED))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    code, _ = await _fails(api.communities.CancelEvent(C.CancelEventRequest(event_id=eid), metadata=people[1].auth))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    await api.communities.CancelEvent(C.CancelEventRequest(event_id=eid), metadata=owner.auth)
    code, _ = await _fails(rsvp(people[1], C.RSVP_STATUS_GOING))
    assert code == grpc.StatusCode.FAILED_PRECONDITION


async def test_reports_reach_the_moderators_queue_and_are_resolved_with_actions(api):
    from google.protobuf.duration_pb2 import Duration

    owner, reporter, troll = await api.sign_up("owner"), await api.sign_up("reporter"), await api.sign_up("troll")
    cid = (await create(api, owner)).community_id
    for user in (reporter, troll):
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=cid), metadata=user.auth)
    post_id = str(uuid.uuid4())

    async def report(target, target_id, reason="this breaks rule 1"):
        return (
            await api.communities.Report(
                C.ReportRequest(community_id=cid, target=target, target_id=target_id, reason=reason),
                metadata=reporter.auth,
            )
        ).report_id

    on_post = await report(C.REPORT_TARGET_POST, post_id)
    on_member = await report(C.REPORT_TARGET_MEMBER, troll.user_id)
    also_on_member = await report(C.REPORT_TARGET_MEMBER, troll.user_id, "again")
    code, details = await _fails(
        api.communities.Report(
            C.ReportRequest(community_id=cid, target=C.REPORT_TARGET_POST, target_id=post_id, reason="x"),
            metadata=reporter.auth,
        )
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("reason:")

    queue = await api.communities.ListReports(C.ListReportsRequest(community_id=cid), metadata=owner.auth)
    assert [r.report_id for r in queue.reports] == [on_post, on_member, also_on_member]
    code, _ = await _fails(api.communities.ListReports(C.ListReportsRequest(community_id=cid), metadata=reporter.auth))
    assert code == grpc.StatusCode.PERMISSION_DENIED

    def resolve(rid, action, **kw):
        request = C.ResolveReportRequest(community_id=cid, report_id=rid, action=action, **kw)
        return api.communities.ResolveReport(request, metadata=owner.auth)

    await resolve(on_post, C.REPORT_ACTION_REMOVE_CONTENT, note="spam link")
    code, details = await _fails(resolve(on_member, C.REPORT_ACTION_MUTE))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("duration:")
    await resolve(on_member, C.REPORT_ACTION_MUTE, duration=Duration(seconds=3600))
    await resolve(also_on_member, C.REPORT_ACTION_BAN, note="repeat offender")
    code, _ = await _fails(resolve(on_post, C.REPORT_ACTION_DISMISS))  # already resolved
    assert code == grpc.StatusCode.NOT_FOUND

    assert not (await api.communities.ListReports(C.ListReportsRequest(community_id=cid), metadata=owner.auth)).reports
    assert troll.user_id not in await _roles(api, owner, cid)
    log = await api.communities.ListModerationLog(C.ListModerationLogRequest(community_id=cid), metadata=owner.auth)
    actions = [e.action for e in log.entries]
    assert actions[:4] == ["resolve report: ban", "ban", "resolve report: mute", "resolve report: remove content"]


async def test_posting_rights_for_the_content_service(api):
    from google.protobuf.duration_pb2 import Duration

    from kith.communities.v1 import communities_pb2_grpc
    from tests.integration.endpoints import SERVICE_ADDRESSES

    owner, member, muted, outsider = [await api.sign_up(n) for n in ("owner", "member", "muted", "outsider")]
    cid = (await create(api, owner, visibility=C.VISIBILITY_PRIVATE)).community_id
    for user in (member, muted):
        link = await api.communities.CreateInviteLink(C.CreateInviteLinkRequest(community_id=cid), metadata=owner.auth)
        await api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=link.token), metadata=user.auth)
    report = await api.communities.Report(
        C.ReportRequest(community_id=cid, target=C.REPORT_TARGET_MEMBER, target_id=muted.user_id, reason="flooding"),
        metadata=member.auth,
    )
    await api.communities.ResolveReport(
        C.ResolveReportRequest(
            community_id=cid, report_id=report.report_id, action=C.REPORT_ACTION_MUTE, duration=Duration(seconds=600)
        ),
        metadata=owner.auth,
    )
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["communities"]) as channel:
        internal = communities_pb2_grpc.CommunitiesInternalServiceStub(channel)

        async def check(user):
            return await internal.CheckPostingRights(
                C.CheckPostingRightsRequest(community_id=cid, user_id=user.user_id)
            )

        assert (await check(member)).allowed and (await check(member)).visibility == C.VISIBILITY_PRIVATE
        assert "muted" in (await check(muted)).reason and not (await check(muted)).allowed
        assert "only members" in (await check(outsider)).reason
        await api.communities.UpdateCommunity(
            C.UpdateCommunityRequest(community_id=cid, posting_policy=C.POSTING_POLICY_MODERATORS_ONLY),
            metadata=owner.auth,
        )
        assert "only moderators" in (await check(member)).reason and (await check(owner)).allowed


async def test_moving_keeps_the_nesting_invariants(api):
    owner, member, other_admin = [await api.sign_up(n) for n in ("owner", "member", "otheradmin")]
    public = await create(api, owner, name="Open Rust")
    private = await create(api, owner, name="Closed Rust", visibility=C.VISIBILITY_PRIVATE)
    foreign = await create(api, other_admin, name="Someone else's")

    async def sub(of, visibility=C.VISIBILITY_UNSPECIFIED, nesting=C.NESTING_PARTIAL):
        return (
            await api.communities.CreateCommunity(
                C.CreateCommunityRequest(
                    slug=f"c-{uuid.uuid4().hex[:12]}",
                    name="Sub group",
                    visibility=visibility,
                    parent_id=of.community_id,
                    nesting=nesting,
                ),
                metadata=owner.auth,
            )
        ).community

    def move(community, parent=None, nesting=C.NESTING_UNSPECIFIED, by=owner):
        return api.communities.MoveCommunity(
            C.MoveCommunityRequest(
                community_id=community.community_id, parent_id=parent.community_id if parent else "", nesting=nesting
            ),
            metadata=by.auth,
        )

    child = await sub(public)
    grandchild = await sub(child)
    # No cycles: not under itself, not under something below it.
    for target in (child, grandchild):
        code, details = await _fails(move(child, target, C.NESTING_PARTIAL))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("parent_id:")
    # Never more visible than the new parent.
    code, details = await _fails(move(child, private, C.NESTING_PARTIAL))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "more visible" in details
    # Admin of both ends; the nesting is required under a parent.
    code, _ = await _fails(move(child, foreign, C.NESTING_PARTIAL))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    code, _ = await _fails(move(child, None, by=member))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    code, details = await _fails(move(child, public))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("nesting:")

    # Full nesting needs every member inside the new parent.
    await api.communities.JoinCommunity(
        C.JoinCommunityRequest(community_id=grandchild.community_id), metadata=member.auth
    )
    other_parent = await create(api, owner, name="Another parent")
    code, details = await _fails(move(grandchild, other_parent, C.NESTING_FULL))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "1 member" in details
    moved = (await move(grandchild, other_parent, C.NESTING_PARTIAL)).community
    assert moved.parent_id == other_parent.community_id and moved.nesting == C.NESTING_PARTIAL
    listed = await api.communities.ListSubcommunities(
        C.ListSubcommunitiesRequest(community_id=other_parent.community_id), metadata=owner.auth
    )
    assert [c.community_id for c in listed.communities] == [grandchild.community_id]
    assert not (
        await api.communities.ListSubcommunities(
            C.ListSubcommunitiesRequest(community_id=child.community_id), metadata=owner.auth
        )
    ).communities
    # Then fully nested once the member joins the parent: leaving the parent now cascades.
    await api.communities.JoinCommunity(
        C.JoinCommunityRequest(community_id=other_parent.community_id), metadata=member.auth
    )
    assert (await move(grandchild, other_parent, C.NESTING_FULL)).community.nesting == C.NESTING_FULL
    await api.communities.LeaveCommunity(
        C.LeaveCommunityRequest(community_id=other_parent.community_id), metadata=member.auth
    )
    got = await api.communities.GetCommunity(
        C.GetCommunityRequest(community_id=grandchild.community_id), metadata=member.auth
    )
    assert got.community.viewer_role == C.ROLE_UNSPECIFIED
    # To the top level.
    top = (await move(grandchild)).community
    assert top.parent_id == "" and top.nesting == C.NESTING_UNSPECIFIED
    log = await api.communities.ListModerationLog(
        C.ListModerationLogRequest(community_id=grandchild.community_id), metadata=owner.auth
    )
    assert [e.action for e in log.entries].count("move") == 3


async def _has(found, community_id: str, wanted: bool = True) -> bool:
    return (community_id in await found) == wanted


async def test_archiving_makes_a_subtree_read_only_and_unarchiving_reopens_it(api):
    from kith.communities.v1 import communities_pb2_grpc
    from kith.graph.v1 import graph_pb2 as G
    from kith_platform.testing import wait_until
    from tests.integration.endpoints import SERVICE_ADDRESSES

    owner, admin, visitor = [await api.sign_up(n) for n in ("owner", "admin", "visitor")]
    topic = f"arch{uuid.uuid4().hex[:8]}"
    parent = await create(api, owner, name="Archive Parent", topics=(topic,))
    child = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"c-{uuid.uuid4().hex[:12]}",
                name="Archive Child",
                parent_id=parent.community_id,
                nesting=C.NESTING_PARTIAL,
                topics=[topic],
            ),
            metadata=owner.auth,
        )
    ).community
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=parent.community_id), metadata=admin.auth)
    await api.communities.ChangeMemberRole(
        C.ChangeMemberRoleRequest(community_id=parent.community_id, user_id=admin.user_id, role=C.ROLE_ADMIN),
        metadata=owner.auth,
    )
    await api.follow(visitor, admin)

    async def suggested() -> set[str]:
        response = await api.graph.SuggestCommunities(G.SuggestCommunitiesRequest(), metadata=visitor.auth)
        return {s.community_id for s in response.suggestions}

    assert await wait_until(lambda: _has(suggested(), parent.community_id))

    code, _ = await _fails(
        api.communities.ArchiveCommunity(
            C.ArchiveCommunityRequest(community_id=parent.community_id), metadata=admin.auth
        )
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED  # the owner's call
    archived = await api.communities.ArchiveCommunity(
        C.ArchiveCommunityRequest(community_id=parent.community_id), metadata=owner.auth
    )
    assert set(archived.archived_ids) == {parent.community_id, child.community_id}

    got = (
        await api.communities.GetCommunity(
            C.GetCommunityRequest(community_id=child.community_id), metadata=visitor.auth
        )
    ).community
    assert got.HasField("archived_at")
    for call in (
        api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=child.community_id), metadata=visitor.auth),
        api.communities.UpdateCommunity(
            C.UpdateCommunityRequest(community_id=parent.community_id, name="New name"), metadata=owner.auth
        ),
        api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"c-{uuid.uuid4().hex[:12]}",
                name="Too late",
                parent_id=parent.community_id,
                nesting=C.NESTING_PARTIAL,
            ),
            metadata=owner.auth,
        ),
        api.communities.CreateInviteLink(
            C.CreateInviteLinkRequest(community_id=parent.community_id), metadata=owner.auth
        ),
    ):
        code, details = await _fails(call)
        assert code == grpc.StatusCode.FAILED_PRECONDITION and "archived" in details
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["communities"]) as channel:
        internal = communities_pb2_grpc.CommunitiesInternalServiceStub(channel)
        rights = await internal.CheckPostingRights(
            C.CheckPostingRightsRequest(community_id=parent.community_id, user_id=owner.user_id)
        )
        assert not rights.allowed and "archived" in rights.reason
    listed = await api.communities.ListCommunities(C.ListCommunitiesRequest(topic=topic), metadata=visitor.auth)
    assert not listed.communities
    assert await wait_until(lambda: _has(suggested(), parent.community_id, False))  # nor suggested

    # The child went with its parent: it is reopened through the parent, not on its own.
    code, details = await _fails(
        api.communities.UnarchiveCommunity(
            C.UnarchiveCommunityRequest(community_id=child.community_id), metadata=owner.auth
        )
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "unarchive that one" in details
    reopened = await api.communities.UnarchiveCommunity(
        C.UnarchiveCommunityRequest(community_id=parent.community_id), metadata=owner.auth
    )
    assert set(reopened.unarchived_ids) == {parent.community_id, child.community_id}
    await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=child.community_id), metadata=visitor.auth)
    listed = await api.communities.ListCommunities(C.ListCommunitiesRequest(topic=topic), metadata=visitor.auth)
    roles = {c.community_id: c.viewer_role for c in listed.communities}
    # The directory and search say where the caller stands.
    assert roles == {parent.community_id: C.ROLE_UNSPECIFIED, child.community_id: C.ROLE_MEMBER}
    found = await api.communities.SearchCommunities(
        C.SearchCommunitiesRequest(query="Archive Child"), metadata=owner.auth
    )
    assert {c.community_id: c.viewer_role for c in found.communities}[child.community_id] == C.ROLE_OWNER
