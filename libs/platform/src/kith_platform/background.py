"""Background loops a service runs beside its RPCs (outbox relays, event consumers), stopped
between units of work rather than in the middle of one."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class BackgroundLoop(Protocol):
    async def run(self) -> None:
        """Loop until stopped (or cancelled); failures of the stores are retried inside."""

    def request_stop(self) -> None:
        """Finish the unit of work in hand (a batch published, or applied and committed), then
        return from `run`; when idle, return at once."""
