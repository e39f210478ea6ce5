"""Builds the gateway: channels to every backend, authentication, the proxy."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import grpc

from kith_feed.bootstrap import build_reads
from kith_feed.config import FeedSettings
from kith_feed.entrypoints.grpc_api import FeedServicer
from kith_feed.entrypoints.lists_api import ListsServicer
from kith_feed.service_layer.lists import Lists
from kith_gateway.adapters.admission import RedisAdmission
from kith_gateway.adapters.keys import IdentityPublicKeys
from kith_gateway.adapters.rate_limit import RedisRateLimiter
from kith_gateway.adapters.revocations import RedisRevokedSessions
from kith_gateway.adapters.stream_places import RedisStreamPlaces
from kith_gateway.config import GatewaySettings
from kith_gateway.domain.limits import RateLimits
from kith_gateway.domain.routes import Deadlines, public_routes, public_service_names
from kith_gateway.entrypoints.admission import AdmissionInterceptor
from kith_gateway.entrypoints.local_feed import LocalFeedReads
from kith_gateway.entrypoints.proxy import ProxyHandler
from kith_gateway.entrypoints.revocation_consumer import revocation_consumer
from kith_gateway.entrypoints.stream_limits import StreamLimitInterceptor
from kith_gateway.entrypoints.web import WebServer, private_socket, web_server
from kith_gateway.service_layer.admission import Gatekeeper
from kith_gateway.service_layer.revocations import Revocations
from kith_gateway.service_layer.streams import StreamLimits
from kith_gateway.service_layer.tokens import AccessTokens
from kith_platform.grpc_server import GrpcApp, create_server, default_interceptors, run_until_terminated
from kith_platform.media_urls import SignedMediaUrls
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


def rate_limits(settings: GatewaySettings) -> RateLimits | None:
    if not settings.rate_limits_enabled:
        return None
    return RateLimits(
        ip_capacity=settings.rate_ip_capacity,
        ip_per_second=settings.rate_ip_per_second,
        user_capacity=settings.rate_user_capacity,
        user_per_second=settings.rate_user_per_second,
        auth_ip_capacity=settings.rate_auth_ip_capacity,
        auth_ip_per_second=settings.rate_auth_ip_per_second,
        login_capacity=settings.rate_login_capacity,
        login_per_second=settings.rate_login_per_second,
    )


def build(
    settings: GatewaySettings,
    redis: AnyRedis,
    places: RedisStreamPlaces,
    local_handlers: Sequence[grpc.GenericRpcHandler] = (),
    web_socket: str | None = None,
) -> tuple[GrpcApp, dict[str, grpc.aio.Channel]]:
    channels = backend_channels(settings)
    routes = public_routes()
    tokens = AccessTokens(
        IdentityPublicKeys(channels["identity"]),
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        min_refresh_interval=settings.key_refresh_min_interval_seconds,
        max_age=settings.key_set_max_age_seconds,
    )
    revoked = RedisRevokedSessions(redis, settings.revoked_session_ttl_seconds)
    store = RedisAdmission(redis, revoked, RedisRateLimiter(redis))
    hops = settings.trusted_proxy_hops
    # Request context first (it answers the request id), then access log and error mapping,
    # then admission (authentication, revocation, rate limits), so the stream limits know the
    # verified user.
    interceptors = [
        *default_interceptors(answer_request_id=True),
        AdmissionInterceptor(routes, Gatekeeper(tokens, store, rate_limits(settings)), hops),
        StreamLimitInterceptor(
            routes, StreamLimits(places, settings.streams_per_user, settings.streams_per_address), hops
        ),
    ]
    deadlines = Deadlines(
        settings.default_deadline_seconds, settings.max_deadline_seconds, settings.stream_max_deadline_seconds
    )
    app = create_server(
        [],
        host=settings.grpc_host,
        port=settings.grpc_port,
        interceptors=interceptors,
        generic_handlers=[*local_handlers, ProxyHandler(routes, channels, deadlines, revoked)],
        reflected_services=public_service_names(),
        tls=_tls(settings),
    )
    if web_socket is not None:  # the web bridge's way in (entrypoints.web)
        app.server.add_insecure_port(web_socket)
    return app, channels


def browsers(settings: GatewaySettings, web_socket: str) -> WebServer:
    """The web port: Connect and gRPC-Web, forwarded to this gateway over `web_socket`."""
    return web_server(
        web_socket,
        host=settings.web_host,
        port=settings.web_port,
        cors_origins=[origin.strip() for origin in settings.web_cors_origins.split(",") if origin.strip()],
        app_dir=Path(settings.web_app_dir) if settings.web_app_dir else None,
        trusted_proxy_hops=settings.trusted_proxy_hops,
    )


def local_feed_reads(settings: GatewaySettings) -> tuple[list[grpc.GenericRpcHandler], AnyRedis | None]:
    """The feed's reads in this process (KITH_FEED_READS=local), on the feed's settings
    (KITH_FEED_*: caps, the away time) and its Redis."""
    if settings.feed_reads != "local":
        return [], None
    feed = FeedSettings(redis_url=settings.feed_redis_url or settings.redis_url, redis_cluster=settings.redis_cluster)
    reads, client = build_reads(feed)
    urls = SignedMediaUrls(feed)  # the feed's KITH_S3_* settings: the items' uploads get signed URLs here too
    return [LocalFeedReads(FeedServicer(reads, urls), ListsServicer(Lists(reads.store), reads, urls))], client


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
        waiting_pool=settings.redis_connections,
    )
    places = RedisStreamPlaces(redis, settings.stream_place_ttl_seconds)
    local_handlers, feed_redis = local_feed_reads(settings)
    revocations = Revocations(
        RedisRevokedSessions(redis, settings.revoked_session_ttl_seconds), RedisRateLimiter(redis)
    )
    consumer = revocation_consumer(settings.kafka_bootstrap, revocations)
    with private_socket() as web_socket:
        web = settings.web_port > 0
        app, channels = build(settings, redis, places, local_handlers, web_socket if web else None)

        async def close() -> None:
            for channel in channels.values():
                await channel.close()
            await redis.aclose()
            if feed_redis is not None:
                await feed_redis.aclose()

        await run_until_terminated(
            app,
            grace_seconds=settings.shutdown_grace_seconds,
            drain_seconds=settings.shutdown_drain_seconds,
            background=[consumer, places, *([browsers(settings, web_socket)] if web else [])],
            on_stop=[close],
        )
