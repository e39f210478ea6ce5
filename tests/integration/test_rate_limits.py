"""Rate limits at the gateway: brute-force protection without collateral damage."""

from __future__ import annotations

import uuid

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from kith.identity.v1 import identity_pb2
from kith_gateway.adapters.rate_limit import Bucket, RedisRateLimiter
from kith_platform.testing import REDIS_TARGETS, redis_for_test


async def test_twenty_wrong_passwords_are_throttled_and_other_users_are_not(api):
    victim = await api.sign_up("victim")
    bystander = await api.sign_up("bystander")
    codes, throttled = [], None
    for _ in range(20):
        try:
            await api.identity.Login(identity_pb2.LoginRequest(login=victim.handle, password="guessing wrong"))
        except grpc.aio.AioRpcError as exc:
            codes.append(exc.code())
            if exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and throttled is None:
                throttled = exc
    assert codes[0] == grpc.StatusCode.UNAUTHENTICATED
    first = codes.index(grpc.StatusCode.RESOURCE_EXHAUSTED)
    assert first <= 10 and set(codes[first:]) == {grpc.StatusCode.RESOURCE_EXHAUSTED}

    # The refusal says when to come back, as RetryInfo and as plain trailing metadata.
    status = rpc_status.from_call(throttled)
    retry = error_details_pb2.RetryInfo()
    assert status.details[0].Unpack(retry) and retry.retry_delay.seconds > 0
    assert int(dict(throttled.trailing_metadata())["retry-after-ms"]) > 0

    # Even the right password waits now for this account (the attacker cannot tell)...
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.identity.Login(identity_pb2.LoginRequest(login=victim.handle, password=victim.password))
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    # ...while other accounts, from the same address, log in as usual.
    response = await api.identity.Login(identity_pb2.LoginRequest(login=bystander.handle, password=bystander.password))
    assert response.user.user_id == bystander.user_id


@pytest.mark.parametrize("target", REDIS_TARGETS)
async def test_token_bucket_allows_the_burst_then_asks_to_wait(target):
    client = await redis_for_test(target)
    try:
        limiter = RedisRateLimiter(client, prefix=f"test:rl:{uuid.uuid4().hex}")
        bucket = Bucket("b", capacity=3, per_second=1)
        waits = [await limiter.take([bucket]) for _ in range(4)]
        assert waits[:3] == [0, 0, 0]
        assert 900 <= waits[3] <= 1000
        # One empty bucket among several refuses the call.
        roomy = Bucket("roomy", capacity=100, per_second=100)
        assert await limiter.take([roomy, bucket]) > 0
    finally:
        await client.aclose()
