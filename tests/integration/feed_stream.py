"""What the stream worker tests share: events published straight to Kafka, home feeds read
straight from Redis, and the worker group's members and offsets as the broker sees them."""

from __future__ import annotations

from datetime import UTC, datetime

import redis.asyncio as aioredis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.coordinator.protocol import ConsumerProtocolMemberAssignment
from redis.asyncio.cluster import RedisCluster

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith_feed.adapters.keys import followers_key, home_key
from kith_platform.events import CONTENT_POSTS, GRAPH_RELATIONSHIPS, make_event, timestamp
from tests.integration.endpoints import KAFKA
from tests.integration.processes import supervised_pid

PRODUCER = "worker-test"


def supervised_worker_pid() -> int | None:
    """The stream worker that supervisord runs (and restarts), not one a test or a benchmark
    started beside it."""
    return supervised_pid("services:feed-worker")


async def start_producer() -> AIOKafkaProducer:
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", enable_idempotence=True, linger_ms=5)
    await producer.start()
    return producer


async def publish_follows(producer: AIOKafkaProducer, follows: dict[str, set[str]]) -> None:
    """`follows`: reader -> the authors they follow (one UserFollowed each)."""
    now = timestamp(datetime.now(UTC))
    for reader, followed in follows.items():
        for author in followed:
            event = make_event(
                topic=GRAPH_RELATIONSHIPS,
                aggregate_id=author,
                producer=PRODUCER,
                payload=graph_events.UserFollowed(follower_id=reader, followee_id=author, followed_at=now),
            )
            await producer.send(GRAPH_RELATIONSHIPS, event.value, key=event.key.encode())
    await producer.flush()


async def publish_post(producer: AIOKafkaProducer, post_id: str, author: str, text: str):
    """Send a public PostPublished keyed by the post; await the result for its partition and offset."""
    at = datetime.now(UTC)
    event = make_event(
        topic=CONTENT_POSTS,
        aggregate_id=post_id,
        producer=PRODUCER,
        occurred_at=at,
        payload=content_events.PostPublished(
            post_id=post_id, author_id=author, text=text, audience=content_pb2.AUDIENCE_PUBLIC, created_at=timestamp(at)
        ),
    )
    return await producer.send(CONTENT_POSTS, event.value, key=event.key.encode())


async def home_feeds(redis, users: list[str]) -> dict[str, list[str]]:
    """Every member of each user's home feed (a list: a duplicate would show)."""
    pipe = redis.pipeline(transaction=False)
    for user in users:
        pipe.zrange(home_key(user), 0, -1)
    return {user: [m.decode() for m in feed] for user, feed in zip(users, await pipe.execute(), strict=True)}


async def follows_applied(redis, follows: dict[str, set[str]]) -> bool:
    """The worker knows every follower of every author (so fan-out, not the follow's backfill
    of recent posts, is what puts the posts that follow into feeds)."""
    authors = sorted(set().union(*follows.values()))
    pipe = redis.pipeline(transaction=False)
    for author in authors:
        pipe.smembers(followers_key(author))
    known = {a: {m.decode() for m in members} for a, members in zip(authors, await pipe.execute(), strict=True)}
    return all(reader in known[a] for reader, followed in follows.items() for a in followed)


async def feed_differences(redis, expected: dict[str, set[str]]) -> dict[str, str]:
    """user -> what is wrong with their home feed (empty when every feed is exactly right)."""
    wrong = {}
    for user, feed in (await home_feeds(redis, list(expected))).items():
        missing, extra = expected[user] - set(feed), set(feed) - expected[user]
        doubled = len(feed) - len(set(feed))
        if missing or extra or doubled:
            wrong[user] = f"{len(missing)} missing, {len(extra)} unexpected, {doubled} doubled"
    return wrong


async def group_members(admin: AIOKafkaAdminClient, group: str) -> dict[str, dict[str, set[int]]]:
    """member id -> topic -> partitions it holds, as the group coordinator last assigned them
    (empty while the group rebalances)."""
    described = (await admin.describe_consumer_groups([group]))[0].groups[0]
    _error, _group, state, _protocol_type, _protocol, members = described
    if state != "Stable":
        return {}
    out = {}
    for member_id, _client_id, _host, _metadata, assignment in members:
        decoded = ConsumerProtocolMemberAssignment.decode(assignment) if assignment else None
        out[member_id] = {topic: set(partitions) for topic, partitions in (decoded.assignment if decoded else [])}
    return out


async def topic_partitions(topics: list[str]) -> list[TopicPartition]:
    """Every partition of `topics`, as the broker describes them."""
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]


async def newest_records(topics: list[str], last: int = 2000) -> list:
    """The newest `last` records of each partition of `topics` (read up to where they end now)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await topic_partitions(topics)
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        starts = await consumer.beginning_offsets(partitions)
        for tp in partitions:
            consumer.seek(tp, max(starts[tp], ends[tp] - last))
        records = []
        while any([await consumer.position(tp) < ends[tp] for tp in partitions]):
            for batch in (await consumer.getmany(timeout_ms=500, max_records=5000)).values():
                records += batch
        return records
    finally:
        await consumer.stop()


async def place_group_at_end(group: str, topics: list[str]) -> None:
    """Commit `group`'s offsets at the end of each topic (it has no member running): a worker
    of that group then consumes only what is published from now on."""
    partitions = await topic_partitions(topics)
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.commit(await consumer.end_offsets(partitions))
    finally:
        await consumer.stop()


async def committed_offsets(admin: AIOKafkaAdminClient, group: str, topic: str) -> dict[int, int]:
    offsets = await admin.list_consumer_group_offsets(group)
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic}


def redis_for_worker(env: dict[str, str]):
    """A client of the Redis the worker with this environment writes to."""
    url = env.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")
    if env.get("KITH_REDIS_CLUSTER", "").lower() in ("1", "true", "yes"):
        return RedisCluster.from_url(url)
    return aioredis.Redis.from_url(url)
