"""The garbage collector's pauses reach kith_gc_pause_seconds, by generation, once per collection."""

from __future__ import annotations

import gc

from prometheus_client import REGISTRY

from kith_platform.metrics import GcPauses, watch_gc_pauses


def _count(generation: str) -> float:
    return REGISTRY.get_sample_value("kith_gc_pause_seconds_count", {"generation": generation}) or 0.0


def _sum(generation: str) -> float:
    return REGISTRY.get_sample_value("kith_gc_pause_seconds_sum", {"generation": generation}) or 0.0


def test_each_full_collection_is_timed_once_under_its_generation():
    watch_gc_pauses()
    watch_gc_pauses()  # a second call adds no second callback
    assert sum(isinstance(c, GcPauses) for c in gc.callbacks) == 1
    garbage = []
    for _ in range(10_000):  # cycles, so the collection has something to do
        node: list = []
        node.append(node)
        garbage.append(node)
    del garbage, node
    gc.disable()  # only the two collections below, none of the collector's own
    try:
        before, before_sum = _count("2"), _sum("2")
        gc.collect(2)
        gc.collect(2)
    finally:
        gc.enable()
    assert _count("2") == before + 2
    assert _sum("2") > before_sum
