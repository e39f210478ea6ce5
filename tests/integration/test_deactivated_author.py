"""The deactivated-author column of the no-leak matrix: after DeactivateAccount, the person's
posts, comments and reactions are gone from every content and feed read of everyone else, their
name from notifications, and all of it is back on ReactivateAccount. Both hold when the call
returns (no waiting)."""

from __future__ import annotations

import uuid

import grpc
import pytest

from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.identity.v1 import identity_pb2 as I
from kith_platform.testing import wait_until


async def _not_found(call) -> bool:
    try:
        await call
    except grpc.aio.AioRpcError as exc:
        assert exc.code() == grpc.StatusCode.NOT_FOUND, exc.details()
        return True
    return False


async def _seen(api, viewer, author, post_id: str, tag: str) -> dict[str, bool]:
    """Whether `viewer` finds the author or their post through each content and feed read."""
    auth = viewer.auth
    by_user = await api.content.ListUserPosts(
        P.ListUserPostsRequest(user_id=author.user_id, page_size=50), metadata=auth
    )
    by_tag = await api.content.ListPostsByHashtag(P.ListPostsByHashtagRequest(hashtag=tag), metadata=auth)
    found = await api.content.SearchPosts(P.SearchPostsRequest(query=f"#{tag}"), metadata=auth)
    home = await api.home_post_ids(viewer)
    tag_feed = await api.feed.GetHashtagFeed(F.GetHashtagFeedRequest(hashtag=tag), metadata=auth)
    popular = await api.feed.GetPopularFeed(F.GetPopularFeedRequest(page_size=100), metadata=auth)
    return {
        "GetPost": not await _not_found(api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=auth)),
        "ListUserPosts": post_id in {p.post_id for p in by_user.posts},
        "ListPostsByHashtag": post_id in {p.post_id for p in by_tag.posts},
        "SearchPosts": post_id in {p.post_id for p in found.posts},
        "GetHomeFeed": post_id in home,
        "GetUserTimeline": not await _not_found(
            api.feed.GetUserTimeline(F.GetUserTimelineRequest(user_id=author.user_id), metadata=auth)
        ),
        "GetHashtagFeed": post_id in {i.post_id for i in tag_feed.items},
        "GetPopularFeed": post_id in {i.post_id for i in popular.items},
    }


async def _their_traces(api, owner, author, post_id: str) -> dict[str, bool]:
    """Whether the author's comment, reaction and notifications show on `owner`'s post."""
    comments = (await api.content.ListComments(P.ListCommentsRequest(post_id=post_id), metadata=owner.auth)).comments
    post = (await api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=owner.auth)).post
    notes = (
        await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=owner.auth)
    ).notifications
    return {
        "comment": any(c.author_id == author.user_id for c in comments),
        "reaction": sum(r.count for r in post.reactions) > 0,
        "notifications": any(author.user_id in n.actor_ids for n in notes),
    }


@pytest.mark.parametrize("audience", [P.AUDIENCE_PUBLIC, P.AUDIENCE_FOLLOWERS])
async def test_a_deactivated_author_vanishes_from_every_read_and_returns_whole(api, proxying_api, audience):
    author, reader = await api.sign_up("leaver"), await api.sign_up("reader")
    tag = f"away{uuid.uuid4().hex[:10]}"
    await api.follow(reader, author)
    await api.follow(author, reader)
    post_id = (
        await api.content.CreatePost(
            P.CreatePostRequest(text=f"see you #{tag}", audience=audience), metadata=author.auth
        )
    ).post.post_id
    readers_post = (
        await api.content.CreatePost(P.CreatePostRequest(text="what do you think?"), metadata=reader.auth)
    ).post.post_id
    await api.content.AddComment(P.AddCommentRequest(post_id=readers_post, text="nice"), metadata=author.auth)
    await api.content.React(P.ReactRequest(post_id=readers_post, kind=P.REACTION_KIND_LIKE), metadata=author.auth)

    # Popular and hashtag feeds hold public posts only, and popular only the hottest.
    expected = {"GetPost", "ListUserPosts", "ListPostsByHashtag", "SearchPosts", "GetHomeFeed", "GetUserTimeline"}
    if audience == P.AUDIENCE_PUBLIC:
        expected.add("GetHashtagFeed")
    await wait_until(lambda: _reads_seen(api, reader, author, post_id, tag, expected), what="the post in every read")
    await wait_until(lambda: _all_traces(api, reader, author, readers_post), what="comment, reaction, notifications")

    await api.identity.DeactivateAccount(I.DeactivateAccountRequest(password=author.password), metadata=author.auth)
    seen = await _seen(api, reader, author, post_id, tag)
    assert not any(seen.values()), {k for k, v in seen.items() if v}
    seen = await _seen(proxying_api, reader, author, post_id, tag)  # the feed's reads proxied
    assert not any(seen.values()), {k for k, v in seen.items() if v}
    traces = await _their_traces(api, reader, author, readers_post)
    assert not any(traces.values()), {k for k, v in traces.items() if v}

    login = await api.identity.ReactivateAccount(
        I.ReactivateAccountRequest(login=author.handle, password=author.password)
    )
    assert login.access_token
    assert await _reads_seen(api, reader, author, post_id, tag, expected)
    traces = await _their_traces(api, reader, author, readers_post)
    assert all(traces.values()), {k for k, v in traces.items() if not v}


async def _reads_seen(api, reader, author, post_id, tag, expected: set[str]) -> bool:
    seen = await _seen(api, reader, author, post_id, tag)
    return {k for k, v in seen.items() if v} >= expected


async def _all_traces(api, owner, author, post_id) -> bool:
    return all((await _their_traces(api, owner, author, post_id)).values())
