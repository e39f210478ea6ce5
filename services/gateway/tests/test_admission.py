"""The edge's one Redis round trip per call, on the real Redis (make up): an ended session and
the rate-limit buckets answered together."""

from __future__ import annotations

import uuid

import pytest

from kith_gateway.adapters.admission import RedisAdmission
from kith_gateway.adapters.rate_limit import RedisRateLimiter
from kith_gateway.adapters.revocations import RedisRevokedSessions
from kith_gateway.domain.limits import Bucket
from kith_platform.testing import redis_for_test

pytestmark = pytest.mark.integration


async def test_an_ended_session_and_an_empty_bucket_are_answered_in_one_call():
    client = await redis_for_test("standalone")
    limiter = RedisRateLimiter(client, prefix=f"test:rl:{uuid.uuid4().hex}")
    revoked = RedisRevokedSessions(client, ttl_seconds=60)
    admission = RedisAdmission(client, revoked, limiter)
    live, ended = uuid.uuid4().hex, uuid.uuid4().hex
    bucket = Bucket("user", capacity=2, per_second=0.5)
    try:
        await revoked.add([ended])
        first = await admission.admit(live, [bucket])
        assert (first.session_ended, first.wait_ms) == (False, 0)
        assert (await admission.admit(ended, [bucket])).session_ended  # (the second token)
        third = await admission.admit(live, [bucket])
        assert not third.session_ended and 1000 <= third.wait_ms <= 2000  # empty: 1 token per 2 s
        anonymous = await admission.admit("", [Bucket("ip", capacity=5, per_second=1)])
        assert (anonymous.session_ended, anonymous.wait_ms) == (False, 0)
        assert (await admission.admit(ended, [])).session_ended  # rate limits off

        limiter.script.sha = "0" * 40  # as after a Redis restart: the server loads it again
        assert (await admission.admit(ended, [Bucket("other", 5, 1)])).session_ended
    finally:
        await client.aclose()
