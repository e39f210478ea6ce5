"""Community sorts (docs/community-sorts.md): the formulas as a case table, and GetCommunityFeed's
sorts on the fakes of the feed's ports (the same reads run on Redis in
test_redis_community_sorts.py): order, featured posts first, the TOP windows, cursors,
redelivered and late votes, the reader's votes and their erasure."""

from __future__ import annotations

import math
import time
import uuid

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.domain.model import (
    DAY_MS,
    HOT_EPOCH_S,
    PostSummary,
    SortCursor,
    controversial,
    feature_score,
    featured_order,
    hot,
    top,
    vote_of,
    vote_score,
)
from kith_feed.service_layer.events import apply_batch
from kith_feed.service_layer.reads import FeedReads
from kith_platform.errors import InvalidArgument
from kith_platform.events import CONTENT_POSTS, make_event
from services.feed.tests.fakes import fake_stores

EPOCH_MS = HOT_EPOCH_S * 1000

# (ups, downs, created at ms) -> hot; (ups, downs) -> top, controversial. Worked by hand from the
# formulas of docs/community-sorts.md.
CASES = [
    # ups, downs, created_at_ms, hot, top, controversial
    (0, 0, EPOCH_MS, 0.0, 0.0, 0.0),
    (1, 0, EPOCH_MS, 0.0, 1.0, 0.0),  # log10(1) = 0: one vote is worth no more than none
    (10, 0, EPOCH_MS, 1.0, 10.0, 0.0),
    (0, 10, EPOCH_MS, -1.0, -10.0, 0.0),
    (110, 10, EPOCH_MS, 2.0, 100.0, 120 ** (10 / 110)),
    (5, 5, EPOCH_MS, 0.0, 0.0, 10.0),  # evenly split: ups + downs
    (50, 50, EPOCH_MS + 45_000_000, 1.0, 0.0, 100.0),  # 45,000 s later: +1
    (100, 1, EPOCH_MS, 2 - math.log10(100 / 99), 99.0, 101 ** (1 / 100)),
    (1, 100, EPOCH_MS - 90_000_000, -2 + math.log10(100 / 99) - 2, -99.0, 101 ** (1 / 100)),
]


@pytest.mark.parametrize(("ups", "downs", "created", "hot_score", "top_score", "controversy"), CASES)
def test_scores_follow_the_published_formulas(ups, downs, created, hot_score, top_score, controversy):
    assert hot(ups, downs, created) == pytest.approx(hot_score, abs=1e-12)
    assert top(ups, downs) == top_score
    assert controversial(ups, downs) == pytest.approx(controversy, abs=1e-12)


def test_controversy_grows_with_votes_and_with_an_even_split():
    assert controversial(10, 10) > controversial(10, 5) > controversial(10, 1) > controversial(10, 0) == 0
    assert controversial(100, 100) > controversial(10, 10)


def test_a_readers_vote_and_its_time_share_one_score_and_the_newest_is_greatest():
    for value in (1, 0, -1):
        assert vote_of(vote_score(value, 1_700_000_000_000)) == value
    assert vote_of(None) == 0
    assert vote_score(-1, 1001) > vote_score(1, 1000)  # newer wins, whatever the value


def test_the_announcement_comes_before_the_pins_newest_pin_first_and_only_one_announcement():
    entries = sorted(
        [
            ("old-pin", feature_score("pinned", 1000)),
            ("new-pin", feature_score("pinned", 3000)),
            ("announcement", feature_score("announcement", 2000)),
            ("older-announcement", feature_score("announcement", 500)),
        ],
        key=lambda e: e[1],
        reverse=True,
    )
    assert featured_order(entries) == ["announcement", "new-pin", "old-pin"]


# --- GetCommunityFeed's sorts, through the stream worker's events, on the fakes -----------------


def _id() -> str:
    return str(uuid.uuid4())


def timestamp(ms: int) -> Timestamp:
    ts = Timestamp()
    ts.FromMilliseconds(ms)
    return ts


def _event(payload) -> bytes:
    return make_event(topic=CONTENT_POSTS, aggregate_id="k", producer="test", payload=payload).value


class Community:
    """A public community, its members and posts, built through the worker's own handlers."""

    def __init__(self) -> None:
        self.store = fake_stores()
        self.id, self.reader = _id(), _id()
        self.now_ms = int(time.time() * 1000)
        self.created: dict[str, int] = {}
        self.reads = FeedReads(self.store)

    async def setup(self) -> None:
        await self.store.feeds.put_community(self.id, "public")
        await self.store.relationships.set_member(self.id, self.reader, True, 1)

    async def apply(self, *payloads) -> list[str]:
        return await apply_batch(self.store, [_event(payload) for payload in payloads])

    async def post(self, age_ms: int = 1000, author: str = "", text: str = "hello", **fields) -> str:
        post_id, created = _id(), self.now_ms - age_ms
        self.created[post_id] = created
        await self.apply(
            content_events.PostPublished(
                post_id=post_id,
                author_id=author or _id(),
                text=text,
                created_at=timestamp(created),
                audience=content_pb2.AUDIENCE_COMMUNITY,
                community_id=self.id,
                **fields,
            )
        )
        return post_id

    def voted(self, post_id: str, ups: int, downs: int, at_ms: int = 0, user: str = "", value: int = 1):
        return content_events.PostVoted(
            post_id=post_id,
            community_id=self.id,
            author_id=_id(),
            user_id=user or _id(),
            value=value,
            upvotes=ups,
            downvotes=downs,
            post_created_at=timestamp(self.created[post_id]),
            voted_at=timestamp(at_ms or self.now_ms),
        )

    def featured(self, post_id: str, feature: int, at_ms: int):
        return content_events.PostFeatured(
            post_id=post_id,
            community_id=self.id,
            feature=feature,
            featured_by=_id(),
            featured_at=timestamp(at_ms),
            post_created_at=timestamp(self.created[post_id]),
        )

    async def read(self, sort: str, size: int = 20, cursor: str = "", reader: str = ""):
        return await self.reads.community(reader or self.reader, self.id, size, cursor, sort)

    async def every_page(self, sort: str, size: int, reader: str = "") -> list[str]:
        seen, cursor = [], ""
        for _ in range(50):
            entries, cursor = await self.read(sort, size, cursor, reader)
            seen += [e.post.post_id for e in entries]
            if not cursor:
                return seen
        raise AssertionError("the cursor never ended")


@pytest.fixture
async def community():
    c = Community()
    await c.setup()
    return c


async def test_each_sort_orders_the_community_posts_by_its_score(community):
    c = community
    old_loved = await c.post(age_ms=3 * DAY_MS)
    split = await c.post(age_ms=2 * DAY_MS)
    disliked = await c.post(age_ms=2000)
    fresh = await c.post(age_ms=1000)
    await c.apply(c.voted(old_loved, 1000, 0), c.voted(split, 40, 40), c.voted(disliked, 0, 3))

    async def order(sort: str) -> list[str]:
        return [e.post.post_id for e in (await c.read(sort))[0]]

    assert await order("new") == [fresh, disliked, split, old_loved]
    # hot: fresh 0, disliked -log10(3), old_loved 3 - 259200 / 45000, split 0 - 172800 / 45000
    assert await order("hot") == [fresh, disliked, old_loved, split]
    top_all = await order("top_all")  # 1000; 0 and 0 (equal: by post id); -3
    assert top_all[0] == old_loved and set(top_all[1:3]) == {fresh, split} and top_all[3] == disliked
    assert (await order("controversial"))[0] == split
    entries = {e.post.post_id: e for e in (await c.read("top_all"))[0]}
    assert (entries[split].post.upvotes, entries[split].post.downvotes) == (40, 40)


async def test_hot_lets_many_votes_outweigh_a_little_age(community):
    c = community
    older = await c.post(age_ms=6 * 3_600_000)  # 6 hours
    newer = await c.post(age_ms=1000)
    await c.apply(c.voted(older, 100, 0))  # 2 decades of votes against 0.48 of age
    assert [e.post.post_id for e in (await c.read("hot"))[0]] == [older, newer]


async def test_top_day_and_week_keep_only_posts_young_enough(community):
    c = community
    hour = await c.post(age_ms=3_600_000)
    two_days = await c.post(age_ms=2 * DAY_MS)
    month = await c.post(age_ms=30 * DAY_MS)
    await c.apply(c.voted(month, 50, 0), c.voted(two_days, 20, 0), c.voted(hour, 5, 0))
    assert await c.every_page("top_day", 1) == [hour]
    assert await c.every_page("top_week", 1) == [two_days, hour]
    assert await c.every_page("top_all", 1) == [month, two_days, hour]


async def test_featured_posts_come_first_once_and_only_on_the_first_page(community):
    c = community
    posts = [await c.post(age_ms=1000 * (i + 1)) for i in range(6)]
    pin_old, pin_new, announced = posts[5], posts[4], posts[3]
    await c.apply(
        c.featured(pin_old, content_pb2.FEATURE_PINNED, c.now_ms - 3000),
        c.featured(pin_new, content_pb2.FEATURE_PINNED, c.now_ms - 2000),
        c.featured(announced, content_pb2.FEATURE_ANNOUNCEMENT, c.now_ms - 1000),
    )
    for sort in ("new", "hot", "top_all", "controversial", "top_week"):
        first, cursor = await c.read(sort, 2)
        assert [e.post.post_id for e in first[:3]] == [announced, pin_new, pin_old], sort
        assert [e.post.feature for e in first[:3]] == ["announcement", "pinned", "pinned"]
        assert len(first) == 5  # the featured, then a page of the sort
        rest = await c.every_page(sort, 2)
        assert sorted(rest) == sorted(posts), sort  # every post once, the featured among them first
        assert rest[:3] == [announced, pin_new, pin_old]

    # Unpinned: back in its place in the sort.
    await c.apply(c.featured(pin_old, content_pb2.FEATURE_UNSPECIFIED, c.now_ms))
    assert (await c.every_page("new", 10))[:2] == [announced, pin_new]


async def test_a_late_or_redelivered_vote_or_feature_changes_nothing(community):
    c = community
    p = await c.post()
    newer, older = c.voted(p, 7, 2, at_ms=c.now_ms), c.voted(p, 1, 0, at_ms=c.now_ms - 10)
    await c.apply(newer, older, newer)
    entry = (await c.read("top_all"))[0][0]
    assert (entry.post.upvotes, entry.post.downvotes) == (7, 2)
    assert c.store.feeds.lists[f"feed:community-top:{{{c.id}}}"][p] == 5.0
    await c.apply(
        c.featured(p, content_pb2.FEATURE_PINNED, c.now_ms),
        c.featured(p, content_pb2.FEATURE_UNSPECIFIED, c.now_ms - 10),  # an older unpin, late
    )
    assert (await c.read("new"))[0][0].post.feature == "pinned"


async def test_a_deleted_post_leaves_every_sort_and_the_featured_and_votes_bring_it_not_back(community):
    c = community
    p, other = await c.post(), await c.post(age_ms=5000)
    await c.apply(c.featured(p, content_pb2.FEATURE_PINNED, c.now_ms), c.voted(p, 3, 1))
    await c.apply(content_events.PostRemoved(post_id=p, community_id=c.id, removed_at=timestamp(c.now_ms)))
    await c.apply(c.voted(p, 9, 1, at_ms=c.now_ms + 1), c.featured(p, content_pb2.FEATURE_PINNED, c.now_ms + 1))
    for sort in ("new", "hot", "top_day", "top_week", "top_all", "controversial"):
        assert await c.every_page(sort, 5) == [other], sort


async def test_every_sort_and_the_featured_apply_the_reading_rules(community):
    c = community
    blocked, muted = _id(), _id()
    await c.store.relationships.set_blocked(c.reader, blocked, True, 1)
    await c.store.relationships.set_muted(c.reader, muted, True, 1)
    shown = await c.post(age_ms=9000)
    hidden = [
        await c.post(author=blocked),
        await c.post(author=muted),
        await c.post(content_warning="spoilers"),
        await c.post(text="a word about durian"),
    ]
    await c.store.feeds.set_content_warnings(c.reader, "hide")
    await c.reads.store.feeds.mute_word(c.reader, _muted("durian"))
    await c.apply(*(c.featured(p, content_pb2.FEATURE_PINNED, c.now_ms) for p in hidden[:2]))
    await c.apply(*(c.voted(p, 10, 9) for p in hidden))
    for sort in ("new", "hot", "top_day", "top_week", "top_all", "controversial"):
        assert await c.every_page(sort, 2) == [shown], sort


async def test_private_communities_show_no_sort_to_others(community):
    from kith_platform.errors import PermissionDenied

    c = community
    await c.store.feeds.put_community(c.id, "private")
    await c.post()
    with pytest.raises(PermissionDenied):
        await c.read("hot", reader=_id())


async def test_cursors_keep_their_place_when_votes_move_posts_between_pages(community):
    c = community
    posts = [await c.post(age_ms=1000 * (i + 1)) for i in range(9)]
    await c.apply(*(c.voted(p, 9 - i, 0) for i, p in enumerate(posts)))  # top: in the order posted
    first, cursor = await c.read("top_all", 3)
    assert [e.post.post_id for e in first] == posts[:3]
    # Meanwhile the last post on the first page gets many votes, and one of page two too.
    await c.apply(c.voted(posts[2], 100, 0, at_ms=c.now_ms + 1), c.voted(posts[4], 50, 0, at_ms=c.now_ms + 1))
    second, _ = await c.read("top_all", 3, cursor)
    assert [e.post.post_id for e in second] == [posts[3], posts[5], posts[6]]  # no repeat; posts[4] went up


async def test_many_equal_scores_page_without_loss_or_repeat(community):
    c = community
    posts = [await c.post(age_ms=1000) for _ in range(25)]  # no votes: all 0 in top and controversial
    for sort in ("top_all", "controversial", "top_day"):
        assert sorted(await c.every_page(sort, 4)) == sorted(posts), sort


async def test_bad_cursors_and_sorts_are_invalid_arguments(community):
    c = community
    await c.post()
    await c.post()
    _, new_cursor = await c.read("new", 1)
    _, hot_cursor = await c.read("hot", 1)
    with pytest.raises(InvalidArgument) as bad_sort:
        await c.read("best")
    assert bad_sort.value.field == "sort"
    for sort, cursor in (("hot", new_cursor), ("top_all", hot_cursor), ("new", hot_cursor), ("hot", "nonsense")):
        with pytest.raises(InvalidArgument) as bad:
            await c.read(sort, 1, cursor)
        assert bad.value.field == "cursor"
    assert SortCursor.decode(hot_cursor, "hot") is not None


async def test_the_reader_sees_their_own_vote_on_every_read_of_the_post(community):
    c = community
    p, q = await c.post(), await c.post(age_ms=3000)
    await c.apply(c.voted(p, 1, 0, user=c.reader, value=1), c.voted(q, 0, 1, user=c.reader, value=-1))
    votes = {e.post.post_id: e.viewer_vote for e in (await c.read("hot"))[0]}
    assert votes == {p: 1, q: -1}
    home, _ = await c.reads.home(c.reader, 20, "", ranked=False)
    assert {e.post.post_id: e.viewer_vote for e in home} == {p: 1, q: -1}
    # Taken back, then an older vote delivered late: still none.
    await c.apply(c.voted(q, 0, 0, user=c.reader, value=0, at_ms=c.now_ms + 5))
    await c.apply(c.voted(q, 0, 1, user=c.reader, value=-1, at_ms=c.now_ms))
    assert {e.post.post_id: e.viewer_vote for e in (await c.read("new"))[0]} == {p: 1, q: 0}
    assert {e.post.post_id: e.viewer_vote for e in (await c.read("new", reader=_id()))[0]} == {p: 0, q: 0}


async def test_an_erased_readers_votes_go_and_their_late_votes_count_without_them(community):
    c = community
    p = await c.post()
    await c.apply(c.voted(p, 1, 0, user=c.reader, value=1))
    assert c.store.feeds.reader_votes[c.reader]
    await apply_batch(c.store, [_event(identity_events.UserErased(user_id=c.reader))])
    assert c.reader not in c.store.feeds.reader_votes
    await c.apply(c.voted(p, 2, 0, user=c.reader, value=1, at_ms=c.now_ms + 1))  # late: applied without them
    assert c.reader not in c.store.feeds.reader_votes
    assert c.store.feeds.summary(p).upvotes == 2


def _muted(phrase: str):
    from kith_platform.reading_filters import MutedWord

    return MutedWord(phrase, True, 0, 1)


def test_post_summary_defaults_have_no_votes():
    assert PostSummary("p", "a", "", 0).upvotes == 0
