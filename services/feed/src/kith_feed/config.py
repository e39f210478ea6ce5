"""Feed settings from the environment."""

from __future__ import annotations

from kith_platform.settings import KafkaSettings, RedisSettings, ServiceSettings


class FeedSettings(ServiceSettings, RedisSettings, KafkaSettings):
    service_name: str = "feed"
    grpc_port: int = 50055
    # Home feeds keep this many newest entries.
    feed_cap: int = 800
    # On follow, this many of the followee's newest posts are copied into the follower's feed.
    follow_backfill: int = 50
    # Followers written per Redis pipeline during fan-out.
    fanout_batch: int = 1000
    kafka_partitions: int = 6
    feed_worker_group: str = "kith-feed-worker"
    # Faust's local directory (its tables live in memory; it still writes small state here).
    feed_worker_datadir: str = "/tmp/kith-feed-worker"
