"""The time the stream worker's handlers work with: when the event being applied happened.

`events.apply_batch` applies each event inside `event_time(<its envelope's occurred_at>)`, and the
handlers that need "now" (a notification that carries no time of its own, a point's day for a
trust level, the next digest's week, when an erasure is looked at again, which readers count as
inactive for a fan-out) ask `now_ms()`. So applying the same events again later (a redelivery
after a long outage, `kith rebuild-read-model`) gives the same values as applying them when
they were new. Outside an event (the periodic jobs, the feed API's reads) it is the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_event_ms: ContextVar[int | None] = ContextVar("feed_event_ms", default=None)


def now_ms() -> int:
    """The time of the event being applied, else the wall clock's (ms)."""
    at = _event_ms.get()
    return int(time.time() * 1000) if at is None else at


def wall_ms() -> int:
    return int(time.time() * 1000)


@contextmanager
def event_time(at_ms: int | None) -> Iterator[None]:
    """Within the block, `now_ms()` is `at_ms` (None or 0: an event with no time, the wall clock)."""
    token = _event_ms.set(at_ms or None)
    try:
        yield
    finally:
        _event_ms.reset(token)
