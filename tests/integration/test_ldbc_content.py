"""The LDBC SNB mini data set's posts, threaded comments and likes, loaded through the public
API, read back with the same shape."""

from __future__ import annotations

import asyncio
import csv
import re
import uuid
from collections import defaultdict
from pathlib import Path

import grpc
import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.content.v1 import content_pb2_grpc
from kith_platform.testing import patiently
from tests.integration.endpoints import SERVICE_ADDRESSES

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ldbc-snb-mini"


def _rows(name: str) -> list[list[str]]:
    with open(DATA / "dynamic" / name, newline="") as f:
        return list(csv.reader(f, delimiter="|"))[1:]


def _hashtag(name: str) -> str | None:
    tag = re.sub(r"\W+", "_", name).strip("_")
    return tag[:50] if tag and not tag.isdigit() else None


@pytest.mark.skipif(not DATA.exists(), reason="the shared data sets are not beside the repository")
async def test_ldbc_posts_threads_and_likes_load_and_read_back(api):
    forums = {r[0]: r[1] for r in _rows("forum_0_0.csv")}
    forum_of = {post: forum for forum, post in _rows("forum_containerOf_post_0_0.csv")}
    posts = {r[0]: {"image": r[1], "content": r[6]} for r in _rows("post_0_0.csv")}
    creator = dict(_rows("post_hasCreator_person_0_0.csv")) | dict(_rows("comment_hasCreator_person_0_0.csv"))
    comments = {r[0]: r[4] for r in _rows("comment_0_0.csv")}
    parent = {c: ("comment", p) for c, p in _rows("comment_replyOf_comment_0_0.csv")}
    parent |= {c: ("post", p) for c, p in _rows("comment_replyOf_post_0_0.csv")}
    post_likes = _rows("person_likes_post_0_0.csv")
    comment_likes = _rows("person_likes_comment_0_0.csv")
    with open(DATA / "static" / "tag_0_0.csv", newline="") as f:
        tag_names = {r[0]: r[1] for r in list(csv.reader(f, delimiter="|"))[1:]}
    tags = defaultdict(list)
    for post, tag in _rows("post_hasTag_tag_0_0.csv"):
        if (t := _hashtag(tag_names.get(tag, ""))) and t.casefold() not in {x.casefold() for x in tags[post]}:
            tags[post].append(t)

    def thread_of(comment: str) -> str:
        while parent[comment][0] == "comment":
            comment = parent[comment][1]
        return parent[comment][1]

    def depth(comment: str) -> int:
        return 1 if parent[comment][0] == "post" else 1 + depth(parent[comment][1])

    limit = asyncio.Semaphore(16)
    people = sorted({creator[p] for p in posts} | {creator[c] for c in comments}
                    | {p for p, _, _ in post_likes + comment_likes})

    async def sign_up(person: str):
        async with limit:
            return person, await api.sign_up("ldbc")

    accounts = dict(await asyncio.gather(*(sign_up(p) for p in people)))

    # "Group for ..." forums holding posts become public communities; those who write or react
    # in their threads join them. Walls and albums are the creators' own profiles.
    groups = sorted({forum_of[p] for p in posts if forums[forum_of[p]].startswith("Group for")})
    community_of = {}
    for forum in groups:
        owner = accounts[creator[next(p for p in posts if forum_of[p] == forum)]]
        community_of[forum] = (await api.communities.CreateCommunity(C.CreateCommunityRequest(
            slug=f"ldbc-{forum}-{uuid.uuid4().hex[:6]}", name=forums[forum][:80]), metadata=owner.auth)
        ).community.community_id
    participants = defaultdict(set)
    for c in comments:
        participants[forum_of[thread_of(c)]].add(creator[c])
    for person, post, _ in post_likes:
        participants[forum_of[post]].add(person)
    for p in posts:
        participants[forum_of[p]].add(creator[p])
    await asyncio.gather(*(
        patiently(lambda f=f, person=person: api.communities.JoinCommunity(
            C.JoinCommunityRequest(community_id=community_of[f]), metadata=accounts[person].auth))
        for f in groups for person in participants[f]))

    ours: dict[str, str] = {}

    async def create(post: str):
        fields = {}
        if posts[post]["image"]:
            fields["media"] = [P.Media(kind=P.MEDIA_KIND_IMAGE, url=f"https://ldbc.example/{posts[post]['image']}")]
        if forum_of[post] in community_of:
            fields["community_id"] = community_of[forum_of[post]]
        text = " ".join([posts[post]["content"]] + [f"#{t}" for t in tags[post]]).strip()
        async with limit:
            response = await patiently(lambda: api.content.CreatePost(
                P.CreatePostRequest(text=text, **fields), metadata=accounts[creator[post]].auth))
        ours[post] = response.post.post_id

    await asyncio.gather(*(create(p) for p in posts))

    async def comment(c: str):
        kind, target = parent[c]
        async with limit:
            response = await patiently(lambda: api.content.AddComment(P.AddCommentRequest(
                post_id=ours[thread_of(c)], parent_comment_id=ours[target] if kind == "comment" else "",
                text=comments[c]), metadata=accounts[creator[c]].auth))
        ours[c] = response.comment.comment_id

    for level in range(1, max(map(depth, comments)) + 1):  # parents before their replies
        await asyncio.gather(*(comment(c) for c in comments if depth(c) == level))

    async def like(person: str, target: str, is_comment: bool):
        key = "comment_id" if is_comment else "post_id"
        async with limit:
            await patiently(lambda: api.content.React(P.ReactRequest(**{key: ours[target]},
                                                                     kind=P.REACTION_KIND_LIKE),
                                                      metadata=accounts[person].auth))

    await asyncio.gather(*(like(p, t, False) for p, t, _ in post_likes),
                         *(like(p, t, True) for p, t, _ in comment_likes))

    # Every post reads back with its likes and comment count (internal hydration, 200 at a time).
    likes = defaultdict(int)
    for _, target, _ in post_likes + comment_likes:
        likes[target] += 1
    in_thread = defaultdict(int)
    for c in comments:
        in_thread[thread_of(c)] += 1
    back = {}
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["content"]) as channel:
        internal = content_pb2_grpc.ContentInternalServiceStub(channel)
        ids = list(posts)
        by_ours = {ours[p]: p for p in ids}
        viewer = accounts[people[0]].user_id  # everything loaded is public: anyone sees it all
        for i in range(0, len(ids), 200):
            answer = await internal.BatchGetPosts(P.BatchGetPostsRequest(
                viewer_id=viewer, post_ids=[ours[p] for p in ids[i:i + 200]]))
            back |= {by_ours[p.post_id]: p for p in answer.posts}
    assert len(back) == len(posts) == 5924
    assert {p: sum(r.count for r in back[p].reactions) for p in posts} == {p: likes[p] for p in posts}
    assert {p: back[p].comment_count for p in posts} == {p: in_thread[p] for p in posts}
    assert sum(1 for p in posts if back[p].community_id) == sum(1 for p in posts if forum_of[p] in community_of)

    # The biggest threads read back with the same tree: same children, texts, authors, likes.
    children = defaultdict(set)
    for c, (_, target) in parent.items():
        children[target].add(c)
    reader = accounts[people[0]]
    biggest = sorted(in_thread, key=lambda p: -in_thread[p])[:3]

    async def walk(post: str, node: str) -> int:
        listed = await api.content.ListComments(P.ListCommentsRequest(
            post_id=ours[post], parent_comment_id="" if node == post else ours[node],
            order=P.COMMENT_ORDER_OLDEST, page_size=100), metadata=reader.auth)
        assert not listed.next_cursor
        expected = {ours[c]: c for c in children[node]}
        assert {c.comment_id for c in listed.comments} == set(expected)
        seen = 0
        for got in listed.comments:
            ldbc_id = expected[got.comment_id]
            assert got.text == comments[ldbc_id].strip() and got.author_id == accounts[creator[ldbc_id]].user_id
            assert got.reply_count == len(children[ldbc_id]) and got.depth == depth(ldbc_id)
            assert sum(r.count for r in got.reactions) == likes[ldbc_id]
            seen += 1 + await walk(post, ldbc_id)
        return seen

    for post in biggest:
        assert await walk(post, post) == in_thread[post] > 0

    # Community counters equal an independent count over the same CSV files: the group's
    # posts, the comments in their threads and the likes on both (all loaded today).
    from kith.feed.v1 import feed_pb2 as F
    from kith_platform.testing import wait_until

    expected = {}
    for forum in groups:
        group_posts = {p for p in posts if forum_of[p] == forum}
        group_comments = {c for c in comments if thread_of(c) in group_posts}
        group_likes = sum(1 for _, t, _ in post_likes if t in group_posts) + \
            sum(1 for _, t, _ in comment_likes if t in group_comments)
        expected[forum] = (len(group_posts), len(group_comments), group_likes)

    async def counted():
        got = {}
        for forum in groups:
            owner = accounts[creator[next(p for p in posts if forum_of[p] == forum)]]
            health = await api.insights.GetCommunityHealth(F.GetCommunityHealthRequest(
                community_id=community_of[forum], days=1), metadata=owner.auth)
            got[forum] = (health.posts, health.comments, health.reactions)
        return True if got == expected else None

    assert await wait_until(counted, timeout=30, what="the community counters") is True
