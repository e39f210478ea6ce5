#!/usr/bin/env bash
# Same-run A/B of a feed read's CPU (bench/feed_read_cpu.py): an older commit's feed and platform
# sources (A, a git worktree first on PYTHONPATH) against the working tree's (B), alternating.
#
#   bench/ab_feed_read_cpu.sh <base commit> [pairs, 3]
#
# Needs `make up` and the Reed98 accounts. Prints one JSON line per run.
set -euo pipefail
base=${1:?usage: bench/ab_feed_read_cpu.sh <base commit> [pairs]}
pairs=${2:-3}
cd "$(dirname "$0")/.."
tree=$(mktemp -d)/base
git worktree add -q "$tree" "$base"
trap 'git worktree remove --force "$tree"' EXIT
basepath="$tree/services/feed/src:$tree/libs/platform/src:$tree/libs/proto/src"
for pair in $(seq "$pairs"); do
  echo "A ($base) $(PYTHONPATH="$basepath" .venv/bin/python bench/feed_read_cpu.py --rounds 6)"
  echo "B (working tree) $(.venv/bin/python bench/feed_read_cpu.py --rounds 6)"
done
