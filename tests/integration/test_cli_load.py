"""`kith load edges` makes accounts and mutual relationships through the gateway, and a
second run (or a run that lost its state file) duplicates nothing."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid

from kith.graph.v1 import graph_pb2 as G
from kith_cli.seeding import SeedState
from tests.integration.endpoints import GATEWAY

TINY = """\
# a tiny graph: a triangle, a tail, a self-loop and a repeat
% another comment style
1 2
2 3
3 1
3 4
4 4
2 1
"""
EXPECTED = {"1": {"2", "3"}, "2": {"1", "3"}, "3": {"1", "2", "4"}, "4": {"3"}}


async def kith_load(*args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kith_cli.main",
        "load",
        "edges",
        *args,
        "--gateway",
        GATEWAY,
        "--no-progress",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"},
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, out.decode()


def summary_row(output: str, phase: str) -> list[str]:
    """created, already there, failed of one phase, from the summary table."""
    line = next(line for line in output.splitlines() if line.strip("│┃ ").startswith(phase + " "))
    return [cell.strip() for cell in line.strip("│┃").split("│")][1:4]


async def relationships(api, viewer, user_ids: dict[str, str], kind) -> dict[str, set[str]]:
    node_of = {v: k for k, v in user_ids.items()}
    out = {}
    for node, user_id in user_ids.items():
        page = await api.graph.ListRelationships(
            G.ListRelationshipsRequest(list=kind, user_id=user_id), metadata=viewer.auth
        )
        out[node] = {node_of.get(u.user_id, u.user_id) for u in page.users}
    return out


async def test_edges_load_as_mutual_follows_and_a_second_run_duplicates_nothing(api, tmp_path):
    edges = tmp_path / "tiny.edges"
    edges.write_text(TINY)
    prefix, state = f"e{uuid.uuid4().hex[:8]}", tmp_path / "state.jsonl"

    code, out = await kith_load(str(edges), "--prefix", prefix, "--state", str(state))
    assert code == 0, out
    assert "4 nodes, 4 edges (1 self-loops and 1 repeats left out)" in out
    assert summary_row(out, "users") == ["4", "0", "0"] and summary_row(out, "follows") == ["4", "0", "0"]
    header, done = SeedState.read(state)
    user_ids = {handle.removeprefix(prefix + "_"): user_id for handle, user_id in done["users"].items()}
    assert set(user_ids) == set(EXPECTED) and header["gateway"] == GATEWAY

    viewer = await api.sign_up("observer")
    for kind in (G.RELATIONSHIP_LIST_FOLLOWERS, G.RELATIONSHIP_LIST_FOLLOWING):
        assert await relationships(api, viewer, user_ids, kind) == EXPECTED

    # Again with the same state: everything is skipped, nobody even logs in.
    code, out = await kith_load(str(edges), "--prefix", prefix, "--state", str(state))
    assert code == 0, out
    assert summary_row(out, "users") == ["0", "4", "0"] and summary_row(out, "follows") == ["0", "4", "0"]
    assert "log-ins 0" in out

    # Again without the state file (lost), with the same password: the gateway says
    # ALREADY_EXISTS / already following, and that counts as done.
    code, out = await kith_load(
        str(edges), "--prefix", prefix, "--state", str(tmp_path / "lost.jsonl"), "--password", header["password"]
    )
    assert code == 0, out
    assert summary_row(out, "users") == ["0", "4", "0"] and summary_row(out, "follows") == ["0", "4", "0"]
    assert SeedState.read(tmp_path / "lost.jsonl")[1]["users"] == done["users"]
    for kind in (G.RELATIONSHIP_LIST_FOLLOWERS, G.RELATIONSHIP_LIST_FOLLOWING):
        assert await relationships(api, viewer, user_ids, kind) == EXPECTED


async def test_edges_load_as_friendships_with_friends(api, tmp_path):
    edges = tmp_path / "tiny.edges"
    edges.write_text(TINY)
    prefix, state = f"f{uuid.uuid4().hex[:8]}", tmp_path / "state.jsonl"
    code, out = await kith_load(str(edges), "--friends", "--prefix", prefix, "--state", str(state))
    assert code == 0, out
    assert summary_row(out, "friendships") == ["4", "0", "0"]
    user_ids = {h.removeprefix(prefix + "_"): u for h, u in SeedState.read(state)[1]["users"].items()}
    viewer = await api.sign_up("observer")
    for kind in (G.RELATIONSHIP_LIST_FRIENDS, G.RELATIONSHIP_LIST_FOLLOWERS):
        assert await relationships(api, viewer, user_ids, kind) == EXPECTED
