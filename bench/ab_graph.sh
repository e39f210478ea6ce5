#!/usr/bin/env bash
# Same-run A/B of the graph service's SuggestPeople and GetConnectionPath: an older commit's
# graph service (A) against the running one (B), alternating, each timed by
# bench/graph_queries.py (needs `make up`).
#
#   bench/ab_graph.sh <base commit> [rounds, 2] [bench/graph_queries.py's arguments, e.g. --edges PATH]
#
# A runs the base commit's graph sources (a git worktree first on PYTHONPATH) with the
# environment of the running process; B the platform's own, restarted through kithctl.
# Each step's report: bench/results/ab/graph-{A,B}-<round>.json.
set -euo pipefail
base=${1:?usage: bench/ab_graph.sh <base commit> [rounds]}
rounds=${2:-2}
shift $(($# < 2 ? $# : 2))
cd "$(dirname "$0")/.."
tree=$(mktemp -d)/base
git worktree add -q "$tree" "$base"
trap 'git worktree remove --force "$tree"' EXIT
pid=$(pgrep -f -- "-m kith_graph$" | head -1)
environment=$(tr '\0' '\n' < "/proc/$pid/environ" | grep -E '^(KITH_|PATH=|HOME=)' | tr '\n' ' ')
mkdir -p bench/results/ab
for round in $(seq "$rounds"); do
  deploy/local/kithctl ctl stop services:graph >/dev/null
  # shellcheck disable=SC2086 - the environment is a list of NAME=value words
  env -i $environment PYTHONPATH="$tree/services/graph/src:$tree/libs/platform/src:$tree/libs/proto/src" \
    .venv/bin/python -m kith_graph >>"$tree/../graph.log" 2>&1 &
  sleep 6
  echo "A ($base), round $round"
  uv run python bench/graph_queries.py "$@" | sed -n 2,4p
  cp bench/results/graph.json "bench/results/ab/graph-A-$round.json"
  pkill -f -- "-m kith_graph$" || true
  sleep 2
  deploy/local/kithctl ctl start services:graph >/dev/null
  sleep 6
  echo "B (running), round $round"
  uv run python bench/graph_queries.py "$@" | sed -n 2,4p
  cp bench/results/graph.json "bench/results/ab/graph-B-$round.json"
done
