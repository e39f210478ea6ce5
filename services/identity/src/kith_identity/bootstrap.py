"""The one place where the identity service's real adapters are built and wired."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import grpc

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_identity.adapters.crypto import Argon2PasswordHasher, Ed25519TokenIssuer
from kith_identity.adapters.graph_client import GrpcConnections
from kith_identity.adapters.postgres import PostgresAccountRepository
from kith_identity.config import IdentitySettings
from kith_identity.entrypoints.grpc_api import IdentityInternalServicer, IdentityServicer
from kith_identity.service_layer.handlers import IdentityHandlers
from kith_identity.service_layer.profiles import ProfileHandlers
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.service import postgres_with_outbox
from kith_platform.tracing import client_interceptors

MIGRATIONS = Path(__file__).parent / "migrations"


async def run(settings: IdentitySettings) -> None:
    tokens = Ed25519TokenIssuer.from_path(
        settings.identity_jwt_keys_path,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        ttl=timedelta(seconds=settings.access_token_ttl_seconds),
    )
    db = postgres_with_outbox(settings, MIGRATIONS)
    handlers = IdentityHandlers(
        accounts=PostgresAccountRepository(db.pool),
        passwords=Argon2PasswordHasher(),
        tokens=tokens,
        refresh_ttl=timedelta(days=settings.refresh_token_ttl_days),
    )
    graph_channel = grpc.aio.insecure_channel(settings.graph_addr, interceptors=client_interceptors())
    profiles = ProfileHandlers(accounts=handlers.accounts, connections=GrpcConnections(graph_channel))
    services = identity_pb2.DESCRIPTOR.services_by_name
    app = create_server(
        [
            Registration(identity_pb2_grpc.add_IdentityServiceServicer_to_server,
                         IdentityServicer(handlers, profiles), services["IdentityService"].full_name),
            Registration(identity_pb2_grpc.add_IdentityInternalServiceServicer_to_server,
                         IdentityInternalServicer(handlers, profiles), services["IdentityInternalService"].full_name),
        ],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    await run_until_terminated(
        app, grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds, startup=[db.open], background=[db.relay],
        on_stop=[db.close, graph_channel.close],
    )
