"""Live streams at the gateway: limited per user and per address (the rule on a fake store; the
places in the real Redis, standalone and Cluster, across replicas: marked integration)."""

from __future__ import annotations

import asyncio
import uuid

import grpc
import pytest
from redis import exceptions as redis_exceptions

from kith_gateway.adapters.stream_places import RedisStreamPlaces
from kith_gateway.domain.limits import TooManyStreams
from kith_gateway.domain.routes import public_routes
from kith_gateway.service_layer.streams import StreamLimits
from kith_platform.testing import REDIS_TARGETS, redis_for_test
from services.gateway.tests.fakes import FakeStreamPlaces

SUBSCRIBE = "/kith.live.v1.LiveService/Subscribe"


def test_the_live_subscribe_is_the_one_long_lived_route():
    routes = public_routes()
    assert routes[SUBSCRIBE].server_streaming and routes[SUBSCRIBE].long_lived
    assert not routes[SUBSCRIBE].anonymous
    assert [path for path, route in routes.items() if route.long_lived] == [SUBSCRIBE]


async def test_a_user_beyond_the_limit_is_refused_and_gets_a_place_back_when_one_closes():
    places = FakeStreamPlaces()
    streams = StreamLimits(places, per_user=2, per_address=200)
    first = await streams.open("ana", "10.0.0.1")
    await streams.open("ana", "10.0.0.2")
    with pytest.raises(TooManyStreams) as refused:
        await streams.open("ana", "10.0.0.3")
    assert (refused.value.code, refused.value.message) == (
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "at most 2 live streams per user",
    )
    assert await streams.open("bo", "10.0.0.3")  # others are not held back
    await streams.close(first)
    assert await streams.open("ana", "10.0.0.3")


async def test_an_address_beyond_its_limit_is_refused_across_users():
    streams = StreamLimits(FakeStreamPlaces(), per_user=5, per_address=2)
    await streams.open("ana", "10.0.0.1")
    await streams.open("bo", "10.0.0.1")
    with pytest.raises(TooManyStreams, match="^at most 2 live streams per address$"):
        await streams.open("cy", "10.0.0.1")


async def test_without_the_store_a_stream_is_allowed_and_holds_no_place():
    places = FakeStreamPlaces()
    places.failure = redis_exceptions.ConnectionError("redis is down")
    streams = StreamLimits(places, per_user=1, per_address=1)
    assert await streams.open("ana", "10.0.0.1") is None
    assert await streams.open("ana", "10.0.0.1") is None
    await streams.close(None)
    places.failure = RuntimeError("a bug")  # only a store that is down lets streams through
    with pytest.raises(RuntimeError):
        await streams.open("ana", "10.0.0.1")


@pytest.fixture(params=REDIS_TARGETS)
async def redis(request):
    client = await redis_for_test(request.param)
    yield client
    await client.aclose()


def _places(redis, ttl=60.0, prefix=None):
    return RedisStreamPlaces(redis, ttl, prefix=prefix or f"test:streams:{uuid.uuid4().hex}")


@pytest.mark.integration
async def test_a_user_gets_up_to_the_limit_across_replicas_and_a_place_back_when_one_closes(redis):
    one = _places(redis)
    other = _places(redis, prefix=one.prefix)  # a second gateway replica
    first, full = await one.take("ana", "10.0.0.1", 2, 200)
    assert first and full == ""
    assert (await other.take("ana", "10.0.0.2", 2, 200))[1] == ""
    assert await one.take("ana", "10.0.0.3", 2, 200) == (None, "user")
    assert (await other.take("bo", "10.0.0.1", 2, 200))[1] == ""  # others are not held back
    await one.give_back(first)
    assert (await other.take("ana", "10.0.0.3", 2, 200))[1] == ""


@pytest.mark.integration
async def test_an_address_gets_up_to_its_limit_across_users_and_a_refusal_takes_no_place(redis):
    places = _places(redis)
    assert (await places.take("ana", "10.0.0.1", 5, 2))[1] == ""
    bo, _ = await places.take("bo", "10.0.0.1", 5, 2)
    assert await places.take("cy", "10.0.0.1", 5, 2) == (None, "address")
    assert await redis.zcard(f"{places.prefix}:user:cy") == 0  # the user's place went back
    await places.give_back(bo)
    assert (await places.take("cy", "10.0.0.1", 5, 2))[1] == ""
    assert len(places.held) == 2


@pytest.mark.integration
async def test_the_places_of_a_replica_that_stops_renewing_free_themselves(redis):
    dead = _places(redis, ttl=0.5)
    alive = _places(redis, ttl=0.5, prefix=dead.prefix)
    assert (await dead.take("ana", "a", 1, 200))[1] == ""
    assert (await alive.take("ana", "b", 1, 200))[1] == "user"
    await asyncio.sleep(0.7)  # dead never renews
    kept, full = await alive.take("ana", "b", 1, 200)
    assert full == ""
    for _ in range(3):  # a replica that renews keeps its place past the time to live
        await asyncio.sleep(0.2)
        assert await alive.renew() == 1
    assert (await dead.take("ana", "c", 1, 200))[1] == "user"


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
    places = _places(redis)
    place, _ = await places.take("ana", "a", 1, 200)
    places.redis = _FailingOnce(redis)
    await places.give_back(place)
    assert await redis.zcard(f"{places.prefix}:user:ana") == 1 and place in places.returning
    await places.give_back_again()
    assert await redis.zcard(f"{places.prefix}:user:ana") == 0 and not places.returning
    assert (await places.take("ana", "b", 1, 200))[1] == ""
