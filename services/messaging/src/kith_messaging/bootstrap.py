"""The one place where the messaging service's real adapters are built and wired."""

from __future__ import annotations

import logging
from pathlib import Path

import grpc

from kith.messaging.v1 import messaging_pb2, messaging_pb2_grpc
from kith_messaging.adapters.clients import GrpcPeople
from kith_messaging.adapters.live_channel import RedisLiveChannel
from kith_messaging.adapters.postgres import PostgresMessagingRepository
from kith_messaging.adapters.postgres_exports import PostgresMessagingExport
from kith_messaging.adapters.presence import RedisPresenceStore
from kith_messaging.config import MessagingSettings
from kith_messaging.entrypoints.consumers import communities_consumer, graph_consumer, identity_consumer, live_consumer
from kith_messaging.entrypoints.grpc_api import MessagingInternalServicer, MessagingServicer, message_message
from kith_messaging.service_layer.exports import MessagingExports
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.live_delivery import LiveDelivery
from kith_messaging.service_layer.messages import MessageHandlers
from kith_messaging.service_layer.presence import PresenceHandlers
from kith_platform import live
from kith_platform.background import every
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.mirrors import mirror_registration
from kith_platform.redis_client import redis_client
from kith_platform.service import postgres_with_outbox
from kith_platform.tracing import client_interceptors

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger("kith.messaging")


async def run(settings: MessagingSettings) -> None:
    db = postgres_with_outbox(settings, MIGRATIONS)
    identity = grpc.aio.insecure_channel(settings.identity_addr, interceptors=client_interceptors())
    redis = redis_client(settings.redis_url, cluster=settings.redis_cluster)
    channel = RedisLiveChannel(redis, live.Retention.from_settings(settings))
    repo = PostgresMessagingRepository(db.pool)
    people = GrpcPeople(identity)
    handlers = MessagingHandlers(
        repo=repo, people=people, live=channel, typing_every_seconds=settings.typing_every_seconds
    )
    presence = PresenceHandlers(repo, RedisPresenceStore(redis), channel)
    graph = graph_consumer(settings.kafka_bootstrap, handlers)
    messages = MessageHandlers(repo, people)
    users = identity_consumer(settings.kafka_bootstrap, handlers, messages)
    communities = communities_consumer(settings.kafka_bootstrap, handlers)
    # Messaging's own events become people's live items (bodies read from the database by id).
    delivery = live_consumer(
        settings.kafka_bootstrap,
        LiveDelivery(repo, channel, lambda m: message_message(m).SerializeToString(), settings.live_max_age_seconds),
    )
    app = create_server(
        [
            Registration(
                messaging_pb2_grpc.add_MessagingServiceServicer_to_server,
                MessagingServicer(handlers, messages, presence),
                messaging_pb2.DESCRIPTOR.services_by_name["MessagingService"].full_name,
            ),
            # Internal (not routed by the gateway): the live edges' presence notices, data exports.
            Registration(
                messaging_pb2_grpc.add_MessagingInternalServiceServicer_to_server,
                MessagingInternalServicer(presence, MessagingExports(PostgresMessagingExport(db.pool))),
                messaging_pb2.DESCRIPTOR.services_by_name["MessagingInternalService"].full_name,
            ),
            mirror_registration([graph, users, communities]),
        ],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )

    # Outbox rows that named an erased user and were still unsent at the erasure go once the
    # relay has sent them. Every replica may run this: deleting twice is harmless.
    erasures = every(
        settings.erasure_interval_seconds, handlers.purge_erased_outbox, "purging erased users' outbox rows"
    )

    async def close() -> None:
        await identity.close()
        await redis.aclose()
        await db.close()

    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[db.open],
        background=[db.relay, graph, users, communities, delivery, erasures],
        on_stop=[close],
    )
