#!/usr/bin/env bash
# Same-run A/B of the gateway's and feed API's CPU per request: the processes of an older commit
# (A) against the running ones (B), on the same platform, alternating, under make profile's
# mixed load (CPU figures only; needs `make up` and the Reed98 accounts).
#
#   bench/ab_services.sh <base commit> [rounds, 2] [rate, 150]
#
# A runs the base commit's gateway and feed API sources (a git worktree, put first on
# PYTHONPATH) with the environment of the running processes; B the platform's own, restarted
# through kithctl. Each step's figures: bench/results/ab/ab-{A,B}-<round>.json.
set -euo pipefail
base=${1:?usage: bench/ab_services.sh <base commit> [rounds] [rate]}
rounds=${2:-2}
rate=${3:-150}
cd "$(dirname "$0")/.."
root=$PWD
tree=$(mktemp -d)/base
git worktree add -q "$tree" "$base"
trap 'git worktree remove --force "$tree"' EXIT
declare -A envs mods=([gateway]="kith_gateway" [feed-api]="kith_feed api")
for svc in gateway feed-api; do
  pid=$(pgrep -f -- "-m ${mods[$svc]}" | head -1)
  envs[$svc]=$(tr '\0' '\n' < "/proc/$pid/environ" | grep -E '^(KITH_|PATH=|HOME=)' | tr '\n' ' ')
done
basepath="$tree/services/gateway/src:$tree/services/feed/src:$tree/libs/platform/src:$tree/libs/proto/src"
mkdir -p bench/results/ab
for round in $(seq "$rounds"); do
  for svc in gateway feed-api; do
    deploy/local/kithctl ctl stop "services:$svc" >/dev/null
    # shellcheck disable=SC2086 - the environment is a list of NAME=value words
    env -i ${envs[$svc]} PYTHONPATH="$basepath" "$root/.venv/bin/python" -m ${mods[$svc]} >>"$tree/../$svc.log" 2>&1 &
  done
  sleep 8
  echo "A ($base), round $round"
  uv run python bench/flame_graphs.py --rate "$rate" --seconds 30 --folded --services gateway | sed -n 2,3p
  cp bench/results/profile.json "bench/results/ab/ab-A-$round.json"
  pkill -f -- "-m kith_gateway" || true
  pkill -f -- "-m kith_feed api" || true
  sleep 3
  deploy/local/kithctl ctl start services:gateway services:feed-api >/dev/null
  sleep 8
  echo "B (running), round $round"
  uv run python bench/flame_graphs.py --rate "$rate" --seconds 30 --folded --services gateway | sed -n 2,3p
  cp bench/results/profile.json "bench/results/ab/ab-B-$round.json"
done
