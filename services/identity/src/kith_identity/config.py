"""Identity settings from the environment."""

from __future__ import annotations

from kith_platform.service import PostgresKafkaSettings
from kith_platform.settings import MirrorSettings


class IdentitySettings(PostgresKafkaSettings, MirrorSettings):
    service_name: str = "identity"
    grpc_port: int = 50051
    postgres_dsn: str = "postgresql://postgres@127.0.0.1:15432/identity"
    # The Ed25519 private keys (PKCS#8 PEM) for access tokens: one file, or a directory of
    # *.pem files. All of them verify (their public keys are published); the one named in the
    # directory's `current` file, else the last by name, signs. See docs in deploy/k8s/README.md.
    identity_jwt_keys_path: str = ""
    # argon2id's costs for new password hashes: RFC 9106's second recommendation by default
    # (3 passes over 64 MiB in 4 lanes). The local platform uses OWASP's minimum (2 passes over
    # 19 MiB in 1 lane, deploy/local/supervisord.conf): a seventh of the CPU per log-in on a
    # two-core machine. Hashes made with other costs still verify and are redone at log-in.
    password_hash_time_cost: int = 3
    password_hash_memory_kib: int = 65536
    password_hash_parallelism: int = 4
    access_token_ttl_seconds: int = 300
    refresh_token_ttl_days: int = 30
    token_issuer: str = "kith-identity"
    token_audience: str = "kith"
    # The graph: relationships for profile visibility, and the push of registrations to its
    # mirror of users (identity calls the graph; the graph never calls identity back).
    graph_addr: str = "127.0.0.1:50052"
    # Data exports: each service answers for its own part of a person's archive (graph_addr too).
    content_addr: str = "127.0.0.1:50054"
    communities_addr: str = "127.0.0.1:50053"
    feed_addr: str = "127.0.0.1:50055"
    messaging_addr: str = "127.0.0.1:50057"
    # How often the export job looks for exports to build and to delete (a request in the same
    # replica starts it at once); how long a service may take to answer for one person.
    data_export_interval_seconds: float = 10.0
    data_export_source_timeout_seconds: float = 60.0
    # DeleteAccount: erased this long after the request unless the person logs in before then;
    # how often due accounts are looked for.
    account_deletion_grace_days: float = 14.0
    erasure_interval_seconds: float = 60.0
    # Deactivations are mirrored by graph, communities, content and the feed API.
    mirror_addrs: str = "127.0.0.1:50052,127.0.0.1:50053,127.0.0.1:50054,127.0.0.1:50055,127.0.0.1:50057"
    # Mail (account verification, password resets, email changes, security notices): the SMTP
    # server (Mailpit locally; production: a relay, credentials from the kith-smtp Secret),
    # `smtp_security` one of none, starttls, tls; the From header; the web address the links open
    # (pages that call ConfirmEmail and ResetPassword with the token).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 11025
    smtp_security: str = "none"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "Kith <no-reply@kith.local>"
    mail_link_base_url: str = "http://127.0.0.1:5173"
    # A location database in MaxMind's format (.mmdb, or .mmdb.gz read into memory) for where a
    # session's address is; empty: the bundled country database (kith_identity/geoip/LICENSE.md).
    # Production may set a GeoLite2 City file, which also names the city.
    geoip_path: str = ""
    # How often the mail outbox is looked at besides when a call queues mail.
    mail_interval_seconds: float = 5.0
