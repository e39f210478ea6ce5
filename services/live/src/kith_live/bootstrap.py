"""The one place where the live edge's real adapters are built and wired."""

from __future__ import annotations

import grpc

from kith.live.v1 import live_pb2, live_pb2_grpc
from kith_live.adapters.messaging import GrpcPresenceNotices
from kith_live.adapters.presence import PresenceHeartbeat, RedisPresence
from kith_live.adapters.redis_log import RedisLiveLog
from kith_live.adapters.wakeups import RedisWakeups
from kith_live.config import LiveEdgeSettings
from kith_live.entrypoints.grpc_api import LiveServicer
from kith_live.service_layer.hub import Hub
from kith_platform.grpc_server import GrpcApp, Registration, create_server, run_until_terminated
from kith_platform.redis_client import AnyRedis, redis_client
from kith_platform.retry import until_ready
from kith_platform.tracing import client_interceptors


def build(
    settings: LiveEdgeSettings, redis: AnyRedis, subscriber: AnyRedis, notices: GrpcPresenceNotices | None = None
) -> tuple[GrpcApp, Hub, RedisWakeups]:
    """`subscriber` holds the wake-up subscription (no socket timeout: it waits for messages);
    `notices` hand presence changes to messaging (none: nobody is told)."""
    hub = Hub(
        RedisLiveLog(redis),
        buffer_limit=settings.live_send_buffer_items,
        max_age_seconds=settings.live_max_age_seconds,
        presence=RedisPresence(redis, settings.live_presence_ttl_seconds),
        notices=notices,
    )
    wakeups = RedisWakeups(subscriber, hub.wake, hub.ephemeral, hub.wake_all)
    hub.wakeups = wakeups
    app = create_server(
        [
            Registration(
                live_pb2_grpc.add_LiveServiceServicer_to_server,
                LiveServicer(hub),
                live_pb2.DESCRIPTOR.services_by_name["LiveService"].full_name,
            )
        ],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    return app, hub, wakeups


def reads_client(settings: LiveEdgeSettings) -> AnyRedis:
    """The client of the log reads: a burst of reconnecting streams waits for a connection
    (instead of failing past redis-py's 100)."""
    return redis_client(
        settings.redis_url,
        cluster=settings.redis_cluster,
        socket_timeout=5,
        socket_connect_timeout=2,
        waiting_pool=settings.live_redis_connections,
    )


async def run(settings: LiveEdgeSettings) -> None:
    redis = reads_client(settings)
    subscriber = redis_client(settings.redis_url, cluster=settings.redis_cluster, socket_connect_timeout=2)
    messaging = grpc.aio.insecure_channel(settings.messaging_addr, interceptors=client_interceptors())
    notices = GrpcPresenceNotices(messaging, every_seconds=settings.live_presence_notice_every_seconds)
    app, hub, wakeups = build(settings, redis, subscriber, notices)

    async def close() -> None:
        await hub.close_all()
        await wakeups.close()
        await messaging.close()
        await subscriber.aclose()
        await redis.aclose()

    # Streams end at shutdown (their clients reconnect elsewhere with their cursors): in-flight
    # RPCs are not waited for beyond the grace period.
    await run_until_terminated(
        app,
        grace_seconds=min(settings.shutdown_grace_seconds, 2.0),
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[until_ready("redis", redis.ping)],
        background=[wakeups, PresenceHeartbeat(hub.presence, lambda: list(hub.people)), notices],
        on_stop=[close],
    )
