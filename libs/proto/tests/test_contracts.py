"""The contracts pass buf lint (STANDARD) and the generated library matches them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_buf_lint_passes():
    result = subprocess.run(
        [str(ROOT / "deploy/local/bin/buf"), "lint"], cwd=ROOT / "proto", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_code_is_not_stale():
    result = subprocess.run(
        [sys.executable, str(ROOT / "libs/proto/tools/generate.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_event_payload_is_importable_from_the_library():
    from kith.content.v1 import events_pb2 as content_events
    from kith.graph.v1 import events_pb2 as graph_events
    from kith.identity.v1 import events_pb2 as identity_events

    names = {
        identity_events.UserRegistered.DESCRIPTOR.full_name,
        graph_events.UserFollowed.DESCRIPTOR.full_name,
        graph_events.UserUnfollowed.DESCRIPTOR.full_name,
        content_events.PostPublished.DESCRIPTOR.full_name,
    }
    assert all(n.startswith("kith.") and ".v1." in n for n in names)
