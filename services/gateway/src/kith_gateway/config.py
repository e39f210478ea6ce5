"""Gateway settings from the environment."""

from __future__ import annotations

from typing import Literal

from kith_platform.settings import KafkaSettings, RedisSettings, ServiceSettings


class GatewaySettings(ServiceSettings, RedisSettings, KafkaSettings):
    service_name: str = "gateway"
    grpc_port: int = 50050
    access_log: str = "all"  # the edge logs every call once
    identity_addr: str = "127.0.0.1:50051"
    graph_addr: str = "127.0.0.1:50052"
    communities_addr: str = "127.0.0.1:50053"
    content_addr: str = "127.0.0.1:50054"
    feed_addr: str = "127.0.0.1:50055"
    messaging_addr: str = "127.0.0.1:50057"
    live_addr: str = "127.0.0.1:50058"
    # `local` (the default): the feed's public reads (FeedService: home, timelines, community,
    # hashtag and popular feeds; ListsService's GetListTimeline) are served in this process from
    # the feed's Redis read model (KITH_FEED_REDIS_URL, else KITH_REDIS_URL), a gRPC hop fewer:
    # 0.7 to 1.5 ms of CPU less per request under the mixed load (bench/ab_feed_reads.sh).
    # `proxy`: they go to the feed API at feed_addr like every other public RPC, to scale feed
    # reads apart from the edge.
    feed_reads: Literal["proxy", "local"] = "local"
    feed_redis_url: str = ""
    # Deadline given to backend calls when the client sets none, and the most a client may ask.
    default_deadline_seconds: float = 10.0
    max_deadline_seconds: float = 60.0
    # Live streams (Route.long_lived): no deadline when the client sets none; a client's own
    # deadline is capped at this (0: not capped).
    stream_max_deadline_seconds: float = 0.0
    # Live streams open at once, per user and per client address, counted across every gateway
    # replica (in Redis); RESOURCE_EXHAUSTED beyond. A replica renews the places of its streams
    # every third of the time to live: those of a replica that dies free themselves within it.
    streams_per_user: int = 5
    streams_per_address: int = 200
    stream_place_ttl_seconds: float = 60.0
    # Connections to a standalone Redis (rate limits, revocations, stream places); a command
    # that finds them all busy waits for one.
    redis_connections: int = 100
    token_issuer: str = "kith-identity"
    token_audience: str = "kith"
    # How often at most the gateway asks identity for keys it does not know yet.
    key_refresh_min_interval_seconds: float = 10.0
    # How long fetched keys are trusted before the gateway asks identity again.
    key_set_max_age_seconds: float = 300.0
    # How long a revoked session is remembered: at least the access-token lifetime.
    revoked_session_ttl_seconds: int = 900

    # TLS for clients (PEM files); empty when an ingress or load balancer terminates TLS.
    tls_cert_path: str = ""
    tls_key_path: str = ""
    # How many proxies in front of the gateway append to x-forwarded-for; the client address
    # for rate limits is the entry they added. 0: the peer address itself.
    trusted_proxy_hops: int = 0

    # Browsers (entrypoints.web): the Connect protocol and gRPC-Web over HTTP/1.1 on this port
    # (on web_host), beside native gRPC, and the web app's built files (clients/web/dist) from
    # web_app_dir on the same origin; port 0: not served.
    web_host: str = "127.0.0.1"
    web_port: int = 0
    web_app_dir: str = ""
    # Other origins whose pages may call the API (CORS), comma-separated, e.g.
    # "http://localhost:5173" for a development server; empty: the web port's own origin only.
    web_cors_origins: str = ""

    # Rate limits (token buckets in Redis: KITH_REDIS_URL, KITH_REDIS_CLUSTER): burst capacity
    # and refill per second.
    rate_limits_enabled: bool = True
    rate_ip_capacity: float = 600
    rate_ip_per_second: float = 300
    rate_user_capacity: float = 120
    rate_user_per_second: float = 60
    # Register, Login, Refresh and ReactivateAccount from one address.
    rate_auth_ip_capacity: float = 20
    rate_auth_ip_per_second: float = 0.2
    # Log-in attempts naming one account (brute-force protection), from anywhere.
    rate_login_capacity: float = 10
    rate_login_per_second: float = 1 / 60
