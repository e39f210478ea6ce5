"""Feed settings from the environment."""

from __future__ import annotations

from kith_platform.settings import KafkaSettings, MediaUrlSettings, RedisSettings, ServiceSettings


class FeedSettings(ServiceSettings, RedisSettings, KafkaSettings, MediaUrlSettings):
    # MediaUrlSettings: what signs the URLs of items' uploads (the feed API, and the gateway's local reads).
    service_name: str = "feed"
    grpc_port: int = 50055
    # Home feeds keep this many newest entries.
    feed_cap: int = 800
    # On follow, this many of the followee's newest posts are copied into the follower's feed.
    follow_backfill: int = 50
    # Followers written per Redis pipeline during fan-out.
    fanout_batch: int = 1000
    # Hybrid fan-out: posts of authors with more followers, and in communities with more
    # members, are not fanned out; home feeds merge them in at read time.
    big_author_followers: int = 10_000
    big_community_members: int = 10_000
    # Fan-out skips users who have not read their feed for this long; their next read rebuilds it.
    inactive_after_days: float = 30.0
    # The stream worker applies up to this many events at once (waiting at most this long to
    # fill a batch): runs of posts share their Redis round trips.
    worker_batch: int = 500
    worker_batch_wait_seconds: float = 0.01
    # The stream worker's connections to a standalone Redis: a batch's calls beyond this many at
    # once wait for a free one (a batch of 500 posts hints up to 500 home feeds at once).
    worker_redis_connections: int = 64
    # The feed's reads (the feed API, and the gateway serving them itself): beyond this many
    # connections at once a read waits for a free one, as the worker's calls do (a soak at
    # 210 requests/s failed reads with MaxConnectionsError at redis-py's default of 100).
    reads_redis_connections: int = 100
    # Fan-out runs inside Redis (a Lua script per 500 posts) on a standalone Redis; on a Redis
    # Cluster (KITH_REDIS_CLUSTER=true) it always runs as pipelines (the script spans slots).
    fanout_in_lua: bool = True
    # How long the group waits for a silent worker before giving its partitions to the others.
    worker_session_timeout_seconds: float = 10.0
    # Event reminders: how long before the start, and how often the schedule is checked.
    event_reminder_lead_minutes: float = 60.0
    reminders_interval_seconds: float = 5.0
    # Community health snapshots on metrics.community_health.v1 for communities with activity.
    health_snapshot_interval_seconds: float = 300.0
    # How often members whose trust level may have faded (due once a day each) are looked at.
    trust_sweep_interval_seconds: float = 600.0
    # How often the stream worker relays mentorship events (written by the feed API to an outbox).
    mentorship_relay_interval_seconds: float = 1.0
    # Erasure: how often the stream worker looks for erased users due for their later pass
    # (service_layer.erasure: once, 30 s after the erasure).
    erasure_sweep_interval_seconds: float = 5.0
    # Weekly digests (docs/digest.md): the period each person gets one digest in (weeks start on
    # Mondays, 00:00 UTC), how many posts it holds, how often the stream worker looks for people
    # due for theirs and how many it builds per round at most.
    digest_interval_seconds: float = 7 * 86400.0
    digest_size: int = 10
    digest_check_interval_seconds: float = 60.0
    digest_batch: int = 500
    # The stall watch (entrypoints.stall_watch): a worker that consumed nothing for this long
    # while events wait on its partitions ends its process (a fresh one takes over).
    worker_stall_seconds: float = 60.0
    worker_stall_check_seconds: float = 10.0
    kafka_partitions: int = 6
    feed_worker_group: str = "kith-feed-worker"
    # Faust's local directory (its tables live in memory; it still writes small state here).
    feed_worker_datadir: str = "/tmp/kith-feed-worker"
