"""The state file that makes `kith load` resumable."""

from __future__ import annotations

import argparse
import stat
import time

import grpc
import pytest

from kith_cli import loading
from kith_cli.seeding import Seeder, SeedState, StateMismatch, by_level, generated_password


def test_finished_items_survive_a_restart_and_a_line_cut_short_is_ignored(tmp_path):
    path = tmp_path / "load" / "x.jsonl"
    state = SeedState.open(path, gateway="127.0.0.1:50050")
    state.record("users", "x_1", "id-1")
    state.record("follows", "1 2")
    state.close()
    with open(path, "a") as f:
        f.write('{"phase": "users", "key": "x_2", "va')  # a crash mid-write
    again = SeedState.open(path, gateway="127.0.0.1:50050")
    assert again.get("users", "x_1") == "id-1" and again.has("follows", "1 2")
    assert not again.has("users", "x_2")
    assert again.password == state.password and len(state.password) >= 16
    again.close()


def test_the_state_file_is_private_and_refuses_another_gateway_or_password(tmp_path):
    path = tmp_path / "x.jsonl"
    SeedState.open(path, gateway="a:1", password="chosen password").close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(StateMismatch, match="b:1"):
        SeedState.open(path, gateway="b:1")
    with pytest.raises(StateMismatch, match="password"):
        SeedState.open(path, gateway="a:1", password="another password")
    SeedState.open(path, gateway="a:1", password="chosen password").close()


def test_levels_come_lowest_first():
    assert by_level(["ccc", "a", "bb", "b"], len) == [["a", "b"], ["bb"], ["ccc"]]


def _error(code, **trailing):
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(*trailing.items()), "refused")


async def test_calls_wait_as_long_as_the_gateway_asks_and_repeat_only_what_is_safe_to(tmp_path):
    state = SeedState.open(tmp_path / "x.jsonl", gateway="127.0.0.1:1")
    seeder = Seeder(grpc.aio.insecure_channel("127.0.0.1:1"), state, progress=False)
    answers = [
        _error(grpc.StatusCode.RESOURCE_EXHAUSTED, **{"retry-after-ms": "30"}),
        _error(grpc.StatusCode.UNAVAILABLE),
        "ok",
    ]

    async def rpc(request, *, metadata, timeout):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    started = time.monotonic()
    assert await seeder.call(rpc, None) == "ok"
    assert time.monotonic() - started >= 0.03 and seeder.rate_limited == 1

    answers[:] = [_error(grpc.StatusCode.DEADLINE_EXCEEDED), "a duplicate"]
    with pytest.raises(grpc.aio.AioRpcError):  # it may have been made: not again
        await seeder.call(rpc, None, idempotent=False)
    assert answers == ["a duplicate"]
    state.close()


def test_a_generated_password_can_be_passed_back_on_the_command_line():
    # token_urlsafe alone begins with "-" one time in 64, and argparse then reads
    # `--password -x...` as an unknown option: the state file's password would be unusable.
    parser = argparse.ArgumentParser(prog="kith")
    loading.add_parser(parser.add_subparsers(dest="command"))
    for _ in range(500):
        password = generated_password()
        args = parser.parse_args(["load", "edges", "graph.edges", "--password", password])
        assert args.password == password
