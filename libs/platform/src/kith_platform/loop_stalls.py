"""How long a process's event loop was too busy to run what was ready: every call it serves waits
as long.

`watch_event_loop` asks to wake every `interval` seconds and records how late it woke
(kith_event_loop_lag_seconds). A late wake-up means something held the loop: a long synchronous
step, a garbage collection, or the process waiting for a CPU. A stall of `log_above` seconds or
more is also logged, so a latency spike can be traced to the process where it happened."""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import Histogram

log = logging.getLogger("kith.loop")

EVENT_LOOP_LAG_SECONDS = Histogram(
    "kith_event_loop_lag_seconds",
    "How late the event loop ran a timer that was due: the wait every ready call had at that moment.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)


async def watch_event_loop(interval: float = 0.1, log_above: float = 0.1) -> None:
    """Measure the event loop's lag until cancelled."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + interval
        await asyncio.sleep(interval)
        lag = max(0.0, loop.time() - due)
        EVENT_LOOP_LAG_SECONDS.observe(lag)
        if lag >= log_above:
            log.warning("event loop stalled", extra={"stall_ms": round(lag * 1000, 1)})
