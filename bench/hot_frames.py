"""The frames that hold a process's CPU, from py-spy's folded stacks (make profile
PROFILE_ARGS=--folded writes bench/results/profile-<service>.folded).

    uv run python bench/hot_frames.py bench/results/profile-gateway.folded [--top 30] [--match text]

Prints, for the most expensive frames, their share of the samples: inclusive (the frame is on
the stack) and self (the frame is the innermost). Idle samples (py-spy --idle is off) are not
recorded, so the shares are of the time the process was on a CPU.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def read_folded(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            stacks.append((frames.split(";"), int(count)))
    return stacks


def shares(stacks: list[tuple[list[str], int]]) -> tuple[int, Counter, Counter]:
    total, inclusive, own = 0, Counter(), Counter()
    for frames, count in stacks:
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    return total, inclusive, own


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folded", type=Path)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--match", default="", help="only frames whose text contains this")
    args = p.parse_args()
    total, inclusive, own = shares(read_folded(args.folded))
    print(f"{total} samples in {args.folded}")
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"\n{title}:")
        shown = [(f, n) for f, n in counter.most_common() if args.match in f][: args.top]
        for frame, n in shown:
            print(f"  {100 * n / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
