"""Services stop cleanly on SIGTERM and come back to SERVING."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kith_platform.healthcheck import wait_serving
from tests.integration.conftest import ROOT, kithctl
from tests.integration.endpoints import SERVICE_ADDRESSES


@pytest.mark.parametrize("program", ["content", "graph"])
async def test_sigterm_stops_a_service_cleanly_and_it_restarts(platform_up, api, program):
    author = await api.sign_up("lifecycle")
    await api.post(author, "before the restart")
    kithctl("ctl", "stop", f"services:{program}")
    state = Path(os.environ.get("KITH_STATE", ROOT / ".kith"))
    log = (state / "logs" / "supervisord.log").read_text()
    # supervisord reports how the process ended: exit status 0 means it shut down by itself.
    assert re.findall(rf"stopped: {program} \((.*?)\)", log)[-1] == "exit status 0"
    kithctl("ctl", "start", f"services:{program}")
    address = SERVICE_ADDRESSES[program]
    assert (await wait_serving([address], 60))[address] == "SERVING"
    await api.post(author, "after the restart")
