"""Votes on community posts, featured posts and the community's sorts, through the gateway: one
vote per person however often it is sent, counts exact, refusals with a clear error."""

from __future__ import annotations

import asyncio
import uuid

import grpc

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith_platform.testing import SignedUpUser, expect_status, wait_until


async def _community(api, owner: SignedUpUser, *members: SignedUpUser) -> str:
    created = await api.communities.CreateCommunity(
        C.CreateCommunityRequest(slug=f"v-{uuid.uuid4().hex[:12]}", name="Votes", topics=["votes"]),
        metadata=owner.auth,
    )
    community_id = created.community.community_id
    for member in members:
        await api.communities.JoinCommunity(C.JoinCommunityRequest(community_id=community_id), metadata=member.auth)
    return community_id


async def _post(api, author: SignedUpUser, community_id: str, text: str = "what do you think?") -> P.Post:
    made = await api.content.CreatePost(P.CreatePostRequest(text=text, community_id=community_id), metadata=author.auth)
    return made.post


def _vote(api, voter: SignedUpUser, post_id: str, vote: int):
    return api.content.VotePost(P.VotePostRequest(post_id=post_id, vote=vote), metadata=voter.auth)


async def test_each_person_counts_once_however_often_they_vote(api):
    owner = await api.sign_up("owner")
    voters = [await api.sign_up(f"voter{i}") for i in range(6)]
    community_id = await _community(api, owner, *voters)
    post = await _post(api, owner, community_id)

    # Every voter sends their vote three times at once: retries and races count once.
    votes = [P.VOTE_UP] * 4 + [P.VOTE_DOWN] * 2
    await asyncio.gather(
        *(_vote(api, v, post.post_id, vote) for v, vote in zip(voters, votes, strict=True) for _ in range(3))
    )
    got = await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=voters[0].auth)
    assert (got.post.upvotes, got.post.downvotes, got.post.viewer_vote) == (4, 2, P.VOTE_UP)

    changed = await _vote(api, voters[0], post.post_id, P.VOTE_DOWN)
    assert (changed.upvotes, changed.downvotes, changed.viewer_vote) == (3, 3, P.VOTE_DOWN)
    taken_back = await _vote(api, voters[0], post.post_id, P.VOTE_UNSPECIFIED)
    assert (taken_back.upvotes, taken_back.downvotes) == (3, 2)
    unseen = await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=owner.auth)
    assert (unseen.post.upvotes, unseen.post.downvotes, unseen.post.viewer_vote) == (3, 2, P.VOTE_UNSPECIFIED)


async def test_what_is_not_voted_on_is_refused_clearly(api):
    owner, outsider = await api.sign_up("owner"), await api.sign_up("outsider")
    private = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"v-{uuid.uuid4().hex[:12]}", name="Private", topics=["votes"], visibility=C.VISIBILITY_PRIVATE
            ),
            metadata=owner.auth,
        )
    ).community.community_id
    hidden_from_outsider = await _post(api, owner, private)
    on_profile = await api.post(owner, "not in a community")
    await expect_status(grpc.StatusCode.NOT_FOUND, _vote(api, outsider, hidden_from_outsider.post_id, P.VOTE_UP))
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION, _vote(api, outsider, on_profile.post_id, P.VOTE_UP), "post_id"
    )
    await expect_status(grpc.StatusCode.INVALID_ARGUMENT, _vote(api, owner, on_profile.post_id, 7), "vote")
    await expect_status(grpc.StatusCode.INVALID_ARGUMENT, _vote(api, owner, "not-an-id", P.VOTE_UP), "post_id")


async def test_moderators_pin_and_announce_within_the_limits(api):
    owner, member = await api.sign_up("owner"), await api.sign_up("member")
    community_id = await _community(api, owner, member)
    posts = [await _post(api, member, community_id, f"post {i}") for i in range(5)]

    def feature(who: SignedUpUser, post: P.Post, how: int):
        return api.content.FeaturePost(P.FeaturePostRequest(post_id=post.post_id, feature=how), metadata=who.auth)

    await expect_status(grpc.StatusCode.PERMISSION_DENIED, feature(member, posts[0], P.FEATURE_PINNED))
    for post in posts[:3]:
        await feature(owner, post, P.FEATURE_PINNED)
    await expect_status(grpc.StatusCode.FAILED_PRECONDITION, feature(owner, posts[3], P.FEATURE_PINNED), "feature")
    await feature(owner, posts[4], P.FEATURE_ANNOUNCEMENT)
    await expect_status(grpc.StatusCode.FAILED_PRECONDITION, feature(owner, posts[3], P.FEATURE_ANNOUNCEMENT))
    await feature(owner, posts[0], P.FEATURE_UNSPECIFIED)
    await feature(owner, posts[3], P.FEATURE_PINNED)
    got = await api.content.GetPost(P.GetPostRequest(post_id=posts[3].post_id), metadata=member.auth)
    assert got.post.feature == P.FEATURE_PINNED


async def test_a_poll_counts_each_answer_once_and_shows_results_to_those_who_answered(api):
    author, voters = await api.sign_up("asker"), [await api.sign_up(f"answer{i}") for i in range(4)]
    late = await api.sign_up("late")
    made = await api.content.CreatePost(
        P.CreatePostRequest(
            text="which days suit you?",
            poll=P.NewPoll(options=["Monday", "Tuesday", "Friday"], multiple_choice=True),
        ),
        metadata=author.auth,
    )
    post_id = made.post.post_id
    assert [o.text for o in made.post.poll.options] == ["Monday", "Tuesday", "Friday"]

    def answer(voter: SignedUpUser, *choices: int):
        return api.content.VotePoll(P.VotePollRequest(post_id=post_id, choices=choices), metadata=voter.auth)

    # Each answer sent three times at once: counted once.
    answers = [(0,), (0, 2), (1, 2), (2,)]
    await asyncio.gather(*(answer(v, *c) for v, c in zip(voters, answers, strict=True) for _ in range(3)))

    unseen = (await api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=late.auth)).post.poll
    assert not unseen.results_visible and [o.votes for o in unseen.options] == [0, 0, 0] and unseen.voters == 0
    seen = (await api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=author.auth)).post.poll
    assert seen.results_visible and [o.votes for o in seen.options] == [2, 1, 3] and seen.voters == 4
    mine = (await answer(late, 1)).poll
    assert list(mine.viewer_choices) == [1] and [o.votes for o in mine.options] == [2, 2, 3]
    await expect_status(grpc.StatusCode.FAILED_PRECONDITION, answer(late, 0), "choices")
    await expect_status(grpc.StatusCode.INVALID_ARGUMENT, answer(late, 5), "choices")
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        api.content.CreatePost(
            P.CreatePostRequest(text="?", poll=P.NewPoll(options=["only one"])), metadata=author.auth
        ),
        "poll.options",
    )


async def test_the_community_sorts_follow_the_votes_with_featured_posts_first(api):
    owner = await api.sign_up("owner")
    voters = [await api.sign_up(f"sorter{i}") for i in range(4)]
    community_id = await _community(api, owner, *voters)
    loved, split, ignored, pinned = [await _post(api, owner, community_id, text) for text in ("a", "b", "c", "d")]
    for voter in voters:
        await _vote(api, voter, loved.post_id, P.VOTE_UP)
    for voter, vote in zip(voters, (P.VOTE_UP, P.VOTE_DOWN, P.VOTE_UP, P.VOTE_DOWN), strict=True):
        await _vote(api, voter, split.post_id, vote)
    await api.content.FeaturePost(
        P.FeaturePostRequest(post_id=pinned.post_id, feature=P.FEATURE_PINNED), metadata=owner.auth
    )

    async def page(sort: int) -> list[tuple[str, int, int]]:
        got = await api.feed.GetCommunityFeed(
            F.GetCommunityFeedRequest(community_id=community_id, sort=sort, page_size=10), metadata=voters[0].auth
        )
        return [(i.post_id, i.upvotes, i.downvotes) for i in got.items]

    async def settled():
        top = await page(F.COMMUNITY_SORT_TOP_ALL)
        return top if len(top) == 4 and top[1] == (loved.post_id, 4, 0) else None

    await wait_until(settled, timeout=30, what="the votes in the community's sorts")
    ids = {loved.post_id: "loved", split.post_id: "split", ignored.post_id: "ignored", pinned.post_id: "pinned"}

    async def order(sort: int) -> list[str]:
        return [ids[p] for p, _, _ in await page(sort)]

    top = await order(F.COMMUNITY_SORT_TOP_ALL)
    assert top[:2] == ["pinned", "loved"] and set(top[2:]) == {"split", "ignored"}  # both score 0
    assert (await order(F.COMMUNITY_SORT_HOT))[:2] == ["pinned", "loved"]
    assert (await order(F.COMMUNITY_SORT_CONTROVERSIAL))[:2] == ["pinned", "split"]
    assert await order(F.COMMUNITY_SORT_NEW) == ["pinned", "ignored", "split", "loved"]
    voted = (
        await api.feed.GetCommunityFeed(
            F.GetCommunityFeedRequest(community_id=community_id, sort=F.COMMUNITY_SORT_TOP_DAY), metadata=voters[1].auth
        )
    ).items
    by_id = {i.post_id: i for i in voted}
    assert by_id[split.post_id].viewer_vote == P.VOTE_DOWN and by_id[pinned.post_id].feature == P.FEATURE_PINNED
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        api.feed.GetCommunityFeed(
            F.GetCommunityFeedRequest(community_id=community_id, sort=99), metadata=voters[0].auth
        ),
        "sort",
    )
