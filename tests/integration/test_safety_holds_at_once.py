"""Safety changes hold on every read path by the time their call returns (README: "Visibility
guarantee"): Block, Unfollow, Unfriend, LeaveCommunity and DeactivateAccount are followed at
once, with no wait, by reads of the affected post through GetPost (content) and the home feed
(feed API). Each kind is tried KITH_SAFETY_VIEWERS x KITH_SAFETY_ROUNDS times (200 by default):
the viewers run their rounds side by side, and each round first waits until the viewer sees the
post again (those changes travel by events), then makes the change and reads immediately."""

from __future__ import annotations

import asyncio
import os
import uuid

import grpc

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith_platform.testing import patiently, wait_until

VIEWERS = int(os.environ.get("KITH_SAFETY_VIEWERS", "20"))
ROUNDS = int(os.environ.get("KITH_SAFETY_ROUNDS", "10"))


async def _get_post(api, viewer, post_id: str) -> bool:
    try:
        await patiently(lambda: api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=viewer.auth))
        return True
    except grpc.aio.AioRpcError as exc:
        assert exc.code() == grpc.StatusCode.NOT_FOUND, exc.details()
        return False


async def _in_home(api, viewer, post_id: str) -> bool:
    page = await patiently(lambda: api.home_feed(viewer, page_size=20))
    return post_id in {item.post_id for item in page.items}


async def _reads(api, viewer, post_id: str) -> dict[str, bool]:
    seen_by_id, seen_in_home = await asyncio.gather(_get_post(api, viewer, post_id), _in_home(api, viewer, post_id))
    return {"GetPost": seen_by_id, "GetHomeFeed": seen_in_home}


async def _sees_everywhere(api, viewer, post_id: str) -> bool:
    return all((await _reads(api, viewer, post_id)).values())


async def _post(api, author, **fields) -> str:
    response = await api.content.CreatePost(
        P.CreatePostRequest(text=f"safety {uuid.uuid4().hex[:8]}", **fields), metadata=author.auth
    )
    return response.post.post_id


async def _rounds(api, viewers, post_id: str, grant, revoke) -> list[str]:
    """For each viewer, ROUNDS times: grant access and wait until the post is seen on both read
    paths, then revoke it and read at once. Returns what leaked."""
    leaks: list[str] = []

    async def run(viewer) -> None:
        for round_ in range(ROUNDS):
            await grant(viewer)
            # Polled gently: the viewers' reads are the load, and they share two cores.
            await wait_until(lambda: _sees_everywhere(api, viewer, post_id), interval=0.3, what="access granted")
            await revoke(viewer)
            leaks.extend(
                f"{viewer.handle} round {round_}: {read}"
                for read, seen in (await _reads(api, viewer, post_id)).items()
                if seen
            )

    await asyncio.gather(*(run(v) for v in viewers))
    return leaks


async def _people(api, prefix: str, n: int):
    return list(await asyncio.gather(*(api.sign_up(prefix) for _ in range(n))))


async def test_unfollow_holds_when_it_returns(api):
    author = await api.sign_up("author")
    post_id = await _post(api, author, audience=P.AUDIENCE_FOLLOWERS)
    viewers = await _people(api, "fan", VIEWERS)

    async def follow(v):
        await patiently(lambda: api.follow(v, author))

    async def unfollow(v):
        await patiently(lambda: api.unfollow(v, author))

    assert not await _rounds(api, viewers, post_id, follow, unfollow)


async def test_block_holds_when_it_returns_both_ways(api):
    author = await api.sign_up("author")
    post_id = await _post(api, author, audience=P.AUDIENCE_PUBLIC)
    viewers = await _people(api, "blk", VIEWERS)

    async def follow(v):
        await patiently(lambda: api.graph.Unblock(G.UnblockRequest(user_id=v.user_id), metadata=author.auth))
        await patiently(lambda: api.graph.Unblock(G.UnblockRequest(user_id=author.user_id), metadata=v.auth))
        await patiently(lambda: api.follow(v, author))

    rounds = 0

    async def block(v):
        # Alternate who blocks whom: both directions hide the post from the viewer.
        nonlocal rounds
        rounds += 1
        blocker, blocked = (author, v) if rounds % 2 else (v, author)
        await patiently(lambda: api.graph.Block(G.BlockRequest(user_id=blocked.user_id), metadata=blocker.auth))

    assert not await _rounds(api, viewers, post_id, follow, block)


async def test_unfriend_holds_when_it_returns(api):
    author = await api.sign_up("author")
    post_id = await _post(api, author, audience=P.AUDIENCE_FRIENDS)
    viewers = await _people(api, "pal", VIEWERS)

    async def befriend(v):
        await patiently(
            lambda: api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=author.user_id), metadata=v.auth)
        )
        await patiently(
            lambda: api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=v.user_id), metadata=author.auth)
        )

    async def unfriend(v):
        await patiently(lambda: api.graph.Unfriend(G.UnfriendRequest(user_id=v.user_id), metadata=author.auth))

    assert not await _rounds(api, viewers, post_id, befriend, unfriend)


async def test_leaving_a_community_holds_when_it_returns(api):
    owner = await api.sign_up("owner")
    community_id = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(slug=f"s-{uuid.uuid4().hex[:12]}", name="Safety", visibility=C.VISIBILITY_PRIVATE),
            metadata=owner.auth,
        )
    ).community.community_id
    post_id = await _post(api, owner, community_id=community_id)
    viewers = await _people(api, "mem", VIEWERS)

    async def join(v):
        link = await patiently(
            lambda: api.communities.CreateInviteLink(
                C.CreateInviteLinkRequest(community_id=community_id), metadata=owner.auth
            )
        )
        await patiently(
            lambda: api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=link.token), metadata=v.auth)
        )

    async def leave(v):
        await patiently(
            lambda: api.communities.LeaveCommunity(C.LeaveCommunityRequest(community_id=community_id), metadata=v.auth)
        )

    assert not await _rounds(api, viewers, post_id, join, leave)


async def test_deactivation_hides_an_author_at_once_and_reactivation_restores_at_once(api):
    authors = await _people(api, "away", max(2, VIEWERS // 4))
    reader = await api.sign_up("reader")
    posts = {}
    for author in authors:
        posts[author.user_id] = await _post(api, author, audience=P.AUDIENCE_PUBLIC)
        await patiently(lambda author=author: api.follow(reader, author))
    for post_id in posts.values():
        await wait_until(
            lambda post_id=post_id: _sees_everywhere(api, reader, post_id), what="the post reached the reader"
        )
    problems: list[str] = []

    async def cycle(author) -> None:
        post_id = posts[author.user_id]
        for round_ in range(max(1, ROUNDS // 2)):
            await patiently(
                lambda: api.identity.DeactivateAccount(
                    I.DeactivateAccountRequest(password=author.password), metadata=author.auth
                )
            )
            problems.extend(
                f"{author.handle} round {round_} deactivated: {read}"
                for read, seen in (await _reads(api, reader, post_id)).items()
                if seen
            )
            login = await patiently(
                lambda: api.identity.ReactivateAccount(
                    I.ReactivateAccountRequest(login=author.handle, password=author.password)
                )
            )
            author.access_token = login.access_token
            problems.extend(
                f"{author.handle} round {round_} reactivated: {read} hidden"
                for read, seen in (await _reads(api, reader, post_id)).items()
                if not seen
            )

    await asyncio.gather(*(cycle(a) for a in authors))
    assert not problems, problems
