"""The stream worker's batches off a Faust stream (Faust's in-process channel, no Kafka)."""

from __future__ import annotations

import asyncio

import faust
import pytest

from kith_feed.entrypoints.batches import batches


@pytest.fixture
async def piped():
    """A Faust channel and the stream that drains it."""
    app = faust.App("test-batches", broker="kafka://127.0.0.1:1", store="memory://", web_enabled=False)
    app.flow_control.resume()
    channel = app.channel(value_type=bytes)
    stream = app.stream(channel)
    await stream.maybe_start()
    yield channel, stream
    await stream.stop()


async def send(channel, *values: bytes) -> None:
    for value in values:
        await channel.send(value=value)


async def next_batch(taken) -> asyncio.Future:
    """The next batch, being waited for: the first call starts the generator, which subscribes to
    the channel (a value sent before that is not delivered to it)."""
    pending = asyncio.ensure_future(anext(taken))
    await asyncio.sleep(0.05)
    return pending


class Acks:
    """Records which values the stream acknowledged (Faust's ack on the stream)."""

    def __init__(self, stream) -> None:
        self.values: list[bytes] = []
        ack = stream.ack

        async def recording(event) -> bool:
            self.values.append(event.value)
            return await ack(event)

        stream.ack = recording


async def test_values_that_arrive_together_are_one_batch_and_later_ones_the_next(piped):
    channel, stream = piped
    taken = batches(stream, size=10, within=0.05)
    first = await next_batch(taken)
    await send(channel, b"a", b"b", b"c")
    assert await first == [b"a", b"b", b"c"]
    await asyncio.sleep(0.1)  # more than `within` after the first batch
    await send(channel, b"d")
    assert await anext(taken) == [b"d"]
    await taken.aclose()


async def test_a_full_batch_does_not_wait_and_the_rest_waits_for_the_next(piped):
    channel, stream = piped
    taken = batches(stream, size=2, within=30.0)
    first = await next_batch(taken)
    await send(channel, b"a", b"b", b"c")
    assert await asyncio.wait_for(first, 5) == [b"a", b"b"]  # full: not 30 s
    await send(channel, b"d")
    assert await asyncio.wait_for(anext(taken), 5) == [b"c", b"d"]
    await taken.aclose()


async def test_a_batch_is_acknowledged_only_once_the_next_is_asked_for(piped):
    channel, stream = piped
    acks = Acks(stream)
    taken = batches(stream, size=10, within=0.01)
    first = await next_batch(taken)
    await send(channel, b"a")
    assert await first == [b"a"]
    assert acks.values == []  # being applied: a crash now redelivers it
    await send(channel, b"b")
    assert await anext(taken) == [b"b"]
    assert acks.values == [b"a"]
    await taken.aclose()
    assert acks.values == [b"a"]  # closed while b was in hand: b stays for redelivery


async def test_an_idle_stream_waits_without_waking(piped):
    channel, stream = piped
    waits = 0
    wait_for_stopped = stream.wait_for_stopped

    async def counted(*args, **kwargs):
        nonlocal waits
        waits += 1
        return await wait_for_stopped(*args, **kwargs)

    stream.wait_for_stopped = counted
    taken = batches(stream, size=10, within=0.01)
    pending = await next_batch(taken)
    await asyncio.sleep(0.3)  # 30 times `within`
    assert waits == 1  # one wait for the first value, still pending
    assert not pending.done()
    await send(channel, b"a")
    assert await asyncio.wait_for(pending, 5) == [b"a"]
    await taken.aclose()
