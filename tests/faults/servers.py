"""Stopping and starting the local servers for the fault tests (deploy/local/kithctl)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from collections.abc import Callable

from tests.integration.conftest import kithctl
from tests.integration.processes import supervised_pid


def ctl(*args: str) -> str:
    return kithctl("ctl", *args)


def wait_ready(server: str, timeout: int = 180) -> None:
    kithctl("wait", server, "--timeout", str(timeout))


async def kill_kafka_and_start_it_again(faults: Counter, note: Callable[[str], None]) -> None:
    """SIGKILL the broker's JVM (nothing graceful), 3 s down, start it and wait until it serves."""
    kafka = supervised_pid("infra:kafka")
    assert kafka, "Kafka is not running under supervisord"
    os.killpg(kafka, signal.SIGKILL)
    faults["Kafka broker SIGKILL"] += 1
    note("Kafka broker SIGKILL")
    await asyncio.sleep(3)
    await asyncio.to_thread(ctl, "start", "infra:kafka")
    await asyncio.to_thread(wait_ready, "kafka")
    note("Kafka back")
