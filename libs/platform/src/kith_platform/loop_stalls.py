"""How long a process's event loop was too busy to run what was ready: every call it serves waits
as long.

`watch_event_loop` asks to wake every `interval` seconds and records how late it woke
(kith_event_loop_lag_seconds). A late wake-up means something held the loop: a long synchronous
step, a garbage collection, or the process waiting for a CPU. A stall of `log_above` seconds or
more is also logged, so a latency spike can be traced to the process where it happened."""

from __future__ import annotations

import asyncio
import logging

from kith_platform.metrics import EVENT_LOOP_LAG_SECONDS

log = logging.getLogger("kith.loop")


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
