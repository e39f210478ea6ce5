"""Keeping Python's cyclic garbage collector from stalling a service's calls.

A full (generation 2) collection walks every object the collector tracks, and stops the event loop
while it does. A service tracks some 120,000 objects from its imports and start-up alone (grpc,
protobuf descriptors, the generated stubs, the clients of its stores), which live as long as the
process and are never garbage. On the two-core machine under load, kith_gc_pause_seconds showed
single generation-2 pauses of 0.32 to 0.75 s in five services, each one a stall of every call in
flight there.

`freeze_long_lived` collects once and then moves everything alive into the permanent generation
(gc.freeze), which later collections leave alone: they walk only what was made since. It is called
once a service has started (its modules imported, its pools open), before its first call."""

from __future__ import annotations

import gc
import logging

log = logging.getLogger("kith.gc")


def freeze_long_lived() -> int:
    """Collect what start-up left behind, then freeze the rest; returns how many objects are frozen."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.info("long-lived objects frozen", extra={"objects": frozen})
    return frozen
