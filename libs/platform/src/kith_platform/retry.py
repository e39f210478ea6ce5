"""Start-up against servers that are not up yet: retry with backoff instead of crashing."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("kith.retry")


async def with_backoff(
    what: str,
    fn: Callable[[], Awaitable[T]],
    *,
    attempts: int = 60,
    first_delay: float = 0.5,
    max_delay: float = 5.0,
) -> T:
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return await fn()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to connect is retried
            if attempt == attempts:
                raise
            log.warning("%s not ready (attempt %d): %r; retrying in %.1fs", what, attempt, exc, delay)
            await asyncio.sleep(delay + random.uniform(0, delay / 4))
            delay = min(delay * 2, max_delay)
    raise AssertionError("unreachable")
