"""The one place where the content service's real adapters are built and wired."""

from __future__ import annotations

from pathlib import Path

from kith.content.v1 import content_pb2, content_pb2_grpc
from kith_content.adapters.postgres import PostgresPostRepository
from kith_content.config import ContentSettings
from kith_content.entrypoints.grpc_api import ContentServicer
from kith_content.service_layer.handlers import ContentHandlers
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.outbox import OutboxRelay, PostgresOutboxStore
from kith_platform.postgres import connect_pool

MIGRATIONS = Path(__file__).parent / "migrations"


async def run(settings: ContentSettings) -> None:
    pool = await connect_pool(
        settings.postgres_dsn,
        min_size=settings.postgres_pool_min,
        max_size=settings.postgres_pool_max,
        migrate_first=settings.migrate_on_start,
        migrations=MIGRATIONS,
    )
    handlers = ContentHandlers(posts=PostgresPostRepository(pool))
    app = create_server(
        [Registration(content_pb2_grpc.add_ContentServiceServicer_to_server, ContentServicer(handlers),
                      content_pb2.DESCRIPTOR.services_by_name["ContentService"].full_name)],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    relay = OutboxRelay(
        PostgresOutboxStore(pool, settings.postgres_dsn), settings.kafka_bootstrap, client_id="content-outbox"
    )
    await run_until_terminated(
        app, grace_seconds=settings.shutdown_grace_seconds, background=[relay.run], on_stop=[pool.close]
    )
