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
    attempts: int | None = 60,
    first_delay: float = 0.5,
    max_delay: float = 5.0,
) -> T:
    """`await fn()` until it succeeds; `attempts=None` tries until cancelled (start-up steps)."""
    delay = first_delay
    attempt = 0
    while True:
        attempt += 1
        try:
            return await fn()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # any failure to connect is retried
            if attempts is not None and attempt >= attempts:
                raise
            log.warning("%s not ready (attempt %d): %r; retrying in %.1fs", what, attempt, exc, delay)
            await asyncio.sleep(delay + random.uniform(0, delay / 4))
            delay = min(delay * 2, max_delay)


def until_ready(what: str, probe: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
    """A start-up step: retry `probe` (e.g. a Redis PING) with backoff until it answers."""

    async def step() -> None:
        await with_backoff(what, probe, attempts=None)

    step.__name__ = f"wait for {what}"
    return step
