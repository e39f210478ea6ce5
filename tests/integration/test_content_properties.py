"""Property-based tests over the content RPC inputs: never INTERNAL, bad fields named.

They call the content service directly (as the gateway would, with a verified caller), so the
gateway's rate limits do not throttle hundreds of generated requests.
"""

from __future__ import annotations

import uuid

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.content.v1 import content_pb2 as P
from kith.content.v1 import content_pb2_grpc
from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_platform.auth import SESSION_ID_METADATA, USER_ID_METADATA
from tests.integration.endpoints import SERVICE_ADDRESSES

PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=600),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "#",
            "@",
            "#rust @nobody",
            "# #_ #1",
            "'; DROP TABLE posts; --",
            "a" * 5001,
            "@" + "a" * 30,
            "#" + "é" * 60,
        ]
    ),
)
ids = st.one_of(
    st.sampled_from(["", "nope", "00000000-0000-0000-0000-000000000000"]), st.uuids().map(str), st.text(max_size=40)
)
enum = st.integers(min_value=-3, max_value=12)
cursor = st.one_of(st.just(""), st.text(max_size=30), st.binary(max_size=30).map(lambda b: b.hex()))
size = st.integers(min_value=-5, max_value=500)


@pytest.fixture(scope="module")
def content(platform_up):
    with grpc.insecure_channel(SERVICE_ADDRESSES["content"]) as channel:
        yield content_pb2_grpc.ContentServiceStub(channel), content_pb2_grpc.ContentInternalServiceStub(channel)


@pytest.fixture(scope="module")
def caller(platform_up, content):
    with grpc.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        handle = f"prop_{uuid.uuid4().hex[:10]}"
        user = identity_pb2_grpc.IdentityServiceStub(channel).Register(
            identity_pb2.RegisterRequest(
                handle=handle, email=f"{handle}@example.org", password="property tests password"
            )
        )
    metadata = ((USER_ID_METADATA, user.user.user_id), (SESSION_ID_METADATA, ""))
    public, _ = content
    post = public.CreatePost(P.CreatePostRequest(text="a post to aim at"), metadata=metadata).post
    comment = public.AddComment(P.AddCommentRequest(post_id=post.post_id, text="a comment"), metadata=metadata)
    return {"metadata": metadata, "post_id": post.post_id, "comment_id": comment.comment.comment_id}


def _check(call, request, metadata=()) -> None:
    fields = {f.name for f in request.DESCRIPTOR.fields} | {"media.kind", "media.url", "media.alt_text"}
    try:
        call(request, metadata=metadata, timeout=10)
    except grpc.RpcError as exc:
        assert exc.code() not in (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN), (request, exc.details())
        if exc.code() == grpc.StatusCode.INVALID_ARGUMENT:
            assert exc.details().split(":", 1)[0] in fields, (request, exc.details())


def _real_or(ids_strategy, real: str):
    return st.one_of(ids_strategy, st.just(real))


@PROPERTY_SETTINGS
@given(
    text=text,
    audience=enum,
    community=ids,
    link=st.one_of(st.just(""), text),
    media=st.lists(st.builds(P.Media, kind=enum, url=text, alt_text=text), max_size=12),
)
def test_create_post_never_fails_internally(content, caller, text, audience, community, link, media):
    _check(
        content[0].CreatePost,
        P.CreatePostRequest(text=text, audience=audience, community_id=community, link=link, media=media),
        caller["metadata"],
    )


@PROPERTY_SETTINGS
@given(data=st.data())
def test_post_reads_and_changes_never_fail_internally(content, caller, data):
    public, internal = content
    post_id = data.draw(_real_or(ids, caller["post_id"]))
    md = caller["metadata"]
    _check(public.GetPost, P.GetPostRequest(post_id=post_id), md)
    _check(public.EditPost, P.EditPostRequest(post_id=post_id, text=data.draw(text)), md)
    _check(
        public.ListPostEdits,
        P.ListPostEditsRequest(post_id=post_id, page_size=data.draw(size), cursor=data.draw(cursor)),
        md,
    )
    _check(
        public.SharePost,
        P.SharePostRequest(
            post_id=post_id, text=data.draw(text), audience=data.draw(enum), community_id=data.draw(ids)
        ),
        md,
    )
    _check(
        public.ListUserPosts,
        P.ListUserPostsRequest(user_id=data.draw(ids), page_size=data.draw(size), cursor=data.draw(cursor)),
        md,
    )
    _check(
        public.ListPostsByHashtag,
        P.ListPostsByHashtagRequest(hashtag=data.draw(text), page_size=data.draw(size), cursor=data.draw(cursor)),
        md,
    )
    _check(
        public.SearchPosts,
        P.SearchPostsRequest(query=data.draw(text), page_size=data.draw(size), cursor=data.draw(cursor)),
        md,
    )
    _check(
        internal.BatchGetPosts,
        P.BatchGetPostsRequest(viewer_id=data.draw(ids), post_ids=data.draw(st.lists(ids, max_size=5))),
    )


@PROPERTY_SETTINGS
@given(data=st.data())
def test_thread_and_reaction_calls_never_fail_internally(content, caller, data):
    public, _ = content
    md = caller["metadata"]
    post_id = data.draw(_real_or(ids, caller["post_id"]))
    comment_id = data.draw(_real_or(ids, caller["comment_id"]))
    _check(
        public.AddComment, P.AddCommentRequest(post_id=post_id, parent_comment_id=comment_id, text=data.draw(text)), md
    )
    _check(
        public.ListComments,
        P.ListCommentsRequest(
            post_id=post_id,
            parent_comment_id=comment_id,
            order=data.draw(enum),
            page_size=data.draw(size),
            cursor=data.draw(cursor),
        ),
        md,
    )
    _check(
        public.React,
        P.ReactRequest(
            post_id=data.draw(st.one_of(st.just(""), st.just(post_id))),
            comment_id=data.draw(st.one_of(st.just(""), st.just(comment_id))),
            kind=data.draw(enum),
        ),
        md,
    )
    _check(public.Unreact, P.UnreactRequest(post_id=post_id, comment_id=data.draw(st.one_of(st.just(""), ids))), md)
    _check(public.DeleteComment, P.DeleteCommentRequest(comment_id=data.draw(ids)), md)
