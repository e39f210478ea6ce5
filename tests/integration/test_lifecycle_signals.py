"""Every service and the stream worker, as a second instance started beside the supervised
one: started while its store is not up yet, it stays alive and NOT_SERVING (retrying, with
backoff) and serves once the store appears at the same address; on SIGTERM it answers the
RPCs in flight and exits 0 within its grace period. The worker exits 0 with its last batch
committed. (test_lifecycle.py stops and restarts the supervised services themselves.)

All instances run at once, so the whole module takes about as long as its slowest case."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import grpc
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from kith.communities.v1 import communities_pb2, communities_pb2_grpc
from kith.content.v1 import content_pb2, content_pb2_grpc
from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_platform.events import COMMUNITIES_COMMUNITIES, CONTENT_POSTS, GRAPH_RELATIONSHIPS, IDENTITY_USERS
from kith_platform.healthcheck import status
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA
from tests.integration.feed_stream import (
    committed_offsets,
    group_members,
    home_feeds,
    place_group_at_end,
    publish_post,
    redis_for_worker,
    start_producer,
)
from tests.integration.processes import Instance, closed_port, program

MISSING_FOR = 4.0  # seconds each instance is watched while its store is missing
GRACE = 10.0  # KITH_SHUTDOWN_GRACE_SECONDS (the default)
STORE_DELAY = 0.2  # seconds each request to the store is held while calls are in flight at SIGTERM
# The worker under test has its own group (its commits are its alone) and its own Redis
# database (what it applied is told apart from the supervised worker's, which applies the same
# posts), and its timers (reminders, snapshots, trust, mentorship relay) stay quiet while it runs.
WORKER_GROUP = "kith-feed-worker-lifecycle-test"
WORKER_REDIS_DB = 9
QUIET_TIMERS = {
    f"KITH_{name}_INTERVAL_SECONDS": "3600"
    for name in ("REMINDERS", "HEALTH_SNAPSHOT", "TRUST_SWEEP", "MENTORSHIP_RELAY")
}


class Forwarder:
    """A store that 'comes up' at an address: a TCP relay from `port` to the real server, which
    can hold each request `delay` seconds (a slow store: calls then stay in flight)."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port, self.target = port, target
        self.server: asyncio.Server | None = None
        self.pumps: set[asyncio.Task] = set()
        self.delay = 0.0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def _relay(self, client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        for reader, writer, delay in (
            (client_reader, server_writer, lambda: self.delay),
            (server_reader, client_writer, lambda: 0.0),
        ):
            task = asyncio.create_task(self._pump(reader, writer, delay))
            self.pumps.add(task)
            task.add_done_callback(self.pumps.discard)

    @staticmethod
    async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: Callable[[], float]) -> None:
        try:
            while data := await reader.read(65536):
                if pause := delay():
                    await asyncio.sleep(pause)
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
        for task in list(self.pumps):
            task.cancel()
        await asyncio.gather(*self.pumps, return_exceptions=True)


def _port_of(url: str) -> int:
    return urlsplit(url).port


@dataclass(frozen=True)
class Case:
    """A service, the store it is started without, and an RPC to have in flight at SIGTERM."""

    name: str
    store: str | None  # "postgres", "neo4j", "redis"; None: it needs none to serve (the gateway)
    call: Callable[[grpc.aio.Channel], Awaitable[object]]
    in_flight: int  # how many such calls are sent before SIGTERM (enough that some are still running then)


def _caller() -> tuple[tuple[str, str], ...]:
    return (("x-kith-user-id", str(uuid.uuid4())),)  # what the gateway adds after verifying a token


async def _register(channel: grpc.aio.Channel) -> object:
    handle = f"lc_{uuid.uuid4().hex[:12]}"  # argon2id hashing: a call that takes a while
    return await identity_pb2_grpc.IdentityServiceStub(channel).Register(
        identity_pb2.RegisterRequest(handle=handle, email=f"{handle}@example.org", password="correct horse battery"),
        timeout=20,
    )


CASES = [
    Case("identity", "postgres", _register, 12),
    Case(
        "communities",
        "postgres",
        lambda ch: communities_pb2_grpc.CommunitiesServiceStub(ch).SearchCommunities(
            communities_pb2.SearchCommunitiesRequest(query="lifecycle"), metadata=_caller(), timeout=20
        ),
        30,
    ),
    Case(
        "content",
        "postgres",
        lambda ch: content_pb2_grpc.ContentServiceStub(ch).ListUserPosts(
            content_pb2.ListUserPostsRequest(user_id=str(uuid.uuid4())), metadata=_caller(), timeout=20
        ),
        30,
    ),
    Case(
        "graph",
        "neo4j",
        lambda ch: graph_pb2_grpc.GraphServiceStub(ch).ListRelationships(
            graph_pb2.ListRelationshipsRequest(list=graph_pb2.RELATIONSHIP_LIST_FOLLOWERS),
            metadata=_caller(),
            timeout=20,
        ),
        30,
    ),
    Case(
        "feed-api",
        "redis",
        lambda ch: feed_pb2_grpc.FeedServiceStub(ch).GetHomeFeed(
            feed_pb2.GetHomeFeedRequest(page_size=20), metadata=_caller(), timeout=20
        ),
        30,
    ),
    # The gateway's Redis holds rate limits only, and it serves without it by design (limits
    # fail open); its calls go through to the supervised identity service. Twelve: with six, all
    # were once answered together, none left in flight at SIGTERM.
    Case("gateway", None, _register, 12),
]


@dataclass
class Outcome:
    health_while_missing: set[str] = field(default_factory=set)
    alive_while_missing: bool = False
    call_while_missing: str = ""
    log_while_missing: str = ""
    serving_after: float | None = None  # seconds from the store appearing to SERVING
    answers: list[str] = field(default_factory=list)
    in_flight_at_sigterm: int = 0
    exit_status: int | None = None
    exit_seconds: float = 0.0
    log: str = ""


def _missing_store(case: Case, env: dict[str, str], port: int) -> tuple[dict[str, str], tuple[str, int] | None]:
    """The instance's settings pointing the store at `port`, and where the real store is."""
    if case.store == "postgres":
        real = int(env.get("KITH_POSTGRES_PORT", "15432"))
        return {"KITH_POSTGRES_DSN": f"postgresql://postgres@127.0.0.1:{port}/{case.name}"}, ("127.0.0.1", real)
    if case.store == "neo4j":
        real = _port_of(env.get("KITH_NEO4J_URI", "bolt://127.0.0.1:17687"))
        return {"KITH_NEO4J_URI": f"bolt://127.0.0.1:{port}"}, ("127.0.0.1", real)
    if case.store == "redis":
        real = _port_of(env.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0"))
        return {"KITH_REDIS_URL": f"redis://127.0.0.1:{port}/0"}, ("127.0.0.1", real)
    # The gateway: its Redis and Kafka both missing, for the whole run.
    return {"KITH_REDIS_URL": f"redis://127.0.0.1:{port}/0", "KITH_KAFKA_BOOTSTRAP": f"127.0.0.1:{closed_port()}"}, None


async def _code(call: Awaitable[object]) -> str:
    try:
        await call
        return "OK"
    except grpc.aio.AioRpcError as exc:
        return exc.code().name


async def _run_case(case: Case, tmp_path) -> Outcome:
    _, env = program(case.name)
    if env.get("KITH_REDIS_CLUSTER", "").lower() in ("1", "true", "yes") and case.store == "redis":
        pytest.skip("the services run on the Redis Cluster (kithctl use-redis cluster)")
    out = Outcome()
    store_port, grpc_port = closed_port(), closed_port()
    settings, real_store = _missing_store(case, env, store_port)
    address = f"127.0.0.1:{grpc_port}"
    instance = Instance(
        case.name,
        tmp_path / f"{case.name}.log",
        {"KITH_GRPC_PORT": str(grpc_port), "KITH_METRICS_PORT": "0", **settings},
    )
    forwarder = Forwarder(store_port, real_store) if real_store else None
    try:
        instance.start()
        first = await wait_until(
            lambda: _answering(address), timeout=40, interval=0.2, what=f"{case.name} to answer health checks"
        )
        out.health_while_missing.add(first)
        async with grpc.aio.insecure_channel(address) as channel:
            out.call_while_missing = await _code(case.call(channel))
            watched_until = time.monotonic() + MISSING_FOR
            while time.monotonic() < watched_until:
                answer = await status(address, 2)
                if answer != "DEADLINE_EXCEEDED":  # a loaded machine: no answer in time is no answer
                    out.health_while_missing.add(answer)
                await asyncio.sleep(0.25)
            out.alive_while_missing = instance.alive()
            out.log_while_missing = instance.log()

            if forwarder:
                await forwarder.start()
            appeared = time.monotonic()
            await wait_until(
                lambda: _serving(address), timeout=30, interval=0.1, what=f"{case.name} SERVING once its store is up"
            )
            out.serving_after = time.monotonic() - appeared

            # SIGTERM once the server is working on the calls (the first has been answered). With
            # the store slowed down, the others have all reached the server by then and are still
            # running: a call the server never received would rightly be refused (UNAVAILABLE).
            if forwarder:
                forwarder.delay = STORE_DELAY
            calls = [asyncio.create_task(_code(case.call(channel))) for _ in range(case.in_flight)]
            await asyncio.wait(calls, return_when=asyncio.FIRST_COMPLETED)
            instance.signal(signal.SIGTERM)
            out.in_flight_at_sigterm = sum(not c.done() for c in calls)
            out.answers = list(await asyncio.gather(*calls))
        out.exit_status, out.exit_seconds = await instance.wait_exit(GRACE + 10)
        return out
    finally:
        instance.stop()
        out.log = instance.log()
        if forwarder:
            await forwarder.close()


async def _answering(address: str) -> str | None:
    answer = await status(address, 1)
    # UNAVAILABLE: nothing listening yet; DEADLINE_EXCEEDED: no answer in time (a loaded machine,
    # several instances starting at once). Only a health status is an answer.
    return None if answer in ("UNAVAILABLE", "DEADLINE_EXCEEDED") else answer


async def _serving(address: str) -> bool:
    return await status(address, 1) == "SERVING"


# ---- the stream worker ------------------------------------------------------------------


@dataclass
class WorkerOutcome:
    alive_while_missing: bool = False
    log_while_missing: str = ""
    posts: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # post -> (author, partition, offset)
    sent_at_sigterm: int = 0
    sigterm_at: float = 0.0
    applied: set[str] = field(default_factory=set)
    committed: dict[int, int] = field(default_factory=dict)
    started_at: dict[int, int] = field(default_factory=dict)
    exit_status: int | None = None
    exit_seconds: float = 0.0
    log: str = ""


async def _run_worker(tmp_path) -> WorkerOutcome:
    _, env = program("feed-worker")
    if env.get("KITH_REDIS_CLUSTER", "").lower() in ("1", "true", "yes"):
        pytest.skip("the stream worker runs on the Redis Cluster (kithctl use-redis cluster)")
    out = WorkerOutcome()
    topics = [IDENTITY_USERS, GRAPH_RELATIONSHIPS, COMMUNITIES_COMMUNITIES, CONTENT_POSTS]
    await place_group_at_end(WORKER_GROUP, topics)
    kafka_port = closed_port()
    # Kafka "appears" at the worker's bootstrap address; it then finds every node from there.
    first_node = KAFKA.split(",")[0]
    kafka = Forwarder(kafka_port, (first_node.rsplit(":", 1)[0], int(first_node.rsplit(":", 1)[1])))
    redis_url = (
        urlsplit(env.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0"))._replace(path=f"/{WORKER_REDIS_DB}").geturl()
    )
    settings = {
        "KITH_KAFKA_BOOTSTRAP": f"127.0.0.1:{kafka_port}",
        "KITH_FEED_WORKER_GROUP": WORKER_GROUP,
        "KITH_REDIS_URL": redis_url,
        "KITH_FEED_WORKER_DATADIR": str(tmp_path / "feed-worker"),
        "KITH_METRICS_PORT": "0",
        **QUIET_TIMERS,
    }
    worker = Instance("feed-worker", tmp_path / "feed-worker.log", settings)
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    producer = await start_producer()
    redis = redis_for_worker(settings)
    authors = [str(uuid.uuid4()) for _ in range(6)]
    try:
        out.started_at = await committed_offsets(admin, WORKER_GROUP, CONTENT_POSTS)
        worker.start()

        async def waiting_for_kafka() -> bool:
            return "kafka not ready (attempt" in worker.log() or not worker.alive()

        await wait_until(waiting_for_kafka, timeout=40, interval=0.2, what="the worker to wait for Kafka")
        await asyncio.sleep(MISSING_FOR)
        out.alive_while_missing = worker.alive()
        out.log_while_missing = worker.log()

        await kafka.start()

        async def holds_all_posts():
            members = await group_members(admin, WORKER_GROUP)
            return len(members) == 1 and next(iter(members.values())).get(CONTENT_POSTS) == set(range(6))

        await wait_until(holds_all_posts, timeout=40, interval=0.3, what="the worker holding content.posts.v1")

        async def publish(chunks: int, size: int = 100, sigterm_after: int = 5) -> None:
            for n in range(chunks):
                posts = [(str(uuid.uuid4()), authors[i % len(authors)]) for i in range(size)]
                sending = [await publish_post(producer, post_id, author, "lifecycle") for post_id, author in posts]
                for (post_id, author), sent in zip(posts, await asyncio.gather(*sending), strict=True):
                    out.posts[post_id] = (author, sent.partition, sent.offset)
                if n == sigterm_after:
                    # Acknowledged by Kafka this instant: the worker is fetching or applying them.
                    worker.signal(signal.SIGTERM)
                    out.sigterm_at, out.sent_at_sigterm = time.monotonic(), len(out.posts)
                await asyncio.sleep(0.05)

        # SIGTERM in the middle of a stream of posts (the worker busy with its batches).
        publishing = asyncio.create_task(publish(30))
        await wait_until(
            lambda: _applied_any(redis, authors), timeout=20, interval=0.05, what="the worker applying posts"
        )
        await wait_until(lambda: _signalled(out), timeout=20, what="the SIGTERM")
        out.exit_status, _ = await worker.wait_exit(GRACE + 20)
        out.exit_seconds = time.monotonic() - out.sigterm_at
        await publishing
        feeds = await home_feeds(redis, authors)
        out.applied = {p for feed in feeds.values() for p in feed}
        out.committed = await committed_offsets(admin, WORKER_GROUP, CONTENT_POSTS)
        return out
    finally:
        worker.stop()
        out.log = worker.log()
        await kafka.close()
        await producer.stop()
        await admin.close()
        await redis.aclose()


async def _signalled(out: WorkerOutcome) -> bool:
    return out.sent_at_sigterm > 0


async def _applied_any(redis, authors: list[str]) -> bool:
    return any((await home_feeds(redis, authors)).values())


# ---- all at once, then one test per fact ------------------------------------------------


@pytest.fixture(scope="module")
async def outcomes(platform_up, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lifecycle")
    started = time.monotonic()
    runs = [_run_case(case, tmp) for case in CASES] + [_run_worker(tmp)]
    results = await asyncio.gather(*runs, return_exceptions=True)
    print(f"\nlifecycle instances: {time.monotonic() - started:.1f}s")
    return dict(zip([c.name for c in CASES] + ["feed-worker"], results, strict=True))


def _outcome(outcomes, name):
    result = outcomes[name]
    if isinstance(result, BaseException):
        raise result
    return result


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_service_started_before_its_store_waits_not_serving_then_serves(outcomes, case):
    out = _outcome(outcomes, case.name)
    assert out.alive_while_missing, out.log[-3000:]
    if case.store is None:
        # Nothing it cannot serve without: SERVING at once, its Kafka consumer retrying behind.
        assert out.health_while_missing == {"SERVING"}, out.log[-3000:]
        assert out.call_while_missing == "OK"
        assert "consumer failed, retrying" in out.log_while_missing
        return
    assert out.health_while_missing == {"NOT_SERVING"}, out.log[-3000:]
    assert out.call_while_missing == "UNAVAILABLE"  # refused while starting, never a crash or a hang
    assert f"{case.store}" in out.log_while_missing and "not ready (attempt" in out.log_while_missing
    # Backoff tops out at 5 s (plus jitter): the store is noticed soon after it appears.
    assert out.serving_after is not None and out.serving_after < 10


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_sigterm_answers_the_calls_in_flight_and_exits_0_within_the_grace_period(outcomes, case):
    out = _outcome(outcomes, case.name)
    assert out.answers == ["OK"] * case.in_flight, out.log[-3000:]
    assert out.in_flight_at_sigterm >= 1
    assert out.exit_status == 0, out.log[-3000:]
    assert out.exit_seconds < GRACE
    assert '"stopped"' in out.log


async def test_the_stream_worker_waits_for_kafka_then_stops_on_sigterm_with_its_last_batch_committed(outcomes):
    out = _outcome(outcomes, "feed-worker")
    assert out.alive_while_missing, out.log[-3000:]
    assert "kafka not ready (attempt" in out.log_while_missing
    assert out.exit_status == 0, out.log[-3000:]
    assert out.exit_seconds < GRACE
    # Applied exactly what was committed, partition by partition: nothing applied beyond the
    # commit (which a restart would apply again) and nothing committed unapplied (lost).
    wrong = [
        post
        for post, (_, partition, offset) in out.posts.items()
        if (post in out.applied) != (offset < out.committed.get(partition, 0))
    ]
    assert not wrong, f"{len(wrong)} posts applied but not committed, or the reverse: {_by_partition(out)}"
    assert out.applied and len(out.applied) < len(out.posts)  # stopped mid-stream, with work done
    assert all(out.committed[p] >= out.started_at.get(p, 0) for p in out.committed)
    print(
        f"\nworker: {len(out.applied)} of {len(out.posts)} posts applied and committed at its stop "
        f"({out.sent_at_sigterm} sent by SIGTERM), exit 0 after {out.exit_seconds:.1f}s"
    )


def _by_partition(out: WorkerOutcome) -> dict[int, str]:
    """Per partition: where the commit is, and the offsets of the posts applied and not applied."""
    report = {}
    for partition in sorted({p for _, p, _ in out.posts.values()}):
        applied = sorted(o for post, (_, p, o) in out.posts.items() if p == partition and post in out.applied)
        not_applied = sorted(o for post, (_, p, o) in out.posts.items() if p == partition and post not in out.applied)

        def span(xs):
            return f"{xs[0]}..{xs[-1]} ({len(xs)})" if xs else "none"

        report[partition] = (
            f"committed {out.committed.get(partition)} (from {out.started_at.get(partition)}), "
            f"applied {span(applied)}, not applied {span(not_applied)}"
        )
    return report
