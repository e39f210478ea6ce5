"""A request body that is not a valid message of the RPC's request type is INVALID_ARGUMENT naming
`request`, never UNKNOWN (what gRPC answers when a request deserializer raises)."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2

from kith_platform.grpc_server import create_server


@pytest.mark.parametrize("body", [b"\xff", b"\x0a\x05ab", b"\x0a\x02\xff\xfe", b"\x08" + b"\xff" * 11, b"\x0b"])
async def test_undecodable_request_body_is_invalid_argument(body):
    app = create_server([], port=0)
    await app.server.start()
    await app.set_serving(True)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as channel:
            check = channel.unary_unary("/grpc.health.v1.Health/Check")
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await check(body, timeout=5)
            assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert info.value.details() == "request: is not a valid grpc.health.v1.HealthCheckRequest message"
            # The same method still answers a well-formed body.
            response = await check(health_pb2.HealthCheckRequest().SerializeToString(), timeout=5)
            assert health_pb2.HealthCheckResponse.FromString(response).status == health_pb2.HealthCheckResponse.SERVING
    finally:
        await app.server.stop(None)
