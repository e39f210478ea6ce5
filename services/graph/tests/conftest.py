"""`store`: the graph store on the running Neo4j (make up), for the tests of its Cypher (a module
of fakes, test_handlers.py, has its own)."""

from __future__ import annotations

import pytest
from neo4j import AsyncGraphDatabase

from kith_graph.adapters.neo4j_store import Neo4jGraphStore
from tests.integration.endpoints import NEO4J_URI


@pytest.fixture
async def store():
    driver = AsyncGraphDatabase.driver(NEO4J_URI, notifications_min_severity="OFF")
    try:
        yield Neo4jGraphStore(driver, "neo4j")
    finally:
        await driver.close()
