"""Stopping and starting the local servers for the fault tests (deploy/local/kithctl)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections import Counter
from collections.abc import Callable

from tests.integration.conftest import kithctl
from tests.integration.endpoints import KAFKA_NODES, STATE
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
