"""Every service answers the standard health check and lists its services by reflection."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tests.integration.endpoints import SERVICE_ADDRESSES

MIRROR = "kith.common.v1.MirrorService"  # internal: safety changes applied before their call answers
EXPECTED = {
    "gateway": {
        "kith.identity.v1.IdentityService",
        "kith.identity.v1.TrustAndSafetyService",
        "kith.graph.v1.GraphService",
        "kith.communities.v1.CommunitiesService",
        "kith.content.v1.ContentService",
        "kith.content.v1.MediaService",
        "kith.content.v1.UnreadService",
        "kith.feed.v1.FeedService",
        "kith.feed.v1.NotificationsService",
        "kith.feed.v1.ReadingFiltersService",
        "kith.feed.v1.CommunityInsightsService",
        "kith.feed.v1.RecognitionService",
        "kith.feed.v1.DigestService",
        "kith.feed.v1.ListsService",
        "kith.messaging.v1.MessagingService",
        "kith.live.v1.LiveService",
    },
    "identity": {
        "kith.identity.v1.IdentityService",
        "kith.identity.v1.IdentityInternalService",
        "kith.identity.v1.TrustAndSafetyService",
        MIRROR,
    },
    "graph": {"kith.graph.v1.GraphService", "kith.graph.v1.GraphInternalService", MIRROR},
    "communities": {"kith.communities.v1.CommunitiesService", "kith.communities.v1.CommunitiesInternalService", MIRROR},
    "content": {
        "kith.content.v1.ContentService",
        "kith.content.v1.ContentInternalService",
        "kith.content.v1.MediaService",
        "kith.content.v1.UnreadService",
        MIRROR,
    },
    "media-worker": set(),  # health only, for probes
    "feed-api": {
        "kith.feed.v1.FeedService",
        "kith.feed.v1.NotificationsService",
        "kith.feed.v1.ReadingFiltersService",
        "kith.feed.v1.CommunityInsightsService",
        "kith.feed.v1.RecognitionService",
        "kith.feed.v1.FeedInternalService",
        "kith.feed.v1.DigestService",
        "kith.feed.v1.DigestInternalService",
        "kith.feed.v1.ListsService",
        MIRROR,
    },
    "messaging": {"kith.messaging.v1.MessagingService", "kith.messaging.v1.MessagingInternalService", MIRROR},
    "live": {"kith.live.v1.LiveService"},
}
STANDARD = {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}


@pytest.mark.parametrize("name", sorted(SERVICE_ADDRESSES))
async def test_service_is_serving_and_reflects_its_services(platform_up, name):
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES[name]) as channel:
        health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert health.status == health_pb2.HealthCheckResponse.SERVING

        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
        listed = set()
        async for response in responses:
            listed |= {s.name for s in response.list_services_response.service}
        assert listed == EXPECTED[name] | STANDARD


async def test_gateway_does_not_list_internal_services(platform_up):
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["gateway"]) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
        async for response in responses:
            assert all("Internal" not in s.name for s in response.list_services_response.service)
