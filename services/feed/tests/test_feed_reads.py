"""The feed API's reads (service_layer/reads.py FeedReads) on the fakes of the feed's ports: paging,
ranking and who may see what, without Redis."""

from __future__ import annotations

import asyncio
import dataclasses
import time
import uuid

import pytest

from kith_feed.adapters.keys import home_key
from kith_feed.domain.model import DAY_MS, AuthorSummary, PostSummary, RankedCursor
from kith_feed.service_layer.reading_filters import ReadingFilters
from kith_feed.service_layer.reads import FIRST_SLACK, FeedReads
from kith_platform.errors import NotFound, PermissionDenied
from services.feed.tests.fakes import fake_stores


def people(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def post(author: str, age_s: float = 1, **fields) -> PostSummary:
    created = int(time.time() * 1000 - age_s * 1000)
    return PostSummary(str(uuid.uuid4()), author, fields.pop("text", "hello"), created, **fields)


async def all_pages(read, size: int) -> list[list]:
    """Every page of a read (`read(size, cursor)`), following the cursors to the end."""
    pages, cursor = [], ""
    for _ in range(50):
        entries, cursor = await read(size, cursor)
        pages.append(entries)
        if not cursor:
            return pages
    raise AssertionError("the cursor never ended")


def ids(entries) -> list[str]:
    return [e.post.post_id for e in entries]


async def test_home_pages_newest_first_with_authors_reasons_and_no_repeats():
    store = fake_stores()
    me, ana, bo = people(3)
    await store.feeds.put_author(AuthorSummary(ana, "ana", "Ana"))
    await store.relationships.set_following(me, ana, True, 1)
    await store.relationships.set_friends(me, bo, True, 1)
    posts = [post(ana if i % 2 else bo, age_s=i) for i in range(1, 8)]  # newest first
    await store.fan_out.posts(posts)
    reads = FeedReads(store)

    pages = await all_pages(lambda size, cursor: reads.home(me, size, cursor, ranked=False), 3)

    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in ids(p)] == [p.post_id for p in posts]
    first = pages[0][0]
    assert first.author == AuthorSummary(ana, "ana", "Ana")
    assert first.reasons == ("from someone you follow",)
    assert pages[0][1].reasons == ("from a friend",)


async def test_ranked_home_serves_every_post_once_best_first_within_its_snapshot():
    store = fake_stores()
    me, ana, bo = people(3)
    await store.relationships.set_following(me, ana, True, 1)
    await store.relationships.set_following(me, bo, True, 1)
    posts = [post(ana if i % 2 else bo, age_s=3600 * i) for i in range(1, 8)]
    await store.fan_out.posts(posts)
    liked = posts[-1]  # the oldest, but much liked
    for n in range(30):
        await store.feeds.count(f"reaction-{n}", liked.post_id, "reactions", 1)
    reads = FeedReads(store)

    first, cursor = await reads.home(me, 3, "", ranked=True)
    snapshot = RankedCursor.decode(cursor)
    assert snapshot is not None
    late = dataclasses.replace(post(ana), created_at_ms=snapshot.snapshot_ms + 1)
    await store.fan_out.posts([late])  # after the first page: it waits for the next refresh
    rest = await all_pages(lambda size, c: reads.home(me, size, c or cursor, ranked=True), 3)
    served = [first, *rest]

    everything = [e for page in served for e in page]
    assert sorted(ids(everything)) == sorted(p.post_id for p in posts)
    assert ids(everything)[0] == liked.post_id
    scores = [e.score for e in everything]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    await asyncio.sleep(0.005)
    assert late.post_id in ids((await reads.home(me, 3, "", ranked=True))[0])  # a fresh read has it


async def test_home_hides_entries_the_reader_may_no_longer_see():
    store = fake_stores()
    me, ana, bo, cy = people(4)
    for author in (ana, bo, cy):
        await store.relationships.set_following(me, author, True, 1)
    by_ana, by_bo, by_cy = post(ana, 3), post(bo, 2), post(cy, 1)
    await store.fan_out.posts([by_ana, by_bo, by_cy])
    reads = FeedReads(store)
    assert ids((await reads.home(me, 10, "", False))[0]) == [by_cy.post_id, by_bo.post_id, by_ana.post_id]

    store.feeds.blocks[me].add(ana)  # a block whose home feed upkeep has not run yet
    await store.relationships.set_away(bo, True, 2)  # bo deactivated their account
    home, _ = await reads.home(me, 10, "", False)

    assert store.feeds.home(me) == [by_cy.post_id, by_bo.post_id, by_ana.post_id]  # still written
    assert ids(home) == [by_cy.post_id]
    await store.relationships.set_away(bo, False, 3)
    assert ids((await reads.home(me, 10, "", False))[0]) == [by_cy.post_id, by_bo.post_id]


async def test_a_reader_back_after_a_long_absence_gets_their_home_rebuilt():
    store = fake_stores()
    me, ana = people(2)
    await store.relationships.set_following(me, ana, True, 1)
    store.feeds.activity[me] = int(time.time() * 1000) - 40 * DAY_MS  # last read 40 days ago
    while_away = post(ana)
    await store.fan_out.posts([while_away])
    assert store.feeds.home(me) == []  # the fan-out skipped the absent reader

    home, _ = await FeedReads(store).home(me, 10, "", ranked=False)

    assert ids(home) == [while_away.post_id]
    assert store.feeds.home(me) == [while_away.post_id]


async def _community(store, visibility: str, members: list[str]) -> tuple[str, PostSummary]:
    community = str(uuid.uuid4())
    await store.feeds.put_community(community, visibility)
    for member in members:
        await store.relationships.set_member(community, member, True, 1)
    inside = post(members[0], audience="community", community_id=community, members_only=visibility != "public")
    await store.fan_out.posts([inside])
    return community, inside


async def test_community_feed_is_for_members_of_a_private_or_hidden_community():
    store = fake_stores()
    member, outsider = people(2)
    reads = FeedReads(store)
    hidden, hidden_post = await _community(store, "hidden", [member])
    private, private_post = await _community(store, "private", [member])
    public, public_post = await _community(store, "public", [member])

    with pytest.raises(NotFound):
        await reads.community(outsider, hidden, 10, "")
    with pytest.raises(PermissionDenied):
        await reads.community(outsider, private, 10, "")
    with pytest.raises(NotFound):
        await reads.community(member, str(uuid.uuid4()), 10, "")  # a community the feed does not know
    assert ids((await reads.community(member, hidden, 10, ""))[0]) == [hidden_post.post_id]
    assert ids((await reads.community(member, private, 10, ""))[0]) == [private_post.post_id]
    assert ids((await reads.community(outsider, public, 10, ""))[0]) == [public_post.post_id]


async def test_timeline_of_a_blocked_or_deactivated_author_does_not_exist():
    store = fake_stores()
    me, ana, bo = people(3)
    await store.fan_out.posts([post(ana), post(bo)])
    reads = FeedReads(store)
    assert len((await reads.timeline(me, ana, 10, ""))[0]) == 1

    await store.relationships.set_blocked(ana, me, True, 1)  # ana blocks me: hidden both ways
    await store.relationships.set_away(bo, True, 1)

    with pytest.raises(NotFound):
        await reads.timeline(me, ana, 10, "")
    with pytest.raises(NotFound):
        await reads.timeline(me, bo, 10, "")
    # Their own timeline exists for them (its posts, like every away author's, are not shown).
    assert await reads.timeline(bo, bo, 10, "") == ([], "")


async def test_timeline_shows_followers_only_posts_to_followers():
    store = fake_stores()
    me, ana = people(2)
    public, followers_only = post(ana, 2), post(ana, 1, audience="followers")
    await store.fan_out.posts([public, followers_only])
    reads = FeedReads(store)

    assert ids((await reads.timeline(me, ana, 10, ""))[0]) == [public.post_id]
    await store.relationships.set_following(me, ana, True, 1)
    assert ids((await reads.timeline(me, ana, 10, ""))[0]) == [followers_only.post_id, public.post_id]


async def test_hashtag_feed_holds_public_posts_with_the_tag_the_reader_may_see():
    store = fake_stores()
    me, ana, bo = people(3)
    await store.relationships.set_following(me, ana, True, 1)
    tagged = post(ana, 3, hashtags=("cats",))
    hidden = post(ana, 2, hashtags=("cats",), audience="followers")  # never in a hashtag list
    by_blocked = post(bo, 1, hashtags=("cats",))
    await store.fan_out.posts([tagged, hidden, by_blocked])
    await store.relationships.set_blocked(me, bo, True, 1)

    feed, cursor = await FeedReads(store).hashtag(me, "#Cats", 10, "")

    assert ids(feed) == [tagged.post_id] and cursor == ""


async def test_popular_feed_is_best_first_pages_on_and_leaves_out_blocked_and_private_posts():
    store = fake_stores()
    me, ana, bo = people(3)
    quiet, liked, loved, by_bo = post(ana), post(ana), post(ana), post(bo)
    friends_only = post(ana, audience="friends")
    await store.fan_out.posts([quiet, liked, loved, by_bo, friends_only])
    for target, n in ((liked, 5), (loved, 50), (by_bo, 100)):
        for i in range(n):
            await store.feeds.count(f"{target.post_id}:{i}", target.post_id, "reactions", 1)
    await store.relationships.set_muted(me, bo, True, 1)
    reads = FeedReads(store)

    pages = await all_pages(lambda size, cursor: reads.popular(me, size, cursor), 1)

    assert [ids(p) for p in pages] == [[loved.post_id], [liked.post_id], [quiet.post_id]]
    assert pages[0][0].reasons == ("popular now",)


async def test_a_stale_home_entry_of_a_deleted_post_is_skipped():
    store = fake_stores()
    me, ana = people(2)
    await store.relationships.set_following(me, ana, True, 1)
    kept, deleted = post(ana, 2), post(ana, 1)
    await store.fan_out.posts([kept, deleted])
    await store.feeds.delete_post(deleted.post_id)
    store.feeds.lists[home_key(me)][deleted.post_id] = deleted.created_at_ms  # as if written late

    assert ids((await FeedReads(store).home(me, 10, "", ranked=False))[0]) == [kept.post_id]


async def test_a_page_reads_few_posts_beyond_itself_and_still_fills_past_filtered_ones():
    store = fake_stores()
    me, ana, gone = people(3)
    await store.relationships.set_following(me, ana, True, 1)
    await store.relationships.set_following(me, gone, True, 1)
    newest = [post(gone, age_s=i) for i in range(1, 21)]  # filtered at read time: their author left
    older = [post(ana, age_s=100 + i) for i in range(1, 31)]
    await store.fan_out.posts(newest + older)
    await store.relationships.set_away(gone, True)
    looked_at: list[int] = []
    readable = store.feeds.readable

    async def counting(post_ids, authors=None, votes=None):
        looked_at.append(len(post_ids))
        return await readable(post_ids, authors, votes)

    store.feeds.readable = counting  # type: ignore[method-assign]
    reads = FeedReads(store)

    page, cursor = await reads.home(me, 10, "", ranked=False)
    assert ids(page) == [p.post_id for p in older[:10]] and cursor
    assert looked_at[0] == 10 + 1 + FIRST_SLACK  # the first pass: the page, one more and a little
    assert len(looked_at) > 1  # twenty filtered posts took another pass

    looked_at.clear()
    page, _ = await reads.home(me, 10, cursor, ranked=False)
    assert ids(page) == [p.post_id for p in older[10:20]] and looked_at == [10 + 1 + FIRST_SLACK]


async def test_public_posts_with_a_followed_hashtag_join_the_home_with_the_reason():
    store = fake_stores()
    me, stranger, blocked = people(3)
    tagged = post(stranger, 3, hashtags=("cats", "dogs"))
    followers_only = post(stranger, 2, hashtags=("cats",), audience="followers")
    by_blocked = post(blocked, 1, hashtags=("cats",))
    untagged = post(stranger, 1)
    await store.fan_out.posts([tagged, followers_only, by_blocked, untagged])
    await store.relationships.set_blocked(me, blocked, True, 1)
    filters = ReadingFilters(store)

    assert ids((await FeedReads(store).home(me, 10, "", False))[0]) == []
    assert await filters.follow_tag(me, "#Cats") == "cats"
    feed, _ = await FeedReads(store).home(me, 10, "", False)
    assert ids(feed) == [tagged.post_id] and feed[0].reasons == ("#cats, which you follow",)
    assert await filters.followed_tags(me) == ["cats"]
    await filters.unfollow_tag(me, "cats")
    assert ids((await FeedReads(store).home(me, 10, "", False))[0]) == []
    with pytest.raises(NotFound):
        await filters.unfollow_tag(me, "cats")
