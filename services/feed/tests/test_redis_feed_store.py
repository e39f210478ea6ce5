"""The feed read model on the real Redis (make up): fan-out, caps, idempotence, paging."""

from __future__ import annotations

import time
import uuid

import pytest

from kith_feed.adapters.keys import home_key
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.model import AuthorSummary, PostSummary
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
    store = FeedStores.build(client, cap=5, backfill=3, batch=2, fanout_in_lua=lua)
    assert store.fan_out.in_lua == lua  # a cluster client always fans out in pipelines
    yield store
    await client.aclose()


def _uid() -> str:
    return str(uuid.uuid4())


def _post(author: str, at: int, post_id: str | None = None) -> PostSummary:
    return PostSummary(post_id or _uid(), author, f"text at {at}", at)


async def _feed(store: FeedStores, user: str) -> list[str]:
    return [m.decode() for m in await store.redis.zrevrange(home_key(user), 0, -1)]


async def test_fan_out_reaches_author_and_every_follower_once_even_when_redelivered(store):
    author, followers = _uid(), [_uid() for _ in range(5)]  # more than one pipeline batch
    for f in followers:
        await store.relationships.set_following(f, author, True)
    post = _post(author, 1000)
    assert await store.fan_out.posts([post]) == 6
    assert await store.fan_out.posts([post]) == 6  # redelivery
    for user in [author, *followers]:
        assert await _feed(store, user) == [post.post_id]


async def test_home_feed_is_capped_keeping_the_newest(store):
    author = _uid()
    posts = [_post(author, 1000 + i) for i in range(8)]
    for p in posts:
        await store.fan_out.posts([p])
    assert await _feed(store, author) == [p.post_id for p in reversed(posts[-5:])]


async def test_follow_backfills_recent_posts_and_unfollow_removes_them(store):
    author, reader = _uid(), _uid()
    posts = [_post(author, 2000 + i) for i in range(4)]
    for p in posts:
        await store.fan_out.posts([p])
    await store.relationships.set_following(reader, author, True)
    assert await _feed(store, reader) == [p.post_id for p in reversed(posts[-3:])]
    await store.relationships.set_following(reader, author, True)  # redelivered follow
    assert len(await _feed(store, reader)) == 3
    await store.relationships.set_following(reader, author, False)
    assert await _feed(store, reader) == []


async def test_pages_walk_ties_on_the_same_millisecond_without_loss_or_repeat(store):
    author = _uid()
    await store.feeds.put_author(AuthorSummary(author, "ana", "Ana"))
    store.feeds.cap = store.fan_out.cap = 100
    same_ms = [_post(author, 5000) for _ in range(4)]
    others = [_post(author, 4000), _post(author, 6000)]
    for p in [*same_ms, *others]:
        await store.fan_out.posts([p])
    seen, cursor = [], ""
    while True:
        entries, cursor = await FeedReads(store).home(author, 2, cursor, ranked=False)
        seen += [e.post.post_id for e in entries]
        assert all(e.author and e.author.handle == "ana" for e in entries)
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6
    assert seen[0] == others[1].post_id and seen[-1] == others[0].post_id


async def test_a_delete_that_overtakes_its_publish_leaves_no_ghost(store):
    author, reader = _uid(), _uid()
    await store.relationships.set_following(reader, author, True)
    post = _post(author, 7000)
    await store.feeds.delete_post(post.post_id, author)
    assert await store.fan_out.posts([post]) == 0
    assert await _feed(store, reader) == [] and await _feed(store, author) == []


async def test_big_authors_and_communities_are_merged_at_read_time(store):
    store.fan_out.big_author_followers, store.fan_out.big_community_members = 2, 2
    store.feeds.cap = store.fan_out.cap = 100
    star, fans = _uid(), [_uid() for _ in range(3)]
    for fan in fans:
        await store.relationships.set_following(fan, star, True)
    post = _post(star, 8000)
    assert await store.fan_out.posts([post]) == 1  # only the author's own feed
    assert await _feed(store, fans[0]) == []
    entries, _ = await FeedReads(store).home(fans[0], 10, "", ranked=False)
    assert [e.post.post_id for e in entries] == [post.post_id]  # merged from the star's timeline

    community, members = _uid(), [_uid() for _ in range(3)]
    for m in members:
        await store.relationships.set_member(community, m, True)
    in_community = PostSummary(
        _uid(), members[0], "hi all", 9000, audience="community", community_id=community, members_only=True
    )
    assert await store.fan_out.posts([in_community]) == 1
    entries, _ = await FeedReads(store).home(members[2], 10, "", ranked=False)
    assert [e.post.post_id for e in entries] == [in_community.post_id]
    outsider_entries, _ = await FeedReads(store).home(fans[1], 10, "", ranked=False)
    assert in_community.post_id not in {e.post.post_id for e in outsider_entries}


async def test_inactive_readers_are_skipped_and_rebuilt_on_their_next_read(store):
    store.inactive_after_ms = store.fan_out.inactive_after_ms = 1000
    store.feeds.cap = store.fan_out.cap = 100
    author, away, present = _uid(), _uid(), _uid()
    for reader in (away, present):
        await store.relationships.set_following(reader, author, True)
    await store.redis.zadd("feed:activity", {away: 1, present: 10_000_000})  # `away` last read long ago
    post = _post(author, 10_000_000)
    assert await store.fan_out.posts([post], now_ms=10_000_500) == 2  # the author and `present`
    assert await _feed(store, away) == []
    entries, _ = await FeedReads(store).home(away, 10, "", ranked=False)
    assert [e.post.post_id for e in entries] == [post.post_id]
    assert await _feed(store, away) == [post.post_id]  # rebuilt within that read


async def test_counters_are_exact_under_redelivered_events(store):
    author = _uid()
    post = _post(author, 11_000)
    await store.fan_out.posts([post])
    for event_id in ("e1", "e2", "e1", "e3", "e2"):
        await store.feeds.count(f"{post.post_id}:{event_id}", post.post_id, "reactions", 1)
    await store.feeds.count(f"{post.post_id}:e4", post.post_id, "reactions", -1)
    assert (await store.feeds.summaries([post.post_id]))[post.post_id].reactions == 2


@pytest.mark.parametrize("pipelined_on", ["standalone", "cluster"])
async def test_lua_and_pipelined_publishing_leave_the_same_read_model(pipelined_on):
    """The script (standalone Redis) and the pipelines (on the standalone Redis or a Redis
    Cluster) store the same summaries, lists and feeds for a mixed batch: audiences,
    communities, hashtags, mutes, blocks, a delete that came first, a redelivered post."""
    other = await redis_for_test(pipelined_on)
    standalone = await redis_for_test("standalone")
    author, friend, fan, muter, blocker, member = (_uid() for _ in range(6))
    community, tag = _uid(), f"t{uuid.uuid4().hex[:12]}"
    deleted = _uid()
    # A month ahead: hot enough to stay in the capped popular list of any Redis (removed below).
    now = int(time.time() * 1000) + 30 * 86_400_000

    def batch() -> list[PostSummary]:
        return [
            PostSummary("p-public-" + author, author, "public #" + tag, now + 0, hashtags=(tag,)),
            PostSummary("p-friends-" + author, author, "friends only", now + 1, audience="friends"),
            PostSummary(
                "p-open-" + author,
                member,
                "open community",
                now + 2,
                audience="community",
                community_id=community,
                hashtags=(tag,),
            ),
            PostSummary(
                "p-closed-" + author,
                member,
                "members only",
                now + 3,
                audience="community",
                community_id=community,
                members_only=True,
                hashtags=(tag,),
            ),
            PostSummary(deleted, author, "deleted before it arrived", now + 4),
            PostSummary("p-public-" + author, author, "public #" + tag, now + 0, hashtags=(tag,)),  # redelivered
        ]

    async def world(client, lua: bool) -> dict:
        store = FeedStores.build(client, cap=50, fanout_in_lua=lua)
        assert store.fan_out.in_lua == lua
        for f in (friend, fan, muter, blocker):
            await store.relationships.set_following(f, author, True)
        await store.relationships.set_friends(author, friend, True)
        await store.relationships.set_muted(muter, author, True)
        await store.relationships.set_blocked(blocker, author, True)
        for m in (member, fan):
            await store.relationships.set_member(community, m, True)
        await store.feeds.delete_post(deleted, author)
        written = await store.fan_out.posts(batch())
        posts = {p.post_id for p in batch()}
        keys = [
            f"feed:{kind}:{{{x}}}"
            for kind in ("home", "timeline")
            for x in (author, friend, fan, muter, blocker, member)
        ]
        keys += [f"feed:community:{{{community}}}", f"feed:hashtag:{{{tag}}}"]
        state = {"written": written}
        for key in keys:
            state[key] = await client.zrange(key, 0, -1, withscores=True)
        for p in posts:
            state[p] = await client.hgetall(f"feed:post:{{{p}}}")
            state["popular:" + p] = await client.zscore("feed:popular", p)
        for key in [*keys, *(f"feed:post:{{{p}}}" for p in posts)]:
            await client.delete(key)
        await client.zrem("feed:popular", *posts)
        return state

    lua, pipelined = await world(standalone, True), await world(other, False)
    await standalone.aclose()
    await other.aclose()
    assert lua == pipelined
    assert lua[f"feed:hashtag:{{{tag}}}"] and lua[f"feed:home:{{{friend}}}"]  # the batch did reach lists and feeds
    assert lua[deleted] == {b"deleted": b"1"} or b"author_id" not in lua[deleted]


async def test_reactions_by_kind_are_exact_under_redelivered_and_changed_reactions(store):
    post = _post(_uid(), 12_000)
    await store.fan_out.posts([post])
    like, love = 1, 2
    for event_id in ("a", "b", "a"):  # two likes, one delivered twice
        await store.feeds.count(f"{post.post_id}:{event_id}", post.post_id, "reactions", 1, {like: 1})
    for _ in range(2):  # one like becomes a love (the total is unchanged), delivered twice
        await store.feeds.count(f"{post.post_id}:c", post.post_id, "reactions", 0, {love: 1, like: -1})
    summary = (await store.feeds.summaries([post.post_id]))[post.post_id]
    assert summary.reactions == 2 and summary.reactions_by_kind == ((like, 1), (love, 1))
    await store.feeds.count(f"{post.post_id}:d", post.post_id, "reactions", -1, {like: -1})
    summary = (await store.feeds.summaries([post.post_id]))[post.post_id]
    assert summary.reactions == 1 and summary.reactions_by_kind == ((love, 1),)


async def test_popular_score_follows_the_final_counts_when_counted_concurrently(store):
    """Reactions, comments and shares of one post arrive on different agents at once: the last
    score written must be computed from the final counts, not from a read that another count
    overtook; a redelivered count still repairs a score its first delivery never wrote."""
    import asyncio

    from kith_feed.adapters.keys import POPULAR_KEY
    from kith_feed.domain.model import hot_score

    # A month ahead: hot enough to stay in the capped popular list of any Redis (removed below).
    post = _post(_uid(), int(time.time() * 1000) + 30 * 86_400_000)
    await store.fan_out.posts([post])
    try:
        counts = [("reactions", 1)] * 30 + [("comments", 1)] * 20 + [("shares", 1)] * 10
        await asyncio.gather(
            *(
                store.feeds.count(f"{post.post_id}:{i}", post.post_id, field, delta)
                for i, (field, delta) in enumerate(counts)
            )
        )
        # Removals after the additions they undo (a count never goes below zero, so a removal
        # that overtook its addition would be lost by design).
        await asyncio.gather(
            *(store.feeds.count(f"{post.post_id}:-{i}", post.post_id, "reactions", -1) for i in range(5))
        )
        summary = (await store.feeds.summaries([post.post_id]))[post.post_id]
        assert (summary.reactions, summary.comments, summary.shares) == (25, 20, 10)
        assert await store.redis.zscore(POPULAR_KEY, post.post_id) == pytest.approx(hot_score(summary), rel=0, abs=1e-6)

        # Overtaken: a count lands between another count's read of the counts and its score.
        real_zadd, overtaken = store.redis.zadd, []

        async def zadd_overtaken(*args, **kwargs):
            if not overtaken:
                overtaken.append(True)
                await store.feeds.count(f"{post.post_id}:late", post.post_id, "shares", 1)
            return await real_zadd(*args, **kwargs)

        store.redis.zadd = zadd_overtaken
        try:
            await store.feeds.count(f"{post.post_id}:early", post.post_id, "comments", 1)
        finally:
            del store.redis.zadd
        summary = (await store.feeds.summaries([post.post_id]))[post.post_id]
        assert overtaken and (summary.comments, summary.shares) == (21, 11)
        assert await store.redis.zscore(POPULAR_KEY, post.post_id) == pytest.approx(hot_score(summary), rel=0, abs=1e-6)

        await store.redis.zadd(POPULAR_KEY, {post.post_id: 0})  # as if the worker died after counting
        await store.feeds.count(f"{post.post_id}:0", post.post_id, "reactions", 1)  # the redelivery
        assert await store.redis.zscore(POPULAR_KEY, post.post_id) == pytest.approx(hot_score(summary), rel=0, abs=1e-6)
    finally:
        await store.redis.zrem(POPULAR_KEY, post.post_id)


async def test_an_older_relationship_fact_arriving_late_changes_nothing(store):
    """The feed API's mirror service applies a safety change before Kafka delivers the events
    before it: the newest fact per pair wins, whatever the order of arrival."""
    author, reader = _uid(), _uid()
    post = _post(author, 5000)
    await store.fan_out.posts([post])
    await store.relationships.set_following(reader, author, False, at_ms=2000)  # the unfollow, handed over first
    await store.relationships.set_following(reader, author, True, at_ms=1000)  # the follow before it, from Kafka
    assert author not in (await store.feeds.viewer(reader)).following
    assert await _feed(store, reader) == []
    await store.relationships.set_following(reader, author, True, at_ms=3000)  # a new follow
    assert await _feed(store, reader) == [post.post_id]


async def test_a_block_either_way_hides_the_pair_until_both_are_lifted(store):
    a, b = _uid(), _uid()
    await store.relationships.set_blocked(a, b, True, at_ms=1000)
    await store.relationships.set_blocked(b, a, True, at_ms=2000)
    await store.relationships.set_blocked(a, b, False, at_ms=3000)  # a lifts theirs; b still blocks a
    assert b in (await store.feeds.viewer(a)).blocked and a in (await store.feeds.viewer(b)).blocked
    await store.relationships.set_blocked(b, a, True, at_ms=1500)  # stale redelivery
    await store.relationships.set_blocked(b, a, False, at_ms=4000)
    assert not (await store.feeds.viewer(a)).blocked and not (await store.feeds.viewer(b)).blocked


async def test_posts_of_a_deactivated_author_are_hidden_and_come_back(store):
    author, reader = _uid(), _uid()
    await store.relationships.set_following(reader, author, True)
    post = _post(author, int(time.time() * 1000))
    await store.fan_out.posts([post])
    reads = FeedReads(store)
    assert [e.post.post_id for e in (await reads.home(reader, 10, "", False))[0]] == [post.post_id]
    await store.relationships.set_away(author, True, at_ms=2000)
    await store.relationships.set_away(author, False, at_ms=1000)  # stale
    assert (await reads.home(reader, 10, "", False))[0] == []
    await store.relationships.set_away(author, False, at_ms=3000)
    assert [e.post.post_id for e in (await reads.home(reader, 10, "", False))[0]] == [post.post_id]


async def test_a_follow_applied_before_the_unblock_it_follows_still_backfills(store):
    """Unblock and the follow after it travel on different partitions: the follow may come first."""
    author, reader = _uid(), _uid()
    post = _post(author, 7000)
    await store.fan_out.posts([post])
    await store.relationships.set_blocked(author, reader, True, at_ms=1000)
    await store.relationships.set_following(reader, author, True, at_ms=3000)  # arrives first
    assert await _feed(store, reader) == []
    await store.relationships.set_blocked(author, reader, False, at_ms=2000)
    assert await _feed(store, reader) == [post.post_id]
