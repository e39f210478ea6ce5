"""A stream's send buffer is bounded: past its limit the stream ends with RESOURCE_EXHAUSTED."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from kith_live.domain.buffers import SendBuffer, TooSlow


async def test_items_come_out_in_the_order_they_went_in():
    buffer: SendBuffer[int] = SendBuffer(limit=3)
    for i in range(3):
        assert buffer.push(i)
    await asyncio.wait_for(buffer.wait(), 1)
    assert buffer.take() == [0, 1, 2]
    assert buffer.take() == []


async def test_one_item_more_than_the_limit_overflows_it_for_good():
    buffer: SendBuffer[int] = SendBuffer(limit=2)
    buffer.push(1)
    buffer.push(2)
    assert not buffer.push(3)
    assert buffer.overflowed and len(buffer) == 0  # what waited is dropped, not kept
    await asyncio.wait_for(buffer.wait_overflow(), 1)
    with pytest.raises(TooSlow) as raised:
        buffer.take()
    assert raised.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert not buffer.push(4)


async def test_a_reader_waits_until_something_is_pushed():
    buffer: SendBuffer[str] = SendBuffer(limit=10)
    waiter = asyncio.ensure_future(buffer.wait())
    await asyncio.sleep(0.01)
    assert not waiter.done()
    buffer.push("x")
    await asyncio.wait_for(waiter, 1)
    assert buffer.take() == ["x"]
