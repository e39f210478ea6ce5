"""The one place where the graph service's real adapters are built and wired."""

from __future__ import annotations

import logging

from neo4j import AsyncDriver

from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith_graph.adapters import cypher, cypher_care, cypher_mirrors, cypher_suggestions, neo4j_exports
from kith_graph.adapters.neo4j_exports import Neo4jGraphExport
from kith_graph.adapters.neo4j_store import Neo4jGraphStore
from kith_graph.config import GraphSettings
from kith_graph.entrypoints.communities_consumer import communities_consumer
from kith_graph.entrypoints.content_consumer import content_consumer
from kith_graph.entrypoints.grpc_api import GraphInternalServicer, GraphServicer
from kith_graph.entrypoints.identity_consumer import identity_consumer
from kith_graph.service_layer.exports import GraphExports
from kith_graph.service_layer.handlers import GraphHandlers, TieSettings
from kith_platform import outbox as platform_outbox
from kith_platform.background import every
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.mirrors import Mirror, MirrorPush, addresses, mirror_registration
from kith_platform.neo4j_store import create_driver, cypher_statements, wait_for_neo4j, warm_plans
from kith_platform.outbox import Neo4jOutboxStore, OutboxRelay
from kith_platform.retry import with_backoff

log = logging.getLogger("kith.graph")
# What the graph runs on Neo4j: its own statements and the outbox's.
STATEMENTS = cypher_statements(cypher, cypher_care, cypher_mirrors, cypher_suggestions, neo4j_exports, platform_outbox)


async def run(settings: GraphSettings) -> None:
    driver = create_driver(settings)
    outbox = Neo4jOutboxStore(driver, settings.neo4j_database)
    store = Neo4jGraphStore(driver, settings.neo4j_database, outbox.written)

    async def open_neo4j() -> None:
        await wait_for_neo4j(driver)
        await with_backoff("neo4j schema", store.create_schema, attempts=None)
        # Before SERVING: the first calls after a start (make up, a new replica) find their
        # statements planned. Neo4j lost meanwhile: planned again from the start once it answers.
        await with_backoff(
            "neo4j plans", lambda: warm_plans(driver, settings.neo4j_database, STATEMENTS), attempts=None
        )

    # The graph asks no other service anything: who exists comes from its mirror of identity's
    # users (identity_consumer), kept at once by identity's push of registrations. Its only calls
    # out are the mirror pushes of its safety changes (events, not questions).
    mirrors = MirrorPush(addresses(settings.mirror_addrs), timeout_seconds=settings.mirror_timeout_seconds)
    handlers = GraphHandlers(store=store, ties=TieSettings.of(settings), mirrors=mirrors)
    users = identity_consumer(settings.kafka_bootstrap, store)
    communities = communities_consumer(settings.kafka_bootstrap, store)
    app = create_server(
        grpc_services(handlers, driver, settings, [users, communities]),
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    relay = OutboxRelay(outbox, settings.kafka_bootstrap, client_id="graph-outbox")
    content = content_consumer(settings.kafka_bootstrap, store, handlers.ties.half_life_ms)

    async def close() -> None:
        await mirrors.close()
        await driver.close()

    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[open_neo4j],
        background=[relay, users, communities, content, *loops(handlers, settings)],
        on_stop=[close],
    )


def grpc_services(
    handlers: GraphHandlers, driver: AsyncDriver, settings: GraphSettings, mirrors_kept: list[Mirror]
) -> list[Registration]:
    """The public and internal gRPC services, and the MirrorService of the mirrors the graph keeps."""
    services = graph_pb2.DESCRIPTOR.services_by_name
    return [
        Registration(
            graph_pb2_grpc.add_GraphServiceServicer_to_server,
            GraphServicer(handlers),
            services["GraphService"].full_name,
        ),
        Registration(
            graph_pb2_grpc.add_GraphInternalServiceServicer_to_server,
            GraphInternalServicer(handlers, GraphExports(Neo4jGraphExport(driver, settings.neo4j_database))),
            services["GraphInternalService"].full_name,
        ),
        mirror_registration(mirrors_kept),
    ]


def loops(handlers: GraphHandlers, settings: GraphSettings) -> list:
    """The background loops. Every replica may run these. Reminders: the marks written with the
    events make each one announced once. Erasures: recent ones run again for a while (a write that
    checked the tombstone list just before it was written may have added something), and outbox
    nodes that named an erased user and were still unsent go once the relay has sent them
    (deleting twice is harmless)."""
    reminders = every(settings.reminders_interval_seconds, handlers.announce_due, "announcing due reminders")
    erasures = every(
        settings.erasure_interval_seconds,
        lambda: handlers.finish_erasures(int(settings.erasure_sweep_window_seconds * 1000)),
        "finishing erasures",
    )
    return [reminders, erasures]
