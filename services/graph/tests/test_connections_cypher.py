"""The CONNECTED relationship on the running Neo4j (make up): exactly one per pair while the two
have a friendship or a follow either way, none otherwise, through every pair change, a batch
import and the start-up backfill of a graph written before it existed (adapters/cypher.py
SYNC_CONNECTIONS, BACKFILL_CONNECTIONS)."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.integration

LINKS = "MATCH (:User {id: $a})-[c:CONNECTED]-(:User {id: $b}) RETURN count(c) AS n"


async def _people(store, n: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(n)]
    await store.upsert_users(ids)
    return ids


async def _links(store, a: str, b: str) -> int:
    return (await store._read(LINKS, a=a, b=b))[0]["n"]


async def test_one_connection_while_any_follow_or_friendship_stands(store):
    a, b = await _people(store, 2)
    await store.follow(a, b)
    assert await _links(store, a, b) == 1
    await store.follow(b, a)  # both ways: still one connection
    assert await _links(store, a, b) == 1
    await store.unfollow(a, b)  # b still follows a
    assert await _links(store, a, b) == 1
    await store.unfollow(b, a)
    assert await _links(store, a, b) == 0

    await store.send_friend_request(a, b)
    assert await _links(store, a, b) == 0  # a request is not a connection
    await store.accept_friend_request(b, a)
    assert await _links(store, a, b) == 1
    await store.unfriend(b, a)  # ends the friendship and its follows
    assert await _links(store, a, b) == 0

    await store.follow(a, b)
    await store.block(b, a)  # a block ends every follow between them
    assert await _links(store, a, b) == 0


async def test_an_import_connects_each_pair_once(store):
    a, b, c = await _people(store, 3)
    await store.import_follows([(a, b), (b, a), (a, c)])
    assert [await _links(store, a, b), await _links(store, a, c), await _links(store, b, c)] == [1, 1, 0]


async def test_the_backfill_connects_an_older_graph_once_and_mends_duplicates(store):
    a, b, c = await _people(store, 3)
    # Follows as a graph written before CONNECTED existed has them, and a duplicate link.
    await store._write(
        "MATCH (a:User {id: $a}), (b:User {id: $b}), (c:User {id: $c}) "
        "CREATE (a)-[:FOLLOWS {at: 0}]->(b), (b)-[:FOLLOWS {at: 0}]->(a), (c)-[:FOLLOWS {at: 0}]->(a)",
        a=a,
        b=b,
        c=c,
    )
    await store._write("MATCH (m:Migration {name: 'connections'}) DELETE m")
    await store.backfill_connections(batch=7)
    assert [await _links(store, a, b), await _links(store, a, c), await _links(store, b, c)] == [1, 1, 0]
    await store.backfill_connections()  # done once: marked
    assert await _links(store, a, b) == 1

    await store._write(
        "MATCH (a:User {id: $a}), (b:User {id: $b}) CREATE (a)-[:CONNECTED]->(b)", a=a, b=b
    )  # a duplicate, however it came
    await store.unfollow(b, a)  # the next change of their connection mends it (a still follows b)
    assert await _links(store, a, b) == 1
