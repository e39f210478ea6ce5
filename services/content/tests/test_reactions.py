"""Reaction handlers against in-memory fakes (no servers): one reaction per person and target,
what it counts, and the events each change stores."""

from __future__ import annotations

import pytest

from kith_content.domain.posts import ReactionKind
from kith_content.service_layer.handlers import NewPost
from kith_platform.errors import InvalidArgument, NotFound
from services.content.tests.fakes import content_service, new_id

ANA, BO = new_id(), new_id()


async def _post(service):
    return await service.posts.create_post(ANA, NewPost("a post"))


async def test_a_reaction_is_stored_once_changed_with_its_previous_kind_and_taken_back():
    service = content_service()
    post = await _post(service)
    changed, counts = await service.reactions.react(BO, post.post_id, "", ReactionKind.LIKE)
    assert changed and counts == {ReactionKind.LIKE: 1}
    again, _ = await service.reactions.react(BO, post.post_id, "", ReactionKind.LIKE)
    assert not again
    _, counts = await service.reactions.react(BO, post.post_id, "", ReactionKind.LOVE)
    assert counts == {ReactionKind.LOVE: 1}
    removed, counts = await service.reactions.unreact(BO, post.post_id, "")
    assert removed and counts == {}
    assert not (await service.reactions.unreact(BO, post.post_id, ""))[0]
    assert service.store.outbox[1:] == [
        ("ReactionAdded", post.post_id, BO, ReactionKind.LIKE, None),
        ("ReactionAdded", post.post_id, BO, ReactionKind.LOVE, ReactionKind.LIKE),
        ("ReactionRemoved", post.post_id, BO, ReactionKind.LOVE),
    ]


async def test_a_reaction_on_a_comment_counts_on_the_comment():
    service = content_service()
    post = await _post(service)
    comment = await service.threads.add_comment(BO, post.post_id, "", "hi")
    await service.reactions.react(ANA, "", comment.comment_id, ReactionKind.FUNNY)
    assert service.store.comments[comment.comment_id].reaction_count == 1
    page, _ = await service.threads.thread(ANA, post.post_id, "", "most_reacted", 0, "")
    assert page[0].reactions == {ReactionKind.FUNNY: 1} and page[0].viewer_reaction is ReactionKind.FUNNY


async def test_a_reaction_names_exactly_one_target_and_a_kind():
    service = content_service()
    post = await _post(service)
    for post_id, comment_id in (("", ""), (post.post_id, new_id())):
        with pytest.raises(InvalidArgument) as refused:
            await service.reactions.react(BO, post_id, comment_id, ReactionKind.LIKE)
        assert refused.value.field == "post_id"
    with pytest.raises(InvalidArgument) as no_kind:
        await service.reactions.react(BO, post.post_id, "", None)
    assert no_kind.value.field == "kind"
    comment = await service.threads.add_comment(BO, post.post_id, "", "hi")
    await service.threads.delete_comment(BO, comment.comment_id)
    with pytest.raises(NotFound, match="comment_id"):
        await service.reactions.react(ANA, "", comment.comment_id, ReactionKind.LIKE)
    assert service.store.given == {}
