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
        sys.executable,
        "-m",
        "kith_cli.main",
        "tail",
        "content.posts.v1",
        "--type",
        "PostPublished",
        "--timeout",
        "30",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    events = []
    try:
        await asyncio.wait_for(process.stderr.readline(), 30)  # "tailing ...": subscribed at the end
        await asyncio.sleep(1)  # let the consumer settle its position before the event is written
        post = await api.post(author, "tail me")
        # Other tests may publish at the same time: read until this post's line.
        while not any(e["payload"]["post_id"] == post.post_id for e in events):
            line = await asyncio.wait_for(process.stdout.readline(), 30)
            assert line, "tail ended before printing the post"
            events.append(json.loads(line))
    finally:
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.wait(), 30)
    assert all(e["event_type"] == "kith.content.v1.PostPublished" for e in events)  # filtered by type
    event = events[-1]
    assert event["producer"] == "content" and event["payload"]["text"] == "tail me"


async def test_tail_stops_after_its_limit(api):
    author = await api.sign_up("tailer")
    env = {**os.environ, "KITH_KAFKA_BOOTSTRAP": KAFKA}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kith_cli.main",
        "tail",
        "content.posts.v1",
        "--from-start",
        "--limit",
        "2",
        "--timeout",
        "30",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    await api.post(author, "one more")  # the topic has at least this one
    out, _ = await asyncio.wait_for(process.communicate(), 40)
    lines = out.decode().splitlines()
    assert process.returncode == 0 and len(lines) == 2 and all(json.loads(line)["event_id"] for line in lines)
