# Sourced by the local scripts: where things live and which ports the servers use.
KITH_ROOT="${KITH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export KITH_ROOT
export KITH_STATE="${KITH_STATE:-$KITH_ROOT/.kith}"
export KITH_CACHE="${KITH_CACHE:-$HOME/.cache/kith}"
export KITH_KAFKA_PORT="${KITH_KAFKA_PORT:-19092}"
export KITH_KAFKA_CONTROLLER_PORT="${KITH_KAFKA_CONTROLLER_PORT:-19093}"
export KITH_NEO4J_BOLT_PORT="${KITH_NEO4J_BOLT_PORT:-17687}"
export KITH_REDIS_PORT="${KITH_REDIS_PORT:-16379}"
export KITH_POSTGRES_PORT="${KITH_POSTGRES_PORT:-15432}"
export KITH_KAFKA_PARTITIONS="${KITH_KAFKA_PARTITIONS:-6}"
# What the services read (KITH_* settings), derived from the ports above.
export KITH_KAFKA_BOOTSTRAP="${KITH_KAFKA_BOOTSTRAP:-127.0.0.1:$KITH_KAFKA_PORT}"
export KITH_NEO4J_URI="${KITH_NEO4J_URI:-bolt://127.0.0.1:$KITH_NEO4J_BOLT_PORT}"
export KITH_REDIS_URL="${KITH_REDIS_URL:-redis://127.0.0.1:$KITH_REDIS_PORT/0}"
export KITH_POSTGRES_HOST_DSN="postgresql://postgres@127.0.0.1:$KITH_POSTGRES_PORT"

KAFKA_VERSION=3.9.2
NEO4J_VERSION=5.26.30
KAFKA_LIB="$KITH_CACHE/kafka-$KAFKA_VERSION/lib"
NEO4J_LIB="$KITH_CACHE/neo4j-$NEO4J_VERSION/lib"
PG_BIN=/usr/lib/postgresql/15/bin
