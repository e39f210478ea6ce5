"""Drafts and scheduled posts through the gateway: a draft is private, published once by its
author or on time by the timer, and its post has the draft's id."""

from __future__ import annotations

import time

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from kith.content.v1 import content_pb2 as P
from kith_platform.testing import expect_status, wait_until


async def test_a_draft_is_private_and_published_once(api):
    author, other = await api.sign_up("drafter"), await api.sign_up("other")
    saved = (
        await api.content.SaveDraft(P.SaveDraftRequest(post=P.CreatePostRequest(text="not yet")), metadata=author.auth)
    ).draft
    edited = (
        await api.content.SaveDraft(
            P.SaveDraftRequest(draft_id=saved.draft_id, post=P.CreatePostRequest(text="ready now")),
            metadata=author.auth,
        )
    ).draft
    assert edited.draft_id == saved.draft_id and edited.post.text == "ready now"
    listed = await api.content.ListDrafts(P.ListDraftsRequest(), metadata=other.auth)
    assert list(listed.drafts) == []
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        api.content.PublishDraft(P.PublishDraftRequest(draft_id=saved.draft_id), metadata=other.auth),
    )
    post = (await api.content.PublishDraft(P.PublishDraftRequest(draft_id=saved.draft_id), metadata=author.auth)).post
    assert post.post_id == saved.draft_id and post.text == "ready now"
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        api.content.PublishDraft(P.PublishDraftRequest(draft_id=saved.draft_id), metadata=author.auth),
    )


async def test_a_scheduled_post_publishes_on_time_once(api):
    author, reader = await api.sign_up("scheduler"), await api.sign_up("reader")
    at = Timestamp()
    at.FromMilliseconds(int(time.time() * 1000) + 3000)
    draft = (
        await api.content.SaveDraft(
            P.SaveDraftRequest(post=P.CreatePostRequest(text="good morning"), publish_at=at), metadata=author.auth
        )
    ).draft

    async def published() -> list[str]:
        posts = await api.content.ListUserPosts(P.ListUserPostsRequest(user_id=author.user_id), metadata=reader.auth)
        return [p.post_id for p in posts.posts]

    assert await published() == []
    assert await wait_until(published, timeout=30, what="the scheduled post published") == [draft.draft_id]
    remaining = await api.content.ListDrafts(P.ListDraftsRequest(), metadata=author.auth)
    assert list(remaining.drafts) == []
    past = Timestamp()
    past.FromMilliseconds(int(time.time() * 1000) - 1000)
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        api.content.SaveDraft(
            P.SaveDraftRequest(post=P.CreatePostRequest(text="too late"), publish_at=past), metadata=author.auth
        ),
        "publish_at",
    )
