"""A social graph of a given size for load and query benchmarks, made here from a seed (no data
set to fetch or license): Holme and Kim's growth model (preferential attachment with triad
formation, Phys. Rev. E 65, 026107), which gives the heavy-tailed degrees and the clustering of
friendship graphs. The default size is that of SNAP's ego-Facebook (4,039 people, 88,234
edges), the graph issue 17's load and SuggestPeople targets name.

  uv run python bench/synthetic_graph.py OUT [--people 4039] [--edges 88234] [--triads 0.6] [--seed 17]

Writes one `a b` pair per line (kith load edges' and bench/graph_queries.py's format), people
numbered from 1, every edge once, and prints the figures of what it wrote.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path


def holme_kim(people: int, per_person: int, triads: float, rng: random.Random) -> set[tuple[int, int]]:
    """Each new person links to `per_person` earlier ones: the first by preferential attachment
    (chosen in proportion to degree), each next one, with probability `triads`, to a neighbour
    of the person linked just before (closing a triangle), else again by preferential attachment."""
    edges: set[tuple[int, int]] = set()
    neighbours: dict[int, list[int]] = {p: [] for p in range(1, people + 1)}
    ends: list[int] = []  # every edge's two ends: a uniform pick is a degree-weighted one

    def link(a: int, b: int) -> bool:
        pair = (min(a, b), max(a, b))
        if a == b or pair in edges:
            return False
        edges.add(pair)
        neighbours[a].append(b)
        neighbours[b].append(a)
        ends.extend(pair)
        return True

    seed_size = per_person + 1
    for a in range(1, seed_size + 1):  # a small clique to grow from
        for b in range(a + 1, seed_size + 1):
            link(a, b)
    for person in range(seed_size + 1, people + 1):
        made, last, tries = 0, 0, 0
        while made < per_person and tries < per_person * 20:
            tries += 1
            if last and rng.random() < triads and neighbours[last]:
                target = rng.choice(neighbours[last])
            else:
                target = rng.choice(ends)
            if link(person, target):
                made += 1
                last = target
    return edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--people", type=int, default=4039)
    parser.add_argument("--edges", type=int, default=88234, help="about this many (the model adds whole people)")
    parser.add_argument("--triads", type=float, default=0.6, help="probability of closing a triangle")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    per_person = max(1, round(args.edges / args.people))
    edges = holme_kim(args.people, per_person, args.triads, random.Random(args.seed))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(f"{a} {b}\n" for a, b in sorted(edges)))
    degrees: dict[int, int] = {}
    for a, b in edges:
        degrees[a] = degrees.get(a, 0) + 1
        degrees[b] = degrees.get(b, 0) + 1
    print(f"{args.out}: {len(degrees)} people, {len(edges)} edges, largest degree {max(degrees.values())}")


if __name__ == "__main__":
    main()
