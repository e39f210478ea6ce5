"""Content settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings


class ContentSettings(PostgresKafkaSettings):
    service_name: str = "content"
    grpc_port: int = 50054
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/content"
    identity_addr: str = "127.0.0.1:50051"
    communities_addr: str = "127.0.0.1:50053"
    # The feed API: a reader's muted words and content-warning choice, for search and hashtags.
    feed_addr: str = "127.0.0.1:50055"
    # How often the sent outbox rows that still mention erased users are looked for.
    erasure_interval_seconds: float = 5.0
    # How often scheduled drafts that are due are looked for (they publish within this of their time).
    scheduled_posts_interval_seconds: float = 2.0
