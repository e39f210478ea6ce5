"""The fan-out against the shared visibility table (tests/visibility_cases.py), on the real Redis
(make up): each row's post goes the stream worker's way (content's PostPublished, the erased
people taken out, the summary, the fan-out) and must land in the viewer's home feed, or not, as
the row's `home` says. Both fan-out paths run it (lua/fan_out.lua and the pipelines), and the
Redis Cluster when it is running. Every row has its own author, viewer and community (fresh
ids), set up through the read model's plain keys (adapters/keys.py), and everything is removed
afterwards."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith_feed.adapters import keys
from kith_feed.adapters.away import away_among
from kith_feed.adapters.fan_out import RedisFanOut
from kith_feed.domain.erasure import scrub
from kith_feed.domain.model import PostSummary
from kith_feed.service_layer.feed_updates import post_summary
from kith_platform.testing import redis_for_test
from tests.visibility_cases import CASES, POSTS, VIEWERS, Case

pytestmark = pytest.mark.integration

RUNS = [c for c in CASES if c.home is not None]  # held and rejected posts never reach the feed


@dataclass
class Row:
    case: Case
    author: str = field(default_factory=lambda: str(uuid.uuid4()))
    reader: str = field(default_factory=lambda: str(uuid.uuid4()))
    community: str = field(default_factory=lambda: str(uuid.uuid4()))
    post_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        if VIEWERS[self.case.viewer].is_author:
            self.reader = self.author

    def published(self, at_ms: int) -> content_events.PostPublished:
        """What content publishes for the row's post."""
        kind = POSTS[self.case.post]
        return content_events.PostPublished(
            post_id=self.post_id,
            author_id=self.author,
            text=f"visibility table: {self.case.id}",
            audience=content_pb2.Audience.Value(f"AUDIENCE_{kind.audience.upper()}"),
            created_at=Timestamp(seconds=at_ms // 1000, nanos=at_ms % 1000 * 1_000_000),
            community_id=self.community if kind.community else "",
            community_members_only=kind.members_only,
        )

    def touched(self) -> list[str]:
        users = [
            f(u)
            for u in (self.author, self.reader)
            for f in (
                keys.home_key,
                keys.timeline_key,
                keys.followers_key,
                keys.following_key,
                keys.friends_key,
                keys.mutes_key,
                keys.muted_by_key,
                keys.blocks_key,
                keys.communities_key,
                keys.user_key,
                keys.facts_key,
            )
        ]
        return [
            *users,
            keys.members_key(self.community),
            keys.community_key(self.community),
            keys.post_key(self.post_id),
        ]


async def _relate(redis, row: Row, now_ms: int) -> None:
    """The row's relationships, memberships and author state, as the worker records them."""
    v, a, r = VIEWERS[row.case.viewer], row.author, row.reader
    pipe = redis.pipeline(transaction=False)
    for user in {a, r} if v.member else {a}:  # the author is a member of where they post
        pipe.sadd(keys.members_key(row.community), user)
        pipe.sadd(keys.communities_key(user), row.community)
    if v.follows:
        pipe.sadd(keys.followers_key(a), r)
        pipe.sadd(keys.following_key(r), a)
    if v.friends:
        pipe.sadd(keys.friends_key(a), r)
        pipe.sadd(keys.friends_key(r), a)
    if v.blocks_author or v.blocked_by_author:  # each side's set holds blocks either way
        pipe.sadd(keys.blocks_key(a), r)
        pipe.sadd(keys.blocks_key(r), a)
    if v.mutes_author:
        pipe.sadd(keys.mutes_key(r), a)
        pipe.sadd(keys.muted_by_key(a), r)
    if v.muted_by_author:
        pipe.sadd(keys.mutes_key(a), r)
        pipe.sadd(keys.muted_by_key(r), a)
    if row.case.author == "deactivated":  # as lua/away.lua writes it
        pipe.hset(keys.facts_key(a), "away", f"{now_ms}:1")
        pipe.hset(keys.user_key(a), "away", "1")
    if row.case.author == "erased":
        pipe.zadd(keys.ERASED_USERS, {a: now_ms})
    await pipe.execute()


@pytest.fixture(
    params=[("standalone", True), ("standalone", False), ("cluster", False)],
    ids=["standalone, fan-out in Lua", "standalone, fan-out in pipelines", "cluster"],
)
async def fan_out(request):
    target, in_lua = request.param
    client = await redis_for_test(target)
    store = RedisFanOut(client, in_lua=in_lua)
    assert store.in_lua == in_lua  # a cluster client always fans out in pipelines
    yield client, store
    await client.aclose()


async def test_the_fan_out_answers_each_row_of_the_visibility_table(fan_out):
    redis, fan_out_store = fan_out
    now_ms = int(time.time() * 1000)
    rows = [Row(case) for case in RUNS]
    try:
        for row in rows:
            await _relate(redis, row, now_ms)
        authors = [r.author for r in rows]
        erased = {
            a for a, at in zip(authors, await redis.zmscore(keys.ERASED_USERS, authors), strict=True) if at is not None
        }
        posts: list[PostSummary] = []
        for i, row in enumerate(rows):
            event = scrub(row.published(now_ms + i), erased)  # the worker's first step (events.apply_batch)
            if event is not None:
                summary = post_summary(event)
                assert summary is not None, row.case.id
                posts.append(summary)
        await fan_out_store.posts(posts)

        pipe = redis.pipeline(transaction=False)
        for row in rows:
            pipe.zscore(keys.home_key(row.reader), row.post_id)
        landed = [score is not None for score in await pipe.execute()]
        away = await away_among(redis, authors)
    finally:
        pipe = redis.pipeline(transaction=False)
        for row in rows:
            for key in row.touched():
                pipe.delete(key)
            pipe.zrem(keys.POPULAR_KEY, row.post_id)
            pipe.zrem(keys.ERASED_USERS, row.author)
        await pipe.execute()

    wrong = [
        f"{row.case.id}: {'lands' if got else 'does not land'} in the home feed"
        for row, got in zip(rows, landed, strict=True)
        if got != row.case.home
    ]
    assert not wrong, wrong
    # The reads drop the posts of these authors (the table's `feed` column for them).
    assert {r.author for r in rows if r.case.author != "active"} == away
