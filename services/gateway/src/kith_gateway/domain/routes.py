"""Which RPCs the gateway exposes, where they go, which need no token, and how long the backend
is given."""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.descriptor import ServiceDescriptor

from kith.communities.v1 import communities_pb2
from kith.content.v1 import content_pb2, media_pb2, unread_pb2
from kith.feed.v1 import digests_pb2, feed_pb2, lists_pb2
from kith.graph.v1 import graph_pb2
from kith.identity.v1 import identity_pb2, trust_safety_pb2
from kith.live.v1 import live_pb2
from kith.messaging.v1 import messaging_pb2

# Public services by backend. Internal services (e.g. IdentityInternalService) are absent,
# so the gateway answers UNIMPLEMENTED for them.
PUBLIC_SERVICES: dict[str, list[ServiceDescriptor]] = {
    "identity": [
        identity_pb2.DESCRIPTOR.services_by_name["IdentityService"],
        trust_safety_pb2.DESCRIPTOR.services_by_name["TrustAndSafetyService"],
    ],
    "graph": [graph_pb2.DESCRIPTOR.services_by_name["GraphService"]],
    "communities": [communities_pb2.DESCRIPTOR.services_by_name["CommunitiesService"]],
    "content": [
        content_pb2.DESCRIPTOR.services_by_name["ContentService"],
        media_pb2.DESCRIPTOR.services_by_name["MediaService"],
        unread_pb2.DESCRIPTOR.services_by_name["UnreadService"],
    ],
    "feed": [
        feed_pb2.DESCRIPTOR.services_by_name["FeedService"],
        feed_pb2.DESCRIPTOR.services_by_name["NotificationsService"],
        feed_pb2.DESCRIPTOR.services_by_name["ReadingFiltersService"],
        feed_pb2.DESCRIPTOR.services_by_name["CommunityInsightsService"],
        feed_pb2.DESCRIPTOR.services_by_name["RecognitionService"],
        digests_pb2.DESCRIPTOR.services_by_name["DigestService"],
        lists_pb2.DESCRIPTOR.services_by_name["ListsService"],
    ],
    "messaging": [messaging_pb2.DESCRIPTOR.services_by_name["MessagingService"]],
    "live": [live_pb2.DESCRIPTOR.services_by_name["LiveService"]],
}

ANONYMOUS_METHODS = frozenset(
    {
        "/kith.identity.v1.IdentityService/Register",
        "/kith.identity.v1.IdentityService/Login",
        "/kith.identity.v1.IdentityService/Refresh",
        "/kith.identity.v1.IdentityService/ReactivateAccount",
        "/kith.identity.v1.IdentityService/CompleteLogin",
        "/kith.identity.v1.IdentityService/ConfirmEmail",
        "/kith.identity.v1.IdentityService/RequestPasswordReset",
        "/kith.identity.v1.IdentityService/ResetPassword",
        "/kith.identity.v1.TrustAndSafetyService/AppealSuspension",
    }
)

# Streams that stay open while the client is connected (the live channel).
LONG_LIVED_METHODS = frozenset({"/kith.live.v1.LiveService/Subscribe"})


@dataclass(frozen=True)
class Route:
    method: str  # "/package.Service/Method"
    backend: str
    anonymous: bool
    # The response is a stream (the method descriptor's server_streaming); the request is one
    # message either way: public RPCs never stream requests (test_routes checks).
    server_streaming: bool = False
    # A live stream (held open for as long as the client wants): no gateway deadline unless the
    # client sets one (stream_max_deadline_seconds caps it), and counted against the
    # per-user and per-address stream limits.
    long_lived: bool = False


def public_routes() -> dict[str, Route]:
    routes = {}
    for backend, services in PUBLIC_SERVICES.items():
        for service in services:
            for method in service.methods:
                path = f"/{service.full_name}/{method.name}"
                routes[path] = Route(
                    path, backend, path in ANONYMOUS_METHODS, method.server_streaming, path in LONG_LIVED_METHODS
                )
    return routes


@dataclass(frozen=True)
class Deadlines:
    default: float  # when the client sets none
    maximum: float  # the most a client may ask
    stream_maximum: float = 0.0  # a live stream's cap on the client's own deadline (0: not capped)

    def timeout(self, remaining: float | None, long_lived: bool) -> float | None:
        """The backend's timeout for a call with `remaining` seconds left of the client's deadline
        (None: it set none): capped at maximum, default when none; for a live stream, the client's
        deadline (capped at stream_maximum when set) or none."""
        if long_lived:
            cap = self.stream_maximum
            if remaining is None:
                return cap or None
            return min(remaining, cap) if cap else remaining
        return self.default if remaining is None else min(remaining, self.maximum)


def public_service_names() -> list[str]:
    return [s.full_name for services in PUBLIC_SERVICES.values() for s in services]
