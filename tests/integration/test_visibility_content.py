"""Content's visibility rule against the shared visibility table (tests/visibility_cases.py): every
row through the gateway's GetPost, which answers from content's SQL (`VISIBLE`) and, for held
posts, the moderators' review read. The people are made once: an author of each state (active,
deactivated, erased), one viewer of each kind related alike to all three, and a community of
each visibility owned by a moderator; then a post of each kind by each author."""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith_platform.testing import SignedUpUser, patiently
from tests.integration.endpoints import SERVICE_ADDRESSES
from tests.integration.test_content import add_member, befriend, community, post
from tests.visibility_cases import AUTHORS, CASES, POSTS, VIEWERS, Case, twin

pytestmark = pytest.mark.integration

PENDING = P.REVIEW_STATE_PENDING
PEOPLE = [name for name, v in VIEWERS.items() if not (v.is_author or v.moderator)]  # made for the test


async def _answers(api, viewer: SignedUpUser, post_id: str) -> bool:
    """GetPost answers the post (False: NOT_FOUND), waiting out the gateway's rate limits."""
    try:
        await patiently(
            lambda: api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=viewer.auth, timeout=10)
        )
        return True
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.NOT_FOUND:
            raise
        return False


async def _relate(api, author: SignedUpUser, people: dict[str, SignedUpUser]) -> None:
    """Each viewer stands to the author as VIEWERS says. Follows and friendships come first: a
    block ends them (graph), as it would in life."""
    steps = []
    for name, viewer in people.items():
        v = VIEWERS[name]
        if v.follows:
            steps.append(api.follow(viewer, author))
        if v.friends:
            steps.append(befriend(api, author, viewer))
    await asyncio.gather(*steps)
    steps = []
    for name, viewer in people.items():
        v = VIEWERS[name]
        if v.blocks_author:
            steps.append(api.graph.Block(G.BlockRequest(user_id=author.user_id), metadata=viewer.auth))
        if v.blocked_by_author:
            steps.append(api.graph.Block(G.BlockRequest(user_id=viewer.user_id), metadata=author.auth))
        if v.mutes_author:
            steps.append(api.graph.Mute(G.MuteRequest(user_id=author.user_id), metadata=viewer.auth))
        if v.muted_by_author:
            steps.append(api.graph.Mute(G.MuteRequest(user_id=viewer.user_id), metadata=author.auth))
    await asyncio.gather(*steps)


async def test_content_answers_each_row_of_the_visibility_table(api):
    owner, *made = await asyncio.gather(*(api.sign_up("vis") for _ in range(1 + len(AUTHORS) + len(PEOPLE))))
    authors = dict(zip(AUTHORS, made[: len(AUTHORS)], strict=True))
    people = dict(zip(PEOPLE, made[len(AUTHORS) :], strict=True))

    communities = {
        visibility: await community(api, owner, C.Visibility.Value(f"VISIBILITY_{visibility.upper()}"))
        for visibility in ("public", "private", "hidden")
    }
    reviewing = await community(api, owner, C.VISIBILITY_PUBLIC)  # holds links by members below trust level 1
    await api.communities.UpdateCommunity(
        C.UpdateCommunityRequest(community_id=reviewing, hold_links_below_trust_level=1), metadata=owner.auth
    )
    joining = [*authors.values(), *(people[name] for name in PEOPLE if VIEWERS[name].member)]
    await asyncio.gather(
        *(add_member(api, owner, cid, user) for cid in [*communities.values(), reviewing] for user in joining)
    )
    await asyncio.gather(*(_relate(api, author, people) for author in authors.values()))

    async def write(author: SignedUpUser, kind: str) -> str:
        p = POSTS[kind]
        if p.review:  # a link by a newcomer: held
            created = await post(api, author, f"{kind}: see", community_id=reviewing, link="https://example.org/x")
            assert created.review_state == PENDING, kind
        elif p.community:
            created = await post(api, author, kind, community_id=communities[p.community])
        else:
            created = await post(api, author, kind, audience=P.Audience.Value(f"AUDIENCE_{p.audience.upper()}"))
        return created.post_id

    made_by = sorted({(c.author, c.post) for c in CASES})  # (author, kind of post): one post each
    posts = dict(zip(made_by, await asyncio.gather(*(write(authors[a], kind) for a, kind in made_by)), strict=True))
    for (_, kind), post_id in posts.items():
        if POSTS[kind].review == "rejected":
            await api.content.RejectHeldContent(P.RejectHeldContentRequest(post_id=post_id), metadata=owner.auth)

    def viewer_of(case: Case) -> SignedUpUser:
        v = VIEWERS[case.viewer]
        return authors[case.author] if v.is_author else owner if v.moderator else people[case.viewer]

    async def answers() -> list[bool]:
        return await asyncio.gather(*(_answers(api, viewer_of(c), posts[c.author, c.post]) for c in CASES))

    # Follows, friendships and memberships reach content by events: wait until every row answers
    # as with an active author, the deactivated and erased authors' rows included (so that what
    # hides their posts afterwards is their state, not a relationship still on its way).
    before = [c.content if c.author == "active" else twin(c).content for c in CASES]
    deadline = time.monotonic() + 30
    while (got := await answers()) != before and time.monotonic() < deadline:
        await asyncio.sleep(0.3)
    late = [
        f"{c.id}: GetPost {'answers' if g else 'says NOT_FOUND'} before the author goes"
        for c, g, b in zip(CASES, got, before, strict=True)
        if g != b
    ]
    assert not late, late

    # Each viewer bookmarks every published post they may see now; their bookmark list must then
    # follow the table as GetPost does, row by row, once the authors are gone.
    saved = [c for c, g in zip(CASES, got, strict=True) if g and not POSTS[c.post].review]
    await asyncio.gather(
        *(
            patiently(
                lambda c=c: api.content.BookmarkPost(
                    P.BookmarkPostRequest(post_id=posts[c.author, c.post]), metadata=viewer_of(c).auth, timeout=10
                )
            )
            for c in saved
        )
    )

    await api.identity.DeactivateAccount(
        I.DeactivateAccountRequest(password=authors["deactivated"].password), metadata=authors["deactivated"].auth
    )
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        internal = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        assert (await internal.EraseAccountNow(I.EraseAccountNowRequest(user_id=authors["erased"].user_id))).erased

    # Both hold when their calls return (the mirrors applied them): no waiting.
    wrong = [
        f"{c.id}: GetPost {'answers' if g else 'says NOT_FOUND'}"
        for c, g in zip(CASES, await answers(), strict=True)
        if g != c.content
    ]
    assert not wrong, wrong
    listed: dict[str, set[str]] = {}
    for person in {viewer_of(c).user_id: viewer_of(c) for c in saved}.values():
        page = await api.content.ListBookmarks(P.ListBookmarksRequest(page_size=100), metadata=person.auth)
        listed[person.user_id] = {b.post.post_id for b in page.bookmarks}
    leaks = [
        f"{c.id}: ListBookmarks {'lists' if not c.content else 'drops'} the post"
        for c in saved
        if (posts[c.author, c.post] in listed[viewer_of(c).user_id]) != c.content
    ]
    assert not leaks, leaks
