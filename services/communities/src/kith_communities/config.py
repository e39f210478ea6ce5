"""Communities settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings


class CommunitiesSettings(PostgresKafkaSettings):
    service_name: str = "communities"
    grpc_port: int = 50053
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/communities"
