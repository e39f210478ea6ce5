"""On the local platform the processes that answer calls run at nice 0 and the ones that work
behind them at KITH_BACKGROUND_NICE (0 unless set; deploy/local/env.sh says why), every thread of
them: a JVM's collector threads and a worker's threads inherit it from the process supervisord
started."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from tests.integration.processes import LOCAL, _local_env, program, supervised_pid

ANSWERING = ("services:gateway", "services:content", "services:identity", "services:feed-api", "infra:redis")
BEHIND = ("infra:kafka-1", "infra:kafka-2", "infra:kafka-3", "services:feed-worker", "services:media-worker")


def _nices(pid: int) -> set[int]:
    """The nice value of every thread of `pid` (field 19 of /proc/<pid>/task/<tid>/stat)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        stat = (task / "stat").read_text()
        found.add(int(stat.rsplit(")", 1)[1].split()[16]))
    return found


@pytest.mark.parametrize("name", ANSWERING + BEHIND)
def test_background_work_yields_the_cpu_to_the_calls(name):
    pid = supervised_pid(name)
    if pid is None:
        pytest.skip(f"{name} is not running under this checkout's supervisord")
    background = int(_local_env()["KITH_BACKGROUND_NICE"])
    assert _nices(pid) == ({background} if name in BEHIND else {0})


def test_only_the_background_programs_are_started_under_nice():
    parser = configparser.RawConfigParser()
    parser.read(LOCAL / "supervisord.conf")
    names = [section.removeprefix("program:") for section in parser.sections() if section.startswith("program:")]
    background = _local_env()["KITH_BACKGROUND_NICE"]
    niced = {name for name in names if program(name)[0][:3] == ["/usr/bin/nice", "-n", background]}
    assert niced == {"kafka", "feed-worker", "media-worker", "mailpit", "toxiproxy", "redis-cluster"}
