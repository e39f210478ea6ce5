"""The one place where the content service's real adapters are built and wired."""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path

import grpc

from kith.content.v1 import content_pb2, content_pb2_grpc, media_pb2, media_pb2_grpc, unread_pb2, unread_pb2_grpc
from kith_content.adapters.clients import GrpcCommunities, GrpcHandles, GrpcReaderFilters
from kith_content.adapters.pillow_images import PillowImages
from kith_content.adapters.postgres import PostgresContentRepository
from kith_content.adapters.postgres_exports import PostgresContentExport
from kith_content.adapters.postgres_media import PostgresMedia
from kith_content.adapters.postgres_unread import PostgresUnread
from kith_content.adapters.s3_objects import S3ObjectStore
from kith_content.config import ContentSettings
from kith_content.entrypoints.consumers import (
    communities_consumer,
    graph_consumer,
    identity_consumer,
    recognition_consumer,
)
from kith_content.entrypoints.grpc_api import ContentInternalServicer, ContentServicer
from kith_content.entrypoints.media_api import MediaServicer
from kith_content.entrypoints.unread_api import UnreadServicer
from kith_content.service_layer.bookmarks import BookmarkHandlers
from kith_content.service_layer.drafts import DraftHandlers
from kith_content.service_layer.erasure import ErasureHandlers
from kith_content.service_layer.exports import ContentExports
from kith_content.service_layer.handlers import ContentHandlers
from kith_content.service_layer.media import MediaHandlers
from kith_content.service_layer.moderation import ModerationHandlers
from kith_content.service_layer.reactions import ReactionHandlers
from kith_content.service_layer.threads import ThreadHandlers
from kith_content.service_layer.unread import UnreadHandlers
from kith_content.service_layer.votes import VoteHandlers
from kith_platform.background import every
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.media_urls import SignedMediaUrls
from kith_platform.mirrors import mirror_registration
from kith_platform.service import postgres_with_outbox
from kith_platform.tracing import client_interceptors

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger("kith.content")


def media_handlers(settings: ContentSettings, db, objects: S3ObjectStore, images: PillowImages | None) -> MediaHandlers:
    return MediaHandlers(
        PostgresMedia(db.pool),
        objects,
        images,
        orphan_after=timedelta(seconds=settings.media_orphan_after_seconds),
        lease_seconds=settings.media_lease_seconds,
    )


async def run(settings: ContentSettings) -> None:
    db = postgres_with_outbox(settings, MIGRATIONS)
    stack = AsyncExitStack()
    objects = await S3ObjectStore.open(settings, stack)
    urls = SignedMediaUrls(settings)
    media = media_handlers(settings, db, objects, images=None)
    identity = grpc.aio.insecure_channel(settings.identity_addr, interceptors=client_interceptors())
    communities = grpc.aio.insecure_channel(settings.communities_addr, interceptors=client_interceptors())
    feed = grpc.aio.insecure_channel(settings.feed_addr, interceptors=client_interceptors())
    content = PostgresContentRepository(db.pool)
    posts = ContentHandlers(
        content=content,
        communities=GrpcCommunities(communities),
        handles=GrpcHandles(identity),
        filters=GrpcReaderFilters(feed),
        media=media,
    )
    threads = ThreadHandlers(posts, content)
    reactions = ReactionHandlers(posts, threads, content)
    moderation = ModerationHandlers(content, posts.communities)
    erasure = ErasureHandlers(content)
    # Scheduled posts: every replica may run this; each due draft is claimed by one and published once.
    drafts = DraftHandlers(posts, content)
    services = content_pb2.DESCRIPTOR.services_by_name
    graph = graph_consumer(settings.kafka_bootstrap, content)
    members = communities_consumer(settings.kafka_bootstrap, content, moderation)
    users = identity_consumer(settings.kafka_bootstrap, content, erasure, moderation)
    trust = recognition_consumer(settings.kafka_bootstrap, content)
    app = create_server(
        [
            Registration(
                content_pb2_grpc.add_ContentServiceServicer_to_server,
                ContentServicer(
                    posts,
                    threads,
                    reactions,
                    moderation,
                    VoteHandlers(posts, content),
                    BookmarkHandlers(posts, content),
                    drafts,
                    urls,
                ),
                services["ContentService"].full_name,
            ),
            Registration(
                media_pb2_grpc.add_MediaServiceServicer_to_server,
                MediaServicer(media, urls),
                media_pb2.DESCRIPTOR.services_by_name["MediaService"].full_name,
            ),
            Registration(
                content_pb2_grpc.add_ContentInternalServiceServicer_to_server,
                ContentInternalServicer(posts, ContentExports(PostgresContentExport(db.pool)), urls),
                services["ContentInternalService"].full_name,
            ),
            Registration(
                unread_pb2_grpc.add_UnreadServiceServicer_to_server,
                UnreadServicer(UnreadHandlers(posts, threads, PostgresUnread(db.pool)), urls),
                unread_pb2.DESCRIPTOR.services_by_name["UnreadService"].full_name,
            ),
            mirror_registration([graph, members, users]),
        ],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )

    # Outbox rows that named an erased user and were still unsent at the erasure go once the
    # relay has sent them. Every replica may run this: deleting twice is harmless.
    scheduled = every(settings.scheduled_posts_interval_seconds, drafts.publish_due, "publishing scheduled posts")
    erasures = every(
        settings.erasure_interval_seconds, erasure.purge_erased_outbox, "purging erased users' outbox rows"
    )
    # Every replica may run this too: a key deleted twice is harmless.
    expired_keys = every(
        settings.idempotency_sweep_interval_seconds, posts.forget_expired_keys, "forgetting expired idempotency keys"
    )

    async def close() -> None:
        await identity.close()
        await communities.close()
        await feed.close()
        await stack.aclose()
        await db.close()

    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[db.open],
        background=[db.relay, graph, members, users, trust, erasures, scheduled, expired_keys],
        on_stop=[close],
    )


async def run_media_worker(settings: ContentSettings) -> None:
    """The media worker: processes completed uploads and cleans up what is not used. Any number
    may run: each upload is claimed by one at a time and finished once (docs/media.md)."""
    db = postgres_with_outbox(settings, MIGRATIONS)
    stack = AsyncExitStack()
    objects = await S3ObjectStore.open(settings, stack)
    media = media_handlers(settings, db, objects, images=PillowImages())
    app = create_server([], host=settings.grpc_host, port=settings.grpc_port)  # health, for probes

    async def close() -> None:
        await stack.aclose()
        await db.close()

    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[db.open],
        background=[
            every(settings.media_poll_interval_seconds, media.process_due, "processing uploads"),
            every(settings.media_cleanup_interval_seconds, media.clean_up, "cleaning up media"),
        ],
        on_stop=[close],
    )
