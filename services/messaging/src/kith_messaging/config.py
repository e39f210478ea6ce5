"""Messaging settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings
from kith_platform.settings import LiveSettings, RedisSettings


class MessagingSettings(PostgresKafkaSettings, RedisSettings, LiveSettings):
    service_name: str = "messaging"
    grpc_port: int = 50057
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/messaging"
    identity_addr: str = "127.0.0.1:50051"
    # How often the sent outbox rows that still mention erased users are looked for.
    erasure_interval_seconds: float = 5.0
    # Typing indicators: at most one per person per conversation in this many seconds (the
    # others are dropped silently).
    typing_every_seconds: float = 1.0
