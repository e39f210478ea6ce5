"""Every statement the graph runs on Neo4j plans on the running Neo4j (make up): the start-up
warm-up (bootstrap.STATEMENTS through kith_platform.neo4j_store.warm_plans) plans them all
before the service reports SERVING, and a statement Neo4j refuses is named."""

from __future__ import annotations

import pytest
from neo4j import AsyncGraphDatabase

from kith_graph.bootstrap import STATEMENTS
from kith_platform.neo4j_store import warm_plans
from tests.integration.endpoints import NEO4J_URI

pytestmark = pytest.mark.integration


@pytest.fixture
async def driver():
    driver = AsyncGraphDatabase.driver(NEO4J_URI, notifications_min_severity="OFF")
    try:
        yield driver
    finally:
        await driver.close()


def test_the_warm_up_takes_the_statements_of_every_module_the_graph_runs():
    modules = {name.split(".", 1)[0] for name in STATEMENTS}
    assert modules == {"cypher", "cypher_care", "cypher_mirrors", "cypher_suggestions", "neo4j_exports", "outbox"}
    # A Follow's path: the pair's locks and state, the relationship written, the outbox event.
    assert {
        "cypher.LOCK_PAIR_STATE",
        "cypher.CREATE[FOLLOWS]",
        "cypher.SYNC_CONNECTIONS",
        "outbox.NEO4J_INSERT",
    } <= set(STATEMENTS)


async def test_every_statement_of_the_graph_plans(driver):
    assert await warm_plans(driver, "neo4j", STATEMENTS) == []


async def test_a_statement_that_does_not_plan_is_named(driver):
    statements = {"good": "MATCH (u:User {id: $id}) RETURN u.id AS id", "bad": "MATCH (u:User {id: $id} RETURN u"}
    assert await warm_plans(driver, "neo4j", statements) == ["bad"]
