"""Benchmark: graph writes that share a node, run at once through the graph store's own code on the
running Neo4j: how long each scenario takes and how many times the driver retried after Neo4j
detected a deadlock (each retry waits 1 s or more). The order of locks the store keeps is
described at the top of services/graph/src/kith_graph/adapters/cypher_mirrors.py.

  uv run python bench/graph_contention.py [--people 20] [--rounds 10]

Needs `make up`. Prints one line per scenario. The graph service's own reminders loop runs beside
it every 30 s; run it against a graph service started on the same code.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time
import uuid

from neo4j import AsyncGraphDatabase

from kith_graph.adapters.neo4j_store import Neo4jGraphStore
from kith_graph.domain.ties import DAY_MS


class DeadlockRetries(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "DeadlockDetected" in record.getMessage()


async def people(store: Neo4jGraphStore, n: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(n)]
    await store.upsert_users(ids)
    return ids


async def memberships(store, n: int, rounds: int, copies: int) -> None:
    community = str(uuid.uuid4())
    await store.upsert_community(community, "Bench", "bench", "public", ["bench"])

    async def cycle(user: str) -> None:
        for at in range(2 * rounds):
            member = at % 2 == 0
            await asyncio.gather(*(store.set_membership(community, user, member, at) for _ in range(copies)))

    await asyncio.gather(*(cycle(u) for u in await people(store, n)))


async def interests(store, n: int, rounds: int) -> None:
    topics = [f"bench-{uuid.uuid4().hex[:8]}" for _ in range(3)]

    async def cycle(user: str) -> None:
        for i in range(rounds):
            await store.set_interests(user, topics[: 1 + i % 3])

    await asyncio.gather(*(cycle(u) for u in await people(store, n)))


async def pair_changes_and_interactions(store, n: int, rounds: int) -> None:
    (star,) = await people(store, 1)
    now = int(time.time() * 1000)

    async def cycle(user: str) -> None:
        for i in range(rounds):
            await asyncio.gather(
                store.follow(user, star),
                store.follow(star, user),
                store.record_interaction(f"bench:{user}:{i}:to", user, star, 1.0, now + i, 30 * DAY_MS),
                store.record_interaction(f"bench:{user}:{i}:from", star, user, 1.0, now + i, 30 * DAY_MS),
            )
            await asyncio.gather(store.unfollow(user, star), store.unfollow(star, user))

    await asyncio.gather(*(cycle(u) for u in await people(store, n)))


async def reminders_loop(store, n: int, rounds: int) -> None:
    """Two loops (two replicas) announcing due ties and cadences while the same people follow,
    unfollow and interact."""
    (star,) = await people(store, 1)
    users = await people(store, n)
    for user in users:
        for a, b in ((user, star), (star, user)):
            await store.record_interaction(f"bench:{a}:{b}:old", a, b, 6.0, 1, 30 * DAY_MS)
        await store.update_care(star, user, {"every_days": 1, "cadence_set_at": 1})
    now = int(time.time() * 1000)

    async def loop() -> None:
        for _ in range(rounds):
            await store.announce_due(now, now - 21 * DAY_MS, 5.0)

    async def cycle(user: str) -> None:
        for i in range(rounds):
            await asyncio.gather(
                store.follow(user, star),
                store.record_interaction(f"bench:{user}:{i}:again", star, user, 1.0, 2 + i, 30 * DAY_MS),
            )
            await store.unfollow(user, star)

    await asyncio.gather(loop(), loop(), *(cycle(u) for u in users))


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
        f"{n} people x {rounds} join/leave of one community, each fact applied twice": lambda: memberships(
            store, n, rounds, 2
        ),
        f"{n} people x {rounds} join/leave of one community, each fact applied once": lambda: memberships(
            store, n, rounds, 1
        ),
        f"{n} people x {rounds} interest changes over 3 shared topics": lambda: interests(store, n, rounds),
        f"{n} people x {rounds} follows and interactions both ways with one person": lambda: (
            pair_changes_and_interactions(store, n, rounds)
        ),
        f"two reminders loops beside {n} people x {rounds} follows and interactions": lambda: reminders_loop(
            store, n, rounds
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
