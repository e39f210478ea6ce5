"""Content through the gateway: audiences and the no-leak matrix, communities, edits, deletes,
shares, mentions, hashtags, search, threads and reactions."""

from __future__ import annotations

import asyncio
import uuid

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.graph.v1 import graph_pb2 as G
from kith_platform.testing import wait_until


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


async def post(api, author, text, **fields) -> P.Post:
    return (await api.content.CreatePost(P.CreatePostRequest(text=text, **fields), metadata=author.auth)).post


async def sees(api, viewer, post_id: str) -> bool:
    try:
        await api.content.GetPost(P.GetPostRequest(post_id=post_id), metadata=viewer.auth)
        return True
    except grpc.aio.AioRpcError as exc:
        assert exc.code() == grpc.StatusCode.NOT_FOUND, exc.details()
        return False


async def community(api, owner, visibility, **fields) -> str:
    return (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"c-{uuid.uuid4().hex[:12]}", name="Content Club", visibility=visibility, **fields
            ),
            metadata=owner.auth,
        )
    ).community.community_id


async def add_member(api, owner, community_id: str, user) -> None:
    link = await api.communities.CreateInviteLink(
        C.CreateInviteLinkRequest(community_id=community_id), metadata=owner.auth
    )
    await api.communities.JoinByInviteLink(C.JoinByInviteLinkRequest(token=link.token), metadata=user.auth)


async def befriend(api, a, b) -> None:
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=b.user_id), metadata=a.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=a.user_id), metadata=b.auth)


async def test_the_no_leak_matrix(api):
    """Every (viewer relation x audience x community visibility x block) pair, through every read."""
    author, follower, friend, member, stranger, blocked, blocker = [
        await api.sign_up(n) for n in ("author", "follower", "friend", "member", "stranger", "blocked", "blocker")
    ]
    tag = f"leak{uuid.uuid4().hex[:10]}"
    communities = {
        v: await community(api, author, v) for v in (C.VISIBILITY_PUBLIC, C.VISIBILITY_PRIVATE, C.VISIBILITY_HIDDEN)
    }
    for cid in communities.values():
        for user in (member, blocked, blocker):
            await add_member(api, author, cid, user)
    await api.follow(follower, author)
    await api.follow(blocked, author)
    await befriend(api, author, friend)
    await api.graph.Block(G.BlockRequest(user_id=blocked.user_id), metadata=author.auth)
    await api.graph.Block(G.BlockRequest(user_id=author.user_id), metadata=blocker.auth)

    posts = {
        "public": await post(api, author, f"hello #{tag}", audience=P.AUDIENCE_PUBLIC),
        "followers": await post(api, author, f"for followers #{tag}", audience=P.AUDIENCE_FOLLOWERS),
        "friends": await post(api, author, f"for friends #{tag}", audience=P.AUDIENCE_FRIENDS),
        "public community": await post(api, author, f"in public #{tag}", community_id=communities[C.VISIBILITY_PUBLIC]),
        "private community": await post(
            api, author, f"in private #{tag}", community_id=communities[C.VISIBILITY_PRIVATE]
        ),
        "hidden community": await post(api, author, f"in hidden #{tag}", community_id=communities[C.VISIBILITY_HIDDEN]),
    }
    everyone = {"author", "follower", "friend", "member", "stranger"}
    expected = {
        "public": everyone,
        "followers": {"author", "follower", "friend"},  # friends follow each other
        "friends": {"author", "friend"},
        "public community": everyone,
        "private community": {"author", "member"},
        "hidden community": {"author", "member"},
    }  # blocked (by the author) and blocker (of the author) see nothing at all
    viewers = {
        "author": author,
        "follower": follower,
        "friend": friend,
        "member": member,
        "stranger": stranger,
        "blocked": blocked,
        "blocker": blocker,
    }

    async def settled():  # relationships and memberships reach content by events
        return (
            await sees(api, friend, posts["friends"].post_id)
            and await sees(api, follower, posts["followers"].post_id)
            and await sees(api, member, posts["hidden community"].post_id)
            and not await sees(api, blocked, posts["public"].post_id)
            and not await sees(api, blocker, posts["public"].post_id)
        )

    await wait_until(settled, what="relationships mirrored into content")
    problems = []
    for name, viewer in viewers.items():
        by_user = {
            p.post_id
            for p in (
                await api.content.ListUserPosts(
                    P.ListUserPostsRequest(user_id=author.user_id, page_size=100), metadata=viewer.auth
                )
            ).posts
        }
        by_tag = {
            p.post_id
            for p in (
                await api.content.ListPostsByHashtag(
                    P.ListPostsByHashtagRequest(hashtag=tag, page_size=100), metadata=viewer.auth
                )
            ).posts
        }
        by_search = {
            p.post_id
            for p in (
                await api.content.SearchPosts(
                    P.SearchPostsRequest(query=f"#{tag}", page_size=100), metadata=viewer.auth
                )
            ).posts
        }
        for kind, p in posts.items():
            want = name in expected[kind]
            got = {
                "GetPost": await sees(api, viewer, p.post_id),
                "ListUserPosts": p.post_id in by_user,
                "ListPostsByHashtag": p.post_id in by_tag,
                "SearchPosts": p.post_id in by_search,
            }
            problems += [
                f"{name} {'should' if want else 'must not'} see the {kind} post via {read}"
                for read, seen in got.items()
                if seen != want
            ]
    assert not problems, problems

    # Unfollowing and leaving take the access away again.
    await api.unfollow(follower, author)
    await api.communities.LeaveCommunity(
        C.LeaveCommunityRequest(community_id=communities[C.VISIBILITY_PRIVATE]), metadata=member.auth
    )

    async def revoked():
        return not await sees(api, follower, posts["followers"].post_id) and not await sees(
            api, member, posts["private community"].post_id
        )

    await wait_until(revoked, what="unfollow and leave mirrored")
    # Internal hydration applies the same rule.
    from kith.content.v1 import content_pb2_grpc
    from tests.integration.endpoints import SERVICE_ADDRESSES

    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["content"]) as channel:
        internal = content_pb2_grpc.ContentInternalServiceStub(channel)
        batch = await internal.BatchGetPosts(
            P.BatchGetPostsRequest(viewer_id=friend.user_id, post_ids=[p.post_id for p in posts.values()])
        )
        assert [p.post_id for p in batch.posts] == [posts[k].post_id for k in posts if "friend" in expected[k]]


async def test_community_posting_follows_the_communities_rules(api):
    owner, member, outsider = [await api.sign_up(n) for n in ("owner", "member", "outsider")]
    hidden = await community(api, owner, C.VISIBILITY_HIDDEN)
    code, details = await _fails(post(api, outsider, "let me in", community_id=hidden))
    assert code == grpc.StatusCode.NOT_FOUND and details.startswith("community_id")
    public = await community(api, owner, C.VISIBILITY_PUBLIC)
    code, details = await _fails(post(api, outsider, "hi", community_id=public))
    assert code == grpc.StatusCode.PERMISSION_DENIED and "only members" in details
    await add_member(api, owner, public, member)
    assert (await post(api, member, "hi all", community_id=public)).audience == P.AUDIENCE_COMMUNITY
    await api.communities.BanMember(
        C.BanMemberRequest(community_id=public, user_id=member.user_id, reason="spam"), metadata=owner.auth
    )
    code, details = await _fails(post(api, member, "again", community_id=public))
    assert code == grpc.StatusCode.PERMISSION_DENIED and "banned" in details
    code, details = await _fails(post(api, owner, "x", community_id=public, audience=P.AUDIENCE_FRIENDS))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("audience")
    code, details = await _fails(post(api, owner, "x", community_id=str(uuid.uuid4())))
    assert code == grpc.StatusCode.NOT_FOUND

    # Announcement communities: only moderators post, members still comment.
    news = await community(api, owner, C.VISIBILITY_PUBLIC, posting_policy=C.POSTING_POLICY_MODERATORS_ONLY)
    await add_member(api, owner, news, outsider)
    code, _ = await _fails(post(api, outsider, "me too", community_id=news))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    announcement = await post(api, owner, "Big news", community_id=news)
    reply = await api.content.AddComment(
        P.AddCommentRequest(post_id=announcement.post_id, text="congrats"), metadata=outsider.auth
    )
    assert reply.comment.depth == 1


async def test_moderators_remove_posts_through_reports(api):
    owner, member, other_owner = [await api.sign_up(n) for n in ("owner", "member", "otherowner")]
    cid = await community(api, owner, C.VISIBILITY_PUBLIC)
    await add_member(api, owner, cid, member)
    bad = await post(api, member, "buy cheap watches", community_id=cid)
    elsewhere = await post(api, member, "my own profile post")
    # A moderator of another community cannot remove what is not theirs by reporting it there.
    other = await community(api, other_owner, C.VISIBILITY_PUBLIC)
    report = await api.communities.Report(
        C.ReportRequest(community_id=other, target=C.REPORT_TARGET_POST, target_id=elsewhere.post_id, reason="spam"),
        metadata=other_owner.auth,
    )
    await api.communities.ResolveReport(
        C.ResolveReportRequest(community_id=other, report_id=report.report_id, action=C.REPORT_ACTION_REMOVE_CONTENT),
        metadata=other_owner.auth,
    )
    report = await api.communities.Report(
        C.ReportRequest(community_id=cid, target=C.REPORT_TARGET_POST, target_id=bad.post_id, reason="spam"),
        metadata=owner.auth,
    )
    await api.communities.ResolveReport(
        C.ResolveReportRequest(community_id=cid, report_id=report.report_id, action=C.REPORT_ACTION_REMOVE_CONTENT),
        metadata=owner.auth,
    )

    async def removed():
        return not await sees(api, member, bad.post_id)

    await wait_until(removed, what="the removal to reach content")
    assert not await sees(api, owner, bad.post_id)
    assert await sees(api, owner, elsewhere.post_id)


async def test_edits_keep_history_and_deletes_disappear_everywhere(api):
    author, reader = await api.sign_up("author"), await api.sign_up("reader")
    await api.follow(reader, author)
    tag = f"edit{uuid.uuid4().hex[:10]}"
    original = await post(api, author, f"first draft #{tag}")
    code, _ = await _fails(
        api.content.EditPost(P.EditPostRequest(post_id=original.post_id, text="mine now"), metadata=reader.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED
    edited = (
        await api.content.EditPost(
            P.EditPostRequest(post_id=original.post_id, text="second #draft"), metadata=author.auth
        )
    ).post
    assert edited.edited and edited.HasField("edited_at") and edited.hashtags == ["draft"]
    await api.content.EditPost(P.EditPostRequest(post_id=original.post_id, text="final"), metadata=author.auth)
    history = await api.content.ListPostEdits(
        P.ListPostEditsRequest(post_id=original.post_id, page_size=1), metadata=reader.auth
    )
    assert [e.text for e in history.edits] == ["second #draft"] and history.next_cursor
    more = await api.content.ListPostEdits(
        P.ListPostEditsRequest(post_id=original.post_id, cursor=history.next_cursor), metadata=reader.auth
    )
    assert [e.text for e in more.edits] == [f"first draft #{tag}"]
    # The old hashtag no longer finds it.
    assert not (
        await api.content.ListPostsByHashtag(P.ListPostsByHashtagRequest(hashtag=tag), metadata=reader.auth)
    ).posts

    await wait_until(lambda: _in_home(api, reader, original.post_id), what="the post in the reader's feed")
    await api.content.DeletePost(P.DeletePostRequest(post_id=original.post_id), metadata=author.auth)
    for viewer in (author, reader):
        assert not await sees(api, viewer, original.post_id)
    assert not (
        await api.content.ListUserPosts(P.ListUserPostsRequest(user_id=author.user_id), metadata=reader.auth)
    ).posts
    assert not (
        await api.content.SearchPosts(P.SearchPostsRequest(query="final"), metadata=author.auth)
    ).posts or original.post_id not in {
        p.post_id
        for p in (await api.content.SearchPosts(P.SearchPostsRequest(query="final"), metadata=author.auth)).posts
    }
    await wait_until(lambda: _not_in_home(api, reader, original.post_id), what="the post gone from the feed")
    code, _ = await _fails(api.content.DeletePost(P.DeletePostRequest(post_id=original.post_id), metadata=author.auth))
    assert code == grpc.StatusCode.NOT_FOUND


async def _in_home(api, user, post_id):
    return post_id in await api.home_post_ids(user)


async def _not_in_home(api, user, post_id):
    return post_id not in await api.home_post_ids(user)


async def test_shares_never_widen_the_audience(api):
    author, friend, sharer = [await api.sign_up(n) for n in ("author", "friend", "sharer")]
    await befriend(api, author, friend)
    public = await post(api, author, "share me")
    share = (
        await api.content.SharePost(P.SharePostRequest(post_id=public.post_id, text="look"), metadata=sharer.auth)
    ).post
    assert share.shared_post_id == public.post_id and share.shared_post.text == "share me"
    reshare = (await api.content.SharePost(P.SharePostRequest(post_id=share.post_id), metadata=friend.auth)).post
    assert reshare.shared_post_id == public.post_id  # a share of a share shares the original
    assert (
        await api.content.GetPost(P.GetPostRequest(post_id=public.post_id), metadata=sharer.auth)
    ).post.share_count == 2

    friends_only = await post(api, author, "just us", audience=P.AUDIENCE_FRIENDS)
    await wait_until(lambda: sees(api, friend, friends_only.post_id), what="the friendship mirrored")
    code, details = await _fails(
        api.content.SharePost(P.SharePostRequest(post_id=friends_only.post_id), metadata=friend.auth)
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "cannot be shared" in details

    private = await community(api, author, C.VISIBILITY_PRIVATE)
    await add_member(api, author, private, sharer)
    inside = await post(api, author, "members only", community_id=private)
    await wait_until(lambda: sees(api, sharer, inside.post_id), what="the membership mirrored")
    code, _ = await _fails(api.content.SharePost(P.SharePostRequest(post_id=inside.post_id), metadata=sharer.auth))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    kept_inside = (
        await api.content.SharePost(
            P.SharePostRequest(post_id=inside.post_id, community_id=private), metadata=sharer.auth
        )
    ).post
    assert kept_inside.community_id == private
    assert not await sees(api, friend, kept_inside.post_id)
    # A deleted original leaves the share without it.
    await api.content.DeletePost(P.DeletePostRequest(post_id=public.post_id), metadata=author.auth)
    got = (await api.content.GetPost(P.GetPostRequest(post_id=share.post_id), metadata=friend.auth)).post
    assert got.shared_post_id == public.post_id and not got.HasField("shared_post")


async def test_mentions_resolve_handles_and_skip_blockers_and_outsiders(api):
    author, ana, ben, cat = [await api.sign_up(n) for n in ("author", "ana", "ben", "cat")]
    await api.graph.Block(G.BlockRequest(user_id=author.user_id), metadata=ben.auth)
    await befriend(api, author, cat)

    async def mirrored():
        p = await post(api, author, f"@{ben.handle} @{cat.handle}", audience=P.AUDIENCE_FRIENDS)
        return list(p.mention_ids) == [cat.user_id]

    await wait_until(mirrored, what="block and friendship mirrored")
    nobody = f"nobody_{uuid.uuid4().hex[:8]}"
    text = f"Hi @{ana.handle}, @{ben.handle.upper()}, @{cat.handle} and @{nobody} and @{author.handle}"
    p = await post(api, author, text)
    assert list(p.mention_ids) == [ana.user_id, cat.user_id]  # ben blocks the author; unknown and self dropped
    friends_only = await post(api, author, text, audience=P.AUDIENCE_FRIENDS)
    assert list(friends_only.mention_ids) == [cat.user_id]  # ana may not see it
    comment = await api.content.AddComment(
        P.AddCommentRequest(post_id=p.post_id, text=f"cc @{ana.handle}"), metadata=cat.auth
    )
    assert list(comment.comment.mention_ids) == [ana.user_id]


async def test_hashtags_are_normalised_and_listed(api):
    author, reader = await api.sign_up("author"), await api.sign_up("reader")
    word = f"Tag{uuid.uuid4().hex[:8]}"
    first = await post(api, author, f"#{word} and #{word.upper()} and #1 and mail@#x")
    assert list(first.hashtags) == [word.lower()]
    second = await post(api, author, f"more #{word.lower()}")
    page = await api.content.ListPostsByHashtag(
        P.ListPostsByHashtagRequest(hashtag=f"#{word}", page_size=1), metadata=reader.auth
    )
    assert [p.post_id for p in page.posts] == [second.post_id] and page.next_cursor
    page = await api.content.ListPostsByHashtag(
        P.ListPostsByHashtagRequest(hashtag=word, page_size=1, cursor=page.next_cursor), metadata=reader.auth
    )
    assert [p.post_id for p in page.posts] == [first.post_id]
    found = await api.content.SearchPosts(P.SearchPostsRequest(query=word.lower()), metadata=reader.auth)
    assert {p.post_id for p in found.posts} == {first.post_id, second.post_id}


async def test_threads_nest_count_order_and_keep_deleted_places(api):
    author, a, b = [await api.sign_up(n) for n in ("author", "a", "b")]
    root = await post(api, author, "What is your favourite crate?")

    async def comment(user, text, parent=""):
        return (
            await api.content.AddComment(
                P.AddCommentRequest(post_id=root.post_id, parent_comment_id=parent, text=text), metadata=user.auth
            )
        ).comment

    first = await comment(a, "serde")
    second = await comment(b, "tokio")
    reply = await comment(b, "agreed", first.comment_id)
    deep = await comment(a, "deeper", reply.comment_id)
    assert (first.depth, reply.depth, deep.depth) == (1, 2, 3)
    await api.content.React(P.ReactRequest(comment_id=second.comment_id, kind=P.REACTION_KIND_LIKE), metadata=a.auth)

    def listing(order=P.COMMENT_ORDER_UNSPECIFIED, parent="", size=0, cursor=""):
        return api.content.ListComments(
            P.ListCommentsRequest(
                post_id=root.post_id, parent_comment_id=parent, order=order, page_size=size, cursor=cursor
            ),
            metadata=author.auth,
        )

    top = (await listing()).comments
    assert [c.comment_id for c in top] == [second.comment_id, first.comment_id]  # newest first
    assert {c.comment_id: c.reply_count for c in top} == {first.comment_id: 1, second.comment_id: 0}
    assert [c.comment_id for c in (await listing(P.COMMENT_ORDER_OLDEST)).comments] == [
        first.comment_id,
        second.comment_id,
    ]
    most = await listing(P.COMMENT_ORDER_MOST_REACTED, size=1)
    assert [c.comment_id for c in most.comments] == [second.comment_id]
    assert [c.comment_id for c in (await listing(P.COMMENT_ORDER_MOST_REACTED, cursor=most.next_cursor)).comments] == [
        first.comment_id
    ]
    assert (await api.content.GetPost(P.GetPostRequest(post_id=root.post_id), metadata=a.auth)).post.comment_count == 4

    # Deleting a comment with replies keeps its place; a leaf disappears.
    code, _ = await _fails(
        api.content.DeleteComment(P.DeleteCommentRequest(comment_id=first.comment_id), metadata=b.auth)
    )
    assert code == grpc.StatusCode.PERMISSION_DENIED
    await api.content.DeleteComment(P.DeleteCommentRequest(comment_id=first.comment_id), metadata=a.auth)
    await api.content.DeleteComment(
        P.DeleteCommentRequest(comment_id=second.comment_id), metadata=author.auth
    )  # the post's author may
    top = (await listing()).comments
    assert [(c.comment_id, c.text, c.author_id, c.deleted) for c in top] == [(first.comment_id, "[deleted]", "", True)]
    replies = (await listing(parent=first.comment_id)).comments
    assert [c.comment_id for c in replies] == [reply.comment_id] and replies[0].reply_count == 1
    code, details = await _fails(comment(a, "to a ghost", first.comment_id))
    assert code == grpc.StatusCode.NOT_FOUND and details.startswith("parent_comment_id")

    # Depth has a limit.
    parent = deep
    for _ in range(32 - 3):
        parent = await comment(a, "down", parent.comment_id)
    code, details = await _fails(comment(a, "too deep", parent.comment_id))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "deep" in details


async def test_reactions_are_one_per_user_even_under_concurrent_requests(api):
    author = await api.sign_up("author")
    fans = [await api.sign_up("fan") for _ in range(12)]
    target = await post(api, author, "react to me")
    kinds = [P.REACTION_KIND_LIKE, P.REACTION_KIND_LOVE, P.REACTION_KIND_FUNNY, P.REACTION_KIND_SUPPORT]
    # One user, many concurrent changes: still one reaction.
    await asyncio.gather(
        *(
            api.content.React(P.ReactRequest(post_id=target.post_id, kind=kinds[i % 4]), metadata=fans[0].auth)
            for i in range(24)
        )
    )
    got = (await api.content.GetPost(P.GetPostRequest(post_id=target.post_id), metadata=fans[0].auth)).post
    assert sum(r.count for r in got.reactions) == 1 and got.viewer_reaction in kinds
    # Many users at once: counted exactly.
    await asyncio.gather(
        *(
            api.content.React(P.ReactRequest(post_id=target.post_id, kind=P.REACTION_KIND_LIKE), metadata=f.auth)
            for f in fans
            for _ in range(2)
        )
    )
    got = (await api.content.GetPost(P.GetPostRequest(post_id=target.post_id), metadata=author.auth)).post
    assert {r.kind: r.count for r in got.reactions} == {P.REACTION_KIND_LIKE: 12}
    assert got.viewer_reaction == P.REACTION_KIND_UNSPECIFIED
    again = await api.content.React(
        P.ReactRequest(post_id=target.post_id, kind=P.REACTION_KIND_LIKE), metadata=fans[1].auth
    )
    assert not again.changed
    changed = await api.content.React(
        P.ReactRequest(post_id=target.post_id, kind=P.REACTION_KIND_INSIGHTFUL), metadata=fans[1].auth
    )
    assert changed.changed and {r.kind: r.count for r in changed.reactions} == {
        P.REACTION_KIND_LIKE: 11,
        P.REACTION_KIND_INSIGHTFUL: 1,
    }
    removed = await api.content.Unreact(P.UnreactRequest(post_id=target.post_id), metadata=fans[1].auth)
    assert removed.removed and {r.kind: r.count for r in removed.reactions} == {P.REACTION_KIND_LIKE: 11}
    assert not (await api.content.Unreact(P.UnreactRequest(post_id=target.post_id), metadata=fans[1].auth)).removed


@pytest.mark.parametrize(
    "request_, field",
    [
        (P.CreatePostRequest(text=""), "text"),
        (P.CreatePostRequest(text="x" * 5001), "text"),
        (P.CreatePostRequest(text="hi", audience=99), "audience"),
        (P.CreatePostRequest(text="hi", audience=P.AUDIENCE_COMMUNITY), "community_id"),
        (P.CreatePostRequest(text="hi", community_id="not-a-uuid"), "community_id"),
        (P.CreatePostRequest(text="hi", link="javascript:alert(1)"), "link"),
        (
            P.CreatePostRequest(
                text="hi", media=[P.Media(kind=P.MEDIA_KIND_IMAGE, url="http://insecure.example/a.png")]
            ),
            "media.url",
        ),
        (P.CreatePostRequest(text="hi", media=[P.Media(url="https://example.org/a.png")]), "media.kind"),
        (P.CreatePostRequest(text="bad \x00 byte"), "text"),
    ],
)
async def test_bad_posts_are_refused_naming_the_field(api, request_, field):
    user = await api.sign_up("bad")
    code, details = await _fails(api.content.CreatePost(request_, metadata=user.auth))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:"), details


async def test_bad_reads_are_refused_naming_the_field(api):
    user = await api.sign_up("bad")
    for call, field in [
        (api.content.GetPost(P.GetPostRequest(post_id="nope"), metadata=user.auth), "post_id"),
        (
            api.content.ListUserPosts(
                P.ListUserPostsRequest(user_id=user.user_id, cursor="garbage"), metadata=user.auth
            ),
            "cursor",
        ),
        (api.content.ListPostsByHashtag(P.ListPostsByHashtagRequest(hashtag="#"), metadata=user.auth), "hashtag"),
        (api.content.SearchPosts(P.SearchPostsRequest(query="  "), metadata=user.auth), "query"),
        (api.content.React(P.ReactRequest(post_id=str(uuid.uuid4())), metadata=user.auth), "kind"),
        (api.content.React(P.ReactRequest(kind=P.REACTION_KIND_LIKE), metadata=user.auth), "post_id"),
        (
            api.content.ListComments(P.ListCommentsRequest(post_id=str(uuid.uuid4()), order=9), metadata=user.auth),
            "order",
        ),
    ]:
        code, details = await _fails(call)
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:"), (field, details)
    code, _ = await _fails(api.content.GetPost(P.GetPostRequest(post_id=str(uuid.uuid4())), metadata=user.auth))
    assert code == grpc.StatusCode.NOT_FOUND
