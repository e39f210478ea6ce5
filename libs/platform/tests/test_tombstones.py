"""Tombstones of compacted topics (a key with no value) through the outbox, the relay, the
mirror push and the consumers: carried as None end to end, never mistaken for an event."""

from __future__ import annotations

import asyncio
import uuid
from importlib import resources

import asyncpg
import pytest

from kith.common.v1 import envelope_pb2
from kith_platform.consumer import KafkaEventConsumer
from kith_platform.events import IDENTITY_PROFILES, IDENTITY_USERS, TOPIC_CONFIGS, make_event, tombstone
from kith_platform.mirrors import MirrorPush
from kith_platform.outbox import OutboxRelay, PendingEvent, PostgresOutboxStore, add_to_postgres_outbox
from kith_platform.testing import POSTGRES

MIGRATIONS = resources.files("kith_platform") / "migrations" / "postgres"


def _event(topic: str = IDENTITY_USERS, key: str = "k"):
    return make_event(topic=topic, aggregate_id=key, producer="test", payload=envelope_pb2.TraceContext(request_id="r"))


def test_a_tombstone_is_the_key_with_no_value_on_a_compacted_topic():
    user_id = str(uuid.uuid4())
    event = tombstone(topic=IDENTITY_PROFILES, key=user_id)
    assert (event.topic, event.key, event.value) == (IDENTITY_PROFILES, user_id, None)
    assert uuid.UUID(event.event_id)  # the outbox row's id
    assert TOPIC_CONFIGS[IDENTITY_PROFILES]["cleanup.policy"] == "compact"


def test_a_tombstone_on_a_topic_that_is_not_compacted_is_refused():
    # Consumers of the other topics expect an envelope in every record.
    with pytest.raises(ValueError, match="not compacted"):
        tombstone(topic=IDENTITY_USERS, key="k")


class RecordingProducer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes | None, bytes]] = []

    async def send(self, topic, value, key=None):
        self.sent.append((topic, value, key))
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


async def test_the_relay_publishes_a_tombstone_as_a_record_with_no_value():
    relay = OutboxRelay(store=None, bootstrap="unused:9092", client_id="test")  # type: ignore[arg-type]
    relay._producer = producer = RecordingProducer()  # type: ignore[assignment]
    event = _event(IDENTITY_PROFILES, "u1")
    await relay._publish(
        [PendingEvent(1, IDENTITY_PROFILES, "u1", event.value), PendingEvent(2, IDENTITY_PROFILES, "u1", None)]
    )
    assert producer.sent == [(IDENTITY_PROFILES, event.value, b"u1"), (IDENTITY_PROFILES, None, b"u1")]


def test_consumers_skip_tombstones_without_error():
    consumer = KafkaEventConsumer("unused:9092", [IDENTITY_PROFILES], "test", None, name="test")
    event = _event()
    envelopes = consumer.envelopes([None, event.value, None])
    assert [e.event_id for e in envelopes] == [event.event_id]
    assert len(consumer.decode([None, event.value])) == 1


async def test_the_mirror_push_leaves_tombstones_out():
    class Recording(MirrorPush):
        async def _deliver(self, target, request, deadline):
            delivered.append([e.envelope for e in request.events])

    delivered: list[list[bytes]] = []
    push = Recording(["mirror:1"])
    await push.push([tombstone(topic=IDENTITY_PROFILES, key="u1")])
    assert delivered == []  # nothing to apply: no call at all
    event = _event()
    await push.push([event, tombstone(topic=IDENTITY_PROFILES, key="u1")])
    assert delivered == [[event.value]]


@pytest.mark.integration
async def test_postgres_outbox_stores_a_tombstone_as_null_and_the_relay_reads_it_back():
    # A schema of its own with the platform's outbox migrations, so no service relay sees the rows.
    schema = f"tombstone_test_{uuid.uuid4().hex[:12]}"
    dsn = f"{POSTGRES}/content"
    admin = await asyncpg.connect(dsn)
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    pool = None
    try:
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2, server_settings={"search_path": schema})
        async with pool.acquire() as conn:
            for migration in sorted(MIGRATIONS.iterdir(), key=lambda m: m.name):
                if migration.name.endswith(".sql"):
                    await conn.execute(migration.read_text())
        event, gone = _event(IDENTITY_PROFILES, "u1"), tombstone(topic=IDENTITY_PROFILES, key="u1")
        async with pool.acquire() as conn, conn.transaction():
            await add_to_postgres_outbox(conn, [event, gone])
        assert await pool.fetchval("SELECT value IS NULL FROM outbox WHERE event_id = $1", uuid.UUID(gone.event_id))

        published: list[PendingEvent] = []

        async def publish(events):
            published.extend(events)

        store = PostgresOutboxStore(pool, dsn)
        for _ in range(100):  # the relay lock is per database: content's own relay may hold it a moment
            if sent := await store.publish_batch(publish, 10):
                break
            await asyncio.sleep(0.05)
        assert sent == 2
        assert [(e.key, e.value) for e in published] == [("u1", event.value), ("u1", None)]
        assert await pool.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0
    finally:
        if pool is not None:
            await pool.close()
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()
