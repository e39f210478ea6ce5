"""Wires the communities service. For now it owns its database (with the outbox) and its
relay and answers health and reflection; the public API is built in its own issue."""

from __future__ import annotations

from kith_communities.config import CommunitiesSettings
from kith_platform.grpc_server import create_server, run_until_terminated
from kith_platform.outbox import OutboxRelay, PostgresOutboxStore
from kith_platform.postgres import connect_pool


async def run(settings: CommunitiesSettings) -> None:
    pool = await connect_pool(
        settings.postgres_dsn,
        min_size=settings.postgres_pool_min,
        max_size=settings.postgres_pool_max,
        migrate_first=settings.migrate_on_start,
    )
    app = create_server([], host=settings.grpc_host, port=settings.grpc_port)
    relay = OutboxRelay(
        PostgresOutboxStore(pool, settings.postgres_dsn), settings.kafka_bootstrap, client_id="communities-outbox"
    )
    await run_until_terminated(
        app, grace_seconds=settings.shutdown_grace_seconds, background=[relay.run], on_stop=[pool.close]
    )
