"""Concurrent graph writes on a node many people share, through the graph store's own code on the
running Neo4j: the scenarios test_shared_node_locks.py checks and bench/graph_contention.py times
(adapters/cypher_mirrors.py: the order of locks). Each returns what it wrote to."""

from __future__ import annotations

import asyncio
import time
import uuid

from kith_graph.service_layer.handlers import TieSettings

TIES = TieSettings()  # the service's defaults: half-life, quiet spell, strength for a nudge
HALF_LIFE = TIES.half_life_ms


async def people(store, n: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(n)]
    await store.upsert_users(ids)
    return ids


async def memberships(store, n: int, rounds: int, copies: int = 2) -> tuple[str, list[str]]:
    """n people join and leave one community `rounds` times, each fact applied `copies` times at
    once (the safety change's push and Kafka); person i ends a member when i is even."""
    community = str(uuid.uuid4())
    await store.upsert_community(community, "Shared", "shared", "public", ["locks"])
    users = await people(store, n)

    async def cycle(user: str, last_joins: bool) -> None:
        facts = [True, False] * rounds + ([True] if last_joins else [])
        for at, member in enumerate(facts):
            await asyncio.gather(*(store.set_membership(community, user, member, at) for _ in range(copies)))

    await asyncio.gather(*(cycle(user, i % 2 == 0) for i, user in enumerate(users)))
    return community, users


async def interests(store, n: int, rounds: int) -> tuple[list[str], list[str]]:
    """n people change their interests `rounds` times among the same 3 topics; returns them and
    the topics each holds last."""
    topics = [f"locks-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    users = await people(store, n)
    choices = [topics[:1], topics[1:], topics, topics[::2]]

    async def cycle(user: str) -> None:
        for i in range(rounds):
            await store.set_interests(user, choices[i % len(choices)])

    await asyncio.gather(*(cycle(user) for user in users))
    return users, choices[(rounds - 1) % len(choices)]


async def pair_changes_and_interactions(store, n: int, rounds: int) -> tuple[str, list[str], int]:
    """n people follow one star and are followed back, and interact with them both ways, then
    unfollow both ways, `rounds` times at once; returns the star, the people and the time the
    interactions were recorded from (recent: no keep-in-touch nudge is due for these ties)."""
    (star,) = await people(store, 1)
    users = await people(store, n)
    now = int(time.time() * 1000)

    async def cycle(user: str) -> None:
        for i in range(rounds):
            await asyncio.gather(
                store.follow(user, star),
                store.follow(star, user),
                store.record_interaction(f"locks:{user}:{i}:to", user, star, 1.0, now + i, HALF_LIFE),
                store.record_interaction(f"locks:{user}:{i}:from", star, user, 1.0, now + i, HALF_LIFE),
            )
            await asyncio.gather(store.unfollow(user, star), store.unfollow(star, user))

    await asyncio.gather(*(cycle(user) for user in users))
    return star, users, now


async def reminders_loops(store, n: int, rounds: int) -> tuple[str, list[str]]:
    """Close ties gone quiet long ago (at 1970 + a few ms), so every one is due a nudge, and
    reach-out cadences that came due; two loops (two replicas) mark them while the same people
    follow, unfollow and interact (still long ago: new quiet spells and due dates, announced
    again); one loop more once they are done. Returns the star and the people."""
    (star,) = await people(store, 1)
    users = await people(store, n)
    for user in users:
        for a, b in ((user, star), (star, user)):
            await store.record_interaction(f"locks:{a}:{b}:old", a, b, 6.0, 1, HALF_LIFE)
        await store.update_care(star, user, {"every_days": 1, "cadence_set_at": 1})
    now = int(time.time() * 1000)

    async def loop(times: int) -> None:
        for _ in range(times):
            await store.announce_due(now, now - TIES.quiet_after_ms, TIES.min_strength)

    async def cycle(user: str) -> None:
        for i in range(rounds):
            await asyncio.gather(
                store.follow(user, star),
                store.record_interaction(f"locks:{user}:{i}:again", star, user, 1.0, 2 + i, HALF_LIFE),
            )
            await store.unfollow(user, star)

    await asyncio.gather(loop(rounds), loop(rounds), *(cycle(user) for user in users))
    await loop(1)
    return star, users
