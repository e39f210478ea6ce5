"""Server-streaming RPCs go through the same interceptors as unary ones: request context, access
log, error mapping (before and in the middle of a stream) and the serving gate."""

from __future__ import annotations

import grpc
import pytest

from kith_platform.errors import NotFound
from kith_platform.grpc_server import create_server
from kith_platform.logs import user_id_var


class _Counting(grpc.GenericRpcHandler):
    """Streams b"0", b"1", ... up to the number in the request; fails as the request says."""

    def __init__(self, writer: bool = False) -> None:
        self.writer = writer

    def service(self, details):
        async def chunks(request: bytes, context):
            if request == b"missing":
                raise NotFound("export_id: no such export")
            for i in range(int(request.split(b":")[0])):
                if request.endswith(b":bug") and i == 2:
                    raise RuntimeError("a bug with a secret in it")
                yield f"{i}:{user_id_var.get()}".encode()

        async def writes(request: bytes, context):
            async for chunk in chunks(request, context):
                await context.write(chunk)

        return grpc.unary_stream_rpc_method_handler(writes if self.writer else chunks)


async def _stream(app, body: bytes, metadata=()) -> list[bytes]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        return [
            chunk async for chunk in channel.unary_stream("/test.Counting/Stream")(body, metadata=metadata, timeout=5)
        ]


@pytest.mark.parametrize("writer", [False, True], ids=["async generator", "context.write"])
async def test_a_stream_runs_inside_the_request_context(writer):
    app = create_server([], port=0, generic_handlers=[_Counting(writer)])
    await app.server.start()
    try:
        user = "4a0e3c53-0a8c-4f43-9d2a-3b1f2c9e8d11"
        assert await _stream(app, b"3", (("x-kith-user-id", user),)) == [f"{i}:{user}".encode() for i in range(3)]
    finally:
        await app.server.stop(None)


@pytest.mark.parametrize(
    ("body", "code", "details", "received"),
    [
        (b"missing", grpc.StatusCode.NOT_FOUND, "export_id: no such export", 0),
        (b"5:bug", grpc.StatusCode.INTERNAL, "internal error", 2),  # mapped mid-stream, nothing leaks
    ],
)
async def test_errors_in_a_stream_map_to_status_codes(body, code, details, received):
    app = create_server([], port=0, generic_handlers=[_Counting()])
    await app.server.start()
    try:
        got = []
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError) as info:
                async for chunk in channel.unary_stream("/test.Counting/Stream")(body, timeout=5):
                    got.append(chunk)
        assert (info.value.code(), info.value.details(), len(got)) == (code, details, received)
    finally:
        await app.server.stop(None)


async def test_a_stream_is_refused_while_the_server_is_starting():
    app = create_server([], port=0, generic_handlers=[_Counting()])
    app.gate.open = False
    await app.server.start()
    try:
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await _stream(app, b"3")
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        await app.server.stop(None)
