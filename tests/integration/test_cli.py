"""`kith tail` prints a topic's events as JSON lines, filtered by type."""

from __future__ import annotations

import asyncio
import json
import os
import sys

from tests.integration.endpoints import KAFKA


async def test_tail_prints_new_events_of_one_type_as_json(api):
    author = await api.sign_up("tailer")
    env = {**os.environ, "KITH_KAFKA_BOOTSTRAP": KAFKA}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "kith_cli.main", "tail", "content.posts.v1", "--type", "PostPublished",
        "--limit", "1", "--timeout", "30", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env)
    try:
        await asyncio.wait_for(process.stderr.readline(), 30)  # "tailing ...": subscribed at the end
        await asyncio.sleep(1)  # let the consumer settle its position before the event is written
        post = await api.post(author, "tail me")
        line = await asyncio.wait_for(process.stdout.readline(), 30)
    finally:
        if process.returncode is None:
            await asyncio.wait_for(process.wait(), 30)
    event = json.loads(line)
    assert event["event_type"] == "kith.content.v1.PostPublished" and event["producer"] == "content"
    assert event["payload"]["post_id"] == post.post_id and event["payload"]["text"] == "tail me"
    assert process.returncode == 0
