"""A stream's send buffer: bounded, so a client that reads too slowly is ended
(RESOURCE_EXHAUSTED) instead of growing the edge's memory."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

import grpc

from kith_platform.errors import DomainError

T = TypeVar("T")


class TooSlow(DomainError):
    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class SendBuffer(Generic[T]):
    """Items waiting to be written to one stream. `push` never blocks (producers are the
    shared wake-up reader); past `limit` waiting items the buffer is overflowed for good."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: deque[T] = deque()
        self._ready = asyncio.Event()
        self._overflow = asyncio.Event()
        self.overflowed = False

    def push(self, item: T) -> bool:
        if self.overflowed:
            return False
        if len(self._items) >= self.limit:
            self.overflowed = True
            self._overflow.set()
            self._items.clear()
        else:
            self._items.append(item)
        self._ready.set()
        return not self.overflowed

    def __len__(self) -> int:
        return len(self._items)

    async def wait(self) -> None:
        await self._ready.wait()

    async def wait_overflow(self) -> None:
        await self._overflow.wait()

    def take(self) -> list[T]:
        """Everything waiting (TooSlow once overflowed); empty when nothing is."""
        if self.overflowed:
            raise TooSlow(
                f"the client read too slowly: more than {self.limit} items waited; reconnect "
                "with the last cursor received"
            )
        items = list(self._items)
        self._items.clear()
        self._ready.clear()
        return items
