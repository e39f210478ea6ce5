#!/usr/bin/env bash
# Same-run A/B of where the feed's public reads are served: A, the gateway proxying them to the
# feed API (KITH_FEED_READS=proxy); B, the gateway serving them itself (local, the default, as
# the platform runs). Alternating, under make profile's mixed load (CPU figures; needs `make up`
# and the Reed98 accounts). Each step's figures: bench/results/ab/feed-reads-{proxy,local}-<round>.json.
#
#   bench/ab_feed_reads.sh [rounds, 2] [rate, 150]
set -euo pipefail
rounds=${1:-2}
rate=${2:-150}
cd "$(dirname "$0")/.."
pid=$(pgrep -f -- "-m kith_gateway" | head -1)
env=$(tr '\0' '\n' < "/proc/$pid/environ" | grep -E '^(KITH_|PATH=|HOME=)' | grep -v '^KITH_FEED_READS=' | tr '\n' ' ')
log=$(mktemp)
restore() { pkill -f -- "-m kith_gateway" || true; sleep 2; deploy/local/kithctl ctl start services:gateway >/dev/null; }
trap restore EXIT
mkdir -p bench/results/ab
step() {
  echo "$1, round $2"
  uv run python bench/flame_graphs.py --rate "$rate" --seconds 30 --folded --services content | sed -n 2,3p
  cp bench/results/profile.json "bench/results/ab/feed-reads-$1-$2.json"
}
for round in $(seq "$rounds"); do
  deploy/local/kithctl ctl stop services:gateway >/dev/null
  # shellcheck disable=SC2086 - the environment is a list of NAME=value words
  env -i $env KITH_FEED_READS=proxy "$PWD/.venv/bin/python" -m kith_gateway >>"$log" 2>&1 &
  sleep 8
  step proxy "$round"
  pkill -f -- "-m kith_gateway" || true
  sleep 2
  deploy/local/kithctl ctl start services:gateway >/dev/null
  sleep 6
  step local "$round"
done
