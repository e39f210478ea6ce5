"""Identity settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings


class IdentitySettings(PostgresKafkaSettings):
    service_name: str = "identity"
    grpc_port: int = 50051
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/identity"
    # PEM file with the Ed25519 private key that signs access tokens.
    identity_jwt_private_key_path: str = ""
    access_token_ttl_seconds: int = 300
    refresh_token_ttl_days: int = 30
    token_issuer: str = "kith-identity"
    token_audience: str = "kith"
