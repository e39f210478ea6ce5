"""Blocks and deactivation on the read paths of identity, communities and recognition: two people
in a block (either way) do not exist for each other, and a deactivated account does not exist for
anyone, until it is reactivated (issue 15, defects 1 and 2)."""

from __future__ import annotations

import uuid

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith_platform.testing import SignedUpUser, found, wait_until
from tests.integration.endpoints import SERVICE_ADDRESSES

# Who the viewer is to the subject, what became of the subject's account, and whether the viewer
# then sees the subject in every read of READS (False: in none of them).
CASES = [
    ("blocked_by_subject", "active", False),
    ("blocked_by_subject", "deactivated", False),
    ("blocked_by_subject", "reactivated", False),
    ("blocker_of_subject", "active", False),
    ("blocker_of_subject", "deactivated", False),
    ("blocker_of_subject", "reactivated", False),
    ("stranger", "active", True),
    ("stranger", "deactivated", False),
    ("stranger", "reactivated", True),
]
READS = (
    "profile",  # identity GetProfile: the profile, or NOT_FOUND (not a reduced card)
    "search",  # identity SearchPeople by the subject's handle
    "handle",  # identity's internal ResolveHandles for the viewer
    "members",  # communities ListMembers of the viewer's community the subject joined
    "join_request",  # communities ListJoinRequests of the viewer's private community
    "invite",  # communities InviteUser of the subject by the viewer (NOT_FOUND when hidden)
    "invitation",  # the subject sees the viewer's earlier invitation to a hidden community
    "leaderboard",  # recognition GetLeaderboard: the subject's entry with their id, or kept but hidden
)
# A deactivated subject has no session: the reads made by them are left out then.
SUBJECTS_READS = {"invitation"}


async def _ok(call) -> bool:
    """True when the call succeeds, False when it is NOT_FOUND (any other error fails the test)."""
    return await found(call) is not None


async def _community(api, owner: SignedUpUser, visibility) -> str:
    response = await api.communities.CreateCommunity(
        C.CreateCommunityRequest(
            slug=f"v-{uuid.uuid4().hex[:12]}", name="Visibility Checks", topics=["privacy"], visibility=visibility
        ),
        metadata=owner.auth,
    )
    return response.community.community_id


class Scene:
    """A subject and a viewer, with the viewer's communities the subject is in, asked to join,
    was invited to (before any block) and scored in."""

    def __init__(self, api, internal, subject: SignedUpUser, viewer: SignedUpUser) -> None:
        self.api, self.internal, self.subject, self.viewer = api, internal, subject, viewer

    async def set_up(self) -> None:
        api, s, v = self.api, self.subject, self.viewer
        self.public = await _community(api, v, C.VISIBILITY_PUBLIC)
        self.private = await _community(api, v, C.VISIBILITY_PRIVATE)
        self.hidden = await _community(api, v, C.VISIBILITY_HIDDEN)
        self.hidden_for_invites = await _community(api, v, C.VISIBILITY_HIDDEN)
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=self.public), metadata=s.auth)
        await api.communities.RequestToJoin(C.RequestToJoinRequest(community_id=self.private), metadata=s.auth)
        await api.communities.InviteUser(
            C.InviteUserRequest(community_id=self.hidden, user_id=s.user_id), metadata=v.auth
        )
        await api.content.CreatePost(
            P.CreatePostRequest(text="Points for the leaderboard", community_id=self.public), metadata=s.auth
        )

    async def _leaderboard(self) -> bool | None:
        try:
            board = await self.api.recognition.GetLeaderboard(
                F.GetLeaderboardRequest(community_id=self.public, window=F.LEADERBOARD_WINDOW_ALL_TIME, limit=100),
                metadata=self.viewer.auth,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() != grpc.StatusCode.NOT_FOUND:
                raise
            return None  # the stream worker has not seen the community yet
        if any(e.user_id == self.subject.user_id and not e.hidden for e in board.entries):
            return True
        # Hidden: the place is kept, without who holds it (no id to look a profile up with).
        if any(e.hidden and not e.user_id and e.score > 0 for e in board.entries):
            return False
        return None  # not scored yet

    async def reads(self, *, subject_active: bool) -> dict[str, bool | None]:
        api, s, v = self.api, self.subject, self.viewer
        found = await api.identity.SearchPeople(I.SearchPeopleRequest(query=s.handle), metadata=v.auth)
        resolved = await self.internal.ResolveHandles(I.ResolveHandlesRequest(handles=[s.handle], viewer_id=v.user_id))
        members = await api.communities.ListMembers(
            C.ListMembersRequest(community_id=self.public, page_size=100), metadata=v.auth
        )
        requests = await api.communities.ListJoinRequests(
            C.ListJoinRequestsRequest(community_id=self.private, page_size=100), metadata=v.auth
        )
        got = {
            "profile": await _ok(api.identity.GetProfile(I.GetProfileRequest(user_id=s.user_id), metadata=v.auth)),
            "search": s.user_id in {p.user_id for p in found.people},
            "handle": resolved.user_ids.get(s.handle.lower()) == s.user_id,
            "members": s.user_id in {m.user_id for m in members.members},
            "join_request": s.user_id in {r.user_id for r in requests.requests},
            "invite": await _ok(
                api.communities.InviteUser(
                    C.InviteUserRequest(community_id=self.hidden_for_invites, user_id=s.user_id), metadata=v.auth
                )
            ),
            "leaderboard": await self._leaderboard(),
        }
        if subject_active:
            got["invitation"] = await _ok(
                api.communities.GetCommunity(C.GetCommunityRequest(community_id=self.hidden), metadata=s.auth)
            )
        return got

    async def settles(self, visible: bool, *, subject_active: bool, what: str, at_once: bool = False) -> None:
        """The reads give `visible` everywhere: at once after a change that is held when its call
        returns (block, deactivation, reactivation: README "Visibility"), else once the events
        have arrived."""
        expected = {r: visible for r in READS if subject_active or r not in SUBJECTS_READS}
        if at_once:
            got = await self.reads(subject_active=subject_active)
            assert got == expected, f"{what}: {got}"
            return

        async def as_expected():
            got = await self.reads(subject_active=subject_active)
            return got if got == expected else None

        await wait_until(as_expected, timeout=20, interval=0.3, what=what)


@pytest.fixture
async def internal_identity():
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        yield identity_pb2_grpc.IdentityInternalServiceStub(channel)


@pytest.mark.parametrize(("relation", "account", "visible"), CASES)
async def test_blocked_and_deactivated_people_are_invisible(api, internal_identity, relation, account, visible):
    subject, viewer = await api.sign_up("subject"), await api.sign_up("viewer")
    scene = Scene(api, internal_identity, subject, viewer)
    await scene.set_up()
    await scene.settles(True, subject_active=True, what="everything visible before any block")

    if relation == "blocked_by_subject":
        await api.graph.Block(G.BlockRequest(user_id=viewer.user_id), metadata=subject.auth)
    elif relation == "blocker_of_subject":
        await api.graph.Block(G.BlockRequest(user_id=subject.user_id), metadata=viewer.auth)
    blocked = relation != "stranger"
    await scene.settles(not blocked, subject_active=True, what=f"the reads once {relation}", at_once=blocked)

    if account in ("deactivated", "reactivated"):
        await api.identity.DeactivateAccount(
            I.DeactivateAccountRequest(password=subject.password), metadata=subject.auth
        )
        await scene.settles(False, subject_active=False, what="the reads of a deactivated subject", at_once=True)
    if account == "reactivated":
        back = await api.identity.ReactivateAccount(
            I.ReactivateAccountRequest(login=subject.handle, password=subject.password)
        )
        subject.access_token, subject.refresh_token = back.access_token, back.refresh_token
        await scene.settles(visible, subject_active=True, what="the reads once reactivated", at_once=True)
    else:
        await scene.settles(visible, subject_active=account == "active", what=f"the reads ({account})")


async def test_unblocking_brings_the_people_back(api, internal_identity):
    subject, viewer = await api.sign_up("subject"), await api.sign_up("viewer")
    scene = Scene(api, internal_identity, subject, viewer)
    await scene.set_up()
    await scene.settles(True, subject_active=True, what="everything visible before the block")
    await api.graph.Block(G.BlockRequest(user_id=subject.user_id), metadata=viewer.auth)
    await scene.settles(False, subject_active=True, what="the reads once blocked", at_once=True)
    await api.graph.Unblock(G.UnblockRequest(user_id=subject.user_id), metadata=viewer.auth)
    await scene.settles(True, subject_active=True, what="the reads once unblocked")


async def test_a_hidden_requester_cannot_be_answered_by_that_moderator(api):
    owner, requester = await api.sign_up("owner"), await api.sign_up("requester")
    private = await _community(api, owner, C.VISIBILITY_PRIVATE)
    await api.communities.RequestToJoin(C.RequestToJoinRequest(community_id=private), metadata=requester.auth)
    await api.graph.Block(G.BlockRequest(user_id=owner.user_id), metadata=requester.auth)

    async def refused():
        return not await _ok(
            api.communities.ApproveJoinRequest(
                C.ApproveJoinRequestRequest(community_id=private, user_id=requester.user_id), metadata=owner.auth
            )
        )

    await wait_until(refused, interval=0.3, what="the approval refused as if there were no request")
    await api.graph.Unblock(G.UnblockRequest(user_id=owner.user_id), metadata=requester.auth)
    await wait_until(
        lambda: _ok(
            api.communities.ApproveJoinRequest(
                C.ApproveJoinRequestRequest(community_id=private, user_id=requester.user_id), metadata=owner.auth
            )
        ),
        interval=0.3,
        what="the request back once unblocked",
    )
