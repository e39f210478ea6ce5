"""`kith load edges`: any edge-list graph as accounts and mutual relationships.

Each node becomes an account with the handle `<prefix>_<node>`; each undirected edge becomes
a mutual relationship: follows both ways (the default, as DeathStarBench loads socfb-Reed98),
or a friendship (a request and its acceptance; friends also follow each other).

With --bulk (operators, follows only) the accounts and follows go to the internal import RPCs of
identity and the graph, hundreds a call, instead of one gateway call each (kith_cli/bulk.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kith_cli.seeding import Seeder

NODE = re.compile(r"^[A-Za-z0-9_]+$")  # what a handle may hold
HANDLE_MAX = 30
FOLLOWS, FRIENDS = "follows", "friendships"


@dataclass(frozen=True)
class EdgeList:
    nodes: list[str]
    edges: list[tuple[str, str]]  # undirected, each pair once, no self-loops
    self_loops: int = 0
    duplicates: int = 0


def _order(node: str) -> tuple[int, int | str]:
    return (0, int(node)) if node.isdigit() else (1, node)


def parse_edges(lines: Iterable[str]) -> EdgeList:
    """An edge list: one `a b` pair per line (whitespace or a comma between; further columns
    such as weights are ignored), blank lines and `#` or `%` comments skipped. Self-loops
    and repeated pairs (either way round) are dropped and counted; their nodes still count."""
    nodes: set[str] = set()
    seen: set[tuple[str, str]] = set()
    edges: list[tuple[str, str]] = []
    self_loops = duplicates = 0
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line[0] in "#%":
            continue
        fields = [f for f in re.split(r"[\s,]+", line) if f]
        if len(fields) < 2:
            raise ValueError(f"line {number}: expected two node ids, got {line!r}")
        a, b = fields[0], fields[1]
        for node in (a, b):
            if not NODE.match(node):
                raise ValueError(f"line {number}: node id {node!r} is not letters, digits and underscores")
        nodes.update((a, b))
        if a == b:
            self_loops += 1
            continue
        pair = (a, b) if _order(a) <= _order(b) else (b, a)
        if pair in seen:
            duplicates += 1
            continue
        seen.add(pair)
        edges.append(pair)
    return EdgeList(sorted(nodes, key=_order), edges, self_loops, duplicates)


def read_edges(path: Path) -> EdgeList:
    with open(path, encoding="utf-8") as f:
        return parse_edges(f)


def default_prefix(path: Path) -> str:
    """`socfb-Reed98.edges` -> `socfb_reed98`."""
    return (re.sub(r"\W+", "_", Path(path).stem).strip("_").lower() or "edges")[:16]


def handle(prefix: str, node: str) -> str:
    return f"{prefix}_{node}"


def check_handles(graph: EdgeList, prefix: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9_]+", prefix):
        raise ValueError(f"prefix {prefix!r}: letters, digits and underscores only")
    longest = max(graph.nodes, key=len, default="")
    if len(handle(prefix, longest)) > HANDLE_MAX:
        raise ValueError(f"handle {handle(prefix, longest)!r} is longer than {HANDLE_MAX}: use a shorter --prefix")


async def load_edges(seeder: Seeder, graph: EdgeList, *, prefix: str, relationship: str = FOLLOWS) -> None:
    """Accounts first (each signs up and logs in), then one mutual relationship per edge."""
    check_handles(graph, prefix)
    handles = {node: handle(prefix, node) for node in graph.nodes}
    seeder.phase("users", len(graph.nodes))
    seeder.phase(relationship, len(graph.edges))

    async def sign_up(node: str):
        return await seeder.sign_up(handles[node])

    await seeder.run("users", graph.nodes, key=handles.__getitem__, work=sign_up)
    relate = seeder.befriend if relationship == FRIENDS else seeder.follow_both

    async def pair(edge: tuple[str, str]):
        return await relate(handles[edge[0]], handles[edge[1]])

    await seeder.run(relationship, graph.edges, key=lambda e: f"{e[0]} {e[1]}", work=pair)
