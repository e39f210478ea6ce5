"""Live edge settings from the environment."""

from __future__ import annotations

from kith_platform.settings import LiveSettings, RedisSettings, ServiceSettings


class LiveEdgeSettings(ServiceSettings, RedisSettings, LiveSettings):
    service_name: str = "live"
    grpc_port: int = 50058
    # Items waiting to be written to one stream; a client that lets more pile up (reads too
    # slowly) has its stream ended with RESOURCE_EXHAUSTED and reconnects with its cursor.
    live_send_buffer_items: int = 1000
    # Connections for reading the logs (standalone Redis): more reads wait for one.
    live_redis_connections: int = 64
    # Presence: this edge's mark on each person it holds streams of lasts this long unless
    # refreshed (every third of it), so the people of an edge that dies go offline after it.
    live_presence_ttl_seconds: float = 60.0
    # Messaging (its internal PresenceChanged): told when a person's first stream opens here or
    # their last one closes, so that their friends hear of it. Changes are coalesced and sent
    # every this many seconds.
    messaging_addr: str = "127.0.0.1:50057"
    live_presence_notice_every_seconds: float = 0.2
