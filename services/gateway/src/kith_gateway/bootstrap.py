"""Builds the gateway: channels to every backend, authentication, the proxy."""

from __future__ import annotations

from pathlib import Path

import grpc

from kith_gateway.adapters.admission import RedisAdmission
from kith_gateway.adapters.keys import IdentityKeySet
from kith_gateway.adapters.rate_limit import RedisRateLimiter
from kith_gateway.adapters.revocations import RedisRevokedSessions
from kith_gateway.adapters.stream_places import RedisStreamPlaces
from kith_gateway.config import GatewaySettings
from kith_gateway.domain.routes import public_routes, public_service_names
from kith_gateway.entrypoints.admission import AdmissionInterceptor
from kith_gateway.entrypoints.proxy import ProxyHandler
from kith_gateway.entrypoints.rate_limits import RateLimits
from kith_gateway.entrypoints.revocation_consumer import revocation_consumer
from kith_gateway.entrypoints.stream_limits import StreamLimitInterceptor
from kith_platform.grpc_server import GrpcApp, create_server, default_interceptors, run_until_terminated
from kith_platform.redis_client import AnyRedis, redis_client
from kith_platform.tracing import client_interceptors


def backend_channels(settings: GatewaySettings) -> dict[str, grpc.aio.Channel]:
    addresses = {
        "identity": settings.identity_addr,
        "graph": settings.graph_addr,
        "communities": settings.communities_addr,
        "content": settings.content_addr,
        "feed": settings.feed_addr,
        "messaging": settings.messaging_addr,
        "live": settings.live_addr,
    }
    options = [
        ("grpc.enable_retries", 1),
        ("grpc.initial_reconnect_backoff_ms", 200),
        ("grpc.max_reconnect_backoff_ms", 2000),
    ]
    return {
        name: grpc.aio.insecure_channel(addr, options=options, interceptors=client_interceptors())
        for name, addr in addresses.items()
    }


def build(
    settings: GatewaySettings, redis: AnyRedis, places: RedisStreamPlaces
) -> tuple[GrpcApp, dict[str, grpc.aio.Channel]]:
    channels = backend_channels(settings)
    routes = public_routes()
    keys = IdentityKeySet(
        channels["identity"],
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        min_refresh_interval=settings.key_refresh_min_interval_seconds,
        max_age=settings.key_set_max_age_seconds,
    )
    # Request context first (it answers the request id), then access log and error mapping,
    # then admission (authentication, revocation, rate limits), so the stream limits know the
    # verified user.
    admission = RedisAdmission(
        redis, RedisRevokedSessions(redis, settings.revoked_session_ttl_seconds), RedisRateLimiter(redis)
    )
    interceptors = [
        *default_interceptors(answer_request_id=True),
        AdmissionInterceptor(
            routes,
            keys,
            admission,
            RateLimits(settings) if settings.rate_limits_enabled else None,
            settings.trusted_proxy_hops,
        ),
        StreamLimitInterceptor(routes, places, settings),
    ]
    app = create_server(
        [],
        host=settings.grpc_host,
        port=settings.grpc_port,
        interceptors=interceptors,
        generic_handlers=[
            ProxyHandler(
                routes,
                channels,
                default_deadline=settings.default_deadline_seconds,
                max_deadline=settings.max_deadline_seconds,
                stream_max_deadline=settings.stream_max_deadline_seconds,
            )
        ],
        reflected_services=public_service_names(),
        tls=_tls(settings),
    )
    return app, channels


def _tls(settings: GatewaySettings) -> tuple[bytes, bytes] | None:
    if not settings.tls_cert_path:
        return None
    return Path(settings.tls_cert_path).read_bytes(), Path(settings.tls_key_path).read_bytes()


async def run(settings: GatewaySettings) -> None:
    # A waiting pool: hundreds of streams ending at once (a live edge that died) give their
    # places back together, and must not fail past redis-py's default 100 connections.
    redis = redis_client(
        settings.redis_url,
        cluster=settings.redis_cluster,
        socket_timeout=1,
        socket_connect_timeout=1,
        waiting_pool=0 if settings.redis_cluster else settings.redis_connections,
    )
    places = RedisStreamPlaces(
        redis, settings.streams_per_user, settings.streams_per_address, settings.stream_place_ttl_seconds
    )
    app, channels = build(settings, redis, places)
    consumer = revocation_consumer(
        settings.kafka_bootstrap,
        RedisRevokedSessions(redis, settings.revoked_session_ttl_seconds),
        RedisRateLimiter(redis).forget_user,
    )

    async def close() -> None:
        for channel in channels.values():
            await channel.close()
        await redis.aclose()

    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        background=[consumer, places],
        on_stop=[close],
    )
