"""The Faust stream worker: consumes identity, graph and content events into Redis."""

from __future__ import annotations

import asyncio
import logging
import signal
import time

import faust
import uvloop
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from kith_feed.adapters.stores import FeedStores
from kith_feed.config import FeedSettings
from kith_feed.domain.ports import Stores
from kith_feed.entrypoints.batches import batches
from kith_feed.entrypoints.stall_watch import StallWatch, end_process
from kith_feed.service_layer.digests import build_due_digests
from kith_feed.service_layer.erasure import erase_due_again
from kith_feed.service_layer.events import apply_batch
from kith_feed.service_layer.insights import publish_snapshots
from kith_feed.service_layer.notifications import send_due_reminders
from kith_feed.service_layer.outbox_relay import Publish, relay_outboxes
from kith_feed.service_layer.recognition import settle_due_trust_levels
from kith_platform.collector import freeze_long_lived
from kith_platform.errors import TRANSIENT_ERRORS
from kith_platform.events import (
    COMMUNITIES_COMMUNITIES,
    CONTENT_POSTS,
    FEED_DIGESTS,
    FEED_LISTS,
    GRAPH_RELATIONSHIPS,
    IDENTITY_USERS,
)
from kith_platform.logs import logging_config
from kith_platform.loop_stalls import watch_event_loop
from kith_platform.metrics import CONSUMER_LAG, EVENTS_CONSUMED, count_backend_error
from kith_platform.redis_client import redis_client
from kith_platform.retry import retrying, with_backoff

log = logging.getLogger("kith.feed.worker")

# The topics the worker consumes, each by its agent.
AGENTS = {
    IDENTITY_USERS: "project_users",
    GRAPH_RELATIONSHIPS: "project_relationships",
    COMMUNITIES_COMMUNITIES: "project_communities",
    CONTENT_POSTS: "fan_out_posts",
}
TOPICS = tuple(AGENTS)


def create_app(settings: FeedSettings, store: Stores | None = None) -> faust.App:
    app = _faust_app(settings)
    if store is None:
        client = redis_client(
            settings.redis_url,
            cluster=settings.redis_cluster,
            waiting_pool=settings.worker_redis_connections,
        )
        store = FeedStores.from_settings(client, settings)
    app.feed_store = store  # type: ignore[attr-defined]
    watch = StallWatch(
        bootstrap=settings.kafka_bootstrap,
        group=settings.feed_worker_group,
        topics=TOPICS,
        stall_seconds=settings.worker_stall_seconds,
    )
    for topic_name, agent_name in AGENTS.items():
        _consume(app, store, settings, watch, topic_name, agent_name)
    _watch_the_stream(app, settings, watch)
    _run_the_jobs(app, store, _producer(app, settings), settings)
    return app


def _faust_app(settings: FeedSettings) -> faust.App:
    return faust.App(
        settings.feed_worker_group,
        broker=f"kafka://{settings.kafka_bootstrap}",
        store="memory://",
        datadir=settings.feed_worker_datadir,
        processing_guarantee="at_least_once",
        topic_partitions=settings.kafka_partitions,
        topic_replication_factor=settings.kafka_replicas,
        consumer_auto_offset_reset="earliest",
        web_enabled=False,
        # A worker that dies without leaving (SIGKILL, a lost node) hands its partitions over
        # after this long instead of Faust's default minute.
        broker_session_timeout=settings.worker_session_timeout_seconds,
        broker_heartbeat_interval=min(1.0, settings.worker_session_timeout_seconds / 5),
        broker_rebalance_timeout=2 * settings.worker_session_timeout_seconds,
        key_serializer="raw",
        value_serializer="raw",
    )


def _consume(
    app: faust.App, store: Stores, settings: FeedSettings, watch: StallWatch, topic_name: str, agent_name: str
) -> None:
    topic = app.topic(topic_name, key_type=bytes, value_type=bytes)
    consumed = EVENTS_CONSUMED.labels(settings.feed_worker_group)

    async def apply_with_retry(values: list[bytes]) -> list[str]:
        # Redis being down must not skip events: retry the batch (every write is idempotent).
        policy = retrying(
            "redis unavailable",
            attempts=None,
            first_delay=0.2,
            max_delay=5.0,
            retry_on=TRANSIENT_ERRORS,
            on_failure=count_backend_error,
            logger=log,
        )
        with watch.applying_batch():
            return await policy(apply_batch, store, values)

    async def agent(stream):
        # Batches of up to `worker_batch` events (or what arrived within the wait) are
        # applied in order and acknowledged only after they are applied. Yielding each
        # outcome lets sinks (and agent tests) see it.
        async for values in batches(stream, settings.worker_batch, settings.worker_batch_wait_seconds):
            consumed.inc(len(values))
            for outcome in await apply_with_retry(values):
                yield outcome

    agent.__name__ = agent_name
    # One in flight per agent: faust may commit past an unfinished message otherwise.
    app.agent(topic, name=agent_name, concurrency=1)(agent)


def _producer(app: faust.App, settings: FeedSettings) -> Publish:
    """The worker's Kafka producer, for the outboxes' events and the health snapshots its timers
    send: idempotent, each event acknowledged by all replicas (before it leaves its outbox)."""
    producer: list[AIOKafkaProducer] = []
    stopping: list[bool] = []

    async def publish(event) -> None:
        if stopping:  # a timer firing during shutdown: its work stays listed for the next round
            raise RuntimeError("the stream worker is stopping")
        if not producer:
            p = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", enable_idempotence=True)
            await p.start()
            producer.append(p)
        await producer[0].send_and_wait(event.topic, event.value, key=event.key.encode())

    @app.on_before_shutdown.connect
    async def close_producer(app, **kwargs) -> None:  # the signal's signature
        # Sent once Faust has waited for the streams to finish their batches in hand (and
        # committed them): nothing is left to publish, and nothing may start a new producer.
        stopping.append(True)
        while producer:
            await producer.pop().stop()

    return publish


def _watch_the_stream(app: faust.App, settings: FeedSettings, watch: StallWatch) -> None:
    @app.timer(interval=5.0)
    async def consumer_lag() -> None:
        # Per partition this worker holds: the broker's end offset minus the group's commit
        # (Faust's monitor tracks both).
        monitor = app.monitor
        for tp, end in list(monitor.tp_end_offsets.items()):
            committed = monitor.tp_committed_offsets.get(tp)
            if committed is not None:
                CONSUMER_LAG.labels(settings.feed_worker_group, tp.topic, str(tp.partition)).set(
                    max(0, end - committed)
                )

    @app.task
    async def event_loop_lag() -> None:  # kith_event_loop_lag_seconds, as every service has
        await watch_event_loop()

    @app.timer(interval=settings.worker_stall_check_seconds)
    async def stall_check() -> None:
        try:
            stalled = await watch.check(app.consumer.assignment())
        except Exception as exc:  # noqa: BLE001 - Kafka away: nothing can be consumed anyway
            log.info("stall check skipped: %r", exc)
            return
        if stalled:
            end_process()


def _run_the_jobs(app: faust.App, store: Stores, publish: Publish, settings: FeedSettings) -> None:
    """The periodic jobs. A Faust timer runs on every worker; each job takes its work (an event
    off the reminder schedule, a community off a list, an outbox under its lock) so that one
    worker does each piece, and work a failed round leaves stays listed for the next one."""
    jobs = (
        # interval, what a failed round logs, the job (now in ms), the errors that only skip a round
        (
            settings.reminders_interval_seconds,
            "reminders skipped this round",
            lambda now: send_due_reminders(store, now),
            TRANSIENT_ERRORS,
        ),
        (
            settings.health_snapshot_interval_seconds,
            "health snapshots skipped this round",
            lambda now: publish_snapshots(store, publish, now),
            Exception,  # Kafka or Redis down: the list keeps them for next time
        ),
        (
            # Points fade without events: members above level 0 are looked at again once a day.
            settings.trust_sweep_interval_seconds,
            "trust levels not settled this round",
            lambda now: settle_due_trust_levels(store, now),
            Exception,
        ),
        (
            # The feed's own events wait in each community's outbox (mentorship changes from the
            # feed API, badges and trust levels from here).
            settings.mentorship_relay_interval_seconds,
            "outbox events not relayed this round",
            lambda now: relay_outboxes(store.outbox, publish),
            Exception,
        ),
        (
            settings.erasure_sweep_interval_seconds,
            "erasures not looked at again this round",
            lambda now: erase_due_again(store, now),
            Exception,
        ),
        (
            # Each person due gets their weekly digest (service_layer/digests.py), once a week.
            settings.digest_check_interval_seconds,
            "digests not built this round",
            lambda now: build_due_digests(store, now, settings.digest_batch),
            Exception,
        ),
        (
            # DigestReady waits in each person's digest outbox (written with the digest).
            settings.mentorship_relay_interval_seconds,
            "digest events not relayed this round",
            lambda now: relay_outboxes(store.digest_outbox, publish, topic=FEED_DIGESTS),
            Exception,
        ),
        (
            # List changes wait in each owner's list outbox (written with the change by the feed API).
            settings.mentorship_relay_interval_seconds,
            "list events not relayed this round",
            lambda now: relay_outboxes(store.list_outbox, publish, topic=FEED_LISTS),
            Exception,
        ),
    )
    for interval, skipped, job, errors in jobs:
        _every(app, interval, skipped, job, errors)


def _every(app: faust.App, interval: float, skipped: str, job, errors) -> None:
    async def run_job() -> None:
        try:
            await job(int(time.time() * 1000))
        except errors as exc:  # the work stays listed; the next round tries again
            log.warning("%s: %r", skipped, exc)

    app.timer(interval=interval, name=f"{skipped.split(' ')[0]} job")(run_job)


async def wait_for_kafka(bootstrap: str) -> bool:
    """Start-up: Faust gives up at once when no broker answers, so wait for one first (with
    backoff, as long as it takes). False when SIGTERM or SIGINT came first."""
    loop = asyncio.get_running_loop()
    waiting = asyncio.current_task()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, waiting.cancel)

    async def answers() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
        try:
            await admin.start()
        finally:
            await admin.close()

    try:
        await with_backoff("kafka", answers, attempts=None)
        return True
    except asyncio.CancelledError:
        log.info("stopped before start-up finished")
        return False
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)  # Faust's worker installs its own


def run_worker(settings: FeedSettings) -> None:
    # One event loop for the wait and for Faust (asyncio.run would close it behind us); uvloop,
    # as every service's (kith_platform.service.run_event_loop).
    loop = uvloop.new_event_loop()
    asyncio.set_event_loop(loop)
    if not loop.run_until_complete(wait_for_kafka(settings.kafka_bootstrap)):
        return
    app = create_app(settings)
    freeze_long_lived()  # the imports and the app: alive as long as the process
    worker = faust.Worker(
        app,
        loop=loop,
        loglevel=settings.log_level,
        quiet=True,
        logging_config=logging_config(f"{settings.service_name}-worker", settings.log_level),
    )
    worker.execute_from_commandline()
