"""watch_event_loop records how late the loop woke, and logs a stall."""

from __future__ import annotations

import asyncio
import logging
import time

from prometheus_client import REGISTRY

from kith_platform.loop_stalls import watch_event_loop


def _count(le: str) -> float:
    return REGISTRY.get_sample_value("kith_event_loop_lag_seconds_bucket", {"le": le}) or 0.0


async def test_a_blocked_loop_is_measured_and_logged(caplog):
    caplog.set_level(logging.WARNING, logger="kith.loop")
    on_time, above_100ms = _count("0.025"), _count("+Inf") - _count("0.1")
    watcher = asyncio.create_task(watch_event_loop(interval=0.01, log_above=0.1))
    try:
        await asyncio.sleep(0.05)  # a few on-time wake-ups
        time.sleep(0.2)  # noqa: ASYNC251 - holds the loop on purpose: the timer due in 10 ms runs ~190 ms late
        await asyncio.sleep(0.05)
    finally:
        watcher.cancel()
    assert _count("+Inf") - _count("0.1") - above_100ms == 1, "the ~190-ms stall, and only it"
    assert _count("0.025") - on_time >= 2, "the wake-ups before and after it were on time"
    stalls = [r for r in caplog.records if r.getMessage() == "event loop stalled"]
    assert len(stalls) == 1 and stalls[0].stall_ms >= 150
