"""Extra instances of the locally supervised programs, started by tests with the command and
environment deploy/local/supervisord.conf gives the supervised ones (plus the test's own)."""

from __future__ import annotations

import asyncio
import configparser
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.integration.endpoints import ROOT

LOCAL = ROOT / "deploy" / "local"


@cache
def _local_env() -> dict[str, str]:
    """What supervisord itself runs with: this environment after `source deploy/local/env.sh`."""
    out = subprocess.run(
        ["bash", "-c", f"source {shlex.quote(str(LOCAL / 'env.sh'))} && env -0"], check=True, capture_output=True
    ).stdout.decode()
    return dict(line.split("=", 1) for line in out.split("\0") if "=" in line)


def program(name: str) -> tuple[list[str], dict[str, str]]:
    """The command line and full environment supervisord starts `[program:name]` with."""
    env = _local_env()
    parser = configparser.RawConfigParser()
    parser.read(LOCAL / "supervisord.conf")
    section = parser[f"program:{name}"]

    def expand(value: str) -> str:
        value = re.sub(r"%\(ENV_(\w+)\)s", lambda m: env[m.group(1)], value)
        return value.replace("%(program_name)s", name)

    own = {}
    if "environment" in section:
        # KEY="value",KEY2="value2" (supervisor's own format; values here hold no commas)
        for key, value in re.findall(r'(\w+)="([^"]*)"', section["environment"]):
            own[key] = expand(value)
    command = shlex.split(expand(section["command"]))
    env = {**env, **own}
    # with-redis-env (first, or after a `nice -n N` prefix) applies $KITH_STATE/redis.env when present
    if any(Path(part).name == "with-redis-env" for part in command[:4]):
        env.update(_env_file(Path(env["KITH_STATE"]) / "redis.env"))
    return command, env


def _env_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    lines = (line.strip() for line in path.read_text().splitlines())
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def supervised_pid(program: str) -> int | None:
    """The pid supervisord reports for `program` (e.g. services:feed-worker), None when stopped."""
    out = subprocess.run([str(LOCAL / "kithctl"), "ctl", "pid", program], capture_output=True, text=True).stdout
    pid = out.strip()
    return int(pid) if pid.isdigit() and pid != "0" else None


def closed_port() -> int:
    """A local port where nothing listens (until a test starts something there)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Instance:
    """One extra process of a supervised program; its output goes to `log_path`."""

    name: str
    log_path: Path
    overrides: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def start(self) -> Instance:
        command, env = program(self.name)
        env["KITH_WEB_PORT"] = "0"  # an extra gateway leaves the platform's web port alone
        env.update(self.overrides)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            os.kill(self.pid, sig)

    def wait(self, timeout: float) -> int | None:
        """The exit status, or None if it is still running after `timeout` seconds."""
        assert self.process is not None
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """Clean-up for a finally: SIGTERM, then SIGKILL if it lingers."""
        if self.alive():
            self.signal(signal.SIGTERM)
            if self.wait(15) is None:
                self.signal(signal.SIGKILL)
                self.wait(5)

    async def wait_exit(self, timeout: float) -> tuple[int | None, float]:
        """Wait without blocking the event loop; (exit status or None, seconds waited)."""
        started = time.monotonic()
        while self.alive() and time.monotonic() - started < timeout:
            await asyncio.sleep(0.05)
        return (None if self.alive() else self.process.returncode), time.monotonic() - started
