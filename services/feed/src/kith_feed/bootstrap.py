"""The one place where the feed API's real adapters are built and wired."""

from __future__ import annotations

from kith.feed.v1 import digests_pb2, digests_pb2_grpc, feed_pb2, feed_pb2_grpc, lists_pb2, lists_pb2_grpc
from kith_feed.adapters.stores import FeedStores
from kith_feed.config import FeedSettings
from kith_feed.entrypoints.digest_api import DigestInternalServicer, DigestServicer
from kith_feed.entrypoints.export_api import FeedInternalServicer
from kith_feed.entrypoints.grpc_api import (
    CommunityInsightsServicer,
    FeedServicer,
    NotificationsServicer,
    ReadingFiltersServicer,
    RecognitionServicer,
)
from kith_feed.entrypoints.lists_api import ListsServicer
from kith_feed.entrypoints.mirror import FactsMirror
from kith_feed.service_layer.digests import DigestReads
from kith_feed.service_layer.exports import FeedExports
from kith_feed.service_layer.insights import CommunityInsights
from kith_feed.service_layer.lists import Lists
from kith_feed.service_layer.notification_reads import NotificationReads
from kith_feed.service_layer.reading_filters import ReadingFilters
from kith_feed.service_layer.reads import FeedReads
from kith_feed.service_layer.recognition import RecognitionReads
from kith_platform.grpc_server import Registration, create_server, run_until_terminated
from kith_platform.media_urls import SignedMediaUrls
from kith_platform.mirrors import mirror_registration
from kith_platform.redis_client import AnyRedis, redis_client
from kith_platform.retry import until_ready


def build_reads(settings: FeedSettings) -> tuple[FeedReads, AnyRedis]:
    """The feed's reads on its Redis read model, and the client (to close): the feed API's, and
    the gateway's when it serves them itself (KITH_FEED_READS=local)."""
    client = redis_client(
        settings.redis_url,
        cluster=settings.redis_cluster,
        waiting_pool=settings.reads_redis_connections,
    )
    return FeedReads(FeedStores.from_settings(client, settings)), client


async def run_api(settings: FeedSettings) -> None:
    reads, client = build_reads(settings)
    urls = SignedMediaUrls(settings)
    services = feed_pb2.DESCRIPTOR.services_by_name
    app = create_server(
        [
            Registration(
                feed_pb2_grpc.add_FeedServiceServicer_to_server,
                FeedServicer(reads, urls),
                services["FeedService"].full_name,
            ),
            Registration(
                feed_pb2_grpc.add_NotificationsServiceServicer_to_server,
                NotificationsServicer(NotificationReads(reads.store)),
                services["NotificationsService"].full_name,
            ),
            Registration(
                feed_pb2_grpc.add_ReadingFiltersServiceServicer_to_server,
                ReadingFiltersServicer(ReadingFilters(reads.store)),
                services["ReadingFiltersService"].full_name,
            ),
            Registration(
                feed_pb2_grpc.add_CommunityInsightsServiceServicer_to_server,
                CommunityInsightsServicer(CommunityInsights(reads.store)),
                services["CommunityInsightsService"].full_name,
            ),
            Registration(
                feed_pb2_grpc.add_RecognitionServiceServicer_to_server,
                RecognitionServicer(RecognitionReads(reads.store)),
                services["RecognitionService"].full_name,
            ),
            Registration(
                feed_pb2_grpc.add_FeedInternalServiceServicer_to_server,
                FeedInternalServicer(FeedExports(reads.store), ReadingFilters(reads.store)),
                services["FeedInternalService"].full_name,
            ),
            Registration(
                digests_pb2_grpc.add_DigestServiceServicer_to_server,
                DigestServicer(DigestReads(reads.store), urls),
                digests_pb2.DESCRIPTOR.services_by_name["DigestService"].full_name,
            ),
            Registration(
                digests_pb2_grpc.add_DigestInternalServiceServicer_to_server,
                DigestInternalServicer(DigestReads(reads.store)),
                digests_pb2.DESCRIPTOR.services_by_name["DigestInternalService"].full_name,
            ),
            Registration(
                lists_pb2_grpc.add_ListsServiceServicer_to_server,
                ListsServicer(Lists(reads.store), reads, urls),
                lists_pb2.DESCRIPTOR.services_by_name["ListsService"].full_name,
            ),
            mirror_registration([FactsMirror(reads.store)]),
        ],
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    # Redis is the feed API's only store: not SERVING until it answers.
    await run_until_terminated(
        app,
        grace_seconds=settings.shutdown_grace_seconds,
        drain_seconds=settings.shutdown_drain_seconds,
        startup=[until_ready("redis", client.ping)],
        on_stop=[client.aclose],
    )
