"""At-least-once delivery: redelivered events change nothing; a Kafka outage loses nothing."""

from __future__ import annotations

import subprocess

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition

from kith_platform.events import CONTENT_POSTS, parse_envelope
from kith_platform.healthcheck import status
from kith_platform.testing import wait_until
from tests.integration.conftest import KITHCTL
from tests.integration.endpoints import GATEWAY, KAFKA, KAFKA_NODES, POSTGRES

WORKER_GROUP = "kith-feed-worker"


async def _outbox_record(post_id: str) -> tuple[bytes, str]:
    conn = await asyncpg.connect(f"{POSTGRES}/content")
    try:
        row = await conn.fetchrow("SELECT key, value FROM outbox WHERE key = $1", post_id)
    finally:
        await conn.close()
    assert row is not None, "the post's event is not in the content outbox"
    return bytes(row["value"]), row["key"]


async def _worker_has_consumed(partition: TopicPartition, offset: int) -> bool:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(WORKER_GROUP, partitions=[partition])
    finally:
        await admin.close()
    committed = offsets.get(partition)
    return committed is not None and committed.offset > offset


async def test_redelivered_post_event_leaves_one_feed_entry(api):
    author = await api.sign_up("author")
    reader = await api.sign_up("reader")
    await api.follow(reader, author)
    post = await api.post(author, "say it once")

    async def count_in(user):
        return (await api.home_post_ids(user)).count(post.post_id)

    await wait_until(lambda: count_in(reader), what="the post in the reader's feed")
    value, key = await _outbox_record(post.post_id)
    assert parse_envelope(value).aggregate_id == post.post_id

    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for _ in range(2):
            meta = await producer.send_and_wait(CONTENT_POSTS, value, key=key.encode())
    finally:
        await producer.stop()

    partition = TopicPartition(CONTENT_POSTS, meta.partition)
    await wait_until(
        lambda: _worker_has_consumed(partition, meta.offset), timeout=30, what="the worker to consume the duplicates"
    )
    assert await count_in(reader) == 1
    assert await count_in(author) == 1


def _ctl(*args: str) -> None:
    subprocess.run([str(KITHCTL), "ctl", *args], check=True, capture_output=True)


@pytest.mark.faults
async def test_kafka_outage_delays_events_but_loses_none(api):
    author = await api.sign_up("author")
    before = await api.sign_up("reader")
    await api.follow(before, author)

    # The whole cluster at once (one node down changes nothing), as a power cut would: SIGKILL.
    # (A graceful stop of the last node waits for a controller quorum that has gone.)
    _ctl("signal", "KILL", *KAFKA_NODES)
    try:
        # Every write still succeeds while Kafka is down: the events wait in the outboxes.
        during = [await api.sign_up("outage") for _ in range(3)]
        for reader in during:
            await api.follow(reader, author)
        posts = [(await api.post(author, f"written while Kafka was down {i}")).post_id for i in range(5)]

        conn = await asyncpg.connect(f"{POSTGRES}/content")
        try:
            pending = await conn.fetchval(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND key = ANY($1::text[])", posts
            )
        finally:
            await conn.close()
        assert pending == len(posts)
    finally:
        _ctl("start", *KAFKA_NODES)

    subprocess.run([str(KITHCTL), "wait", "kafka", "--timeout", "120"], check=True)
    for reader in [before, *during, author]:

        async def complete(reader=reader):
            return set(posts) <= set(await api.home_post_ids(reader))

        await wait_until(complete, timeout=120, interval=0.5, what=f"every post in {reader.handle}'s feed")

    async def all_sent() -> bool:
        conn = await asyncpg.connect(f"{POSTGRES}/identity")
        try:
            unsent = await conn.fetchval(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND key = ANY($1::text[])",
                [u.user_id for u in during],
            )
        finally:
            await conn.close()
        return unsent == 0

    await wait_until(all_sent, timeout=60, what="the UserRegistered events of the outage to be marked sent")
    assert await status(GATEWAY) == "SERVING"
