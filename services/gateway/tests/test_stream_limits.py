"""Live streams at the gateway: limited per user and per address across replicas (places in the
real Redis, standalone and Cluster: marked integration), and without the gateway's deadline
unless the client sets one."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis import exceptions as redis_exceptions

from kith_gateway.adapters.stream_places import RedisStreamPlaces
from kith_gateway.domain.routes import public_routes
from kith_gateway.entrypoints.proxy import ProxyHandler
from kith_platform.testing import REDIS_TARGETS, redis_for_test

SUBSCRIBE = "/kith.live.v1.LiveService/Subscribe"


def test_the_live_subscribe_is_the_one_long_lived_route():
    routes = public_routes()
    assert routes[SUBSCRIBE].server_streaming and routes[SUBSCRIBE].long_lived
    assert not routes[SUBSCRIBE].anonymous
    assert [path for path, route in routes.items() if route.long_lived] == [SUBSCRIBE]


@pytest.fixture(params=REDIS_TARGETS)
async def redis(request):
    client = await redis_for_test(request.param)
    yield client
    await client.aclose()


def _places(redis, per_user=5, per_address=200, ttl=60.0):
    return RedisStreamPlaces(redis, per_user, per_address, ttl, prefix=f"test:streams:{uuid.uuid4().hex}")


@pytest.mark.integration
async def test_a_user_gets_up_to_the_limit_across_replicas_and_a_place_back_when_one_closes(redis):
    one = _places(redis, per_user=2)
    other = RedisStreamPlaces(redis, 2, 200, 60.0, prefix=one.prefix)  # a second gateway replica
    first, refused = await one.take("ana", "10.0.0.1")
    assert first and refused is None
    assert (await other.take("ana", "10.0.0.2"))[1] is None
    place, refused = await one.take("ana", "10.0.0.3")
    assert place is None and "per user" in refused
    assert (await other.take("bo", "10.0.0.1"))[1] is None  # others are not held back
    await one.give_back(first)
    assert (await other.take("ana", "10.0.0.3"))[1] is None


@pytest.mark.integration
async def test_an_address_gets_up_to_its_limit_across_users_and_a_refusal_takes_no_place(redis):
    places = _places(redis, per_user=5, per_address=2)
    assert (await places.take("ana", "10.0.0.1"))[1] is None
    bo, _ = await places.take("bo", "10.0.0.1")
    place, refused = await places.take("cy", "10.0.0.1")
    assert place is None and "per address" in refused
    assert await redis.zcard(f"{places.prefix}:user:cy") == 0  # the user's place went back
    await places.give_back(bo)
    assert (await places.take("cy", "10.0.0.1"))[1] is None
    assert len(places.held) == 2


@pytest.mark.integration
async def test_the_places_of_a_replica_that_stops_renewing_free_themselves(redis):
    dead = _places(redis, per_user=1, ttl=0.5)
    alive = RedisStreamPlaces(redis, 1, 200, 0.5, prefix=dead.prefix)
    assert (await dead.take("ana", "a"))[1] is None
    assert (await alive.take("ana", "b"))[1] is not None
    await asyncio.sleep(0.7)  # dead never renews
    kept, refused = await alive.take("ana", "b")
    assert refused is None
    for _ in range(3):  # a replica that renews keeps its place past the time to live
        await asyncio.sleep(0.2)
        assert await alive.renew() == 1
    assert (await dead.take("ana", "c"))[1] is not None


class _FailingOnce:
    """The client's ZREM fails once (a pool exhausted by a burst of closing streams)."""

    def __init__(self, redis):
        self.redis, self.failed = redis, False

    def __getattr__(self, name):
        return getattr(self.redis, name)

    async def zrem(self, *args):
        if not self.failed:
            self.failed = True
            raise redis_exceptions.ConnectionError("too many connections")
        return await self.redis.zrem(*args)


@pytest.mark.integration
async def test_a_place_whose_giving_back_failed_is_given_back_on_the_next_round(redis):
    places = _places(redis, per_user=1)
    place, _ = await places.take("ana", "a")
    places.redis = _FailingOnce(redis)
    await places.give_back(place)
    assert await redis.zcard(f"{places.prefix}:user:ana") == 1 and place in places.returning
    await places.give_back_again()
    assert await redis.zcard(f"{places.prefix}:user:ana") == 0 and not places.returning
    assert (await places.take("ana", "b"))[1] is None


class _Context:
    def __init__(self, remaining):
        self.remaining = remaining

    def time_remaining(self):
        return self.remaining

    def invocation_metadata(self):
        return ()


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
