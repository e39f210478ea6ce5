"""Test helpers shared by the unit and integration tests of every service."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import grpc
from redis.commands.core import AsyncScript
from redis.typing import ScriptTextT

from kith.communities.v1 import communities_pb2_grpc
from kith.content.v1 import content_pb2, content_pb2_grpc, media_pb2_grpc
from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith.messaging.v1 import messaging_pb2_grpc
from kith_platform.mirrors import MirrorPush
from kith_platform.redis_client import _RedisCluster, redis_client

T = TypeVar("T")


async def wait_until(
    probe: Callable[[], Awaitable[T]], *, timeout: float = 15.0, interval: float = 0.1, what: str = "condition"
) -> T:
    """Poll `probe` until it returns a truthy value; fail the test with `what` on timeout."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


async def found(call: Awaitable[T]) -> T | None:
    """The call's answer, or None when it is NOT_FOUND (what a reader may not see yet, or no longer
    sees); any other error is raised."""
    try:
        return await call
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.NOT_FOUND:
            raise
        return None


async def expect_status(code: grpc.StatusCode, call: Awaitable, match: str = "") -> str:
    """Await a call that must fail with `code` (and `match` in its details); returns the details."""
    try:
        await call
    except grpc.aio.AioRpcError as exc:
        details = exc.details() or ""
        assert exc.code() == code, f"{exc.code().name}: {details}"
        assert match in details, details
        return details
    raise AssertionError(f"expected {code.name}, the call succeeded")


def unique_handle(prefix: str = "u") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@dataclass
class SignedUpUser:
    user_id: str
    handle: str
    password: str
    access_token: str
    refresh_token: str = ""

    @property
    def auth(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.access_token}"),)


class GatewayClient:
    """The public API as an app would call it: every call goes through the gateway."""

    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.identity = identity_pb2_grpc.IdentityServiceStub(channel)
        self.graph = graph_pb2_grpc.GraphServiceStub(channel)
        self.communities = communities_pb2_grpc.CommunitiesServiceStub(channel)
        self.content = content_pb2_grpc.ContentServiceStub(channel)
        self.media = media_pb2_grpc.MediaServiceStub(channel)
        self.feed = feed_pb2_grpc.FeedServiceStub(channel)
        self.notifications = feed_pb2_grpc.NotificationsServiceStub(channel)
        self.insights = feed_pb2_grpc.CommunityInsightsServiceStub(channel)
        self.recognition = feed_pb2_grpc.RecognitionServiceStub(channel)
        self.messaging = messaging_pb2_grpc.MessagingServiceStub(channel)

    async def sign_up(self, prefix: str = "u", password: str = "correct horse battery") -> SignedUpUser:
        handle = unique_handle(prefix)
        registered = await self.identity.Register(
            identity_pb2.RegisterRequest(handle=handle, email=f"{handle}@example.org", password=password),
            timeout=10,
        )
        login = await self.identity.Login(identity_pb2.LoginRequest(login=handle, password=password), timeout=10)
        assert login.user.user_id == registered.user.user_id
        return SignedUpUser(registered.user.user_id, handle, password, login.access_token, login.refresh_token)

    async def follow(self, follower: SignedUpUser, followee: SignedUpUser) -> bool:
        response = await self.graph.Follow(
            graph_pb2.FollowRequest(user_id=followee.user_id), metadata=follower.auth, timeout=10
        )
        return response.created

    async def unfollow(self, follower: SignedUpUser, followee: SignedUpUser) -> bool:
        response = await self.graph.Unfollow(
            graph_pb2.UnfollowRequest(user_id=followee.user_id), metadata=follower.auth, timeout=10
        )
        return response.removed

    async def post(self, author: SignedUpUser, text: str) -> content_pb2.Post:
        response = await self.content.CreatePost(
            content_pb2.CreatePostRequest(text=text), metadata=author.auth, timeout=10
        )
        return response.post

    async def home_feed(
        self, user: SignedUpUser, page_size: int = 100, cursor: str = ""
    ) -> feed_pb2.GetHomeFeedResponse:
        return await self.feed.GetHomeFeed(
            feed_pb2.GetHomeFeedRequest(page_size=page_size, cursor=cursor), metadata=user.auth, timeout=10
        )

    async def home_post_ids(self, user: SignedUpUser) -> list[str]:
        return [item.post_id for item in (await self.home_feed(user)).items]


async def patiently(make_call: Callable[[], Awaitable[T]], *, attempts: int = 100) -> T:
    """Run a call as a well-behaved bulk client does: when the gateway says RESOURCE_EXHAUSTED
    (rate limited), wait as long as its `retry-after-ms` metadata asks (at least a little) and
    try again."""
    for attempt in range(attempts):
        try:
            return await make_call()
        except grpc.aio.AioRpcError as exc:
            if exc.code() != grpc.StatusCode.RESOURCE_EXHAUSTED or attempt == attempts - 1:
                raise
            wait_ms = dict(exc.trailing_metadata() or ()).get("retry-after-ms", "0")
            await asyncio.sleep(max(int(wait_ms) / 1000, 0.05))
    raise AssertionError("unreachable")


# ---- PostgreSQL and Kafka of the local platform (`make up`), or where the environment says ------

POSTGRES = f"postgresql://postgres@127.0.0.1:{os.environ.get('KITH_POSTGRES_PORT', '15432')}"
KAFKA = os.environ.get("KITH_KAFKA_BOOTSTRAP", "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096")
KAFKA_REPLICAS = min(3, int(os.environ.get("KITH_KAFKA_NODES", "3")))


# ---- Redis: tests of code that must work on a standalone Redis and on a Redis Cluster ------

REDIS_TARGETS = ("standalone", "cluster")


def redis_test_url(target: str) -> str:
    """Where the tests find each Redis. KITH_REDIS_URL is the standalone one, unless
    KITH_REDIS_CLUSTER=true says it is the cluster (as when the services run on it); the cluster
    is KITH_REDIS_CLUSTER_URL, else the local one (`kithctl redis-cluster start`, port 17001)."""
    url = os.environ.get("KITH_REDIS_URL", "")
    url_is_cluster = os.environ.get("KITH_REDIS_CLUSTER", "").lower() in ("1", "true", "yes")
    if target == "standalone":
        if url and not url_is_cluster:
            return url
        return f"redis://127.0.0.1:{os.environ.get('KITH_REDIS_PORT', '16379')}/0"
    if os.environ.get("KITH_REDIS_CLUSTER_URL"):
        return os.environ["KITH_REDIS_CLUSTER_URL"]
    if url and url_is_cluster:
        return url
    return f"redis://127.0.0.1:{os.environ.get('KITH_REDIS_CLUSTER_PORT', '17001')}/0"


_cluster_down: dict[str, str] = {}  # url -> why it could not be used (asked once per session)


# The standalone Redis's database for the store tests (redis_for_test): what they write, a
# global popular list of made-up posts among it, must never mix with the platform's read model
# in database 0, which the integration tests read through the gateway.
STORE_TESTS_DB = 14


async def redis_for_test(target: str):
    """A client of the standalone Redis (its database STORE_TESTS_DB) or of the Redis Cluster
    ("standalone" / "cluster"), whose scripts may only touch the slot of their declared keys.
    When the cluster is not running the test is skipped, or fails with
    KITH_REQUIRE_REDIS_CLUSTER=1 (`make test-redis-cluster`)."""
    import pytest

    url = redis_test_url(target)
    if target == "standalone":
        return redis_client(urlsplit(url)._replace(path=f"/{STORE_TESTS_DB}").geturl())
    if url not in _cluster_down:
        probe = redis_client(url, cluster=True, socket_connect_timeout=1)
        try:
            await probe.ping()
            _cluster_down[url] = ""
        except Exception as exc:  # noqa: BLE001 - any failure means: no usable cluster there
            _cluster_down[url] = f"{type(exc).__name__}: {exc}"
        finally:
            await probe.aclose()
    if _cluster_down[url]:
        why = (
            f"no Redis Cluster at {url} ({_cluster_down[url]}); "
            "start one with `deploy/local/kithctl redis-cluster start`"
        )
        if os.environ.get("KITH_REQUIRE_REDIS_CLUSTER") == "1":
            pytest.fail(why)
        pytest.skip(why)
    return _ScriptsKeptToTheirSlot.from_url(url)


class _ScriptsKeptToTheirSlot(_RedisCluster):
    """The cluster client of `redis_client(url, cluster=True)`, whose scripts get a `#!lua` line:
    Redis then refuses any key a script touches outside the slot of its declared keys (scripts
    without one may reach every slot that happens to live on the same node, which works until
    the slots move)."""

    # redis-py's own AsyncScriptCommands already returns AsyncScript where its ScriptCommands
    # (also a base of RedisCluster) returns Script: the clash is in the library's types.
    def register_script(self, script: ScriptTextT) -> AsyncScript:  # type: ignore[override]
        text = script if isinstance(script, str) else bytes(script).decode()
        return super().register_script("#!lua\n" + text)


@dataclass(frozen=True)
class Recorded:
    """An event a fake store's change announced (services' tests/fakes.py): its type's name and
    its fields."""

    name: str
    fields: dict[str, Any]
    value: bytes = b"recorded"  # what MirrorPush.push looks at (only tombstones have none)


class RecordingMirrorPush(MirrorPush):
    """A MirrorPush with no targets: `pushed` holds the events of each held change that returned."""

    def __init__(self) -> None:
        super().__init__(())
        self.pushed: list[list] = []

    async def push(self, events) -> None:
        self.pushed.append(list(events))
