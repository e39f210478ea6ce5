"""The stream worker is killed with SIGKILL at random moments, again and again, while posts
are published; afterwards every follower's home feed holds exactly the posts it should."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import uuid

import redis.asyncio as aioredis

from kith_platform.testing import wait_until
from tests.integration.endpoints import REDIS_URL
from tests.integration.feed_stream import (
    feed_differences,
    follows_applied,
    publish_follows,
    publish_post,
    start_producer,
    supervised_worker_pid,
)

KILLS = int(os.environ.get("KITH_FAULT_KILLS", "6"))
POSTS = int(os.environ.get("KITH_FAULT_POSTS", "2000"))


async def _running() -> bool:
    return supervised_worker_pid() is not None


async def test_feeds_are_complete_after_the_worker_is_killed_many_times(platform_up):
    rng = random.Random(11)
    authors = [str(uuid.uuid4()) for _ in range(20)]
    readers = [str(uuid.uuid4()) for _ in range(60)]
    follows = {r: set(rng.sample(authors, 3)) for r in readers}
    producer = await start_producer()
    posts_by_author: dict[str, set[str]] = {a: set() for a in authors}
    kills = 0
    redis = aioredis.Redis.from_url(REDIS_URL)
    try:
        await publish_follows(producer, follows)
        # The worker knows every follower before the posts come: what puts the posts into the
        # feeds is then the fan-out under the kills, not a follow applied late (whose backfill
        # brings only an author's latest posts, by design).
        await wait_until(
            lambda: follows_applied(redis, follows),
            timeout=60,
            interval=0.2,
            what="the follows in the feed's read model",
        )

        async def killer():
            nonlocal kills
            while kills < KILLS:
                await asyncio.sleep(rng.uniform(0.5, 2.5))
                pid = supervised_worker_pid()
                if pid:
                    os.kill(pid, signal.SIGKILL)
                    kills += 1

        async def publish():
            for i in range(POSTS):
                author = rng.choice(authors)
                post_id = str(uuid.uuid4())
                posts_by_author[author].add(post_id)
                await publish_post(producer, post_id, author, f"post {i}")
                if i % 50 == 0:  # spread over the kills: about 40 posts per restart window
                    await producer.flush()
                    await asyncio.sleep(KILLS * 1.5 / (POSTS / 50))
            await producer.flush()

        await asyncio.gather(killer(), publish())
    finally:
        await producer.stop()
    assert kills == KILLS
    await wait_until(lambda: _running(), timeout=30, what="supervisord to restart the worker")

    try:
        expected = {r: set().union(*(posts_by_author[a] for a in follows[r])) for r in readers}

        async def complete():
            return not await feed_differences(redis, expected)

        await wait_until(complete, timeout=120, interval=1.0, what="every feed complete after the kills")
        # Exactly: the author's own feeds hold their posts once each, nothing from others.
        assert not await feed_differences(redis, {a: posts_by_author[a] for a in authors})
    finally:
        await redis.aclose()
