"""Periodic background jobs: a failed round is logged and the next round runs."""

from __future__ import annotations

import asyncio
import logging

from kith_platform.background import every


async def test_a_failing_round_is_logged_and_the_next_round_runs(caplog):
    rounds: list[int] = []

    async def work() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise ConnectionError("the store is down")

    job = every(0.01, work, "tidying up")
    assert job.__name__ == "tidying_up"
    with caplog.at_level(logging.WARNING, logger="kith.background"):
        task = asyncio.create_task(job())
        while len(rounds) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
    assert any("tidying up failed" in r.getMessage() and "the store is down" in r.getMessage() for r in caplog.records)
