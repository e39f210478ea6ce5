"""Unit tests of KafkaEventConsumer's retries, with a stand-in for aiokafka's consumer (no network)."""

from __future__ import annotations

import asyncio

import kith_platform.consumer
from kith_platform.consumer import KafkaEventConsumer


class KafkaThatComesBack:
    """aiokafka's consumer as far as KafkaEventConsumer uses it: the first `refused` starts fail
    (Kafka down); after that each fetch returns one record."""

    refused = 2
    starts = 0
    stopped = 0

    def __init__(self, *topics, **config) -> None:
        pass

    async def start(self) -> None:
        type(self).starts += 1
        if type(self).starts <= self.refused:
            raise ConnectionError("no broker")

    async def getmany(self, timeout_ms: int, max_records: int) -> dict:
        return {"tp": [type("Record", (), {"value": b"not an envelope"})()]}

    async def commit(self) -> None:
        pass

    def assignment(self) -> set:
        return set()

    async def stop(self) -> None:
        type(self).stopped += 1


async def test_kafka_down_backs_off_and_a_failure_after_connecting_waits_the_first_delay_again(monkeypatch):
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", pause)
    monkeypatch.setattr(kith_platform.consumer, "AIOKafkaConsumer", KafkaThatComesBack)
    applied = 0

    async def apply(events) -> None:
        nonlocal applied
        applied += 1
        if applied == 1:
            raise ConnectionError("store down")
        consumer.request_stop()  # the batch in hand is committed, then the loop returns

    consumer = KafkaEventConsumer("unused:9092", ["t"], "test", apply, name="test")
    await asyncio.wait_for(consumer.run(), 5)
    assert pauses == [0.5, 1.0, 0.5]
    assert KafkaThatComesBack.starts == 4 and KafkaThatComesBack.stopped == 4
