"""Wires the communities service. For now it owns its database (with the outbox) and its
relay and answers health and reflection; the public API is built in its own issue."""

from __future__ import annotations

from kith_communities.config import CommunitiesSettings
from kith_platform.grpc_server import create_server, run_until_terminated
from kith_platform.service import open_postgres_with_outbox


async def run(settings: CommunitiesSettings) -> None:
    pool, relay = await open_postgres_with_outbox(settings, migrations=None)
    app = create_server([], host=settings.grpc_host, port=settings.grpc_port)
    await run_until_terminated(
        app, grace_seconds=settings.shutdown_grace_seconds, background=[relay.run], on_stop=[pool.close]
    )
