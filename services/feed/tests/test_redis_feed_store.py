"""The feed read model on the real Redis (make up): fan-out, caps, idempotence, paging."""

from __future__ import annotations

import os
import uuid

import pytest
import redis.asyncio as aioredis

from kith_feed.adapters.redis_store import RedisFeedStore, home_key
from kith_feed.domain.model import AuthorSummary, PostSummary

pytestmark = pytest.mark.integration

REDIS_URL = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")


@pytest.fixture
async def store():
    client = aioredis.Redis.from_url(REDIS_URL)
    yield RedisFeedStore(client, cap=5, backfill=3, batch=2)
    await client.aclose()


def _uid() -> str:
    return str(uuid.uuid4())


def _post(author: str, at: int, post_id: str | None = None) -> PostSummary:
    return PostSummary(post_id or _uid(), author, f"text at {at}", at)


async def _feed(store: RedisFeedStore, user: str) -> list[str]:
    return [m.decode() for m in await store.redis.zrevrange(home_key(user), 0, -1)]


async def test_fan_out_reaches_author_and_every_follower_once_even_when_redelivered(store):
    author, followers = _uid(), [_uid() for _ in range(5)]  # more than one pipeline batch
    for f in followers:
        await store.add_follower(author, f)
    post = _post(author, 1000)
    assert await store.fan_out_post(post) == 6
    assert await store.fan_out_post(post) == 6  # redelivery
    for user in [author, *followers]:
        assert await _feed(store, user) == [post.post_id]


async def test_home_feed_is_capped_keeping_the_newest(store):
    author = _uid()
    posts = [_post(author, 1000 + i) for i in range(8)]
    for p in posts:
        await store.fan_out_post(p)
    assert await _feed(store, author) == [p.post_id for p in reversed(posts[-5:])]


async def test_follow_backfills_recent_posts_and_unfollow_removes_them(store):
    author, reader = _uid(), _uid()
    posts = [_post(author, 2000 + i) for i in range(4)]
    for p in posts:
        await store.fan_out_post(p)
    await store.add_follower(author, reader)
    assert await _feed(store, reader) == [p.post_id for p in reversed(posts[-3:])]
    await store.add_follower(author, reader)  # redelivered follow
    assert len(await _feed(store, reader)) == 3
    await store.remove_follower(author, reader)
    assert await _feed(store, reader) == []


async def test_pages_walk_ties_on_the_same_millisecond_without_loss_or_repeat(store):
    author = _uid()
    await store.put_author(AuthorSummary(author, "ana", "Ana"))
    store.cap = 100
    same_ms = [_post(author, 5000) for _ in range(4)]
    others = [_post(author, 4000), _post(author, 6000)]
    for p in [*same_ms, *others]:
        await store.fan_out_post(p)
    seen, cursor = [], None
    while True:
        entries, cursor = await store.home_page(author, 2, cursor)
        seen += [e.post.post_id for e in entries]
        assert all(e.author and e.author.handle == "ana" for e in entries)
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 6
    assert seen[0] == others[1].post_id and seen[-1] == others[0].post_id
