"""Stopping and starting the local servers for the fault tests (deploy/local/kithctl)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
from collections import Counter
from collections.abc import Callable

import asyncpg
from neo4j import AsyncGraphDatabase

from tests.integration.conftest import kithctl
from tests.integration.endpoints import KAFKA_NODES, NEO4J_URI, POSTGRES, STATE
from tests.integration.processes import supervised_pid

KAFKA_STATE = STATE / "kafka"


def ctl(*args: str) -> str:
    return kithctl("ctl", *args)


def wait_ready(server: str, timeout: int = 180) -> None:
    kithctl("wait", server, "--timeout", str(timeout))


def kafka_active_controller() -> int:
    """The node leading the KRaft controller quorum: the newest election any node has recorded
    (each node keeps the quorum's leader and epoch in __cluster_metadata-0/quorum-state)."""
    newest = (-1, 0)
    for n in range(1, len(KAFKA_NODES) + 1):
        try:
            state = json.loads((KAFKA_STATE / str(n) / "data" / "__cluster_metadata-0" / "quorum-state").read_text())
        except (OSError, ValueError):
            continue
        if state.get("leaderId", -1) > 0:
            newest = max(newest, (state["leaderEpoch"], state["leaderId"]))
    assert newest[1], f"no Kafka node names a quorum leader under {KAFKA_STATE}"
    return newest[1]


async def kill_a_kafka_node_and_start_it_again(
    faults: Counter, note: Callable[[str], None], node: int | None = None
) -> float:
    """SIGKILL one node's JVM (nothing graceful; by default the active controller, so that the
    quorum elects another and partition leadership moves), 3 s down, start it and wait until the
    cluster is whole again (every broker back, every partition's replicas in sync), so that the
    next fault never finds two nodes down. Returns the seconds from the kill until then."""
    controller = kafka_active_controller()
    node = node or controller
    program = f"infra:kafka-{node}"
    pid = supervised_pid(program)
    assert pid, f"{program} is not running under supervisord"
    os.killpg(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    what = "Kafka node SIGKILL" + (" (the active controller)" if node == controller else "")
    faults[what] += 1
    note(f"{what}: node {node}")
    await asyncio.sleep(3)
    await asyncio.to_thread(ctl, "start", program)
    await asyncio.to_thread(wait_ready, "kafka")
    note(f"Kafka node {node} back, replicas in sync")
    return time.monotonic() - killed_at


# Transactions of the services in flight, as each store lists them (our own look excluded).
_POSTGRES_OPEN = """
SELECT count(*) FROM pg_stat_activity
WHERE backend_type = 'client backend' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
"""
_NEO4J_OPEN = """
SHOW TRANSACTIONS YIELD currentQuery, status
WHERE NOT trim(currentQuery) STARTS WITH 'SHOW TRANSACTIONS'
RETURN count(*) AS open
"""


async def _watch_postgres():
    conn = await asyncpg.connect(f"{POSTGRES}/postgres")
    try:
        while True:
            yield await conn.fetchval(_POSTGRES_OPEN)
    finally:
        await conn.close()


async def _watch_neo4j():
    driver = AsyncGraphDatabase.driver(NEO4J_URI, auth=None)
    try:
        while True:
            records, _, _ = await driver.execute_query(_NEO4J_OPEN, database_="system")
            yield records[0]["open"]
    finally:
        await driver.close()


async def kill_a_store_mid_transaction(
    server: str, faults: Counter, note: Callable[[str], None], timeout: float = 60
) -> float:
    """SIGKILL the whole process group of `server` (postgres or neo4j: nothing graceful, no
    checkpoint) at a moment it lists a service's transaction in flight, down 2 s, then start it
    and wait until it serves (crash recovery from its write-ahead log). Returns the seconds from
    the kill until then."""
    program = f"infra:{server}"
    pid = supervised_pid(program)
    assert pid, f"{program} is not running under supervisord"
    watch = {"postgres": _watch_postgres, "neo4j": _watch_neo4j}[server]()
    deadline = time.monotonic() + timeout
    try:
        async for in_flight in watch:
            if in_flight:
                os.killpg(pid, signal.SIGKILL)
                killed_at = time.monotonic()
                break
            assert time.monotonic() < deadline, f"no transaction in flight on {server} in {timeout:.0f} s"
            await asyncio.sleep(0.005)
    finally:
        with contextlib.suppress(Exception):  # its connection went down with the server
            await watch.aclose()
    what = f"{server} SIGKILL mid-transaction"
    faults[what] += 1
    note(f"{what}: {in_flight} in flight at the last look")
    await asyncio.sleep(2)
    await asyncio.to_thread(ctl, "start", program)
    await asyncio.to_thread(wait_ready, server)
    note(f"{server} back")
    return time.monotonic() - killed_at
