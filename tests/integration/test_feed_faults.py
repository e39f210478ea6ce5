"""The stream worker is killed with SIGKILL at random moments, again and again, while posts
are published; afterwards every follower's home feed holds exactly the posts it should."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import uuid
from datetime import datetime, timezone

import redis.asyncio as aioredis
from aiokafka import AIOKafkaProducer

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith_platform.events import CONTENT_POSTS, GRAPH_RELATIONSHIPS, make_event, timestamp
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA, REDIS_URL

KILLS = int(os.environ.get("KITH_FAULT_KILLS", "6"))
POSTS = int(os.environ.get("KITH_FAULT_POSTS", "2000"))


def _worker_pids() -> list[int]:
    out = subprocess.run(["pgrep", "-f", "kith_feed worker"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


async def _running() -> bool:
    return bool(_worker_pids())


async def test_feeds_are_complete_after_the_worker_is_killed_many_times(platform_up):
    rng = random.Random(11)
    authors = [str(uuid.uuid4()) for _ in range(20)]
    readers = [str(uuid.uuid4()) for _ in range(60)]
    follows = {r: set(rng.sample(authors, 3)) for r in readers}
    now = datetime.now(timezone.utc)
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", enable_idempotence=True, linger_ms=5)
    await producer.start()
    posts_by_author: dict[str, set[str]] = {a: set() for a in authors}
    kills = 0
    try:
        for reader, followed in follows.items():
            for author in followed:
                event = make_event(topic=GRAPH_RELATIONSHIPS, aggregate_id=author, producer="fault-test",
                                   payload=graph_events.UserFollowed(follower_id=reader, followee_id=author,
                                                                     followed_at=timestamp(now)))
                await producer.send(GRAPH_RELATIONSHIPS, event.value, key=event.key.encode())
        await producer.flush()

        async def killer():
            nonlocal kills
            while kills < KILLS:
                await asyncio.sleep(rng.uniform(0.5, 2.5))
                pids = _worker_pids()
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    kills += 1

        async def publish():
            for i in range(POSTS):
                author = rng.choice(authors)
                post_id = str(uuid.uuid4())
                posts_by_author[author].add(post_id)
                at = datetime.now(timezone.utc)
                event = make_event(topic=CONTENT_POSTS, aggregate_id=post_id, producer="fault-test", occurred_at=at,
                                   payload=content_events.PostPublished(
                                       post_id=post_id, author_id=author, text=f"post {i}",
                                       audience=content_pb2.AUDIENCE_PUBLIC, created_at=timestamp(at)))
                await producer.send(CONTENT_POSTS, event.value, key=event.key.encode())
                if i % 50 == 0:  # spread over the kills: about 40 posts per restart window
                    await producer.flush()
                    await asyncio.sleep(KILLS * 1.5 / (POSTS / 50))
            await producer.flush()

        await asyncio.gather(killer(), publish())
    finally:
        await producer.stop()
    assert kills == KILLS
    await wait_until(lambda: _running(), timeout=30, what="supervisord to restart the worker")

    redis = aioredis.Redis.from_url(REDIS_URL)
    try:
        def expected(reader: str) -> set[str]:
            return set().union(*(posts_by_author[a] for a in follows[reader]))

        async def complete():
            pipe = redis.pipeline(transaction=False)
            for reader in readers:
                pipe.zrange(f"feed:home:{{{reader}}}", 0, -1)
            feeds = await pipe.execute()
            return all({m.decode() for m in feed} == expected(reader) for reader, feed in zip(readers, feeds))

        await wait_until(complete, timeout=120, interval=1.0, what="every feed complete after the kills")
        # Exactly: the author's own feeds hold their posts once each, nothing from others.
        for author in authors:
            own = {m.decode() for m in await redis.zrange(f"feed:home:{{{author}}}", 0, -1)}
            assert own == posts_by_author[author]
    finally:
        await redis.aclose()
