#!/usr/bin/env bash
# Installs what the local servers need, idempotently:
#   - Debian packages: redis-server, PostgreSQL 15 (plus a JDK and Maven if missing);
#   - Kafka 3.9.2 jars into $KITH_CACHE/kafka-3.9.2/lib;
#   - Neo4j 5.26.x Community jars into $KITH_CACHE/neo4j-5.26.x/lib;
#   - Mailpit (SMTP server with a web UI and an HTTP API), built with `go install` from the Go
#     module proxy into $KITH_CACHE/tools/mailpit-<version>/mailpit (needs Go 1.26+; ~1 minute
#     the first time);
#   - SeaweedFS (S3-compatible object store), built with `go build` from its module downloaded
#     through the Go module proxy into $KITH_CACHE/tools/seaweedfs-<version>/weed (~10 minutes
#     the first time).
#   - Toxiproxy (network faults for the fault suite), server and CLI, built with `go install` into
#     $KITH_CACHE/tools/toxiproxy-<version>/ (~1 minute the first time);
#   - promtool (Prometheus' rule checker, for the alert-rule tests), built by its wrapper
#     deploy/local/bin/promtool with `go install` into $KITH_CACHE/tools/promtool-<version>/promtool
#     (~3 minutes the first time).
# A second run only checks files and version markers (no network, well under a second).
#
# Environment: KITH_CACHE (default ~/.cache/kith), KITH_NEO4J_VERSION, KITH_MAILPIT_VERSION,
# KITH_TOXIPROXY_VERSION, KITH_SEAWEEDFS_VERSION (defaults in env.sh), KITH_MAVEN_ARGS (extra mvn arguments, e.g. "-Dmaven.repo.local=/tmp/m2"
# or "-o").
set -euo pipefail
source "$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"

log() { printf 'install: %s\n' "$*"; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install Debian packages"
  SUDO=(sudo)
fi

# ---- Debian packages ----------------------------------------------------------------------

missing=()
{ [ -x /usr/bin/redis-server ] && [ -x /usr/bin/redis-cli ]; } || missing+=(redis-server redis-tools)
for tool in postgres initdb pg_isready psql; do
  if [ ! -x "$PG_BIN/$tool" ]; then missing+=(postgresql-15 postgresql-client-15); break; fi
done
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)  # Launcher.java needs a JDK
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# The web app's browser tests drive Debian's Chromium (Playwright's own download is not used).
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/truetype/noto ] || missing+=(fonts-noto-color-emoji)  # emoji in the app's screenshots
command -v jq >/dev/null 2>&1 || missing+=(jq)  # the README's grpcurl session reads answers with it

stop_system_services() {
  # The packages' own instances (6379, 5432) are not ours: stop them and keep them from
  # coming back at boot. Our servers run from bin/run-* on their own ports and directories.
  if [ -d /run/systemd/system ]; then
    "${SUDO[@]}" systemctl disable --now redis-server.service postgresql.service >/dev/null 2>&1 || true
  else
    "${SUDO[@]}" service redis-server stop >/dev/null 2>&1 || true
    "${SUDO[@]}" service postgresql stop >/dev/null 2>&1 || true
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  # Forbid maintainer scripts from starting services (Debian's policy-rc.d hook, 101 = forbidden)
  # unless the machine already has such a policy (container images usually do).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from kith deploy/local/install.sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod 755 "$policy"
    trap '"${SUDO[@]}" rm -f "$policy"' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -q
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
  stop_system_services
fi

# ---- Jars from Maven Central --------------------------------------------------------------

# fetch_jars NAME VERSION POM DEST [mvn -D args...]
# DEST/lib gets the runtime classpath; DEST/.kith-installed records what is there (name,
# version and the POM's hash), so a re-run with nothing changed does no Maven work at all.
fetch_jars() {
  local name=$1 version=$2 pom=$3 dest=$4; shift 4
  local stamp marker="$dest/.kith-installed"
  stamp="$name $version $(sha256sum "$pom" | cut -d' ' -f1)"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$stamp" ] && [ -d "$dest/lib" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found"
  log "downloading $name $version jars from Maven Central into $dest/lib"
  mkdir -p "$dest"
  local tmp
  tmp="$(mktemp -d "$dest/.download.XXXXXX")"
  # shellcheck disable=SC2086  # KITH_MAVEN_ARGS is a list of arguments
  if ! mvn -B -q -Dstyle.color=never -f "$pom" "$@" ${KITH_MAVEN_ARGS:-} \
      dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$tmp/lib" \
      >"$tmp/mvn.log" 2>&1; then
    cat "$tmp/mvn.log" >&2
    rm -rf "$tmp"
    die "Maven could not resolve $name $version (network? see above)"
  fi
  local count
  count=$(find "$tmp/lib" -maxdepth 1 -name '*.jar' | wc -l)
  [ "$count" -gt 0 ] || die "Maven produced no jars for $name $version"
  # Sync into DEST/lib without rewriting jars a running JVM may have open: same file name means
  # same Maven coordinates and version (identical content), so only new jars are moved in and
  # jars no longer needed are unlinked (open files stay readable until the JVM exits).
  mkdir -p "$dest/lib"
  local jar base
  local -A wanted=()
  for jar in "$tmp/lib"/*.jar; do wanted["${jar##*/}"]=1; done
  for jar in "$tmp/lib"/*.jar; do
    base="${jar##*/}"
    [ -e "$dest/lib/$base" ] || mv "$jar" "$dest/lib/$base"
  done
  for jar in "$dest/lib"/*.jar; do
    base="${jar##*/}"
    [ -n "${wanted[$base]:-}" ] || rm -f "$jar"
  done
  printf '%s\n' "$stamp" >"$marker"
  rm -rf "$tmp"
  log "$name $version: $count jars"
}

fetch_jars Kafka "$KAFKA_VERSION" "$KITH_LOCAL/maven/kafka/pom.xml" "$KAFKA_HOME" \
  "-Dkafka.version=$KAFKA_VERSION"
fetch_jars Neo4j "$NEO4J_VERSION" "$KITH_LOCAL/maven/neo4j/pom.xml" "$NEO4J_HOME" \
  "-Dneo4j.version=$NEO4J_VERSION"

# ---- Go tools, built from source through the Go module proxy -------------------------------

# go_tool NAME PACKAGE@VERSION DEST [go install flags...]: `go install` into a scratch directory,
# then move the binary to DEST/NAME (a build interrupted halfway leaves nothing behind that looks
# installed). Static (CGO_ENABLED=0), no VCS stamping (the module cache has no .git). `go install`
# names the binary after the package's last path element (cmd/server: `server`), NAME is its name here.
go_tool() {
  local name=$1 module=$2 dest=$3; shift 3
  local built="${module%@*}"
  built="${built##*/}"
  [ -x "$dest/$name" ] && return 0
  command -v go >/dev/null 2>&1 \
    || die "Go 1.26 or newer is needed once to build $name ($module); see https://go.dev/dl/"
  log "building $name from $module (go install through the Go module proxy, ~1 minute)"
  mkdir -p "$dest"
  local tmp
  tmp="$(mktemp -d "$dest/.install.XXXXXX")"
  if ! CGO_ENABLED=0 GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "$@" "$module" >"$tmp/go.log" 2>&1; then
    cat "$tmp/go.log" >&2
    rm -rf "$tmp"
    die "go install $module failed (network? Go too old? see above)"
  fi
  mv "$tmp/$built" "$dest/$name"
  rm -rf "$tmp"
  log "$name: $dest/$name"
}

# The version stamped the way Mailpit's own Dockerfile does (else it reports "dev").
go_tool mailpit "github.com/axllent/mailpit@$MAILPIT_VERSION" "$MAILPIT_HOME" \
  -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=$MAILPIT_VERSION"

go_tool grpcurl "github.com/fullstorydev/grpcurl/cmd/grpcurl@$GRPCURL_VERSION" "$GRPCURL_HOME" \
  -ldflags "-s -w -X main.version=$GRPCURL_VERSION"

# Toxiproxy: the server (program `toxiproxy` under supervisord, API on KITH_TOXIPROXY_PORT) and the
# CLI (deploy/local/bin/toxiproxy-cli), named as Toxiproxy's releases name them, version stamped as
# its release build does (else both report "git").
for _part in server cli; do
  go_tool "toxiproxy-$_part" "github.com/Shopify/toxiproxy/v2/cmd/$_part@$TOXIPROXY_VERSION" "$TOXIPROXY_HOME" \
    -ldflags "-s -w -X github.com/Shopify/toxiproxy/v2.Version=${TOXIPROXY_VERSION#v}"
done
unset _part

# promtool (Prometheus' rule checker and rule unit-test runner), for the alert rules of
# deploy/k8s/monitoring (tests/deploy/test_monitoring.py). Its wrapper, deploy/local/bin/promtool,
# names the version and builds it with `go install` on first use; run here so that a fresh clone
# has it from `make up` (about 3 minutes once; later runs find it in the cache).
"$KITH_LOCAL/bin/promtool" --version >/dev/null || die "building promtool failed (network? Go too old? see above)"

# go_module_build NAME MODULE VERSION PACKAGE_DIR DEST [go build flags...]: for modules that
# `go install module@version` refuses (a go.mod with replace directives): download the module
# through the proxy, build PACKAGE_DIR inside a writable copy of it (the module is then the main
# module, its replace directives apply and its go.sum checks every dependency), move the binary
# to DEST/NAME. The copy lives in a scratch directory under DEST, removed afterwards, so a build
# interrupted halfway leaves nothing behind that looks installed.
go_module_build() {
  local name=$1 module=$2 version=$3 package_dir=$4 dest=$5; shift 5
  [ -x "$dest/$name" ] && return 0
  command -v go >/dev/null 2>&1 \
    || die "Go 1.26 or newer is needed once to build $name ($module); see https://go.dev/dl/"
  log "building $name from $module@$version (go build through the Go module proxy, ~10 minutes once)"
  mkdir -p "$dest"
  local tmp dir started=$SECONDS
  tmp="$(mktemp -d "$dest/.build.XXXXXX")"
  if ! dir="$(cd "$tmp" && go mod download -json "$module@$version" 2>"$tmp/go.log" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || [ -z "$dir" ] || [ ! -d "$dir" ]; then
    cat "$tmp/go.log" >&2
    rm -rf "$tmp"
    die "go mod download $module@$version failed (network? see above)"
  fi
  cp -R "$dir" "$tmp/src" && chmod -R u+w "$tmp/src"
  # -trimpath: the build does not depend on the scratch path, so a build interrupted and started
  # again (in a new scratch directory) reuses what the Go build cache already holds.
  if ! (cd "$tmp/src/$package_dir" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath "$@" -o "$tmp/$name" .) \
      >"$tmp/go.log" 2>&1; then
    cat "$tmp/go.log" >&2
    rm -rf "$tmp"
    die "go build of $module@$version/$package_dir failed (network? Go too old? see above)"
  fi
  mv "$tmp/$name" "$dest/$name"
  rm -rf "$tmp"
  log "$name: $dest/$name (built in $((SECONDS - started)) s)"
}

# The commit stamped as SeaweedFS's own image build does (`weed version` then names it).
go_module_build weed "$SEAWEEDFS_MODULE" "$SEAWEEDFS_VERSION" weed "$SEAWEEDFS_HOME" \
  -ldflags "-s -w -X $SEAWEEDFS_MODULE/weed/util/version.COMMIT=${SEAWEEDFS_VERSION##*-}"

# ---- Sanity checks (cheap) ----------------------------------------------------------------

for tool in postgres initdb pg_isready psql; do
  [ -x "$PG_BIN/$tool" ] || die "missing $PG_BIN/$tool (PostgreSQL 15)"
done
command -v redis-server >/dev/null 2>&1 || die "redis-server not on PATH"
[ -f "$KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar" ] || die "missing $KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar"
[ -f "$NEO4J_LIB/neo4j-$NEO4J_VERSION.jar" ] || die "missing $NEO4J_LIB/neo4j-$NEO4J_VERSION.jar"
[ -f "$NEO4J_LIB/neo4j-bolt-$NEO4J_VERSION.jar" ] || die "missing $NEO4J_LIB/neo4j-bolt-$NEO4J_VERSION.jar"
[ -x "$MAILPIT_BIN" ] || die "missing $MAILPIT_BIN"
[ -x "$SEAWEEDFS_BIN" ] || die "missing $SEAWEEDFS_BIN"
[ -x "$GRPCURL_HOME/grpcurl" ] || die "missing $GRPCURL_HOME/grpcurl"
[ -x "$TOXIPROXY_HOME/toxiproxy-server" ] || die "missing $TOXIPROXY_HOME/toxiproxy-server"
[ -x /usr/bin/chromium ] || die "missing /usr/bin/chromium"
log "ready: redis-server, PostgreSQL 15 ($PG_BIN), Kafka $KAFKA_VERSION, Neo4j $NEO4J_VERSION, Mailpit $MAILPIT_VERSION, Toxiproxy $TOXIPROXY_VERSION, SeaweedFS ${SEAWEEDFS_VERSION##*-} (cache $KITH_CACHE)"
