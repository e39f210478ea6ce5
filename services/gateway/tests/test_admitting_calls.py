"""Who the edge admits, without servers (the service layer on fakes of its ports): a valid token
of a live session within its rate limits goes on as its user and session; anything else is refused
with the status and message the client sees."""

from __future__ import annotations

import base64
import json

import grpc
import pytest

from kith.identity.v1 import identity_pb2
from kith_gateway.domain.limits import RateLimited, RateLimits, login_key
from kith_gateway.domain.routes import public_routes
from kith_gateway.entrypoints.admission import LOGIN_REQUESTS, login_of
from kith_gateway.service_layer.admission import Gatekeeper
from kith_gateway.service_layer.tokens import AccessTokens
from kith_platform.errors import Unauthenticated
from services.gateway.tests.fakes import AUDIENCE, ISSUER, FakeAdmissionStore, FakeIdentityKeys

ROUTES = public_routes()
LOGIN = ROUTES["/kith.identity.v1.IdentityService/Login"]
HOME_FEED = ROUTES["/kith.feed.v1.FeedService/GetHomeFeed"]
LIMITS = RateLimits(
    ip_capacity=5,
    ip_per_second=1,
    user_capacity=3,
    user_per_second=0.5,
    auth_ip_capacity=2,
    auth_ip_per_second=0.25,
    login_capacity=1,
    login_per_second=0.1,
)


def edge(limits: RateLimits | None = LIMITS) -> tuple[Gatekeeper, FakeIdentityKeys, FakeAdmissionStore]:
    identity, store = FakeIdentityKeys(), FakeAdmissionStore()
    tokens = AccessTokens(identity, issuer=ISSUER, audience=AUDIENCE, min_refresh_interval=10.0)
    return Gatekeeper(tokens, store, limits), identity, store


async def test_a_valid_token_goes_on_as_its_user_and_session_taking_their_buckets():
    gate, identity, store = edge()
    assert await gate.admit(HOME_FEED, f"Bearer {identity.token('ana', 's1')}", "10.0.0.1", "") == ("ana", "s1")
    ((session, buckets),) = store.asked
    assert session == "s1"
    assert [(b.key, b.capacity, b.per_second) for b in buckets] == [("ip:10.0.0.1", 5, 1), ("user:ana", 3, 0.5)]


async def test_a_sign_in_call_needs_no_token_and_takes_the_strict_buckets():
    gate, _, store = edge()
    assert await gate.admit(LOGIN, "", "10.0.0.1", " Ana@Example.org ") == ("", "")
    ((session, buckets),) = store.asked
    assert session == ""
    assert [b.key for b in buckets] == ["ip:10.0.0.1", "auth-ip:10.0.0.1", f"login:{login_key('ana@example.org')}"]


@pytest.mark.parametrize("authorization", ["", "Basic abc", "Bearer ", "Bearer    ", "bearer", "Token x.y.z"])
async def test_a_call_without_a_bearer_token_is_unauthenticated(authorization):
    gate, _, store = edge()
    with pytest.raises(Unauthenticated) as refused:
        await gate.admit(HOME_FEED, authorization, "10.0.0.1", "")
    assert (refused.value.code, refused.value.message) == (
        grpc.StatusCode.UNAUTHENTICATED,
        "missing bearer access token",
    )
    assert store.asked == []  # nothing taken from any bucket


def _header(header: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(header).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "what, message",
    [
        ("not a jwt", "malformed access token"),
        ("unsupported", "access token has an unsupported signature"),
        ("unknown key", "access token signed by an unknown key"),
        ("expired", "access token expired"),
        ("wrong key", "invalid access token"),
        ("wrong audience", "invalid access token"),
        ("wrong issuer", "invalid access token"),
        ("tampered", "invalid access token"),
    ],
)
async def test_an_invalid_token_is_unauthenticated_with_its_reason(what, message):
    gate, identity, store = edge()
    token = identity.token()
    header, payload, signature = token.split(".")
    bad = {
        "not a jwt": "abc.def.ghi",
        "unsupported": f"{_header({'alg': 'HS256', 'kid': 'k1'})}.{payload}.{signature}",
        "unknown key": FakeIdentityKeys("k9").token(key_id="k9"),
        "expired": identity.token(iat=900, exp=1_000),
        "wrong key": FakeIdentityKeys("k1").token(),  # another key under the same key id
        "wrong audience": identity.token(aud="someone-else"),
        "wrong issuer": identity.token(iss="someone-else"),
        "tampered": f"{header}.{identity.token('mallory').split('.')[1]}.{signature}",
    }[what]
    with pytest.raises(Unauthenticated) as refused:
        await gate.admit(HOME_FEED, f"Bearer {bad}", "10.0.0.1", "")
    assert (refused.value.code, refused.value.message) == (grpc.StatusCode.UNAUTHENTICATED, message)
    assert store.asked == []


async def test_a_token_of_an_ended_session_is_refused_and_still_takes_its_tokens():
    gate, identity, store = edge()
    store.revoked.sessions.add("s1")
    with pytest.raises(Unauthenticated) as refused:
        await gate.admit(HOME_FEED, f"Bearer {identity.token('ana', 's1')}", "10.0.0.1", "")
    assert refused.value.message == "session has ended; log in again"
    assert store.taken["user:ana"] == 1
    assert await gate.admit(HOME_FEED, f"Bearer {identity.token('ana', 's2')}", "10.0.0.1", "") == ("ana", "s2")


async def test_an_empty_bucket_is_resource_exhausted_with_the_wait():
    gate, identity, _ = edge()
    authorization = f"Bearer {identity.token('ana', 's1')}"
    for _ in range(3):  # the user's burst
        await gate.admit(HOME_FEED, authorization, "10.0.0.1", "")
    with pytest.raises(RateLimited) as refused:
        await gate.admit(HOME_FEED, authorization, "10.0.0.2", "")
    assert refused.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert (refused.value.wait_ms, refused.value.message) == (2000, "rate limit exceeded; retry after 2.0s")
    # Another user from the same address is not held back.
    assert await gate.admit(HOME_FEED, f"Bearer {identity.token('bo', 's3')}", "10.0.0.1", "") == ("bo", "s3")


async def test_log_in_attempts_are_limited_per_account_from_any_address():
    gate, _, _ = edge()
    await gate.admit(LOGIN, "", "10.0.0.1", "ana")
    with pytest.raises(RateLimited):
        await gate.admit(LOGIN, "", "10.0.0.2", " ANA ")  # the same account, written otherwise
    assert await gate.admit(LOGIN, "", "10.0.0.3", "bo") == ("", "")


async def test_an_ended_session_is_told_before_a_rate_limit():
    gate, identity, store = edge()
    store.revoked.sessions.add("s1")
    store.taken["user:ana"] = 3
    with pytest.raises(Unauthenticated):
        await gate.admit(HOME_FEED, f"Bearer {identity.token('ana', 's1')}", "10.0.0.1", "")


async def test_without_the_store_calls_are_admitted_but_tokens_are_still_checked():
    gate, identity, store = edge()
    store.failure = ConnectionError("redis is down")
    assert await gate.admit(HOME_FEED, f"Bearer {identity.token('ana', 's1')}", "10.0.0.1", "") == ("ana", "s1")
    with pytest.raises(Unauthenticated):
        await gate.admit(HOME_FEED, "Bearer abc.def.ghi", "10.0.0.1", "")
    store.failure = RuntimeError("a bug")  # only a store that is down is let through
    with pytest.raises(RuntimeError):
        await gate.admit(HOME_FEED, f"Bearer {identity.token('ana', 's1')}", "10.0.0.1", "")


async def test_with_rate_limits_off_only_the_session_is_asked():
    gate, identity, store = edge(limits=None)
    for _ in range(10):
        await gate.admit(HOME_FEED, f"Bearer {identity.token('ana', 's1')}", "10.0.0.1", "ana")
    assert {(session, tuple(buckets)) for session, buckets in store.asked} == {("s1", ())}


@pytest.mark.parametrize(
    "method, user_id, login, keys",
    [
        ("/kith.feed.v1.FeedService/GetHomeFeed", "", "", ["ip:a"]),
        ("/kith.feed.v1.FeedService/GetHomeFeed", "u", "", ["ip:a", "user:u"]),
        ("/kith.identity.v1.IdentityService/Register", "", "", ["ip:a", "auth-ip:a"]),
        ("/kith.identity.v1.IdentityService/Refresh", "", "", ["ip:a", "auth-ip:a"]),
        ("/kith.identity.v1.IdentityService/Login", "", "   ", ["ip:a", "auth-ip:a"]),  # names no account
        ("/kith.identity.v1.IdentityService/Login", "", "Ana", ["ip:a", "auth-ip:a", f"login:{login_key('ana')}"]),
        (
            "/kith.identity.v1.IdentityService/ReactivateAccount",
            "",
            "x",
            ["ip:a", "auth-ip:a", f"login:{login_key('x')}"],
        ),
    ],
)
def test_the_buckets_of_a_call(method, user_id, login, keys):
    assert [b.key for b in LIMITS.buckets(method, "a", user_id, login)] == keys


@pytest.mark.parametrize(
    "method, request_type",
    [
        ("/kith.identity.v1.IdentityService/Login", identity_pb2.LoginRequest),
        ("/kith.identity.v1.IdentityService/ReactivateAccount", identity_pb2.ReactivateAccountRequest),
    ],
)
def test_the_account_a_log_in_call_names_is_read_from_its_body(method, request_type):
    body = request_type(login="Ana", password="secret").SerializeToString()
    assert login_of(LOGIN_REQUESTS[method], body) == "Ana"
    assert login_of(LOGIN_REQUESTS[method], b"\xff not protobuf") == ""  # the backend's to reject
    assert "/kith.identity.v1.IdentityService/Register" not in LOGIN_REQUESTS
