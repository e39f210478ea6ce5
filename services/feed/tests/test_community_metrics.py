"""Community metrics on the real Redis: exact under duplicate and out-of-order deliveries."""

from __future__ import annotations

import random
import uuid

import pytest

from kith_feed.adapters.community_metrics import RedisCommunityMetrics
from kith_feed.domain.health import DAY_MS, Cohort, Day, day_label, health, week_label, week_of


@pytest.fixture
async def metrics(redis_client):
    return RedisCommunityMetrics(redis_client)


async def test_counters_are_exact_under_duplicate_and_reordered_deliveries(metrics):
    c = str(uuid.uuid4())
    day0 = 20_000 * DAY_MS
    events = []  # (event id, kind, actor, at, extra)
    for d in range(3):
        for i in range(d + 2):
            post = f"p{d}{i}"
            events.append(
                (
                    f"post-{post}",
                    "post",
                    f"u{i}",
                    day0 + d * DAY_MS + i,
                    {"post_id": post, "created_ms": day0 + d * DAY_MS + i, "sentiment": 0.5},
                )
            )
            events.append((f"react-{post}", "reaction", f"u{i + 1}", day0 + d * DAY_MS + 100 + i, {}))
        events.append((f"join-{d}", "join", f"m{d}", day0 + d * DAY_MS + 5, {}))
    posts_first = list(events)
    # Comments come after their posts (one post's events share a partition); the rest arrive
    # shuffled and half of them twice.
    comments = [
        (
            f"comment-{k}",
            "comment",
            "u9",
            day0 + 2 * DAY_MS + 500 + k,
            {"post_id": "p00", "depth": 1 + k % 2, "sentiment": -0.6},
        )
        for k in range(3)
    ]
    rng = random.Random(3)
    deliveries = posts_first + rng.sample(posts_first, len(posts_first) // 2)
    rng.shuffle(deliveries)
    deliveries += comments + comments[:2]
    for event_id, kind, actor, at, extra in deliveries:
        await metrics.record(f"{c}:{event_id}", c, kind, actor, at, **extra)

    days = await metrics.days(c, 20_000, 20_002)
    assert [d.posts for d in days] == [2, 3, 4]
    assert [d.reactions for d in days] == [2, 3, 4]
    assert [d.new_members for d in days] == [1, 1, 1]
    assert days[2].comments == 3 and days[2].depth_sum == 1 + 2 + 1
    assert days[0].replied_posts == 1  # p00 was posted on day 0 and answered on day 2
    assert days[2].first_replies == ((2 * DAY_MS + 500 - 0) / 1000,)
    assert days[0].sentiment_n == 2 and days[0].positive == 2 and days[2].negative == 3
    assert [d.active for d in days] == [3, 4, 6]  # HyperLogLog, exact at these sizes


async def test_cohorts_count_who_stayed_active(metrics):
    c = str(uuid.uuid4())
    week0 = week_of(20_000 * DAY_MS)
    monday = (week0 * 7 - 3) * DAY_MS
    for user in ("a", "b", "c"):
        await metrics.record(f"{c}:join-{user}", c, "join", user, monday + DAY_MS)
    await metrics.record(f"{c}:r1", c, "reaction", "a", monday + 8 * DAY_MS)  # active the week after
    [cohort] = await metrics.cohorts(c, week0 + 1)
    assert cohort.size == 3 and cohort.active_by_week == (0, 1)


def test_the_health_index_formula():
    days = [Day(1, posts=4, comments=6, first_replies=(1800.0, 5400.0), sentiment_sum=0.4, sentiment_n=2)]
    got = health(members=10, weekly_active=5, days=days, cohorts=[Cohort(1, 4, (4, 2))])
    assert (got.activity, got.engagement, got.retention) == (0.5, 0.5, 0.5)
    assert got.responsiveness == pytest.approx(1 / (1 + 1.0))  # median one hour
    assert got.sentiment == pytest.approx(0.6)
    assert got.value == pytest.approx(100 * (0.15 + 0.1 + 0.1 + 0.1 + 0.06))
    assert day_label(0) == "1970-01-01" and week_label(0) == "1969-12-29"


async def test_a_post_recorded_while_its_comment_is_applied_still_counts_the_reply(metrics):
    """A comment's script is given its post's day from a read just before it; when the post
    was recorded in between, the script applies nothing and the comment is applied again."""
    c = str(uuid.uuid4())
    day0 = 20_100 * DAY_MS
    read = metrics.redis.hget
    raced = []

    async def hget_before_the_post(key, field):
        if not raced:  # the first read misses the post, which lands right after it
            raced.append(True)
            await metrics.record(f"{c}:post", c, "post", "u1", day0, post_id="p1", created_ms=day0)
            return None
        return await read(key, field)

    metrics.redis.hget = hget_before_the_post
    try:
        assert await metrics.record(f"{c}:comment", c, "comment", "u2", day0 + DAY_MS + 60_000, post_id="p1", depth=1)
    finally:
        del metrics.redis.hget
    assert not await metrics.record(
        f"{c}:comment", c, "comment", "u2", day0 + DAY_MS + 60_000, post_id="p1", depth=1
    )  # redelivered
    days = await metrics.days(c, 20_100, 20_101)
    assert days[0].posts == 1 and days[0].replied_posts == 1
    assert days[1].comments == 1 and days[1].first_replies == (DAY_MS / 1000 + 60,)
