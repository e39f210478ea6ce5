"""Benchmark: people-you-may-know and connection paths on the socfb-Reed98 graph (or another edge
list: --edges, e.g. a 4,039-person one from bench/synthetic_graph.py).

Loads the graph (962 users, 18,812 friendships, as DeathStarBench does: each edge a follow
both ways, and here also a friendship) into the running Neo4j, then times the graph
service's SuggestPeople and GetConnectionPath over gRPC for many users, beside two
baselines measured in the same run: a gRPC health check on the same service and a bare
`RETURN 1` through the Neo4j driver.

  uv run python bench/graph_queries.py [--samples 300] [--edges PATH]

Needs `make up`. Prints a table and writes bench/results/graph.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import time
import uuid
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from neo4j import AsyncGraphDatabase

from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith_platform.auth import USER_ID_METADATA

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EDGES = ROOT / "data" / "socfb-Reed98" / "socfb-Reed98.edges"
NAMESPACE = uuid.UUID("6f0d5c3e-8a51-4a63-9f0e-7d1f6f2b9a10")

LOAD_EDGES = """
UNWIND $edges AS e
MERGE (a:User {id: e[0]})
MERGE (b:User {id: e[1]})
MERGE (a)-[f:FOLLOWS]->(b) ON CREATE SET f.at = $at
MERGE (b)-[g:FOLLOWS]->(a) ON CREATE SET g.at = $at
MERGE (a)-[r:FRIENDS_WITH]-(b) ON CREATE SET r.at = $at
MERGE (a)-[:CONNECTED]-(b)
"""


def user_id(n: str, graph: str = "socfb-Reed98") -> str:
    """The bench's id of node `n` of a graph (its file's name): graphs loaded side by side do not share people."""
    return str(uuid.uuid5(NAMESPACE, f"{graph}:{n}"))


def read_edges(path: Path) -> list[tuple[str, str]]:
    edges = []
    graph = path.name.removesuffix(".edges")
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "%")):
            a, b = line.split()[:2]
            if a != b:
                edges.append((user_id(a, graph), user_id(b, graph)))
    return edges


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(pick(0.99), 3),
        "max_ms": round(ordered[-1], 3),
    }


async def timed(fn, args_list) -> list[float]:
    out = []
    for args in args_list:
        started = time.perf_counter()
        await fn(*args)
        out.append((time.perf_counter() - started) * 1000)
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--edges", type=Path, default=DEFAULT_EDGES)
    parser.add_argument("--graph", default=os.environ.get("KITH_GRAPH_ADDR", "127.0.0.1:50052"))
    parser.add_argument("--neo4j", default=os.environ.get("KITH_NEO4J_URI", "bolt://127.0.0.1:17687"))
    return parser.parse_args(argv)


async def measure(args: argparse.Namespace) -> dict:
    """Loads the graph, times the queries and their baselines; returns the report."""
    edges = read_edges(args.edges)
    users = sorted({u for e in edges for u in e})
    driver = AsyncGraphDatabase.driver(args.neo4j, auth=None)
    started = time.perf_counter()
    for i in range(0, len(edges), 2000):
        await driver.execute_query(LOAD_EDGES, edges=edges[i : i + 2000], at=int(time.time() * 1000))
    load_s = time.perf_counter() - started

    rng = random.Random(42)
    people = [(rng.choice(users),) for _ in range(args.samples)]
    pairs = [tuple(rng.sample(users, 2)) for _ in range(args.samples)]

    async with grpc.aio.insecure_channel(args.graph) as channel:
        stub = graph_pb2_grpc.GraphServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)

        async def suggest(me):
            await stub.SuggestPeople(
                graph_pb2.SuggestPeopleRequest(limit=20), metadata=((USER_ID_METADATA, me),), timeout=10
            )

        async def path(me, other):
            await stub.GetConnectionPath(
                graph_pb2.GetConnectionPathRequest(user_id=other), metadata=((USER_ID_METADATA, me),), timeout=10
            )

        async def ping():
            await health.Check(health_pb2.HealthCheckRequest(), timeout=10)

        async def neo4j_return_1():
            await driver.execute_query("RETURN 1", routing_="r")

        for fn, warm in ((suggest, people[:20]), (path, pairs[:20])):  # warm caches and plans
            await timed(fn, warm)
        results = {
            "suggest_people": summary(await timed(suggest, people)),
            "connection_path": summary(await timed(path, pairs)),
            "baseline_grpc_health": summary(await timed(ping, [()] * args.samples)),
            "baseline_neo4j_return_1": summary(await timed(neo4j_return_1, [()] * args.samples)),
        }
    await driver.close()

    for name in ("suggest_people", "connection_path"):
        results[name]["ratio_p50_to_grpc_health"] = round(
            results[name]["p50_ms"] / results["baseline_grpc_health"]["p50_ms"], 1
        )
    report = {
        "benchmark": "graph_queries",
        "dataset": {
            "file": str(args.edges.name),
            "users": len(users),
            "edges": len(edges),
            "load_seconds": round(load_s, 2),
        },
        "machine": {
            "cores": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "python": platform.python_version(),
        },
        "results": results,
    }
    return report


async def main() -> None:
    args = parse_args()
    report = await measure(args)
    results, dataset = report["results"], report["dataset"]
    out = ROOT / "bench" / "results" / "graph.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"{dataset['file']}: {dataset['users']} users, {dataset['edges']} edges, "
        f"loaded in {dataset['load_seconds']:.1f}s; {args.samples} samples each"
    )
    print(f"{'query':<26}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, r in results.items():
        print(f"{name:<26}{r['p50_ms']:>10}{r['p99_ms']:>10}{r['max_ms']:>10}")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
