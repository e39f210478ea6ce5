#!/usr/bin/env bash
# Installs what the local servers need, idempotently: Redis and PostgreSQL 15 from Debian
# packages, Kafka and Neo4j jars from Maven Central into $KITH_CACHE. A second run only checks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
LOCAL="$KITH_ROOT/deploy/local"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packages may start system instances on the default ports; ours run on their own.
  service redis-server stop >/dev/null 2>&1 || true
  service postgresql stop >/dev/null 2>&1 || true
fi

fetch_jars() {  # name version pom-dir property dest
  local name=$1 version=$2 pom=$3 property=$4 dest=$5
  [ -f "$dest/.complete" ] && return 0
  echo "downloading $name $version jars from Maven Central"
  rm -rf "$dest" && mkdir -p "$dest"
  mvn -B -q -f "$pom/pom.xml" "-D$property=$version" dependency:copy-dependencies \
    -DincludeScope=runtime "-DoutputDirectory=$dest"
  touch "$dest/.complete"
}
fetch_jars Kafka "$KAFKA_VERSION" "$LOCAL/maven/kafka" kafka.version "$KAFKA_LIB"
fetch_jars Neo4j "$NEO4J_VERSION" "$LOCAL/maven/neo4j" neo4j.version "$NEO4J_LIB"
