"""The walking skeleton's path: sign-up, log-in, follow, post, the follower's home feed."""

from __future__ import annotations

import uuid

from kith_platform.testing import wait_until


async def test_followers_post_reaches_home_feed_once(api):
    author = await api.sign_up("author")
    reader = await api.sign_up("reader")
    assert await api.follow(reader, author) is True

    post = await api.post(author, f"hello from {author.handle}")

    feed = await wait_until(
        lambda: _feed_with(api, reader, post.post_id), timeout=20, what="the post in the follower's feed"
    )
    item = next(i for i in feed.items if i.post_id == post.post_id)
    assert item.author_id == author.user_id
    assert item.author_handle == author.handle
    assert item.text == f"hello from {author.handle}"

    own = await wait_until(lambda: _feed_with(api, author, post.post_id), what="the post in the author's feed")
    assert [i.post_id for i in own.items].count(post.post_id) == 1


async def test_non_follower_does_not_get_the_post(api):
    author = await api.sign_up("author")
    follower = await api.sign_up("follower")
    stranger = await api.sign_up("stranger")
    await api.follow(follower, author)
    post = await api.post(author, "only for my followers' feeds")
    await wait_until(lambda: _feed_with(api, follower, post.post_id), what="the post in the follower's feed")
    assert post.post_id not in await api.home_post_ids(stranger)


async def test_following_backfills_and_unfollowing_removes(api):
    author = await api.sign_up("author")
    reader = await api.sign_up("reader")
    post = await api.post(author, "posted before anyone followed")
    await wait_until(lambda: _feed_with(api, author, post.post_id), what="the post in the author's feed")

    await api.follow(reader, author)
    await wait_until(lambda: _feed_with(api, reader, post.post_id), what="backfill after follow")

    assert await api.unfollow(reader, author) is True

    async def gone():
        return post.post_id not in await api.home_post_ids(reader)

    await wait_until(gone, what="the post to leave the feed after unfollow")


async def test_following_twice_is_idempotent(api):
    a = await api.sign_up("a")
    b = await api.sign_up("b")
    assert await api.follow(b, a) is True
    assert await api.follow(b, a) is False
    assert await api.unfollow(b, a) is True
    assert await api.unfollow(b, a) is False


async def test_home_feed_pages_with_a_stable_cursor(api):
    author = await api.sign_up("author")
    reader = await api.sign_up("reader")
    await api.follow(reader, author)
    posted = [(await api.post(author, f"post {i} {uuid.uuid4().hex[:6]}")).post_id for i in range(5)]

    async def all_arrived():
        ids = await api.home_post_ids(reader)
        return set(posted) <= set(ids)

    await wait_until(all_arrived, what="all five posts in the feed")

    seen, cursor = [], ""
    for _ in range(3):
        page = await api.home_feed(reader, page_size=2, cursor=cursor)
        seen += [i.post_id for i in page.items]
        cursor = page.next_cursor
        # A new post arriving between pages must not shift the pages already read.
        await api.post(author, "a post that arrives while paging")
    assert seen == list(reversed(posted))
    assert cursor == ""


async def _feed_with(api, user, post_id):
    feed = await api.home_feed(user)
    return feed if any(i.post_id == post_id for i in feed.items) else None
