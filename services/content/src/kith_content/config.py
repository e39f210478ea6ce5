"""Content settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings
from kith_platform.settings import MediaUrlSettings


class ContentSettings(PostgresKafkaSettings, MediaUrlSettings):
    service_name: str = "content"
    grpc_port: int = 50054
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/content"
    identity_addr: str = "127.0.0.1:50051"
    communities_addr: str = "127.0.0.1:50053"
    # The feed API: a reader's muted words and content-warning choice, for search and hashtags.
    feed_addr: str = "127.0.0.1:50055"
    # How often the sent outbox rows that still mention erased users are looked for.
    erasure_interval_seconds: float = 5.0
    # How often idempotency keys past their 24 hours are deleted (they are free from then already).
    idempotency_sweep_interval_seconds: float = 600.0
    # How often scheduled drafts that are due are looked for (they publish within this of their time).
    scheduled_posts_interval_seconds: float = 2.0
    # The object store of media files (S3: SeaweedFS locally, any S3 in production; docs/media.md)
    # is MediaUrlSettings' s3_*.
    # An upload never attached to a post (nor named by a draft) is deleted this long after it began.
    media_orphan_after_seconds: float = 86400.0
    # How often uploads due to go (orphaned, post deleted, uploader erased) are looked for.
    media_cleanup_interval_seconds: float = 30.0
    # The media worker: how often it looks for completed uploads, and how long a claim lasts
    # before another worker may take the upload over (a worker killed mid-way).
    media_poll_interval_seconds: float = 0.5
    media_lease_seconds: float = 30.0
