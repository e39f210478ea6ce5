"""The one place where the identity service's real adapters are built and wired."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import grpc

from kith.identity.v1 import identity_pb2, identity_pb2_grpc, trust_safety_pb2, trust_safety_pb2_grpc
from kith_identity.adapters.crypto import Argon2PasswordHasher, Ed25519TokenIssuer
from kith_identity.adapters.export_sources import (
    GrpcCommunitiesExport,
    GrpcContentExport,
    GrpcFeedExport,
    GrpcGraphExport,
    GrpcMessagingExport,
    export_channel,
)
from kith_identity.adapters.feed_digests import GrpcDigestSource
from kith_identity.adapters.graph_client import GrpcConnections
from kith_identity.adapters.mail import JinjaMailRenderer, PostgresMailOutbox, SmtpMailSender
from kith_identity.adapters.places import MmdbPlaces
from kith_identity.adapters.postgres import PostgresAccountRepository
from kith_identity.adapters.postgres_digests import PostgresDigestMails
from kith_identity.adapters.postgres_exports import PostgresDataExports
from kith_identity.adapters.postgres_privacy import PostgresPrivacy
from kith_identity.adapters.postgres_security import PostgresSecurityStore
from kith_identity.adapters.postgres_trust_safety import PostgresTrustSafety
from kith_identity.config import IdentitySettings
from kith_identity.entrypoints.consumers import digest_consumer, graph_consumer, removal_owners_consumer
from kith_identity.entrypoints.grpc_api import IdentityInternalServicer, IdentityServicer
from kith_identity.entrypoints.trust_safety_api import TrustAndSafetyServicer
from kith_identity.service_layer.digest_mail import DigestMails
from kith_identity.service_layer.exports import DataExportHandlers
from kith_identity.service_layer.handlers import IdentityHandlers
from kith_identity.service_layer.mail_delivery import MailDelivery
from kith_identity.service_layer.privacy import PrivacyHandlers
from kith_identity.service_layer.profiles import ProfileHandlers
from kith_identity.service_layer.security import AccountSecurityHandlers, MailLinks
from kith_identity.service_layer.trust_safety import TrustSafetyHandlers
from kith_platform.background import every
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.mirrors import Mirror, MirrorPush, addresses, mirror_registration
from kith_platform.service import postgres_with_outbox
from kith_platform.tracing import client_interceptors

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger("kith.identity")


async def run(settings: IdentitySettings) -> None:
    tokens = Ed25519TokenIssuer.from_path(
        settings.identity_jwt_keys_path,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        ttl=timedelta(seconds=settings.access_token_ttl_seconds),
    )
    db = postgres_with_outbox(settings, MIGRATIONS)
    mail = MailDelivery(
        PostgresMailOutbox(db.pool),
        JinjaMailRenderer(),
        SmtpMailSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            security=settings.smtp_security,
            username=settings.smtp_username,
            password=settings.smtp_password,
            timeout_seconds=settings.smtp_timeout_seconds,
        ),
    )
    passwords = Argon2PasswordHasher(
        settings.password_hash_time_cost, settings.password_hash_memory_kib, settings.password_hash_parallelism
    )
    handlers = IdentityHandlers(
        accounts=PostgresAccountRepository(db.pool),
        passwords=passwords,
        tokens=tokens,
        refresh_ttl=timedelta(days=settings.refresh_token_ttl_days),
        mirrors=MirrorPush(addresses(settings.mirror_addrs), timeout_seconds=settings.mirror_timeout_seconds),
        deletion_grace=timedelta(days=settings.account_deletion_grace_days),
        # The graph answers who exists from its own mirror of users: registrations go there at once.
        registrations=MirrorPush((settings.graph_addr,), timeout_seconds=settings.mirror_timeout_seconds),
    )
    links = MailLinks(settings.mail_link_base_url)
    handlers.security = AccountSecurityHandlers(
        PostgresSecurityStore(db.pool),
        passwords,
        links,
        check_password=handlers.caller_credentials,
        mail_queued=mail.queued,
        places=MmdbPlaces(settings.geoip_path),
    )

    async def mail_job() -> None:
        await mail.run(settings.mail_interval_seconds)

    safety = TrustSafetyHandlers(PostgresTrustSafety(db.pool), mirrors=handlers.mirrors, mail_queued=mail.queued)
    # The owners of removed content, named by the services holding it.
    removal_owners = removal_owners_consumer(settings.kafka_bootstrap, safety)
    # Every replica may run this: each lift locks the user's row and is done once.
    suspensions = every(settings.erasure_interval_seconds, safety.lift_over, "ending suspensions that are over")

    # Every replica may run this: each erasure locks the user's row and is done once.
    eraser = every(settings.erasure_interval_seconds, handlers.erase_due, "erasing due accounts")

    # The feed's weekly digests, mailed once per person and week (asked of the feed as that person).
    feed_channel = grpc.aio.insecure_channel(settings.feed_addr, interceptors=client_interceptors())
    digest_mails = DigestMails(PostgresDigestMails(db.pool), GrpcDigestSource(feed_channel), links, mail.queued)
    digests = digest_consumer(settings.kafka_bootstrap, digest_mails)

    async def export_job() -> None:
        await exports.run_job(settings.data_export_interval_seconds)

    graph_channel = grpc.aio.insecure_channel(settings.graph_addr, interceptors=client_interceptors())
    exports, export_channels = data_exports(settings, db.pool)
    connections = GrpcConnections(graph_channel)
    profiles = ProfileHandlers(accounts=handlers.accounts, connections=connections)
    handlers.privacy = PrivacyHandlers(PostgresPrivacy(db.pool), connections, mirrors=handlers.mirrors)
    # Blocks, applied from Kafka and directly by the graph service (MirrorService).
    blocks = graph_consumer(settings.kafka_bootstrap, handlers.accounts)
    app = create_server(
        grpc_services(handlers, profiles, exports, safety, mirrors_kept=[blocks]),
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[db.open],
        background=[db.relay, blocks, removal_owners, digests, eraser, export_job, mail_job, suspensions],
        on_stop=[
            db.close,
            graph_channel.close,
            feed_channel.close,
            handlers.mirrors.close,
            handlers.registrations.close,
            *(c.close for c in export_channels),
        ],
    )


def grpc_services(
    handlers: IdentityHandlers,
    profiles: ProfileHandlers,
    exports: DataExportHandlers,
    safety: TrustSafetyHandlers,
    mirrors_kept: list[Mirror],
) -> list[Registration]:
    """The public and internal gRPC services, and the MirrorService of the mirrors identity's reads
    consult."""
    services = identity_pb2.DESCRIPTOR.services_by_name
    return [
        Registration(
            identity_pb2_grpc.add_IdentityServiceServicer_to_server,
            IdentityServicer(handlers, profiles, exports),
            services["IdentityService"].full_name,
        ),
        Registration(
            identity_pb2_grpc.add_IdentityInternalServiceServicer_to_server,
            IdentityInternalServicer(handlers, profiles, safety),
            services["IdentityInternalService"].full_name,
        ),
        Registration(
            trust_safety_pb2_grpc.add_TrustAndSafetyServiceServicer_to_server,
            TrustAndSafetyServicer(safety, handlers),
            trust_safety_pb2.DESCRIPTOR.services_by_name["TrustAndSafetyService"].full_name,
        ),
        mirror_registration(mirrors_kept),
    ]


def data_exports(settings: IdentitySettings, pool) -> tuple[DataExportHandlers, list[grpc.aio.Channel]]:
    """The data export handlers, with a channel to every service that answers for its part."""
    timeout = settings.data_export_source_timeout_seconds
    channels = {
        name: export_channel(addr)
        for name, addr in (
            ("content", settings.content_addr),
            ("graph", settings.graph_addr),
            ("communities", settings.communities_addr),
            ("feed", settings.feed_addr),
            ("messaging", settings.messaging_addr),
        )
    }
    sources = [
        GrpcContentExport(channels["content"], timeout),
        GrpcGraphExport(channels["graph"], timeout),
        GrpcCommunitiesExport(channels["communities"], timeout),
        GrpcFeedExport(channels["feed"], timeout),
        GrpcMessagingExport(channels["messaging"], timeout),
    ]
    return DataExportHandlers(PostgresDataExports(pool), sources), list(channels.values())
