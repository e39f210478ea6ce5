"""Settings read once from the environment (KITH_* variables) into frozen objects."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """What every service process needs; services subclass it with their own fields."""

    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    service_name: str = "kith"
    grpc_host: str = "127.0.0.1"
    grpc_port: int = 0
    log_level: str = "INFO"
    # Seconds in-flight RPCs get to finish after SIGTERM.
    shutdown_grace_seconds: float = 10.0
    # After SIGTERM (health NOT_SERVING), calls are still taken while they keep coming, for at
    # most this long: clients and load balancers move away a moment after the health change.
    shutdown_drain_seconds: float = 2.0
    # Prometheus metrics over HTTP at /metrics on this port (on grpc_host); 0 = off.
    metrics_port: int = 0
    # OpenTelemetry: none (off), otlp (to tracing_otlp_endpoint, or the OTEL_EXPORTER_OTLP_*
    # variables) or log (each span a JSON log line); sampled at this ratio at the gateway.
    tracing_exporter: str = "none"
    tracing_otlp_endpoint: str = ""
    tracing_sample_ratio: float = 1.0
    # Access-log lines: `failures` (calls not ending OK, or slower than access_log_slow_ms) or
    # `all` (every call; the gateway's default). See kith_platform.logs.AccessLogPolicy.
    access_log: str = "failures"
    access_log_slow_ms: float = 250.0


class KafkaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    # Every node of the local cluster, so that a client starts while any one of them is up.
    kafka_bootstrap: str = "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096"
    # Replicas of the topics a client creates itself (the stream worker's Faust creates its
    # assignor's); the event topics are made by deploy/local/ready.py or the platform's operator.
    kafka_replicas: int = 3


class PostgresSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    # The database name is the service's own (identity, communities, content).
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/postgres"
    # Connections each process keeps open, all of them all the time (postgres.create_pool).
    postgres_pool_size: int = 10
    migrate_on_start: bool = True


class RedisSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    redis_url: str = "redis://127.0.0.1:16379/0"
    # true: redis_url names a node of a Redis Cluster (the client discovers the others). The
    # feed then fans out with pipelines instead of its Lua script (which spans slots).
    redis_cluster: bool = False


class Neo4jSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    neo4j_uri: str = "bolt://127.0.0.1:17687"
    neo4j_user: str = ""
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"


class MirrorSettings(BaseSettings):
    """Where a service hands its safety changes before answering (kith_platform.mirrors)."""

    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    # Comma-separated host:port of the services mirroring this one's facts; empty: none.
    mirror_addrs: str = ""
    # How long a safety change waits for the mirrors before answering UNAVAILABLE: within the
    # gateway's default deadline (10 s). At 3 s, a graph busy with concurrent pair writes on the
    # 2-core CI machine once took longer to apply a membership change (ApplyEvents 1-3 s).
    mirror_timeout_seconds: float = 8.0


class LiveSettings(BaseSettings):
    """Retention of each person's live log (kith_platform.live), for producers and the live edge."""

    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    # Items kept per person (at least; Redis trims whole stream nodes) and for how long.
    live_max_items: int = 10_000
    live_max_age_seconds: int = 86_400


class MediaUrlSettings(BaseSettings):
    """What signs media URLs (kith_platform.media_urls): the bucket, the address clients reach it
    at, and credentials allowed to read it. Signing is local: no request reaches the store."""

    model_config = SettingsConfigDict(env_prefix="KITH_", frozen=True, extra="ignore")

    s3_endpoint: str = "http://127.0.0.1:18333"
    # The address clients fetch signed URLs from (a CDN or the public S3 endpoint); empty: s3_endpoint.
    s3_public_endpoint: str = ""
    s3_region: str = "us-east-1"
    s3_bucket: str = "kith-media"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    # How long a signed media URL works.
    media_url_ttl_seconds: int = 600
