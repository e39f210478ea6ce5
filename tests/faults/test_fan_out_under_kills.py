"""The stream worker killed with SIGKILL again and again while a long run of posts is fanned out
(`fan_out_kills` times during `fan_out_posts` posts: 30 during 100,000 in the standard and long
profiles, tests/faults/profile.py).

The posts and the follows are published straight to Kafka, as content and graph would publish
them, so that the run is as long as the issue asks and the worker is the only thing under test.
Each kill lands while the worker has work (posts still being published or not yet applied): two
in three while it applies posts, one in three while it starts up.
supervisord starts the worker again each time; it resumes from its group's committed offsets and
applies again what it had applied but not committed. Afterwards every home feed holds exactly
the posts of the people followed (and its owner's own): none missing, none extra."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import time
import uuid

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from kith_platform.events import CONTENT_POSTS
from kith_platform.testing import wait_until
from tests.faults.conftest import FIGURES, record
from tests.faults.profile import figure
from tests.integration.endpoints import KAFKA
from tests.integration.feed_stream import (
    committed_offsets,
    feed_differences,
    follows_applied,
    home_feeds,
    publish_follows,
    publish_post,
    redis_for_worker,
    start_producer,
    supervised_worker_pid,
    topic_partitions,
)
from tests.integration.processes import program

POSTS = int(figure("fan_out_posts"))
KILLS = int(figure("fan_out_kills"))
POSTS_PER_AUTHOR = 100  # so that no home feed passes its cap (800): each holds 300 at most
FOLLOWED = 3
# Publishing is paced so that it lasts about as long as the kills: most take the group's session
# timeout (10 s) to hand the partitions on, and the new worker applies posts for a moment first.
POSTS_PER_SECOND = max(100.0, POSTS / (KILLS * 11.0))
pytestmark = pytest.mark.timeout(int(300 + KILLS * 15 + POSTS / 200))


async def _more(applied, than: int) -> bool:
    return await applied() > than


async def _end_offsets(partitions) -> dict[int, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        return {tp.partition: offset for tp, offset in (await consumer.end_offsets(partitions)).items()}
    finally:
        await consumer.stop()


async def test_a_worker_killed_30_times_during_100000_posts_fans_every_post_out_once(platform_up):
    _, env = program("feed-worker")
    group = env.get("KITH_FEED_WORKER_GROUP", "kith-feed-worker")
    rng = random.Random(30)
    authors = [str(uuid.uuid4()) for _ in range(max(10, POSTS // POSTS_PER_AUTHOR))]
    readers = [str(uuid.uuid4()) for _ in range(2 * len(authors))]
    follows = {r: set(rng.sample(authors, FOLLOWED)) for r in readers}
    posts_by_author: dict[str, set[str]] = {a: set() for a in authors}
    partitions = [tp for tp in await topic_partitions([CONTENT_POSTS])]

    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    producer = await start_producer()
    redis = redis_for_worker(env)
    sent = 0
    kills: list[dict] = []
    try:
        await publish_follows(producer, follows)
        await wait_until(
            lambda: follows_applied(redis, follows), timeout=60, interval=0.5, what="the follows applied by the worker"
        )

        async def publish():
            nonlocal sent
            started = time.monotonic()
            for i in range(POSTS):
                author = rng.choice(authors)
                post_id = str(uuid.uuid4())
                posts_by_author[author].add(post_id)
                await publish_post(producer, post_id, author, f"fanned out under kills {i}")
                sent += 1
                if i % 100 == 99:
                    await producer.flush()
                    ahead = sent / POSTS_PER_SECOND - (time.monotonic() - started)
                    if ahead > 0:
                        await asyncio.sleep(ahead)
            await producer.flush()

        async def behind() -> int:
            """Posts published and not yet committed by the worker's group."""
            ends, committed = await _end_offsets(partitions), await committed_offsets(admin, group, CONTENT_POSTS)
            return sum(end - committed.get(p, 0) for p, end in ends.items())

        async def applied() -> int:
            return sum((await committed_offsets(admin, group, CONTENT_POSTS)).values())

        publishing = asyncio.create_task(publish())
        killed_at = None
        back_after: list[float] = []  # from a kill until the new worker commits posts again
        for n in range(KILLS):
            pid = await wait_until(
                lambda: asyncio.to_thread(supervised_worker_pid),
                timeout=60,
                interval=0.1,
                what="supervisord to start the stream worker again",
            )
            if n % 3 == 2:
                # A third of the kills while it starts up (joining the group, seeking to the
                # committed offsets), as supervisord counts it started (after 3 s).
                await asyncio.sleep(rng.uniform(3.2, 4.5))
            else:
                # The rest in the middle of its batches, once it applies and commits posts again.
                before = await applied()
                await wait_until(
                    lambda before=before: _more(applied, before),
                    timeout=90,
                    interval=0.1,
                    what="the stream worker applying and committing posts again",
                )
                if killed_at is not None:
                    back_after.append(time.monotonic() - killed_at)
                await asyncio.sleep(rng.uniform(0.2, 2.0))
            lag = await behind()
            assert lag > 0 or not publishing.done(), "the worker had nothing left to do: the run was too short"
            os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()
            kills.append({"sent": sent, "behind": lag})
            print(f"kill {len(kills)}: {sent} posts sent, {lag} not yet applied", file=sys.stderr, flush=True)
        await publishing
        print(f"all {POSTS} posts sent; {await behind()} not yet applied", file=sys.stderr, flush=True)

        expected = {r: set().union(*(posts_by_author[a] for a in follows[r])) for r in readers}
        expected |= {a: posts_by_author[a] for a in authors}  # authors see their own posts
        caught_up_from = time.monotonic()

        async def all_right() -> bool:
            return not await feed_differences(redis, expected)

        try:
            await wait_until(all_right, timeout=120 + POSTS / 500, interval=2, what="every home feed exactly right")
        except AssertionError as exc:
            wrong = await feed_differences(redis, expected)
            raise AssertionError(
                f"{len(wrong)} of {len(expected)} home feeds wrong, e.g. {list(wrong.items())[:5]}"
            ) from exc
        settled_after = time.monotonic() - caught_up_from
        feeds = await home_feeds(redis, list(expected))
        lost = sum(len(expected[u] - set(feed)) for u, feed in feeds.items())
        extra = sum(len(set(feed) - expected[u]) for u, feed in feeds.items())
        entries = sum(len(posts) for posts in expected.values())
        FIGURES.append(
            f"fan-out under kills: {len(kills)} stream worker SIGKILLs while {POSTS} posts were fanned out "
            f"({entries} home feed entries, {len(readers)} readers); lost {lost}, extra {extra}, every feed exact "
            f"{settled_after:.0f} s after the last post was published; the worker applied posts again "
            f"{sorted(back_after)[len(back_after) // 2] if back_after else 0:.1f} s after a kill (median)"
        )
        record(
            "fan_out_under_kills",
            faults={"stream worker SIGKILL": len(kills)},
            writes={"PostPublished": POSTS, "home feed entries": entries},
            lost=lost,
            # A post applied twice cannot show twice in a sorted set (the worker's adds are
            # idempotent by design); what would show is an entry that should not be there.
            duplicated=extra,
            behind_at_kills=[k["behind"] for k in kills],
            recovery_seconds={"stream worker SIGKILL": back_after},
        )
    finally:
        await producer.stop()
        await admin.close()
        await redis.aclose()
