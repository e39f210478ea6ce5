"""Services stop cleanly on SIGTERM and come back to SERVING."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import grpc
import pytest

from kith.feed.v1 import feed_pb2
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


async def test_gateway_answers_unavailable_quickly_when_a_backend_is_down(platform_up, api):
    user = await api.sign_up("unavailable")
    kithctl("ctl", "stop", "services:feed-api")
    try:
        started = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await api.notifications.GetUnreadCount(feed_pb2.GetUnreadCountRequest(), metadata=user.auth)
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        assert time.monotonic() - started < 3
        # The feed's reads are the gateway's own (KITH_FEED_READS=local): they go on.
        assert (await api.home_feed(user)).next_cursor == ""
    finally:
        kithctl("ctl", "start", "services:feed-api")
        address = SERVICE_ADDRESSES["feed-api"]
        assert (await wait_serving([address], 60))[address] == "SERVING"
