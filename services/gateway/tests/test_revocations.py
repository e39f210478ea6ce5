"""What identity's users topic changes at the edge, without servers: a session it ends is refused
from the next call on, an erased user's bucket goes, and a batch delivered again changes nothing."""

from __future__ import annotations

import pytest

from kith.identity.v1 import events_pb2
from kith_gateway.domain.routes import public_routes
from kith_gateway.entrypoints.revocation_consumer import revocation_apply
from kith_gateway.service_layer.admission import Gatekeeper
from kith_gateway.service_layer.revocations import Revocations
from kith_gateway.service_layer.tokens import AccessTokens
from kith_platform.errors import Unauthenticated
from services.gateway.tests.fakes import (
    AUDIENCE,
    ISSUER,
    FakeAdmissionStore,
    FakeIdentityKeys,
    FakeRateLimitBuckets,
    FakeRevokedSessions,
)

HOME_FEED = public_routes()["/kith.feed.v1.FeedService/GetHomeFeed"]


async def test_a_revoked_session_is_refused_from_the_next_call_and_the_users_other_sessions_are_not():
    identity, revoked = FakeIdentityKeys(), FakeRevokedSessions()
    tokens = AccessTokens(identity, issuer=ISSUER, audience=AUDIENCE, min_refresh_interval=10.0)
    gate = Gatekeeper(tokens, FakeAdmissionStore(revoked), None)
    ended, kept = f"Bearer {identity.token('ana', 's1')}", f"Bearer {identity.token('ana', 's2')}"
    assert await gate.admit(HOME_FEED, ended, "10.0.0.1", "") == ("ana", "s1")  # remembered as verified

    await Revocations(revoked, FakeRateLimitBuckets()).apply(["s1"], [])

    with pytest.raises(Unauthenticated, match="^session has ended; log in again$"):
        await gate.admit(HOME_FEED, ended, "10.0.0.1", "")
    assert await gate.admit(HOME_FEED, kept, "10.0.0.1", "") == ("ana", "s2")


async def test_the_users_topic_ends_sessions_and_forgets_erased_users_once_however_often_it_comes():
    revoked, buckets = FakeRevokedSessions(), FakeRateLimitBuckets()
    apply = revocation_apply(Revocations(revoked, buckets))
    events = [
        events_pb2.SessionsRevoked(user_id="ana", session_ids=["s1", "s2"]),
        events_pb2.UserRegistered(user_id="bo"),
        events_pb2.UserErased(user_id="cy"),
        events_pb2.UserErased(user_id=""),  # names nobody: nothing to forget
        events_pb2.SessionsRevoked(user_id="cy", session_ids=["s3"]),
    ]
    await apply(events)
    await apply(events)  # redelivered
    assert revoked.sessions == {"s1", "s2", "s3"}
    assert buckets.forgotten == ["cy"]


async def test_a_batch_without_revocations_or_erasures_writes_nothing():
    revoked, buckets = FakeRevokedSessions(), FakeRateLimitBuckets()
    await revocation_apply(Revocations(revoked, buckets))([events_pb2.UserRegistered(user_id="bo")])
    assert (revoked.writes, buckets.writes) == (0, 0)
