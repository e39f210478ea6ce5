"""The LiveService servicer: the caller's stream, written from its send buffer."""

from __future__ import annotations

import asyncio

import grpc

from kith.live.v1 import live_pb2, live_pb2_grpc
from kith_live.domain.cursors import parse_resume_from
from kith_live.metrics import ITEMS_SENT, OPEN_STREAMS
from kith_live.service_layer.hub import Hub
from kith_platform.auth import caller_id


class LiveServicer(live_pb2_grpc.LiveServiceServicer):
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def Subscribe(self, request: live_pb2.SubscribeRequest, context: grpc.aio.ServicerContext) -> None:
        user_id = caller_id(context)
        resume_from = parse_resume_from(request.resume_from)
        stream = await self.hub.open(user_id, resume_from)
        OPEN_STREAMS.inc()
        overflow = asyncio.ensure_future(stream.buffer.wait_overflow())
        try:
            while True:
                await stream.buffer.wait()
                for item in stream.buffer.take():  # TooSlow (RESOURCE_EXHAUSTED) once overflowed
                    write = asyncio.ensure_future(context.write(item))
                    await asyncio.wait((write, overflow), return_when=asyncio.FIRST_COMPLETED)
                    if not write.done():  # the client stopped reading while items kept coming
                        write.cancel()
                        stream.buffer.take()
                    write.result()
                    ITEMS_SENT.inc()
        finally:
            overflow.cancel()
            OPEN_STREAMS.dec()
            await self.hub.close(stream)
