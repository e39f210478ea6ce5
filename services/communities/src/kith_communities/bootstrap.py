"""The one place where the communities service's real adapters are built and wired."""

from __future__ import annotations

from pathlib import Path

from kith.communities.v1 import communities_pb2, communities_pb2_grpc
from kith_communities.adapters.postgres import PostgresCommunityRepository
from kith_communities.adapters.postgres_events import PostgresEventRepository
from kith_communities.adapters.postgres_reports import PostgresReportRepository
from kith_communities.config import CommunitiesSettings
from kith_communities.entrypoints.grpc_api import CommunitiesInternalServicer, CommunitiesServicer
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_communities.service_layer.meetups import MeetupHandlers
from kith_communities.service_layer.reports import ReportHandlers
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.service import postgres_with_outbox

MIGRATIONS = Path(__file__).parent / "migrations"


async def run(settings: CommunitiesSettings) -> None:
    db = postgres_with_outbox(settings, MIGRATIONS)
    handlers = CommunityHandlers(PostgresCommunityRepository(db.pool))
    meetups = MeetupHandlers(handlers, PostgresEventRepository(db.pool))
    reports = ReportHandlers(handlers, PostgresReportRepository(db.pool))
    app = create_server(
        [
            Registration(communities_pb2_grpc.add_CommunitiesServiceServicer_to_server,
                         CommunitiesServicer(handlers, meetups, reports),
                         communities_pb2.DESCRIPTOR.services_by_name["CommunitiesService"].full_name),
            Registration(communities_pb2_grpc.add_CommunitiesInternalServiceServicer_to_server,
                         CommunitiesInternalServicer(handlers),
                         communities_pb2.DESCRIPTOR.services_by_name["CommunitiesInternalService"].full_name),
        ],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    await run_until_terminated(
        app, grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds, startup=[db.open], background=[db.relay],
        on_stop=[db.close],
    )
