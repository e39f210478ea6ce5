"""Gateway settings from the environment."""

from __future__ import annotations

from kith_platform.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    service_name: str = "gateway"
    grpc_port: int = 50050
    identity_addr: str = "127.0.0.1:50051"
    graph_addr: str = "127.0.0.1:50052"
    communities_addr: str = "127.0.0.1:50053"
    content_addr: str = "127.0.0.1:50054"
    feed_addr: str = "127.0.0.1:50055"
    # Deadline given to backend calls when the client sets none, and the most a client may ask.
    default_deadline_seconds: float = 10.0
    max_deadline_seconds: float = 60.0
    token_issuer: str = "kith-identity"
    token_audience: str = "kith"
    # How often at most the gateway asks identity for keys it does not know yet.
    key_refresh_min_interval_seconds: float = 10.0
