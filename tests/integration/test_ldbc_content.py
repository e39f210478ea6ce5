"""The LDBC SNB mini data set's posts, threaded comments and likes, loaded through the public
API (by `kith load ldbc`'s loader), read back with the same shape as the CSV files say."""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import grpc

from kith.content.v1 import content_pb2 as P
from kith.content.v1 import content_pb2_grpc
from kith.feed.v1 import feed_pb2 as F
from kith_platform.testing import wait_until
from tests.integration.endpoints import SERVICE_ADDRESSES


def _hashtag(name: str) -> str | None:
    tag = re.sub(r"\W+", "_", name).strip("_")
    return tag[:50] if tag and not tag.replace("_", "").isdigit() else None


async def test_ldbc_posts_threads_and_likes_load_and_read_back(api, ldbc_mini):
    data = ldbc_mini.data.directory

    def _rows(name: str) -> list[list[str]]:
        with open(data / "dynamic" / name, newline="") as f:
            return list(csv.reader(f, delimiter="|"))[1:]

    forums = {r[0]: r[1] for r in _rows("forum_0_0.csv")}
    forum_of = {post: forum for forum, post in _rows("forum_containerOf_post_0_0.csv")}
    posts = {r[0]: {"image": r[1], "content": r[6]} for r in _rows("post_0_0.csv")}
    creator = dict(_rows("post_hasCreator_person_0_0.csv")) | dict(_rows("comment_hasCreator_person_0_0.csv"))
    comments = {r[0]: r[4] for r in _rows("comment_0_0.csv")}
    parent = {c: ("comment", p) for c, p in _rows("comment_replyOf_comment_0_0.csv")}
    parent |= {c: ("post", p) for c, p in _rows("comment_replyOf_post_0_0.csv")}
    post_likes = _rows("person_likes_post_0_0.csv")
    comment_likes = _rows("person_likes_comment_0_0.csv")
    with open(data / "static" / "tag_0_0.csv", newline="") as f:
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

    # "Group for ..." forums holding posts are public communities; walls and albums are the
    # creators' own profiles.
    groups = sorted({forum_of[p] for p in posts if forums[forum_of[p]].startswith("Group for")})
    assert groups  # the slice holds group threads as well as walls
    ours = {p: ldbc_mini.post_id(p) for p in posts} | {c: ldbc_mini.comment_id(c) for c in comments}
    people = sorted(
        {creator[p] for p in posts} | {creator[c] for c in comments} | {p for p, _, _ in post_likes + comment_likes}
    )

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
        viewer = ldbc_mini.user_id(people[0])  # everything loaded is public: anyone sees it all
        for i in range(0, len(ids), 200):
            answer = await internal.BatchGetPosts(
                P.BatchGetPostsRequest(viewer_id=viewer, post_ids=[ours[p] for p in ids[i : i + 200]])
            )
            back |= {by_ours[p.post_id]: p for p in answer.posts}
    assert len(back) == len(posts) > 0
    assert {p: sum(r.count for r in back[p].reactions) for p in posts} == {p: likes[p] for p in posts}
    assert {p: back[p].comment_count for p in posts} == {p: in_thread[p] for p in posts}
    assert {p: back[p].community_id for p in posts} == {
        p: ldbc_mini.community_id(forum_of[p]) if forum_of[p] in groups else "" for p in posts
    }
    # Texts are the content followed by the post's tags as hashtags; images are attachments.
    assert {p: back[p].text for p in posts} == {
        p: " ".join([posts[p]["content"]] + [f"#{t}" for t in tags[p]]).strip() for p in posts
    }
    assert {p for p in posts if back[p].media} == {p for p in posts if posts[p]["image"]}
    assert all(back[p].author_id == ldbc_mini.user_id(creator[p]) for p in posts)

    # The biggest threads read back with the same tree: same children, texts, authors, likes.
    children = defaultdict(set)
    for c, (_, target) in parent.items():
        children[target].add(c)
    reader = await ldbc_mini.auth(people[0])
    biggest = sorted(in_thread, key=lambda p: -in_thread[p])[:3]

    async def walk(post: str, node: str) -> int:
        listed = await api.content.ListComments(
            P.ListCommentsRequest(
                post_id=ours[post],
                parent_comment_id="" if node == post else ours[node],
                order=P.COMMENT_ORDER_OLDEST,
                page_size=100,
            ),
            metadata=reader,
        )
        assert not listed.next_cursor
        expected = {ours[c]: c for c in children[node]}
        assert {c.comment_id for c in listed.comments} == set(expected)
        seen = 0
        for got in listed.comments:
            ldbc_id = expected[got.comment_id]
            # The text is LDBC's content followed by the comment's tags as hashtags.
            assert got.text == ldbc_mini.data.comments[ldbc_id].text
            assert got.text.startswith(comments[ldbc_id].strip())
            assert got.author_id == ldbc_mini.user_id(creator[ldbc_id])
            assert got.reply_count == len(children[ldbc_id]) and got.depth == depth(ldbc_id)
            assert sum(r.count for r in got.reactions) == likes[ldbc_id]
            seen += 1 + await walk(post, ldbc_id)
        return seen

    for post in biggest:
        assert await walk(post, post) == in_thread[post] > 0

    # Community counters equal an independent count over the same CSV files: the group's
    # posts, the comments in their threads and the likes on both (all loaded today).
    expected = {}
    for forum in groups:
        group_posts = {p for p in posts if forum_of[p] == forum}
        group_comments = {c for c in comments if thread_of(c) in group_posts}
        group_likes = sum(1 for _, t, _ in post_likes if t in group_posts) + sum(
            1 for _, t, _ in comment_likes if t in group_comments
        )
        expected[forum] = (len(group_posts), len(group_comments), group_likes)

    async def counted():
        got = {}
        for forum in groups:
            owner = ldbc_mini.data.groups[forum].moderator  # the community's owner
            health = await api.insights.GetCommunityHealth(
                F.GetCommunityHealthRequest(community_id=ldbc_mini.community_id(forum), days=1),
                metadata=await ldbc_mini.auth(owner),
            )
            got[forum] = (health.posts, health.comments, health.reactions)
        return True if got == expected else None

    assert await wait_until(counted, timeout=30, what="the community counters") is True
