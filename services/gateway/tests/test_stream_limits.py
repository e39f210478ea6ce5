"""Live streams at the gateway: limited per user and per address, and without the gateway's
deadline unless the client sets one."""

from __future__ import annotations

import pytest

from kith_gateway.domain.routes import public_routes
from kith_gateway.domain.stream_limits import StreamLimits
from kith_gateway.entrypoints.proxy import ProxyHandler

SUBSCRIBE = "/kith.live.v1.LiveService/Subscribe"


def test_the_live_subscribe_is_the_one_long_lived_route():
    routes = public_routes()
    assert routes[SUBSCRIBE].server_streaming and routes[SUBSCRIBE].long_lived
    assert not routes[SUBSCRIBE].anonymous
    assert [path for path, route in routes.items() if route.long_lived] == [SUBSCRIBE]


def test_a_user_gets_up_to_the_limit_and_a_place_back_when_one_closes():
    limits = StreamLimits(per_user=2, per_address=10)
    assert limits.acquire("ana", "10.0.0.1") is None
    assert limits.acquire("ana", "10.0.0.2") is None
    assert "per user" in limits.acquire("ana", "10.0.0.3")
    assert limits.acquire("bo", "10.0.0.1") is None  # others are not held back
    limits.release("ana", "10.0.0.1")
    assert limits.acquire("ana", "10.0.0.3") is None


def test_an_address_gets_up_to_its_limit_across_users():
    limits = StreamLimits(per_user=5, per_address=2)
    assert limits.acquire("ana", "10.0.0.1") is None
    assert limits.acquire("bo", "10.0.0.1") is None
    assert "per address" in limits.acquire("cy", "10.0.0.1")
    limits.release("bo", "10.0.0.1")
    assert limits.acquire("cy", "10.0.0.1") is None
    assert limits.by_user == {"ana": 1, "cy": 1}  # released places leave nothing behind


def test_a_refused_stream_takes_no_place():
    limits = StreamLimits(per_user=1, per_address=1)
    assert limits.acquire("ana", "a") is None
    assert limits.acquire("ana", "b") is not None
    assert limits.acquire("bo", "a") is not None
    assert (limits.by_user, limits.by_address) == ({"ana": 1}, {"a": 1})


class _Context:
    def __init__(self, remaining):
        self.remaining = remaining

    def time_remaining(self):
        return self.remaining

    def invocation_metadata(self):
        return ()


@pytest.mark.parametrize("remaining, cap, expected", [
    (None, 0.0, None),          # no client deadline: none at the backend either
    (None, 3600.0, 3600.0),     # an operator's cap applies to every stream
    (7200.0, 0.0, 7200.0),      # the client's own deadline goes along
    (7200.0, 3600.0, 3600.0),
])
def test_a_live_stream_gets_no_gateway_deadline(remaining, cap, expected):
    proxy = ProxyHandler(public_routes(), _Channels(), default_deadline=10, max_deadline=60, stream_max_deadline=cap)
    assert proxy._outgoing(_Context(remaining), long_lived=True)[1] == expected
    assert proxy._outgoing(_Context(remaining), long_lived=False)[1] == (10 if remaining is None else 60)


class _Channel:
    def unary_unary(self, path):
        return None

    def unary_stream(self, path):
        return None


class _Channels(dict):
    def __missing__(self, key):
        return _Channel()
