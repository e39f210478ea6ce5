"""The stream worker's relay of the feed's own events: each community's outbox (adapters/outbox.py:
mentorship changes written by the feed API, badges and trust levels by the worker) to
recognition.badges.v1, oldest first per community; and the same for each person's digest outbox
(DigestReady) to feed.digests.v1. An envelope leaves the outbox once Kafka has
acknowledged it, so a crash in between publishes it again under the same event id, which
consumers drop: nothing is lost and nothing is applied twice."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from kith_feed.domain.ports import Outbox
from kith_platform.events import RECOGNITION_BADGES, OutgoingEvent, parse_envelope

log = logging.getLogger("kith.feed.outbox")

Publish = Callable[[OutgoingEvent], Awaitable[None]]


async def relay_outboxes(
    outbox: Outbox, publish: Publish, limit: int = 100, batch: int = 100, topic: str = RECOGNITION_BADGES
) -> int:
    """Relay up to `batch` envelopes of each of up to `limit` communities (or people) due to
    `topic`; returns how many."""
    sent = 0
    for community_id in await outbox.take_due(limit):
        if not await outbox.lock(community_id):  # another worker is relaying it: next round
            await outbox.mark_due(community_id)
            continue
        try:
            sent += await _relay(outbox, publish, community_id, batch, topic)
        except Exception:
            await outbox.mark_due(community_id)
            raise
        finally:
            await outbox.unlock(community_id)
    return sent


async def _relay(outbox: Outbox, publish: Publish, community_id: str, batch: int, topic: str) -> int:
    envelopes = await outbox.waiting(community_id, batch)
    sent = 0
    for value in envelopes:
        try:
            envelope = parse_envelope(value)
        except Exception:  # noqa: BLE001 - one bad entry must not hold the community's others back
            log.error("dropping an outbox entry that is not an Envelope (%d bytes)", len(value))
            continue
        await publish(OutgoingEvent(envelope.event_id, topic, envelope.aggregate_id, value))
        sent += 1
    await outbox.relayed(community_id, envelopes)
    if len(envelopes) == batch:
        await outbox.mark_due(community_id)
    return sent
