"""The stream worker's one entry point: a batch of Kafka records in, every concern's changes out.

`apply_batch` decodes the records, takes erased people out of them, fans runs of new posts out
together (`feed_updates` and `FeedStores.fan_out_posts`), and hands every event to each
concern in CONCERNS. Each concern's handler matches the event types it cares about:

  feed_updates.project      posts, counters, authors, communities, relationship facts
  notifications.notify      the notifications an event brings its readers
  insights.measure          community health metrics
  recognition.recognize     points, badges and trust levels

Every handler is idempotent: applying the same event twice leaves the same state.
"""

from __future__ import annotations

import logging

from kith.content.v1 import events_pb2 as content_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.live_items import hint_home_feeds
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.erasure import scrub
from kith_feed.domain.model import PostSummary
from kith_feed.metrics import FANOUT_ENTRIES, FANOUT_POSTS, FANOUT_SECONDS
from kith_feed.service_layer.erasure import erase_user, erased_in
from kith_feed.service_layer.feed_updates import AFFINITY, post_summary, project
from kith_feed.service_layer.insights import measure
from kith_feed.service_layer.notifications import notify
from kith_feed.service_layer.recognition import recognize
from kith_platform.events import parse_envelope, unpack_payload
from kith_platform.logs import request_id_var
from kith_platform.tracing import consumer_span

log = logging.getLogger("kith.feed.worker")
# What the stream worker does with every event besides the feeds, in this order.
CONCERNS = (notify, measure, recognize)


def _decode(value: bytes | None):
    if value is None:
        return None  # a tombstone of a compacted topic: no event (outcome "tombstone")
    try:
        return parse_envelope(value)
    except Exception:  # noqa: BLE001 - a malformed record must not stop the stream
        log.error("skipping a record that is not an Envelope (%d bytes)", len(value))
        return None


async def apply_batch(store: FeedStores, values: list[bytes | None]) -> list[str]:
    """Apply envelopes in order; runs of PostPublished are fanned out together (one set of
    round trips for the run). Returns each one's outcome. With tracing on, the batch is one
    span linked to the spans that published its events."""
    outcomes: list[str] = []
    run: list[tuple[object, object, PostSummary]] = []  # (envelope, event, post) of the pending run

    async def flush() -> None:
        if not run:
            return
        reached: dict[str, str] = {}
        with FANOUT_SECONDS.time():
            entries = await store.fan_out.posts([post for _, _, post in run], reached=reached)
        FANOUT_POSTS.inc(len(run))
        FANOUT_ENTRIES.inc(entries)
        await hint_home_feeds(store.redis, reached, {post.author_id for _, _, post in run})
        for envelope, event, _ in run:
            for mentioned in event.mention_ids:
                await store.feeds.add_affinity(
                    f"{envelope.event_id}:{mentioned}", event.author_id, mentioned, AFFINITY["mention"]
                )
            await _second_jobs(store, envelope.event_id, event)
        run.clear()

    envelopes = [_decode(value) for value in values]
    events = [None if envelope is None else unpack_payload(envelope) for envelope in envelopes]
    with consumer_span("feed worker batch", [e for e in envelopes if e is not None]):
        erased = await erased_in(store, events)
        for value, envelope, event in zip(values, envelopes, events, strict=True):
            if envelope is None:
                outcomes.append("tombstone" if value is None else "malformed")
                continue
            if isinstance(event, identity_events.UserErased):
                await flush()
                await erase_user(store, event.user_id)
                erased.add(event.user_id)
                outcomes.append(envelope.event_type)
                continue
            if erased and event is not None:
                event = scrub(event, erased)  # nothing about an erased person comes back
                if event is None:
                    outcomes.append("skipped:erased")
                    continue
            if isinstance(event, content_events.PostPublished):
                post = post_summary(event)
                if post is None:
                    outcomes.append("skipped:unknown-audience")
                    continue
                run.append((envelope, event, post))
                outcomes.append(envelope.event_type)
                continue
            await flush()
            request_id_var.set(envelope.trace.request_id)  # logs follow the request across Kafka
            outcomes.append(await project(store, envelope, event))
            await _second_jobs(store, envelope.event_id, event)
        await flush()
    return outcomes


async def _second_jobs(store: FeedStores, eid: str, event) -> None:
    for concern in CONCERNS:
        await concern(store, eid, event)
