"""Unit tests of what the gateway exposes."""

from __future__ import annotations

from kith_gateway.domain.routes import public_routes, public_service_names


def test_only_sign_up_and_sign_in_rpcs_are_anonymous():
    anonymous = {path for path, route in public_routes().items() if route.anonymous}
    assert anonymous == {
        "/kith.identity.v1.IdentityService/Register",
        "/kith.identity.v1.IdentityService/Login",
        "/kith.identity.v1.IdentityService/Refresh",
        "/kith.identity.v1.IdentityService/ReactivateAccount",
    }


def test_internal_services_are_not_routed():
    assert not [path for path in public_routes() if "Internal" in path]
    assert "kith.identity.v1.IdentityInternalService" not in public_service_names()


def test_each_route_names_its_backend():
    routes = public_routes()
    assert routes["/kith.graph.v1.GraphService/Follow"].backend == "graph"
    assert routes["/kith.feed.v1.FeedService/GetHomeFeed"].backend == "feed"
