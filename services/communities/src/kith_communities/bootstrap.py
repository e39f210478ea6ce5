"""The one place where the communities service's real adapters are built and wired."""

from __future__ import annotations

import logging
from pathlib import Path

import grpc

from kith.communities.v1 import communities_pb2, communities_pb2_grpc
from kith_communities.adapters.clients import GrpcRelationships
from kith_communities.adapters.postgres import PostgresCommunityRepository
from kith_communities.adapters.postgres_erasure import PostgresErasureRepository
from kith_communities.adapters.postgres_events import PostgresEventRepository
from kith_communities.adapters.postgres_exports import PostgresCommunitiesExport
from kith_communities.adapters.postgres_reports import PostgresReportRepository
from kith_communities.config import CommunitiesSettings
from kith_communities.entrypoints.consumers import graph_consumer, identity_consumer
from kith_communities.entrypoints.grpc_api import CommunitiesInternalServicer, CommunitiesServicer
from kith_communities.service_layer.exports import CommunitiesExports
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_communities.service_layer.invitations import InvitationHandlers
from kith_communities.service_layer.meetups import MeetupHandlers
from kith_communities.service_layer.memberships import MembershipHandlers
from kith_communities.service_layer.moderation import ModerationHandlers
from kith_communities.service_layer.reports import ReportHandlers
from kith_platform.background import every
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.mirrors import MirrorPush, addresses, mirror_registration
from kith_platform.service import postgres_with_outbox
from kith_platform.tracing import client_interceptors

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger("kith.communities")


async def run(settings: CommunitiesSettings) -> None:
    db = postgres_with_outbox(settings, MIGRATIONS)
    store = PostgresCommunityRepository(db.pool)
    handlers = CommunityHandlers(
        store,
        mirrors=MirrorPush(addresses(settings.mirror_addrs), timeout_seconds=settings.mirror_timeout_seconds),
    )
    # Blocks and deactivated accounts, applied from Kafka and directly by graph and identity
    # (MirrorService).
    blocks = graph_consumer(settings.kafka_bootstrap, store)
    # Who may invite each person (PrivacySettingsChanged); UserErased: one transaction per person,
    # then later passes for their outbox rows; and closures by the platform's staff, which hold
    # when identity's call returns.
    erasure = PostgresErasureRepository(db.pool)
    users = identity_consumer(settings.kafka_bootstrap, store, erasure, handlers)
    # The graph, asked by InviteUser when the invitee's setting depends on how they stand to the inviter.
    graph = grpc.aio.insecure_channel(settings.graph_addr, interceptors=client_interceptors())
    mirrors_kept = [blocks, users]  # the consumers whose facts the communities' reads consult
    moderation = ModerationHandlers(handlers, store)
    meetups = MeetupHandlers(handlers, PostgresEventRepository(db.pool))
    reports = ReportHandlers(handlers, moderation, PostgresReportRepository(db.pool))

    # Rows that mentioned an erased user while unsent are deleted once the relay sent them.
    outbox_purger = every(settings.erasure_interval_seconds, erasure.purge_outbox, "purging erased users' outbox rows")

    app = create_server(
        [
            Registration(
                communities_pb2_grpc.add_CommunitiesServiceServicer_to_server,
                CommunitiesServicer(
                    handlers,
                    MembershipHandlers(handlers, store),
                    InvitationHandlers(handlers, store, GrpcRelationships(graph)),
                    moderation,
                    meetups,
                    reports,
                ),
                communities_pb2.DESCRIPTOR.services_by_name["CommunitiesService"].full_name,
            ),
            Registration(
                communities_pb2_grpc.add_CommunitiesInternalServiceServicer_to_server,
                CommunitiesInternalServicer(handlers, CommunitiesExports(PostgresCommunitiesExport(db.pool))),
                communities_pb2.DESCRIPTOR.services_by_name["CommunitiesInternalService"].full_name,
            ),
            mirror_registration(mirrors_kept),
        ],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[db.open],
        background=[db.relay, blocks, users, outbox_purger],
        on_stop=[db.close, handlers.mirrors.close, graph.close],
    )
