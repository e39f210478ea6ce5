"""Concurrent writes on a node many people share, on the running Neo4j (make up): memberships of
one community, interests in the same topics, interactions with one person beside pair changes
with them. None may deadlock (Neo4j detects it, the driver retries after a second or more, and
a safety change waiting on it can miss its deadline), and each ends as its last write left it
(adapters/cypher_mirrors.py: the order of locks)."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import pytest

from kith_graph.domain.ties import DAY_MS

pytestmark = pytest.mark.integration

PEOPLE = 12
ROUNDS = 6
MEMBER = "MATCH (:User {id: $user})-[m:MEMBER_OF]->(:Community {id: $community}) RETURN count(m) AS n"
INTERESTS = "MATCH (:User {id: $user})-[:INTERESTED_IN]->(t:Topic) RETURN t.name AS name ORDER BY name"


@pytest.fixture
def deadlocks(caplog):
    """The driver's retries after DeadlockDetected, as it logs them."""
    caplog.set_level(logging.WARNING, logger="neo4j")
    return lambda: [r.getMessage()[:300] for r in caplog.records if "DeadlockDetected" in r.getMessage()]


async def _people(store, n: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(n)]
    await store.upsert_users(ids)
    return ids


async def test_memberships_of_one_community_applied_twice_at_once(store, deadlocks):
    # Each fact arrives twice at the same moment: from the safety change's push and from Kafka.
    community = str(uuid.uuid4())
    await store.upsert_community(community, "Shared", "shared", "public", ["locks"])
    people = await _people(store, PEOPLE)

    async def cycle(user: str, last_joins: bool) -> None:
        facts = [True, False] * ROUNDS + ([True] if last_joins else [])
        for at, member in enumerate(facts):
            await asyncio.gather(*(store.set_membership(community, user, member, at) for _ in range(2)))

    await asyncio.gather(*(cycle(user, i % 2 == 0) for i, user in enumerate(people)))

    assert deadlocks() == []
    members = [(await store._read(MEMBER, user=u, community=community))[0]["n"] for u in people]
    assert members == [1 if i % 2 == 0 else 0 for i in range(PEOPLE)]


async def test_interests_in_the_same_topics_changed_at_once(store, deadlocks):
    topics = [f"locks-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    people = await _people(store, PEOPLE)
    choices = [topics[:1], topics[1:], topics, topics[::2]]

    async def cycle(user: str) -> None:
        for i in range(ROUNDS):
            await store.set_interests(user, choices[i % len(choices)])

    await asyncio.gather(*(cycle(user) for user in people))

    assert deadlocks() == []
    last = sorted(choices[(ROUNDS - 1) % len(choices)])
    for user in people:
        assert [r["name"] for r in await store._read(INTERESTS, user=user)] == last


async def test_interactions_with_one_person_beside_pair_changes_with_them(store, deadlocks):
    (star,) = await _people(store, 1)
    people = await _people(store, PEOPLE)
    now = int(time.time() * 1000)  # recent: no keep-in-touch nudge is due for these ties

    async def cycle(user: str) -> None:
        for i in range(ROUNDS):
            await asyncio.gather(
                store.follow(user, star),
                store.follow(star, user),
                store.record_interaction(f"locks:{user}:{i}:to", user, star, 1.0, now + i, 30 * DAY_MS),
                store.record_interaction(f"locks:{user}:{i}:from", star, user, 1.0, now + i, 30 * DAY_MS),
            )
            await asyncio.gather(store.unfollow(user, star), store.unfollow(star, user))

    await asyncio.gather(*(cycle(user) for user in people))

    assert deadlocks() == []
    for user in people:
        tie = await store.tie(star, user, now + ROUNDS, 30 * DAY_MS)
        assert tie is not None and tie.interactions == 2 * ROUNDS


async def test_the_reminders_loop_beside_pair_changes_and_interactions_of_the_same_people(store, deadlocks):
    # Close ties gone quiet long ago (at 1970 + a few ms), so every one of them is due a nudge,
    # and reach-out cadences that came due; two loops (two replicas) mark them while the same
    # people follow, unfollow and interact (still long ago: new quiet spells and due dates,
    # announced again).
    (star,) = await _people(store, 1)
    people = await _people(store, PEOPLE)
    for user in people:
        for a, b in ((user, star), (star, user)):
            await store.record_interaction(f"locks:{a}:{b}:old", a, b, 6.0, 1, 30 * DAY_MS)
        await store.update_care(star, user, {"every_days": 1, "cadence_set_at": 1})
    now = int(time.time() * 1000)

    async def loop() -> None:
        for _ in range(ROUNDS):
            await store.announce_due(now, now - 21 * DAY_MS, 5.0)

    async def cycle(user: str) -> None:
        for i in range(ROUNDS):
            await asyncio.gather(
                store.follow(user, star),
                store.record_interaction(f"locks:{user}:{i}:again", star, user, 1.0, 2 + i, 30 * DAY_MS),
            )
            await store.unfollow(user, star)

    await asyncio.gather(loop(), loop(), *(cycle(user) for user in people))
    await store.announce_due(now, now - 21 * DAY_MS, 5.0)

    assert deadlocks() == []
    marks = await store._read(
        """
        UNWIND $people AS id
        MATCH (me:User)-[t:INTERACTS]-(o:User) WHERE (me.id = id AND o.id = $star) OR (me.id = $star AND o.id = id)
        WITH me, o, max(t.at) AS last_at
        MATCH (me)-[c:CARES_ABOUT]->(o)
        RETURN c.nudged_for = last_at AS nudged,
               me.id <> $star OR c.reminded_for = c.last_interaction_at + 86400000 AS reminded
        """,
        people=people,
        star=star,
    )
    assert len(marks) == 2 * PEOPLE
    assert all(m["nudged"] and m["reminded"] for m in marks)
