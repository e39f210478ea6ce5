"""Benchmark: graph writes that share a node, run at once through the graph store's own code on the
running Neo4j: how long each scenario takes and how many times the driver retried after Neo4j
detected a deadlock (each retry waits 1 s or more). The scenarios are the ones
services/graph/tests/test_shared_node_locks.py checks (services/graph/tests/contention.py); the
order of locks the store keeps is described at the top of
services/graph/src/kith_graph/adapters/cypher_mirrors.py.

  uv run python bench/graph_contention.py [--people 20] [--rounds 10]

Needs `make up`. Prints one line per scenario. The graph service's own reminders loop runs beside
it every 30 s; run it against a graph service started on the same code.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from pathlib import Path

from neo4j import AsyncGraphDatabase

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: the graph tests' scenarios

from kith_graph.adapters.neo4j_store import Neo4jGraphStore
from services.graph.tests import contention


class DeadlockRetries(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "DeadlockDetected" in record.getMessage()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--neo4j", default=os.environ.get("KITH_NEO4J_URI", "bolt://127.0.0.1:17687"))
    args = parser.parse_args()
    retries = DeadlockRetries()
    logging.getLogger("neo4j").addHandler(retries)
    logging.getLogger("neo4j").setLevel(logging.WARNING)
    driver = AsyncGraphDatabase.driver(args.neo4j, notifications_min_severity="OFF")
    store = Neo4jGraphStore(driver, "neo4j")
    n, rounds = args.people, args.rounds
    scenarios = {
        f"{n} people x {rounds} join/leave of one community, each fact applied twice": lambda: contention.memberships(
            store, n, rounds, copies=2
        ),
        f"{n} people x {rounds} join/leave of one community, each fact applied once": lambda: contention.memberships(
            store, n, rounds, copies=1
        ),
        f"{n} people x {rounds} interest changes over 3 shared topics": lambda: contention.interests(store, n, rounds),
        f"{n} people x {rounds} follows and interactions both ways with one person": lambda: (
            contention.pair_changes_and_interactions(store, n, rounds)
        ),
        f"two reminders loops beside {n} people x {rounds} follows and interactions": lambda: (
            contention.reminders_loops(store, n, rounds)
        ),
    }
    try:
        for name, scenario in scenarios.items():
            retries.count = 0
            started = time.perf_counter()
            await scenario()
            print(f"{time.perf_counter() - started:6.1f} s  {retries.count:4d} deadlock retries  {name}")
    finally:
        await driver.close()


if __name__ == "__main__":
    asyncio.run(main())
