"""A call whose client has gone (its deadline passed) while the handler still worked is no
"unhandled error": the answer has nowhere to go, and gRPC drops it. The gateway's proxy met this
under network faults: content answered DEADLINE_EXCEEDED as the client's own deadline passed, and
passing that status on failed in gRPC's native code (ExecuteBatchError)."""

from __future__ import annotations

import asyncio
import logging
import time

import grpc
import pytest

from kith_platform.grpc_server import create_server


class _Late(grpc.GenericRpcHandler):
    """Answers after the client's deadline: with a status (abort) or a message. It holds the event
    loop meanwhile, as a busy process does, so that gRPC cannot cancel it first at the deadline."""

    def __init__(self) -> None:
        self.finished = asyncio.Event()

    def service(self, details):
        async def late(request: bytes, context):
            try:
                time.sleep(0.6)  # noqa: ASYNC251 - the point: the loop is held past the deadline
                if request == b"abort":
                    await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, "the backend took too long")
                return b"too late"
            finally:
                self.finished.set()

        return grpc.unary_unary_rpc_method_handler(late)


@pytest.mark.parametrize("how", ["abort", "answer"])
async def test_an_answer_after_the_client_left_is_no_unhandled_error(how, caplog):
    handler = _Late()
    app = create_server([], port=0, generic_handlers=[handler])
    await app.server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError) as err:
                await channel.unary_unary("/test.Late/Call")(how.encode(), timeout=0.2)
            assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        await asyncio.wait_for(handler.finished.wait(), 5)
        await asyncio.sleep(0.2)  # what the interceptors do after the handler
    finally:
        await app.server.stop(None)
    unhandled = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not unhandled, [r.getMessage() for r in unhandled]
