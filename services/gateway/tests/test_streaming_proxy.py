"""Server-streaming forwarding on loopback (no Redis, no identity): a streaming route gets the
same token check, rate limits, metadata stripping and deadline as a unary one, and the
backend's chunks and status come through as they are."""

from __future__ import annotations

import json
import math

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from kith_gateway.bootstrap import rate_limits
from kith_gateway.config import GatewaySettings
from kith_gateway.domain.limits import user_bucket
from kith_gateway.domain.routes import Deadlines, Route
from kith_gateway.entrypoints.admission import AdmissionInterceptor
from kith_gateway.entrypoints.proxy import ProxyHandler
from kith_gateway.service_layer.admission import Gatekeeper
from kith_gateway.service_layer.tokens import AccessTokens
from kith_platform.auth import USER_ID_METADATA
from kith_platform.grpc_server import create_server, default_interceptors
from services.gateway.tests.fakes import AUDIENCE, ISSUER, FakeAdmissionStore, FakeIdentityKeys

STREAM = "/kith.test.v1.TestService/Stream"
FAIL = "/kith.test.v1.TestService/FailMidway"
UNARY = "/kith.test.v1.TestService/Unary"
USER, SESSION, LIMITED_USER = (
    "0b7f6f5e-2a43-4a55-9a5e-6c3c1d2b9a10",
    "5d2a1f0e-8c4b-4f7a-b1e2-3c4d5e6f7a8b",
    "9e8d7c6b-5a49-4838-a726-150f4e3d2c1b",
)
IDENTITY = FakeIdentityKeys()
TOKENS = {"good": IDENTITY.token(USER, SESSION), "limited": IDENTITY.token(LIMITED_USER, SESSION), "forged": "a.b.c"}
SETTINGS = GatewaySettings()


def _bearer(name: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {TOKENS[name]}"),)


class _Backend(grpc.GenericRpcHandler):
    """Streams what it was sent (its metadata and deadline as JSON, then three chunks)."""

    def __init__(self) -> None:
        self.calls = 0

    def service(self, details):
        if details.method == UNARY:

            async def unary(request: bytes, context):
                self.calls += 1
                return b"unary:" + request

            return grpc.unary_unary_rpc_method_handler(unary)

        async def stream(request: bytes, context):
            self.calls += 1
            seen = {
                "metadata": [[k, v] for k, v in context.invocation_metadata() if k.startswith("x-")],
                "time_remaining": context.time_remaining(),
            }
            yield json.dumps(seen).encode()
            for i in range(3):
                yield request + b":" + str(i).encode()
            if details.method == FAIL:
                await context.abort(grpc.StatusCode.NOT_FOUND, "export_id: no such export")

        return grpc.unary_stream_rpc_method_handler(stream)


@pytest.fixture
async def gateway():
    backend_handler = _Backend()
    backend = create_server([], port=0, generic_handlers=[backend_handler])
    await backend.server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{backend.port}")
    routes = {
        path: Route(path, "test", anonymous=False, server_streaming=path != UNARY) for path in (STREAM, FAIL, UNARY)
    }
    store = FakeAdmissionStore()  # no session has ended; LIMITED_USER's bucket is empty
    store.taken[user_bucket(LIMITED_USER)] = int(SETTINGS.rate_user_capacity)
    tokens = AccessTokens(IDENTITY, issuer=ISSUER, audience=AUDIENCE, min_refresh_interval=10.0)
    interceptors = [
        *default_interceptors(answer_request_id=True),
        AdmissionInterceptor(routes, Gatekeeper(tokens, store, rate_limits(SETTINGS))),
    ]
    app = create_server(
        [],
        port=0,
        interceptors=interceptors,
        generic_handlers=[ProxyHandler(routes, {"test": channel}, Deadlines(default=10.0, maximum=60.0))],
    )
    await app.server.start()
    client = grpc.aio.insecure_channel(f"127.0.0.1:{app.port}")
    try:
        yield client, backend_handler
    finally:
        await client.close()
        await app.server.stop(None)
        await channel.close()
        await backend.server.stop(None)


async def _read(client, method: str, metadata, timeout: float | None = None) -> list[bytes]:
    return [chunk async for chunk in client.unary_stream(method)(b"body", metadata=metadata, timeout=timeout)]


async def test_a_stream_is_forwarded_with_only_the_verified_caller_and_the_default_deadline(gateway):
    client, backend = gateway
    forged = (*_bearer("good"), (USER_ID_METADATA, "someone-else"), ("x-kith-session-id", "x"))
    first, *chunks = await _read(client, STREAM, forged)
    seen = json.loads(first)
    assert chunks == [b"body:0", b"body:1", b"body:2"]
    sent = dict((k, v) for k, v in seen["metadata"])
    assert sent[USER_ID_METADATA] == USER and sent["x-kith-session-id"] == SESSION
    assert [k for k, _ in seen["metadata"]].count(USER_ID_METADATA) == 1  # the forged one was not passed on
    assert 8.0 < seen["time_remaining"] <= 10.5  # the default deadline, as for unary calls
    assert backend.calls == 1


async def test_a_stream_gets_the_clients_deadline_capped_at_the_maximum(gateway):
    client, _ = gateway
    first, *_ = await _read(client, STREAM, _bearer("good"), timeout=3.0)
    assert json.loads(first)["time_remaining"] <= 3.5
    first, *_ = await _read(client, STREAM, _bearer("good"), timeout=600.0)
    assert 55.0 < json.loads(first)["time_remaining"] <= 60.5  # (the deadline is rounded up a little)


WAIT_MS = math.ceil(1000 / SETTINGS.rate_user_per_second)  # one token of the user's bucket


@pytest.mark.parametrize(
    ("metadata", "code", "message"),
    [
        ((), grpc.StatusCode.UNAUTHENTICATED, "missing bearer access token"),
        (_bearer("forged"), grpc.StatusCode.UNAUTHENTICATED, "malformed access token"),
        (
            _bearer("limited"),
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            f"rate limit exceeded; retry after {WAIT_MS / 1000:.1f}s",
        ),
    ],
)
async def test_a_stream_is_refused_at_the_edge_like_a_unary_call(gateway, metadata, code, message):
    client, backend = gateway
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await _read(client, STREAM, metadata)
    assert (info.value.code(), info.value.details()) == (code, message)
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
        assert dict(info.value.trailing_metadata())["retry-after-ms"] == str(WAIT_MS)
        retry = error_details_pb2.RetryInfo()
        assert rpc_status.from_call(info.value).details[0].Unpack(retry)
        assert retry.retry_delay.ToMilliseconds() == WAIT_MS
    assert backend.calls == 0


async def test_a_backend_error_midway_reaches_the_client_after_the_chunks_sent(gateway):
    client, _ = gateway
    received = []
    with pytest.raises(grpc.aio.AioRpcError) as info:
        async for chunk in client.unary_stream(FAIL)(b"body", metadata=_bearer("good")):
            received.append(chunk)
    assert received[1:] == [b"body:0", b"body:1", b"body:2"]
    assert (info.value.code(), info.value.details()) == (grpc.StatusCode.NOT_FOUND, "export_id: no such export")


async def test_unary_routes_are_forwarded_as_before(gateway):
    client, _ = gateway
    reply = await client.unary_unary(UNARY)(b"body", metadata=_bearer("good"), timeout=5)
    assert reply == b"unary:body"
