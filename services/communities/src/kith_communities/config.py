"""Communities settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings
from kith_platform.settings import MirrorSettings


class CommunitiesSettings(PostgresKafkaSettings, MirrorSettings):
    service_name: str = "communities"
    grpc_port: int = 50053
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/communities"
    # Memberships are mirrored by graph, content, the feed API and messaging (community rooms).
    mirror_addrs: str = "127.0.0.1:50052,127.0.0.1:50054,127.0.0.1:50055,127.0.0.1:50057"
    # Asked by InviteUser when the invitee takes invitations only from people they follow or friends.
    graph_addr: str = "127.0.0.1:50052"
    # How often outbox rows that mentioned an erased user while still unsent are looked for
    # again (and deleted once Kafka has them).
    erasure_interval_seconds: float = 10.0
