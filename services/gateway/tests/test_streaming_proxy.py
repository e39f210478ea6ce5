"""Server-streaming forwarding on loopback (no Redis, no identity): a streaming route gets the
same token check, rate limits, metadata stripping and deadline as a unary one, and the
backend's chunks and status come through as they are."""

from __future__ import annotations

import json

import grpc
import pytest

from kith_gateway.adapters.admission import Admission
from kith_gateway.adapters.rate_limit import RedisRateLimiter
from kith_gateway.config import GatewaySettings
from kith_gateway.domain.routes import Route
from kith_gateway.entrypoints.admission import AdmissionInterceptor
from kith_gateway.entrypoints.proxy import ProxyHandler
from kith_gateway.entrypoints.rate_limits import RateLimits
from kith_platform.auth import USER_ID_METADATA
from kith_platform.errors import Unauthenticated
from kith_platform.grpc_server import create_server, default_interceptors

STREAM = "/kith.test.v1.TestService/Stream"
FAIL = "/kith.test.v1.TestService/FailMidway"
UNARY = "/kith.test.v1.TestService/Unary"
USER, SESSION, LIMITED_USER = (
    "0b7f6f5e-2a43-4a55-9a5e-6c3c1d2b9a10",
    "5d2a1f0e-8c4b-4f7a-b1e2-3c4d5e6f7a8b",
    "9e8d7c6b-5a49-4838-a726-150f4e3d2c1b",
)
TOKENS = {"good": (USER, SESSION), "limited": (LIMITED_USER, SESSION)}


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


class _Keys:
    async def verify(self, token: str) -> tuple[str, str]:
        if token not in TOKENS:
            raise Unauthenticated("invalid access token")
        return TOKENS[token]


class _Admission:
    """No session has ended; empty buckets for LIMITED_USER only."""

    async def admit(self, session_id: str, buckets) -> Admission:
        limited = any(b.key == RedisRateLimiter.user_bucket(LIMITED_USER) for b in buckets)
        return Admission(False, 1500 if limited else 0)


@pytest.fixture
async def gateway():
    backend_handler = _Backend()
    backend = create_server([], port=0, generic_handlers=[backend_handler])
    await backend.server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{backend.port}")
    routes = {
        path: Route(path, "test", anonymous=False, server_streaming=path != UNARY) for path in (STREAM, FAIL, UNARY)
    }
    interceptors = [
        *default_interceptors(answer_request_id=True),
        AdmissionInterceptor(routes, _Keys(), _Admission(), RateLimits(GatewaySettings())),
    ]
    app = create_server(
        [],
        port=0,
        interceptors=interceptors,
        generic_handlers=[ProxyHandler(routes, {"test": channel}, default_deadline=10.0, max_deadline=60.0)],
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
    forged = (("authorization", "Bearer good"), (USER_ID_METADATA, "someone-else"), ("x-kith-session-id", "x"))
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
    first, *_ = await _read(client, STREAM, (("authorization", "Bearer good"),), timeout=3.0)
    assert json.loads(first)["time_remaining"] <= 3.5
    first, *_ = await _read(client, STREAM, (("authorization", "Bearer good"),), timeout=600.0)
    assert 55.0 < json.loads(first)["time_remaining"] <= 60.5  # (the deadline is rounded up a little)


@pytest.mark.parametrize(
    ("metadata", "code"),
    [
        ((), grpc.StatusCode.UNAUTHENTICATED),
        ((("authorization", "Bearer forged"),), grpc.StatusCode.UNAUTHENTICATED),
        ((("authorization", "Bearer limited"),), grpc.StatusCode.RESOURCE_EXHAUSTED),
    ],
)
async def test_a_stream_is_refused_at_the_edge_like_a_unary_call(gateway, metadata, code):
    client, backend = gateway
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await _read(client, STREAM, metadata)
    assert info.value.code() == code
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
        assert dict(info.value.trailing_metadata())["retry-after-ms"] == "1500"
    assert backend.calls == 0


async def test_a_backend_error_midway_reaches_the_client_after_the_chunks_sent(gateway):
    client, _ = gateway
    received = []
    with pytest.raises(grpc.aio.AioRpcError) as info:
        async for chunk in client.unary_stream(FAIL)(b"body", metadata=(("authorization", "Bearer good"),)):
            received.append(chunk)
    assert received[1:] == [b"body:0", b"body:1", b"body:2"]
    assert (info.value.code(), info.value.details()) == (grpc.StatusCode.NOT_FOUND, "export_id: no such export")


async def test_unary_routes_are_forwarded_as_before(gateway):
    client, _ = gateway
    reply = await client.unary_unary(UNARY)(b"body", metadata=(("authorization", "Bearer good"),), timeout=5)
    assert reply == b"unary:body"
