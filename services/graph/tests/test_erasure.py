"""Erasure without servers: UserErased reaches the store, a malformed one is skipped, every write
that could bring a user node back checks the tombstone list, and pair changes refuse an erased user."""

from __future__ import annotations

import re
import time
import uuid

import pytest

from kith.identity.v1 import events_pb2 as identity_events
from kith_graph.adapters import cypher, cypher_care, cypher_mirrors, cypher_suggestions
from kith_graph.adapters.neo4j_store import Neo4jGraphStore
from kith_graph.domain.relationships import PairState
from kith_graph.entrypoints.identity_consumer import identity_consumer
from kith_graph.service_layer.handlers import GraphHandlers
from kith_platform.errors import NotFound

CYPHER = (cypher, cypher_care, cypher_mirrors, cypher_suggestions)  # every module of graph Cypher


class FakeStore:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    async def erase_user(self, user_id, erased_at_ms):
        self.calls.append(("erase", user_id, erased_at_ms))

    async def upsert_users(self, user_ids):
        self.calls.append(("upsert", *user_ids))

    async def erase_recent_again(self, since_ms):
        self.calls.append(("again", since_ms))
        return 0

    async def purge_erased_outbox(self, limit=100, only=None):
        self.calls.append(("purge",))
        return 0


async def test_user_erased_erases_and_a_malformed_one_is_skipped():
    store, user = FakeStore(), str(uuid.uuid4())
    event = identity_events.UserErased(user_id=user)
    event.erased_at.FromMilliseconds(1_700_000_000_000)
    await identity_consumer("kafka:9092", store).apply(
        [identity_events.UserRegistered(user_id=user), event, identity_events.UserErased(user_id="nope")]
    )
    assert store.calls == [("upsert", user), ("erase", user, 1_700_000_000_000)]


async def test_finishing_erasures_erases_recent_ones_again_then_purges_the_outbox():
    store = FakeStore()
    before = int(time.time() * 1000)
    await GraphHandlers(store=store).finish_erasures(60_000)
    [(again, since), purge] = store.calls
    assert again == "again" and before - 60_000 <= since <= int(time.time() * 1000) - 60_000
    assert purge == ("purge",)


def test_every_write_that_could_create_a_user_node_checks_the_tombstone_list():
    creating = re.compile(r"MERGE \(\w*:User\b")
    queries = {name: q for module in CYPHER for name, q in vars(module).items() if isinstance(q, str)}
    checked = {name for name, q in queries.items() if creating.search(q)}
    assert checked >= {
        "LOCK_PAIR",
        "UPSERT_USERS",
        "SET_DEACTIVATED",
        "SET_INTERESTS",
        "JOIN_COMMUNITY",
        "RECORD_INTERACTION",
    }
    for name in checked:
        assert "ErasedUser" in queries[name], name
    for name in ("DUE_REACH_OUTS", "DUE_KEEP_IN_TOUCH"):  # the reminders loop
        assert "ErasedUser" in queries[name], name


class _Result:
    def __init__(self, record) -> None:
        self.record = record

    async def single(self):
        return self.record


class _Tx:
    def __init__(self, locked: int) -> None:
        self.locked = locked

    async def run(self, query, **params):
        assert query == cypher.LOCK_PAIR
        return _Result({"locked": self.locked})


async def test_a_pair_change_with_an_erased_user_is_not_found():
    await Neo4jGraphStore._lock(_Tx(2), "a", "b")
    with pytest.raises(NotFound):
        await Neo4jGraphStore._lock(_Tx(1), "a", "b")  # one of them is in the tombstone list


@pytest.mark.integration
@pytest.mark.parametrize("node_deleted", [False, True])
async def test_a_pair_change_with_an_erased_user_is_not_found_on_neo4j(store, node_deleted):
    # Marked erased first; the node itself goes a moment later (erase_user), or never came.
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    await store.upsert_users([a, b])
    await store._write(cypher.MARK_ERASED, id=b, at=1)
    if node_deleted:
        await store._write(cypher.DELETE_USER, id=b)
    for change in (store.follow, store.block, store.send_friend_request):
        with pytest.raises(NotFound):
            await change(a, b)
        with pytest.raises(NotFound):
            await change(b, a)
    nodes = (await store._read("MATCH (u:User {id: $id}) RETURN count(u) AS n", id=b))[0]["n"]
    assert nodes == (0 if node_deleted else 1)  # not brought back
    assert await store.pair_state(a, b) == PairState() == await store.pair_state(b, a)  # nothing written
