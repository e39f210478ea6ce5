"""UserErased in the gateway (real Redis, standalone and cluster; make up): the per-user
rate-limit bucket named after the erased user goes, revocations keep working."""

from __future__ import annotations

import uuid

import pytest

from kith.identity.v1 import events_pb2
from kith_gateway.adapters.rate_limit import RedisRateLimiter
from kith_gateway.adapters.revocations import RedisRevokedSessions
from kith_gateway.domain.limits import Bucket, user_bucket
from kith_gateway.entrypoints.revocation_consumer import revocation_apply
from kith_gateway.service_layer.revocations import Revocations
from kith_platform.testing import REDIS_TARGETS, redis_for_test

pytestmark = pytest.mark.integration


@pytest.fixture(params=REDIS_TARGETS)
async def client(request):
    client = await redis_for_test(request.param)
    yield client
    await client.aclose()


async def test_user_erased_deletes_the_users_bucket_and_only_theirs(client):
    limiter = RedisRateLimiter(client, prefix=f"test:rl:{uuid.uuid4().hex}")
    erased, other, session = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    for user in (erased, other):
        assert await limiter.take([Bucket(user_bucket(user), 10, 1)]) == 0
    revoked = RedisRevokedSessions(client, 60)
    apply = revocation_apply(Revocations(revoked, limiter))
    events = [events_pb2.SessionsRevoked(user_id=erased, session_ids=[session]), events_pb2.UserErased(user_id=erased)]
    await apply(events)
    await apply(events)  # redelivered: the same
    assert not await client.exists(f"{limiter.prefix}:user:{erased}")
    assert await client.exists(f"{limiter.prefix}:user:{other}")
    assert await revoked.is_revoked(session)
