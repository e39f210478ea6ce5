"""Identity settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings


class IdentitySettings(PostgresKafkaSettings):
    service_name: str = "identity"
    grpc_port: int = 50051
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/identity"
    # The Ed25519 private keys (PKCS#8 PEM) for access tokens: one file, or a directory of
    # *.pem files. All of them verify (their public keys are published); the one named in the
    # directory's `current` file, else the last by name, signs. See docs in deploy/k8s/README.md.
    identity_jwt_keys_path: str = ""
    access_token_ttl_seconds: int = 300
    refresh_token_ttl_days: int = 30
    token_issuer: str = "kith-identity"
    token_audience: str = "kith"
    graph_addr: str = "127.0.0.1:50052"
