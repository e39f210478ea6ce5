"""The one place where the content service's real adapters are built and wired."""

from __future__ import annotations

from pathlib import Path

from kith.content.v1 import content_pb2, content_pb2_grpc
from kith_content.adapters.postgres import PostgresPostRepository
from kith_content.config import ContentSettings
from kith_content.entrypoints.grpc_api import ContentServicer
from kith_content.service_layer.handlers import ContentHandlers
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.service import open_postgres_with_outbox

MIGRATIONS = Path(__file__).parent / "migrations"


async def run(settings: ContentSettings) -> None:
    pool, relay = await open_postgres_with_outbox(settings, MIGRATIONS)
    handlers = ContentHandlers(posts=PostgresPostRepository(pool))
    app = create_server(
        [Registration(content_pb2_grpc.add_ContentServiceServicer_to_server, ContentServicer(handlers),
                      content_pb2.DESCRIPTOR.services_by_name["ContentService"].full_name)],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    await run_until_terminated(
        app, grace_seconds=settings.shutdown_grace_seconds, background=[relay.run], on_stop=[pool.close]
    )
