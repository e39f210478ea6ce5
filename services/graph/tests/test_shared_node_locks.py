"""Concurrent writes on a node many people share, on the running Neo4j (make up): memberships of
one community, interests in the same topics, interactions with one person beside pair changes
with them, the reminders loop beside both (the scenarios: contention.py). None may deadlock
(Neo4j detects it, the driver retries after a second or more, and a safety change waiting on it
can miss its deadline), and each ends as its last write left it (adapters/cypher_mirrors.py: the
order of locks)."""

from __future__ import annotations

import logging

import pytest

from services.graph.tests import contention

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


async def test_memberships_of_one_community_applied_twice_at_once(store, deadlocks):
    community, people = await contention.memberships(store, PEOPLE, ROUNDS, copies=2)

    assert deadlocks() == []
    members = [(await store._read(MEMBER, user=u, community=community))[0]["n"] for u in people]
    assert members == [1 if i % 2 == 0 else 0 for i in range(PEOPLE)]


async def test_interests_in_the_same_topics_changed_at_once(store, deadlocks):
    people, last = await contention.interests(store, PEOPLE, ROUNDS)

    assert deadlocks() == []
    for user in people:
        assert [r["name"] for r in await store._read(INTERESTS, user=user)] == sorted(last)


async def test_interactions_with_one_person_beside_pair_changes_with_them(store, deadlocks):
    star, people, now = await contention.pair_changes_and_interactions(store, PEOPLE, ROUNDS)

    assert deadlocks() == []
    for user in people:
        tie = await store.tie(star, user, now + ROUNDS, contention.HALF_LIFE)
        assert tie is not None and tie.interactions == 2 * ROUNDS


async def test_the_reminders_loop_beside_pair_changes_and_interactions_of_the_same_people(store, deadlocks):
    star, people = await contention.reminders_loops(store, PEOPLE, ROUNDS)

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
