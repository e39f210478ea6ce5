"""Tie strength as Neo4j stores it (adapters/cypher_care.py RECORD_INTERACTION and TIE) on the
running Neo4j (make up): decayed with the half-life, each interaction once, and the same strength
whatever order the interactions arrive in."""

from __future__ import annotations

import itertools
import uuid

import pytest

from kith_graph.domain.ties import DAY_MS

pytestmark = pytest.mark.integration

HALF = 30 * DAY_MS
EVENTS = [(3.0, 0), (1.0, 10 * DAY_MS), (2.0, 45 * DAY_MS), (3.0, 46 * DAY_MS)]  # (weight, at)
NOW = 50 * DAY_MS


def _expected(events) -> float:
    return sum(w * 2 ** (-(NOW - at) / HALF) for w, at in events)


# Every fourth permutation: the arrivals late and early, in order and reversed.
@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::4])
async def test_the_stored_tie_does_not_depend_on_arrival_order(store, order):
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    await store.upsert_users([a, b])
    for i in order:
        weight, at = EVENTS[i]
        await store.record_interaction(f"tie-test:{a}:{i}", a, b, weight, at, HALF)
    tie = await store.tie(b, a, NOW, HALF)
    assert tie is not None and tie.interactions == 4
    assert tie.strength == pytest.approx(_expected(EVENTS))


async def test_each_interaction_counts_once_and_both_directions_add_up(store):
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    await store.upsert_users([a, b])
    await store.record_interaction(f"tie-test:{a}:once", a, b, 3.0, 0, HALF)
    await store.record_interaction(f"tie-test:{a}:once", a, b, 3.0, 0, HALF)  # redelivered
    await store.record_interaction(f"tie-test:{b}:back", b, a, 2.0, 20 * DAY_MS, HALF)
    tie = await store.tie(a, b, NOW, HALF)
    assert tie is not None and tie.interactions == 2
    assert tie.strength == pytest.approx(_expected([(3.0, 0), (2.0, 20 * DAY_MS)]))
