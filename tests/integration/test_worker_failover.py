"""Two stream workers share the partitions of content.posts.v1 in one consumer group; one is
killed with SIGKILL mid-stream, the other takes its partitions over, and afterwards every home
feed holds exactly the posts it should."""

from __future__ import annotations

import asyncio
import random
import signal
import time
import uuid

from aiokafka.admin import AIOKafkaAdminClient

from kith_platform.events import CONTENT_POSTS
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA
from tests.integration.feed_stream import (
    committed_offsets,
    feed_differences,
    follows_applied,
    group_members,
    publish_follows,
    publish_post,
    redis_for_worker,
    start_producer,
)
from tests.integration.processes import Instance, program

POSTS = 2000
PARTITIONS = 6


async def test_a_killed_worker_hands_its_partitions_over_and_no_post_is_lost_or_doubled(platform_up, tmp_path):
    _, env = program("feed-worker")
    group = env.get("KITH_FEED_WORKER_GROUP", "kith-feed-worker")
    rng = random.Random(9)
    authors = [str(uuid.uuid4()) for _ in range(20)]
    readers = [str(uuid.uuid4()) for _ in range(60)]
    follows = {r: set(rng.sample(authors, 3)) for r in readers}
    posts_by_author: dict[str, set[str]] = {a: set() for a in authors}

    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    producer = await start_producer()
    redis = redis_for_worker(env)
    extra = Instance(
        "feed-worker",
        tmp_path / "extra-worker.log",
        {"KITH_FEED_WORKER_DATADIR": str(tmp_path / "extra-worker"), "KITH_METRICS_PORT": "0"},
    )
    try:
        before = set(
            await wait_until(lambda: group_members(admin, group), timeout=30, what="the supervised worker in its group")
        )
        # The supervised worker alone (a worker someone else runs would simply be one more).

        extra.start()

        async def extra_holds_posts():
            members = await group_members(admin, group)
            holding = {m: tps.get(CONTENT_POSTS, set()) for m, tps in members.items()}
            joined = set(holding) - before
            return holding if len(joined) == 1 and holding[next(iter(joined))] else None

        shared = await wait_until(
            extra_holds_posts, timeout=40, interval=0.3, what="the extra worker holding partitions of content.posts.v1"
        )
        (extra_member,) = set(shared) - before
        extra_partitions = shared[extra_member]
        others = set().union(*(shared[m] for m in before))
        assert others and others | extra_partitions == set(range(PARTITIONS)), shared
        started = await committed_offsets(admin, group, CONTENT_POSTS)

        await publish_follows(producer, follows)
        await wait_until(
            lambda: follows_applied(redis, follows), timeout=30, interval=0.2, what="the follows applied by the workers"
        )
        sent = 0

        async def publish():
            nonlocal sent
            for i in range(POSTS):
                author = rng.choice(authors)
                post_id = str(uuid.uuid4())
                posts_by_author[author].add(post_id)
                await publish_post(producer, post_id, author, f"post {i}")
                sent += 1
                if i % 50 == 49:  # about 250 posts a second: the stream outlives the kill
                    await producer.flush()
                    await asyncio.sleep(0.2)
            await producer.flush()

        publishing = asyncio.create_task(publish())

        async def extra_worker_committed():
            # The killed worker must have been doing its share: its partitions moved on.
            now = await committed_offsets(admin, group, CONTENT_POSTS)
            return any(now.get(p, 0) > started.get(p, 0) for p in extra_partitions)

        await wait_until(
            extra_worker_committed, timeout=20, interval=0.2, what="the extra worker to commit posts on its partitions"
        )
        extra.signal(signal.SIGKILL)
        killed_at, sent_at_kill = time.monotonic(), sent
        assert (await extra.wait_exit(5))[0] == -signal.SIGKILL
        assert sent_at_kill < POSTS, "the kill must come while posts are still being published"

        async def survivors_hold_everything():
            members = await group_members(admin, group)
            held = set().union(*(tps.get(CONTENT_POSTS, set()) for tps in members.values()))
            return members if members and set(members) <= before and held == set(range(PARTITIONS)) else None

        # The killed member never says goodbye: the coordinator drops it after the session
        # timeout (10 s locally), then the supervised worker is given all six partitions.
        survivors = await wait_until(
            survivors_hold_everything, timeout=30, interval=0.3, what="the killed worker's partitions taken over"
        )
        handover_seconds = time.monotonic() - killed_at
        assert set(survivors) == before  # back to one member: the supervised worker alone
        await publishing

        expected = {r: set().union(*(posts_by_author[a] for a in follows[r])) for r in readers}
        expected |= {a: posts_by_author[a] for a in authors}  # authors see their own posts

        async def all_right():
            return not await feed_differences(redis, expected)

        try:
            await wait_until(all_right, timeout=60, interval=0.5, what="every home feed exactly right")
        except AssertionError as exc:
            wrong = await feed_differences(redis, expected)
            raise AssertionError(
                f"{len(wrong)} of {len(expected)} home feeds wrong, e.g. {list(wrong.items())[:5]}"
            ) from exc
        print(
            f"\n{sent_at_kill} of {POSTS} posts sent at the kill; {len(survivors)} member(s) held all six partitions "
            f"{handover_seconds:.1f}s after it"
        )
    finally:
        extra.stop()
        await producer.stop()
        await admin.close()
        await redis.aclose()
