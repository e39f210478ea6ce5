"""Delivery of the mail outbox: render each queued mail from its template and hand it to the mail
server, as soon as a use case queues one (it wakes the loop) and every few seconds besides."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from kith_identity.domain.ports import MailOutbox, MailRenderer, MailSender, QueuedMail

log = logging.getLogger("kith.identity.mail")
BATCH = 20


@dataclass
class MailDelivery:
    outbox: MailOutbox
    renderer: MailRenderer
    sender: MailSender
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: bool = False

    def queued(self) -> None:
        """A use case committed mail: deliver it now rather than at the next round."""
        self._wake.set()

    async def _deliver(self, mail: QueuedMail) -> None:
        await self.sender.send(mail.message_id, mail.to, self.renderer.render(mail.template, mail.params))

    async def deliver_due(self) -> int:
        delivered = 0
        while not self._stopping and (batch := await self.outbox.deliver_due(self._deliver, BATCH)) > 0:
            delivered += batch
            if batch < BATCH:
                break
        return delivered

    async def run(self, interval_seconds: float) -> None:
        """For as long as the service runs. A mail server or database that is down is logged and
        tried again next round; mail waits in the outbox meanwhile."""
        while True:
            self._wake.clear()
            batch = asyncio.ensure_future(self.deliver_due())
            try:
                await asyncio.shield(batch)
            except asyncio.CancelledError:
                # Stopping: finish the batch in hand (each mail handed to the server is marked
                # delivered), start no other, so that a restart sends nothing twice.
                self._stopping = True
                await asyncio.gather(batch, return_exceptions=True)
                raise
            except Exception as exc:  # noqa: BLE001 - a store down: the next round tries again
                log.warning("delivering mail failed, retrying in %.0f s: %r", interval_seconds, exc)
            try:
                await asyncio.wait_for(self._wake.wait(), interval_seconds)
            except TimeoutError:
                pass
