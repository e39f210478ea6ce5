"""freeze_long_lived takes what is alive out of every later collection, and leaves garbage collected."""

from __future__ import annotations

import gc
import weakref

from kith_platform.collector import freeze_long_lived


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_what_is_alive_is_frozen_and_garbage_is_not():
    kept = [Node() for _ in range(1_000)]
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    try:
        frozen = freeze_long_lived()
        assert gone() is None  # collected first, not frozen for the life of the process
        # Frozen objects can still be freed (their count only falls) while other threads run.
        assert frozen >= gc.get_freeze_count() >= len(kept)
        assert not any(gc.is_tracked(n) and n in gc.get_objects(2) for n in kept[:10])
        later = Node()
        assert any(o is later for o in gc.get_objects(0))  # what comes after is collected as ever
    finally:
        gc.unfreeze()
