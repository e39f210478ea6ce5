"""Community sorts on the real Redis, standalone (fan-out in Lua and in pipelines) and cluster
(make up; `make test-redis-cluster`): the sorted sets the worker keeps, their bound, the reads
through lua/sort_page.lua, featured posts, late votes, deletes and staff removals."""

from __future__ import annotations

import time
import uuid

import pytest

from kith_feed.adapters.keys import (
    community_key,
    community_sort_key,
    featured_key,
    post_key,
    votes_key,
)
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.model import COMMUNITY_SORTS, DAY_MS, Cursor, PostSummary, hot
from kith_feed.service_layer.reads import FeedReads
from kith_platform.testing import redis_for_test

pytestmark = pytest.mark.integration


@pytest.fixture(
    params=[("standalone", True), ("standalone", False), ("cluster", False)],
    ids=["standalone, fan-out in Lua", "standalone, fan-out in pipelines", "cluster"],
)
async def store(request):
    target, lua = request.param
    client = await redis_for_test(target)
    store = FeedStores.build(client, fanout_in_lua=lua)
    yield store
    await client.aclose()


def _id() -> str:
    return str(uuid.uuid4())


NOW = int(time.time() * 1000)


class Community:
    def __init__(self, store: FeedStores) -> None:
        self.store, self.id, self.reader = store, _id(), _id()
        self.reads = FeedReads(store)

    async def setup(self) -> None:
        await self.store.feeds.put_community(self.id, "public")

    async def post(self, age_ms: int = 1000) -> PostSummary:
        post = PostSummary(_id(), _id(), "hello", NOW - age_ms, audience="community", community_id=self.id)
        await self.store.fan_out.posts([post])
        return post

    async def vote(self, post: PostSummary, ups: int, downs: int, at: int = NOW, user: str = "", value: int = 1):
        await self.store.feeds.vote(post.post_id, self.id, user, value, (ups, downs), post.created_at_ms, at)

    async def every_page(self, sort: str, size: int) -> list[str]:
        seen, cursor = [], ""
        for _ in range(100):
            entries, cursor = await self.reads.community(self.reader, self.id, size, cursor, sort)
            seen += [e.post.post_id for e in entries]
            if not cursor:
                return seen
        raise AssertionError("the cursor never ended")

    async def scores(self, sort: str) -> dict[str, float]:
        raw = await self.store.redis.zrange(community_sort_key(self.id, sort), 0, -1, withscores=True)
        return {m.decode(): s for m, s in raw}


@pytest.fixture
async def community(store):
    c = Community(store)
    await c.setup()
    return c


async def test_a_published_post_enters_every_sort_and_votes_move_it(community):
    c = community
    p = await c.post()
    assert (await c.scores("top"))[p.post_id] == 0.0
    assert (await c.scores("hot"))[p.post_id] == pytest.approx(hot(0, 0, p.created_at_ms))
    await c.vote(p, 12, 2)
    assert (await c.scores("top"))[p.post_id] == 10.0
    assert (await c.scores("hot"))[p.post_id] == pytest.approx(hot(12, 2, p.created_at_ms))
    assert (await c.scores("controversial"))[p.post_id] == pytest.approx(14 ** (2 / 12))
    summary = (await c.store.feeds.summaries([p.post_id]))[p.post_id]
    assert (summary.upvotes, summary.downvotes) == (12, 2)


async def test_a_late_vote_and_a_redelivered_publish_change_nothing(community):
    c = community
    p = await c.post()
    await c.vote(p, 5, 0, at=NOW)
    await c.vote(p, 1, 3, at=NOW - 1)  # older, delivered late
    await c.store.fan_out.posts([p])  # the publish again
    assert (await c.scores("top"))[p.post_id] == 5.0
    assert (await c.store.feeds.summaries([p.post_id]))[p.post_id].upvotes == 5


async def test_the_sorts_hold_the_posts_new_holds(community, monkeypatch):
    from kith_feed.adapters import fan_out

    monkeypatch.setattr(fan_out, "LIST_CAP", 5)
    c = community
    posts = [await c.post(age_ms=10_000 - i) for i in range(9)]  # oldest first
    await c.vote(posts[0], 100, 0)  # the best, but trimmed out of NEW already
    for sort in ("hot", "top", "controversial"):
        assert set(await c.scores(sort)) <= {p.post_id for p in posts}
        assert len(await c.scores(sort)) <= 5 + 1  # trimmed together once past the cap
        assert posts[0].post_id not in await c.scores(sort)


async def test_deleted_and_staff_removed_posts_leave_every_list_and_votes_do_not_bring_them_back(community):
    c = community
    p, q = await c.post(), await c.post()
    await c.store.feeds.feature(p.post_id, c.id, "pinned", NOW)
    await c.store.feeds.delete_post(p.post_id, p.author_id)
    removal = _id()
    await c.store.feeds.vote(q.post_id, c.id, "", 1, (4, 0), q.created_at_ms, NOW)
    await c.store.feeds.delete_post(q.post_id, "", removal)  # the platform's staff
    await c.vote(p, 9, 0, at=NOW + 1)
    await c.vote(q, 7, 0, at=NOW + 1)
    await c.store.feeds.feature(p.post_id, c.id, "pinned", NOW + 1)
    for key in (community_key(c.id), featured_key(c.id), *(community_sort_key(c.id, s) for s in ("hot", "top"))):
        assert await c.store.redis.zcard(key) == 0, key
    assert await c.store.redis.hgetall(post_key(p.post_id)) == {b"deleted": b"1"}
    # The staff removal kept the newest counts: restored, the post is back with them.
    assert await c.store.feeds.restore_post(q.post_id, removal)
    await c.store.fan_out.posts([q])
    assert (await c.scores("top"))[q.post_id] == 7.0


async def test_pages_of_every_sort_walk_ties_and_featured_posts_come_first(community):
    c = community
    posts = [await c.post(age_ms=1000 + i) for i in range(30)]
    for i, p in enumerate(posts[:10]):
        await c.vote(p, 3 + i % 3, i % 2)  # some equal scores, and 20 posts at 0
    await c.store.feeds.feature(posts[20].post_id, c.id, "pinned", NOW)
    await c.store.feeds.feature(posts[25].post_id, c.id, "announcement", NOW - 5)
    for sort in COMMUNITY_SORTS:
        seen = await c.every_page(sort, 4)
        assert seen[:2] == [posts[25].post_id, posts[20].post_id], sort
        assert sorted(seen) == sorted(p.post_id for p in posts), sort


async def test_a_cursor_continues_after_its_post_moved(community):
    c = community
    posts = [await c.post(age_ms=1000 + i) for i in range(6)]
    for i, p in enumerate(posts):
        await c.vote(p, 10 - i, 0)
    sort = COMMUNITY_SORTS["top_all"]
    first = await c.store.feeds.sorted_after(c.id, sort, None, 3)
    assert [m for m, _ in first] == [p.post_id for p in posts[:3]]
    await c.vote(posts[2], 50, 0, at=NOW + 1)  # the last one seen moved up
    after = await c.store.feeds.sorted_after(c.id, sort, Cursor(*reversed(first[-1])), 3)
    assert [m for m, _ in after] == [p.post_id for p in posts[3:6]]


async def test_top_day_reads_only_posts_of_the_last_day(community):
    c = community
    old, new = await c.post(age_ms=2 * DAY_MS), await c.post()
    await c.vote(old, 10, 0)
    assert await c.every_page("top_day", 5) == [new.post_id]
    assert await c.every_page("top_week", 5) == [old.post_id, new.post_id]


async def test_the_readers_votes_come_with_every_read_and_the_newest_wins(community):
    c = community
    p = await c.post()
    await c.vote(p, 1, 0, at=NOW, user=c.reader, value=1)
    await c.vote(p, 0, 1, at=NOW - 1, user=c.reader, value=-1)  # older, late
    entries, _ = await c.reads.community(c.reader, c.id, 10, "", "hot")
    assert [(e.post.post_id, e.viewer_vote) for e in entries] == [(p.post_id, 1)]
    assert await c.store.redis.zcard(votes_key(c.reader)) == 1
