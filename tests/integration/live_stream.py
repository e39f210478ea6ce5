"""One open live stream (`LiveService.Subscribe` through the gateway) for the tests: its items
read in the background into a queue, with ways to wait for the next one, one of a kind, or
whatever arrives until the stream falls quiet."""

from __future__ import annotations

import asyncio

import grpc

from kith.live.v1 import live_pb2
from kith_platform.testing import SignedUpUser

QUIET = 0.3  # how long a stream must stay silent to count as having nothing more


class Stream:
    def __init__(self, stub, user: SignedUpUser | None, resume_from: str = "") -> None:
        metadata = user.auth if user else ()
        self.call = stub.Subscribe(live_pb2.SubscribeRequest(resume_from=resume_from), metadata=metadata)
        self.items: asyncio.Queue[live_pb2.LiveItem] = asyncio.Queue()
        self.error: grpc.aio.AioRpcError | None = None
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        try:
            async for item in self.call:
                await self.items.put(item)
        except grpc.aio.AioRpcError as exc:
            self.error = exc
        except asyncio.CancelledError:
            pass

    async def next(self, timeout: float = 10.0) -> live_pb2.LiveItem:
        return await asyncio.wait_for(self.items.get(), timeout)

    async def ready(self) -> str:
        """Waits for the stream's first item, `ready`, and returns its cursor."""
        first = await self.next()
        assert first.kind == "ready", first
        return first.cursor

    async def open(self) -> Stream:
        await self.ready()
        return self

    async def next_of(self, kind: str, timeout: float = 10.0) -> live_pb2.LiveItem:
        """The next item of this kind (others are skipped)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            item = await asyncio.wait_for(self.items.get(), max(left, 0.01))
            if item.kind == kind:
                return item

    async def next_change(self, change: str, timeout: float = 10.0) -> live_pb2.LiveItem:
        """The next conversation-list change of this kind (a group's "added" may come late)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            item = await self.next_of("conversation_list", max(deadline - asyncio.get_running_loop().time(), 0.01))
            if item.conversation_list.change == change:
                return item

    async def rest(self, quiet: float = QUIET) -> list[live_pb2.LiveItem]:
        """What arrives until the stream has been quiet for `quiet` seconds."""
        found = []
        while True:
            try:
                found.append(await asyncio.wait_for(self.items.get(), quiet))
            except TimeoutError:
                return found

    async def ended(self, timeout: float = 10.0) -> grpc.StatusCode:
        await asyncio.wait_for(self.reader, timeout)
        return self.error.code() if self.error else grpc.StatusCode.OK

    def close(self) -> None:
        self.call.cancel()
        self.reader.cancel()
