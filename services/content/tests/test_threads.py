"""Thread handlers against in-memory fakes (no servers): who may comment, reply and delete, what
a thread shows, and the events each change stores."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kith_content.domain.posts import DELETED_TEXT, MAX_DEPTH, Audience
from kith_content.service_layer.handlers import NewPost
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.content.tests.fakes import content_service, new_id

ANA, BO, CY = new_id(), new_id(), new_id()


async def _post(service, author=ANA, text="a post", **fields):
    return await service.posts.create_post(author, NewPost(text, **fields))


async def test_a_comment_is_counted_on_its_post_and_announced():
    service = content_service()
    post = await _post(service)
    comment = await service.threads.add_comment(BO, post.post_id, "", "  nice  ")
    reply = await service.threads.add_comment(ANA, post.post_id, comment.comment_id, "thanks")
    assert comment.text == "nice" and comment.depth == 1 and reply.depth == 2 and reply.parent_id == comment.comment_id
    assert service.store.posts[post.post_id].comment_count == 2
    assert service.store.comments[comment.comment_id].reply_count == 1
    assert service.store.outbox[-2:] == [("CommentAdded", comment.comment_id), ("CommentAdded", reply.comment_id)]


async def test_a_reply_must_be_to_a_comment_on_the_same_post():
    service = content_service()
    first, second = await _post(service), await _post(service)
    comment = await service.threads.add_comment(BO, first.post_id, "", "here")
    with pytest.raises(InvalidArgument) as refused:
        await service.threads.add_comment(BO, second.post_id, comment.comment_id, "there")
    assert refused.value.field == "parent_comment_id"
    with pytest.raises(NotFound, match="parent_comment_id"):
        await service.threads.add_comment(BO, first.post_id, new_id(), "to nothing")
    with pytest.raises(InvalidArgument) as empty:
        await service.threads.add_comment(BO, first.post_id, "", "   ")
    assert empty.value.field == "text"


async def test_replies_nest_only_so_deep():
    service = content_service()
    post = await _post(service)
    comment = await service.threads.add_comment(BO, post.post_id, "", "deep")
    service.store.comments[comment.comment_id] = replace(comment, depth=MAX_DEPTH)
    with pytest.raises(FailedPrecondition, match="nest at most"):
        await service.threads.add_comment(CY, post.post_id, comment.comment_id, "deeper")


async def test_nobody_comments_on_a_post_they_may_not_see_or_that_waits_for_review():
    service = content_service()
    private = await _post(service, audience=Audience.FRIENDS)
    with pytest.raises(NotFound, match="post_id"):
        await service.threads.add_comment(BO, private.post_id, "", "hi")
    community = new_id()
    service.communities.set(community, ANA, hold_links_below=1)
    held = await _post(service, text="example.com", community_id=community)
    with pytest.raises(FailedPrecondition, match="waiting for a moderator"):
        await service.threads.add_comment(ANA, held.post_id, "", "hi")
    assert service.store.comments == {}


async def test_a_comment_in_a_community_follows_its_rights_and_link_review():
    service = content_service()
    community = new_id()
    service.communities.set(community, ANA)
    service.communities.set(community, BO, hold_links_below=2)
    post = await _post(service, community_id=community)
    with pytest.raises(PermissionDenied, match="only members"):
        await service.threads.add_comment(CY, post.post_id, "", "hi")
    held = await service.threads.add_comment(BO, post.post_id, "", "www.example.org")
    assert held.review is not None
    assert service.store.outbox[-1] == ("ContentHeld", post.post_id, held.comment_id)
    assert service.store.posts[post.post_id].comment_count == 0


async def test_a_comment_is_deleted_by_its_author_or_the_posts_author_only():
    service = content_service()
    post = await _post(service)
    comment = await service.threads.add_comment(BO, post.post_id, "", "hm")
    with pytest.raises(PermissionDenied):
        await service.threads.delete_comment(CY, comment.comment_id)
    await service.threads.delete_comment(ANA, comment.comment_id)
    assert service.store.outbox[-1] == ("CommentDeleted", comment.comment_id, ANA)
    assert service.store.posts[post.post_id].comment_count == 0
    with pytest.raises(NotFound, match="comment_id"):
        await service.threads.delete_comment(BO, comment.comment_id)


async def test_a_comment_by_someone_in_a_block_with_the_reader_does_not_exist_for_them():
    service = content_service()
    post = await _post(service)
    comment = await service.threads.add_comment(BO, post.post_id, "", "hi")
    service.store.blocks.add((CY, BO))
    with pytest.raises(NotFound, match="comment_id"):
        await service.threads.delete_comment(CY, comment.comment_id)
    page, _ = await service.threads.thread(CY, post.post_id, "", "newest", 0, "")
    assert page == []


async def test_a_thread_shows_a_deleted_comment_with_replies_without_its_text_or_author():
    service = content_service()
    post = await _post(service)
    gone = await service.threads.add_comment(BO, post.post_id, "", "regret")
    await service.threads.add_comment(CY, post.post_id, gone.comment_id, "what was it?")
    lonely = await service.threads.add_comment(BO, post.post_id, "", "also gone")
    kept = await service.threads.add_comment(CY, post.post_id, "", "stays")
    for comment in (gone, lonely):
        await service.threads.delete_comment(BO, comment.comment_id)
    page, cursor = await service.threads.thread(ANA, post.post_id, "", "oldest", 0, "")
    assert [(c.comment_id, c.text, c.author_id) for c in page] == [
        (gone.comment_id, DELETED_TEXT, ""),
        (kept.comment_id, "stays", CY),
    ]
    assert cursor == ""
    replies, _ = await service.threads.thread(ANA, post.post_id, gone.comment_id, "newest", 0, "")
    assert [c.text for c in replies] == ["what was it?"]


async def test_a_thread_pages_with_a_cursor():
    service = content_service()
    post = await _post(service)
    written = [await service.threads.add_comment(BO, post.post_id, "", f"c{i}") for i in range(3)]
    page, cursor = await service.threads.thread(ANA, post.post_id, "", "newest", 2, "")
    rest, end = await service.threads.thread(ANA, post.post_id, "", "newest", 2, cursor)
    assert [c.comment_id for c in page + rest] == [c.comment_id for c in reversed(written)] and end == ""


async def test_the_author_edits_a_comment_and_its_history_is_kept():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("a post"))
    comment = await service.threads.add_comment(BO, post.post_id, "", "first try")
    edited = await service.threads.edit_comment(BO, comment.comment_id, "second try")
    assert edited.text == "second try" and edited.edited_at is not None
    history, _ = await service.threads.comment_edits(ANA, comment.comment_id, 0, "")
    assert [text for text, _ in history] == ["first try"]
    with pytest.raises(PermissionDenied):
        await service.threads.edit_comment(ANA, comment.comment_id, "not mine")
    with pytest.raises(InvalidArgument) as refused:
        await service.threads.edit_comment(BO, comment.comment_id, "   ")
    assert refused.value.field == "text"
    assert ("CommentEdited", comment.comment_id) in service.store.outbox
