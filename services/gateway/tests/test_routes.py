"""Unit tests of what the gateway exposes."""

from __future__ import annotations

import pytest

from kith_gateway.domain.routes import Deadlines, public_routes, public_service_names
from kith_gateway.entrypoints.rate_limits import caller_address


def test_only_sign_up_sign_in_and_recovery_rpcs_are_anonymous():
    anonymous = {path for path, route in public_routes().items() if route.anonymous}
    assert anonymous == {
        "/kith.identity.v1.IdentityService/Register",
        "/kith.identity.v1.IdentityService/Login",
        "/kith.identity.v1.IdentityService/Refresh",
        "/kith.identity.v1.IdentityService/ReactivateAccount",
        # A second factor's answer, and links opened from a mail, signed out.
        "/kith.identity.v1.IdentityService/CompleteLogin",
        "/kith.identity.v1.IdentityService/ConfirmEmail",
        "/kith.identity.v1.IdentityService/RequestPasswordReset",
        "/kith.identity.v1.IdentityService/ResetPassword",
        # A suspended person cannot log in: they appeal with their password.
        "/kith.identity.v1.TrustAndSafetyService/AppealSuspension",
    }


def test_internal_services_are_not_routed():
    assert not [path for path in public_routes() if "Internal" in path]
    assert "kith.identity.v1.IdentityInternalService" not in public_service_names()


def test_each_route_names_its_backend():
    routes = public_routes()
    assert routes["/kith.graph.v1.GraphService/Follow"].backend == "graph"
    assert routes["/kith.feed.v1.FeedService/GetHomeFeed"].backend == "feed"


class _Context:
    def __init__(self, peer: str, forwarded: str = "") -> None:
        self._peer, self._forwarded = peer, forwarded

    def peer(self) -> str:
        return self._peer

    def invocation_metadata(self):
        return (("x-forwarded-for", self._forwarded),) if self._forwarded else ()


def test_client_address_trusts_only_the_configured_proxies():
    # No trusted proxy: a client-sent x-forwarded-for cannot pick its own rate-limit bucket.
    assert caller_address(_Context("ipv4:10.0.0.9:5000", "1.2.3.4"), 0) == "10.0.0.9"
    # One trusted proxy: the entry it appended (the last), not what the client prepended.
    assert caller_address(_Context("ipv4:10.0.0.9:5000", "6.6.6.6, 203.0.113.7"), 1) == "203.0.113.7"
    assert caller_address(_Context("ipv6:[2001:db8::1]:443"), 1) == "2001:db8::1"


def test_only_the_web_bridge_socket_names_the_client_in_x_forwarded_for():
    # The bridge (a Unix-socket peer) names the browser last, whatever hops are configured.
    assert caller_address(_Context("unix:", "6.6.6.6, 198.51.100.4"), 0) == "198.51.100.4"
    assert caller_address(_Context("unix:"), 0) == "unknown"
    # A TCP client sending the same header is not believed.
    assert caller_address(_Context("ipv4:10.0.0.9:5000", "198.51.100.4"), 0) == "10.0.0.9"


def test_streaming_routes_follow_the_method_descriptors():
    routes = public_routes()
    assert routes["/kith.identity.v1.IdentityService/DownloadDataExport"].server_streaming
    assert not routes["/kith.identity.v1.IdentityService/GetDataExport"].server_streaming
    # The proxy forwards one request message: no public RPC may stream its requests.
    from google.protobuf import descriptor_pool

    pool = descriptor_pool.Default()
    assert not [p for p in routes if pool.FindMethodByName(p[1:].replace("/", ".")).client_streaming]


@pytest.mark.parametrize(
    "remaining, cap, expected",
    [
        (None, 0.0, None),  # no client deadline: none at the backend either
        (None, 3600.0, 3600.0),  # an operator's cap applies to every stream
        (7200.0, 0.0, 7200.0),  # the client's own deadline goes along
        (7200.0, 3600.0, 3600.0),
    ],
)
def test_a_live_stream_gets_no_gateway_deadline(remaining, cap, expected):
    deadlines = Deadlines(default=10, maximum=60, stream_maximum=cap)
    assert deadlines.timeout(remaining, long_lived=True) == expected
    assert deadlines.timeout(remaining, long_lived=False) == (10 if remaining is None else 60)
    assert deadlines.timeout(3.0, long_lived=False) == 3.0
