"""Background loops a service runs beside its RPCs (outbox relays, event consumers), stopped
between units of work rather than in the middle of one; and periodic jobs (`every`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, runtime_checkable

log = logging.getLogger("kith.background")


@runtime_checkable
class BackgroundLoop(Protocol):
    async def run(self) -> None:
        """Loop until stopped (or cancelled); failures of the stores are retried inside."""

    def request_stop(self) -> None:
        """Finish the unit of work in hand (a batch published, or applied and committed), then
        return from `run`; when idle, return at once."""


def every(seconds: float, work: Callable[[], Awaitable[object]], what: str) -> Callable[[], Coroutine[Any, Any, None]]:
    """A background job that runs `work` now and then every `seconds`, for as long as the service
    runs. A failure (a store down) is logged and the job tries again next round. `what` names
    the work in the log ("erasing due accounts")."""

    async def job() -> None:
        while True:
            try:
                await work()
            except Exception as exc:  # noqa: BLE001 - a store down: the next round tries again
                log.warning("%s failed, retrying in %.0f s: %r", what, seconds, exc)
            await asyncio.sleep(seconds)

    job.__name__ = job.__qualname__ = what.replace(" ", "_")
    return job
