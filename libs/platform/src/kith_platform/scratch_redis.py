"""Scratch Redis servers for tests that must not touch the platform's: a standalone redis-server,
or a Redis Cluster of three primaries, each on free local ports in a directory of the test's, with
no persistence (the flags of deploy/local/bin/run-redis and run-redis-cluster-node otherwise).
Stopped (SIGTERM, then SIGKILL) when the test is done."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

CLUSTER_BUS_OFFSET = 10_000  # Redis Cluster's bus port is the client port + 10000


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(cluster: bool = False) -> int:
    """A local port where nothing listens (and, for a cluster node, its bus port too)."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if not cluster or (port + CLUSTER_BUS_OFFSET < 65536 and _free(port + CLUSTER_BUS_OFFSET)):
            return port
    raise RuntimeError("no free local port found")


def _redis_cli(*args: str) -> str:
    return subprocess.run(["redis-cli", *args], capture_output=True, text=True, timeout=30, check=False).stdout


@dataclass
class ScratchRedis:
    """`nodes` 1: a standalone Redis at `url`; 3 or more: a Redis Cluster of that many primaries
    (no replicas), `url` one of its nodes."""

    directory: Path
    nodes: int = 1
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def cluster(self) -> bool:
        return self.nodes > 1

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.ports[0]}/0"

    def start(self) -> ScratchRedis:
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not installed (make up installs it)")
        if self.cluster and self.nodes < 3:
            raise ValueError("a Redis Cluster needs at least 3 primaries")
        for _ in range(self.nodes):
            port = free_port(self.cluster)
            node_dir = self.directory / str(port)
            node_dir.mkdir(parents=True)
            flags = ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"] if self.cluster else []
            log = (node_dir / "redis.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    [
                        "redis-server",
                        *("--bind", "127.0.0.1", "--port", str(port), "--protected-mode", "yes"),
                        *("--daemonize", "no", "--dir", str(node_dir), "--save", "", "--appendonly", "no"),
                        *flags,
                    ],
                    cwd=node_dir,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            self.ports.append(port)
        for port in self.ports:
            self._wait(lambda port=port: _redis_cli("-p", str(port), "ping").strip() == "PONG", f"port {port}")
        if self.cluster:
            _redis_cli(
                "--cluster",
                "create",
                *(f"127.0.0.1:{p}" for p in self.ports),
                "--cluster-replicas",
                "0",
                "--cluster-yes",
            )
            for port in self.ports:
                self._wait(
                    lambda port=port: "cluster_state:ok" in _redis_cli("-p", str(port), "cluster", "info"),
                    f"the cluster at port {port}",
                )
        return self

    def _wait(self, ready, what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"a scratch redis-server exited; logs in {self.directory}")
            if ready():
                return
            time.sleep(0.1)
        raise RuntimeError(f"scratch Redis not ready after {timeout:.0f}s: {what}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
