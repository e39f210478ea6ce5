"""Idempotency keys of CreatePost, SharePost and AddComment against the in-memory fakes (no
servers): a repeat gives back what the first call made and stores nothing, also when it lost the
key to a concurrent call; another request with the key is refused; bad keys name the field; keys
are per person, free again after 24 hours, swept, and erased with their person."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from kith_content.domain.posts import Audience
from kith_content.service_layer.handlers import NewPost
from kith_platform.errors import FailedPrecondition, InvalidArgument
from kith_platform.idempotency import KEPT, Claim
from services.content.tests.fakes import content_service, new_id

ANA, BO = new_id(), new_id()


def _events(service, kind: str) -> list[tuple]:
    return [e for e in service.store.outbox if e[0] == kind]


async def test_a_repeated_create_post_returns_the_first_post_and_publishes_once():
    service = content_service()
    first = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    again = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    assert again.post_id == first.post_id and again.text == "hello"
    assert list(service.store.posts) == [first.post_id]
    assert _events(service, "PostPublished") == [("PostPublished", first.post_id)]


async def test_without_a_key_every_call_makes_a_post():
    service = content_service()
    first = await service.posts.create_post(ANA, NewPost("hello"))
    second = await service.posts.create_post(ANA, NewPost("hello"))
    assert first.post_id != second.post_id and len(_events(service, "PostPublished")) == 2
    assert service.store.keys == {}


@pytest.mark.parametrize(
    "other",
    [NewPost("hello!"), NewPost("hello", audience=Audience.FRIENDS), NewPost("hello", content_warning="cw")],
)
async def test_the_same_key_with_another_post_is_refused_and_makes_nothing(other):
    service = content_service()
    await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    with pytest.raises(FailedPrecondition, match="^idempotency_key: "):
        await service.posts.create_post(ANA, other, idempotency_key="k1")
    assert len(service.store.posts) == 1 and len(_events(service, "PostPublished")) == 1


async def test_another_persons_key_is_theirs():
    service = content_service()
    mine = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    theirs = await service.posts.create_post(BO, NewPost("hello"), idempotency_key="k1")
    assert mine.post_id != theirs.post_id and theirs.author_id == BO
    assert len(_events(service, "PostPublished")) == 2


@pytest.mark.parametrize("key", ["k" * 129, "caf\u00e9", "a\x00b", "two\nlines"])
async def test_a_bad_key_is_refused_naming_the_field_before_anything_is_written(key):
    service = content_service()
    with pytest.raises(InvalidArgument) as refused:
        await service.posts.create_post(ANA, NewPost("hello"), idempotency_key=key)
    assert refused.value.field == "idempotency_key"
    post = await service.posts.create_post(ANA, NewPost("hello"))
    with pytest.raises(InvalidArgument) as refused:
        await service.threads.add_comment(BO, post.post_id, "", "hi", idempotency_key=key)
    assert refused.value.field == "idempotency_key"
    assert service.store.keys == {} and service.store.comments == {}


async def test_a_refused_call_stores_no_key_and_the_corrected_one_may_use_it():
    service = content_service()
    with pytest.raises(InvalidArgument):
        await service.posts.create_post(ANA, NewPost("x" * 5001), idempotency_key="k1")
    post = await service.posts.create_post(ANA, NewPost("shorter"), idempotency_key="k1")
    assert service.store.keys[ANA, "k1"].resource_id == post.post_id


async def test_a_call_that_loses_its_key_to_a_concurrent_one_returns_the_winners_post():
    service = content_service()
    winner = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    store, look_up = service.store, service.store.key_claim

    async def before_the_winner_committed(user_id: str, key: str) -> Claim | None:
        """The loser's first look-up ran before the winner committed: it saw no key."""
        store.key_claim = look_up  # type: ignore[method-assign]
        return None

    store.key_claim = before_the_winner_committed  # type: ignore[method-assign]
    loser = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    assert loser.post_id == winner.post_id
    assert list(store.posts) == [winner.post_id] and len(_events(service, "PostPublished")) == 1


async def test_a_key_is_free_again_after_24_hours_and_then_swept():
    service = content_service()
    first = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    stored = service.store.keys[ANA, "k1"]
    service.store.keys[ANA, "k1"] = replace(stored, created_at=stored.created_at - KEPT)
    second = await service.posts.create_post(ANA, NewPost("something else"), idempotency_key="k1")
    assert second.post_id != first.post_id
    assert service.store.keys[ANA, "k1"].resource_id == second.post_id
    service.store.keys[BO, "old"] = replace(stored, created_at=stored.created_at - KEPT - timedelta(minutes=1))
    assert await service.posts.forget_expired_keys() == 1
    assert list(service.store.keys) == [(ANA, "k1")]


async def test_a_repeat_after_the_post_was_deleted_is_refused():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    await service.posts.delete(ANA, post.post_id)
    with pytest.raises(FailedPrecondition, match="^idempotency_key: .*deleted"):
        await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    assert len(_events(service, "PostPublished")) == 1


async def test_a_repeated_comment_returns_the_first_and_is_counted_and_announced_once():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("a post"))
    first = await service.threads.add_comment(BO, post.post_id, "", "nice", idempotency_key="c1")
    again = await service.threads.add_comment(BO, post.post_id, "", "nice", idempotency_key="c1")
    assert again.comment_id == first.comment_id and again.text == "nice"
    assert service.store.posts[post.post_id].comment_count == 1
    assert _events(service, "CommentAdded") == [("CommentAdded", first.comment_id)]
    with pytest.raises(FailedPrecondition, match="^idempotency_key: "):
        await service.threads.add_comment(BO, post.post_id, "", "nicer", idempotency_key="c1")
    reply = await service.threads.add_comment(BO, post.post_id, first.comment_id, "nice", idempotency_key="c2")
    assert reply.comment_id != first.comment_id and service.store.posts[post.post_id].comment_count == 2


async def test_a_key_stands_for_one_request_across_create_post_share_post_and_add_comment():
    service = content_service()
    post = await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    with pytest.raises(FailedPrecondition, match="^idempotency_key: "):
        await service.threads.add_comment(ANA, post.post_id, "", "hello", idempotency_key="k1")
    with pytest.raises(FailedPrecondition, match="^idempotency_key: "):
        await service.posts.share(ANA, post.post_id, NewPost("hello"), idempotency_key="k1")


async def test_a_repeated_share_returns_the_first_share_and_counts_once():
    service = content_service()
    original = await service.posts.create_post(ANA, NewPost("worth sharing"))
    first = await service.posts.share(BO, original.post_id, NewPost("look"), idempotency_key="s1")
    again = await service.posts.share(BO, original.post_id, NewPost("look"), idempotency_key="s1")
    assert again.post_id == first.post_id and again.shared_post_id == original.post_id
    assert service.store.posts[original.post_id].share_count == 1
    assert len(_events(service, "PostShared")) == 1


async def test_erasure_forgets_the_persons_keys():
    service = content_service()
    await service.posts.create_post(ANA, NewPost("hello"), idempotency_key="k1")
    await service.posts.create_post(BO, NewPost("hello"), idempotency_key="k1")
    await service.erasure.erase_user(ANA, service.store.keys[ANA, "k1"].created_at)
    assert list(service.store.keys) == [(BO, "k1")]
