"""Moderation handlers against in-memory fakes (no servers): the link review queue, approvals and
rejections (who may decide, what gets published), and removals decided on reports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kith_content.domain.review import ReviewState
from kith_content.service_layer.handlers import NewPost
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.content.tests.fakes import content_service, new_id

ANA, MOD, CY = new_id(), new_id(), new_id()
COMMUNITY = new_id()
AT = datetime(2026, 1, 2, tzinfo=UTC)


def _service():
    """Links by ANA wait for review in COMMUNITY; MOD moderates it; CY is a plain member."""
    service = content_service()
    service.communities.set(COMMUNITY, ANA, hold_links_below=1)
    service.communities.set(COMMUNITY, MOD, role="moderator")
    service.communities.set(COMMUNITY, CY)
    service.store.members |= {(COMMUNITY, ANA), (COMMUNITY, MOD), (COMMUNITY, CY)}
    return service


async def _held_post(service):
    return await service.posts.create_post(ANA, NewPost("see example.com", community_id=COMMUNITY))


async def test_only_moderators_see_the_queue_of_held_posts_and_comments():
    service = _service()
    post = await _held_post(service)
    published = await service.posts.create_post(MOD, NewPost("plain", community_id=COMMUNITY))
    comment = await service.threads.add_comment(ANA, published.post_id, "", "www.example.org")
    with pytest.raises(PermissionDenied):
        await service.moderation.held(CY, COMMUNITY, 0, "")
    page, cursor = await service.moderation.held(MOD, COMMUNITY, 0, "")
    assert [i.item_id for i in page] == [post.post_id, comment.comment_id] and cursor == ""
    first, cursor = await service.moderation.held(MOD, COMMUNITY, 1, "")
    rest, _ = await service.moderation.held(MOD, COMMUNITY, 1, cursor)
    assert [i.item_id for i in first + rest] == [post.post_id, comment.comment_id]


async def test_a_hidden_community_does_not_exist_for_outsiders_asking_for_its_queue():
    service = _service()
    hidden = new_id()
    service.communities.set(hidden, CY, refusal="only members post in this community", hidden=True, role=None)
    with pytest.raises(NotFound, match="community_id"):
        await service.moderation.held(CY, hidden, 0, "")
    with pytest.raises(InvalidArgument) as refused:
        await service.moderation.held(MOD, "nope", 0, "")
    assert refused.value.field == "community_id"


async def test_an_approved_post_is_published_with_the_review():
    service = _service()
    post = await _held_post(service)
    with pytest.raises(PermissionDenied):
        await service.moderation.approve(CY, post.post_id, "")
    await service.moderation.approve(MOD, post.post_id, "")
    assert service.store.posts[post.post_id].review is None
    assert service.store.outbox[-2:] == [("ContentReviewed", post.post_id, True, MOD), ("PostPublished", post.post_id)]
    assert (await service.posts.get(CY, post.post_id)).post_id == post.post_id
    with pytest.raises(FailedPrecondition, match="not waiting for review"):
        await service.moderation.approve(MOD, post.post_id, "")


async def test_a_post_whose_author_may_no_longer_write_is_rejected_not_approved():
    service = _service()
    post = await _held_post(service)
    service.communities.set(COMMUNITY, ANA, refusal="you are banned from this community", role=None)
    with pytest.raises(FailedPrecondition, match="reject it instead"):
        await service.moderation.approve(MOD, post.post_id, "")
    await service.moderation.reject(MOD, post.post_id, "", "  spam  ")
    assert service.store.posts[post.post_id].review is ReviewState.REJECTED
    assert service.store.posts[post.post_id].review_note == "spam"
    assert service.store.outbox[-1] == ("ContentReviewed", post.post_id, False, MOD)


async def test_an_approved_comment_counts_on_its_post():
    service = _service()
    post = await service.posts.create_post(MOD, NewPost("plain", community_id=COMMUNITY))
    comment = await service.threads.add_comment(ANA, post.post_id, "", "www.example.org")
    await service.moderation.approve(MOD, "", comment.comment_id)
    assert service.store.posts[post.post_id].comment_count == 1
    assert service.store.outbox[-1] == ("CommentAdded", comment.comment_id)


async def test_a_decision_names_exactly_one_existing_held_item_and_a_short_note():
    service = _service()
    post = await _held_post(service)
    for post_id, comment_id in (("", ""), (post.post_id, new_id())):
        with pytest.raises(InvalidArgument) as refused:
            await service.moderation.approve(MOD, post_id, comment_id)
        assert refused.value.field == "post_id"
    with pytest.raises(NotFound, match="post_id"):
        await service.moderation.approve(MOD, new_id(), "")
    with pytest.raises(NotFound, match="comment_id"):
        await service.moderation.reject(MOD, "", new_id(), "")
    with pytest.raises(InvalidArgument) as long_note:
        await service.moderation.reject(MOD, post.post_id, "", "x" * 501)
    assert long_note.value.field == "note"
    assert service.store.posts[post.post_id].review is ReviewState.PENDING


async def test_a_removal_takes_only_content_of_that_community():
    service = _service()
    post = await service.posts.create_post(MOD, NewPost("plain", community_id=COMMUNITY))
    comment = await service.threads.add_comment(CY, post.post_id, "", "rude")
    elsewhere = await service.posts.create_post(ANA, NewPost("public"))
    assert not await service.moderation.remove(COMMUNITY, "post", elsewhere.post_id, MOD, AT)
    assert not await service.moderation.remove("not-an-id", "post", post.post_id, MOD, AT)
    assert not await service.moderation.remove(COMMUNITY, "member", CY, MOD, AT)
    assert await service.moderation.remove(COMMUNITY, "comment", comment.comment_id, MOD, AT)
    assert await service.moderation.remove(COMMUNITY, "post", post.post_id, MOD, AT)
    assert service.store.outbox[-2:] == [
        ("CommentDeleted", comment.comment_id, MOD),
        ("PostRemoved", post.post_id, MOD),
    ]
    with pytest.raises(NotFound):
        await service.posts.get(CY, post.post_id)
    assert not await service.moderation.remove(COMMUNITY, "post", post.post_id, MOD, AT)  # already gone
