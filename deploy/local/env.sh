# Sourced (not executed) by deploy/local/install.sh and deploy/local/bin/*: where things live,
# which versions are installed and which ports the local servers use. Every value can be
# overridden from the environment; `source deploy/local/env.sh` in a shell to get the same view.

# The repository root is resolved from this file's location (deploy/local/env.sh -> ../..).
KITH_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export KITH_ROOT
KITH_LOCAL="$KITH_ROOT/deploy/local"
export KITH_STATE="${KITH_STATE:-$KITH_ROOT/.kith}"       # server data (one directory per server)
export KITH_CACHE="${KITH_CACHE:-$HOME/.cache/kith}"      # downloaded jars and built tools, shared by checkouts

# Ports (all servers bind 127.0.0.1 only).
# Kafka: 3 nodes (broker and controller each; numprocs of [program:kafka] in supervisord.conf);
# node N's client port is KITH_KAFKA_PORT + 2(N-1) (19092, 19094, 19096), its controller's the next.
export KITH_KAFKA_NODES=3
export KITH_KAFKA_PORT="${KITH_KAFKA_PORT:-19092}"
export KITH_NEO4J_BOLT_PORT="${KITH_NEO4J_BOLT_PORT:-17687}"
export KITH_REDIS_PORT="${KITH_REDIS_PORT:-16379}"
export KITH_POSTGRES_PORT="${KITH_POSTGRES_PORT:-15432}"
# The local 3-master Redis Cluster (tests of the cluster code paths): this port and the next two.
export KITH_REDIS_CLUSTER_PORT="${KITH_REDIS_CLUSTER_PORT:-17001}"
# Mailpit: SMTP (where the services send mail) and HTTP (web UI and API, where tests read it).
# Both below Linux's ephemeral range (32768-60999), like the other servers' ports.
export KITH_MAILPIT_SMTP_PORT="${KITH_MAILPIT_SMTP_PORT:-11025}"
export KITH_MAILPIT_HTTP_PORT="${KITH_MAILPIT_HTTP_PORT:-18025}"
# SeaweedFS (the S3-compatible object store, one `weed server` process): the S3 API, where the
# services and tests connect, and the internal servers behind it, each with its HTTP port and its
# gRPC port (set explicitly: SeaweedFS would otherwise take HTTP port + 10000). 18333-18345.
export KITH_S3_PORT="${KITH_S3_PORT:-18333}"
export KITH_WEB_PORT="${KITH_WEB_PORT:-18080}"                                 # the web app, Connect and gRPC-Web
export KITH_SEAWEEDFS_S3_GRPC_PORT="${KITH_SEAWEEDFS_S3_GRPC_PORT:-18334}"
export KITH_SEAWEEDFS_MASTER_PORT="${KITH_SEAWEEDFS_MASTER_PORT:-18340}"      # gRPC: the next port
export KITH_SEAWEEDFS_VOLUME_PORT="${KITH_SEAWEEDFS_VOLUME_PORT:-18342}"      # gRPC: the next port
export KITH_SEAWEEDFS_FILER_PORT="${KITH_SEAWEEDFS_FILER_PORT:-18344}"        # gRPC: the next port
# Toxiproxy's HTTP API (the fault tests create proxies and toxics through it; the proxies' own
# listeners take ports the kernel picks). Below the ephemeral range like the others.
export KITH_TOXIPROXY_PORT="${KITH_TOXIPROXY_PORT:-18474}"

# Partitions of each event topic (ready.py topics, and num.partitions in the broker config).
export KITH_KAFKA_PARTITIONS="${KITH_KAFKA_PARTITIONS:-6}"

# Client-side views of the same servers, as the services read them (KITH_* settings).
if [ -z "${KITH_KAFKA_BOOTSTRAP:-}" ]; then  # every node: a client finds the cluster while any one is up
  for ((_node = 0; _node < KITH_KAFKA_NODES; _node++)); do
    KITH_KAFKA_BOOTSTRAP="${KITH_KAFKA_BOOTSTRAP:+$KITH_KAFKA_BOOTSTRAP,}127.0.0.1:$((KITH_KAFKA_PORT + 2 * _node))"
  done
  unset _node
fi
export KITH_KAFKA_BOOTSTRAP
export KITH_NEO4J_URI="${KITH_NEO4J_URI:-bolt://127.0.0.1:$KITH_NEO4J_BOLT_PORT}"
export KITH_REDIS_URL="${KITH_REDIS_URL:-redis://127.0.0.1:$KITH_REDIS_PORT/0}"
export KITH_REDIS_CLUSTER_URL="${KITH_REDIS_CLUSTER_URL:-redis://127.0.0.1:$KITH_REDIS_CLUSTER_PORT/0}"
export KITH_POSTGRES_HOST_DSN="${KITH_POSTGRES_HOST_DSN:-postgresql://postgres@127.0.0.1:$KITH_POSTGRES_PORT}"
# Mail: the services send to Mailpit over plain SMTP (no TLS, no auth); tests read what arrived
# through Mailpit's HTTP API (KITH_MAILPIT_URL/api/v1/messages).
export KITH_SMTP_HOST="${KITH_SMTP_HOST:-127.0.0.1}"
export KITH_SMTP_PORT="${KITH_SMTP_PORT:-$KITH_MAILPIT_SMTP_PORT}"
export KITH_MAILPIT_URL="${KITH_MAILPIT_URL:-http://127.0.0.1:$KITH_MAILPIT_HTTP_PORT}"
# Object storage (media): SeaweedFS's S3 API, path-style addressing (http://host:port/bucket/key).
# The access key and secret are local-only values, like PostgreSQL's trust login: kithctl writes
# them into SeaweedFS's identities file ($KITH_STATE/seaweedfs/s3.json), allowed on the bucket only.
export KITH_S3_ENDPOINT="${KITH_S3_ENDPOINT:-http://127.0.0.1:$KITH_S3_PORT}"
export KITH_S3_REGION="${KITH_S3_REGION:-us-east-1}"
export KITH_S3_BUCKET="${KITH_S3_BUCKET:-kith-media}"
export KITH_S3_ACCESS_KEY="${KITH_S3_ACCESS_KEY:-kith-local}"
export KITH_S3_SECRET_KEY="${KITH_S3_SECRET_KEY:-kith-local-secret-not-for-production}"
# Toxiproxy's API, as the fault tests and deploy/local/bin/toxiproxy-cli reach it.
export KITH_TOXIPROXY_URL="${KITH_TOXIPROXY_URL:-http://127.0.0.1:$KITH_TOXIPROXY_PORT}"

# Versions. Neo4j: the newest 5.26.x on Maven Central when this was written (5.26 is the last
# line that runs on Java 17). Changing a version makes install.sh fetch that version.
KAFKA_VERSION=3.9.2
NEO4J_VERSION="${KITH_NEO4J_VERSION:-5.26.30}"
KAFKA_HOME="$KITH_CACHE/kafka-$KAFKA_VERSION"
NEO4J_HOME="$KITH_CACHE/neo4j-$NEO4J_VERSION"
KAFKA_LIB="$KAFKA_HOME/lib"
NEO4J_LIB="$NEO4J_HOME/lib"
PG_BIN="${KITH_PG_BIN:-/usr/lib/postgresql/15/bin}"
# Mailpit is built from source with `go install` through the Go module proxy (needs Go 1.26 or
# newer once), like deploy/local/bin/kustomize and kubeconform, into the shared cache.
MAILPIT_VERSION="${KITH_MAILPIT_VERSION:-v1.33.1}"
MAILPIT_HOME="$KITH_CACHE/tools/mailpit-$MAILPIT_VERSION"
MAILPIT_BIN="$MAILPIT_HOME/mailpit"
# grpcurl, to try the gateway from a shell (README), built with `go install` like Mailpit;
# deploy/local/bin/grpcurl runs it.
GRPCURL_VERSION="${KITH_GRPCURL_VERSION:-v1.9.4}"
GRPCURL_HOME="$KITH_CACHE/tools/grpcurl-$GRPCURL_VERSION"
# SeaweedFS 4.53 is built from source through the Go module proxy too, but not with `go install`
# (its go.mod has replace directives, which `go install module@version` refuses): install.sh
# downloads the module, builds weed/ in a copy of it (about 10 minutes and up to 2 GB of memory on
# two cores, once) and caches the binary. The proxy serves this pseudo-version only.
SEAWEEDFS_MODULE=github.com/seaweedfs/seaweedfs
SEAWEEDFS_VERSION="${KITH_SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
SEAWEEDFS_HOME="$KITH_CACHE/tools/seaweedfs-$SEAWEEDFS_VERSION"
SEAWEEDFS_BIN="$SEAWEEDFS_HOME/weed"
# Toxiproxy (a TCP proxy that injects latency, bandwidth limits, resets and black holes; the
# network-fault tests put it between extra service instances and the stores), server and CLI,
# built with `go install` like Mailpit. v2.12.0 is the newest the Go module proxy serves (the
# proxy's version list stops at v2.5.0, but asking for a version by name finds the later ones).
TOXIPROXY_VERSION="${KITH_TOXIPROXY_VERSION:-v2.12.0}"
TOXIPROXY_HOME="$KITH_CACHE/tools/toxiproxy-$TOXIPROXY_VERSION"

# CPU priority on a shared machine (supervisord.conf): what works behind the calls (Kafka's
# nodes, the feed's stream worker, the media worker) and the test-only servers (Mailpit,
# Toxiproxy, the test Redis Cluster) run at this nice; what answers a call (the services, Redis,
# PostgreSQL, Neo4j, SeaweedFS) always at 0. Off (0) by default: with 10, a 30-minute soak at
# 105/s had its median window p99 fall from 40.2 to 25.4 ms and its worst from 182 to 104 ms
# (docs/soak.md, 2026-12-06), but clean-clone runs of the test suite failed 1 and then 3 tests that
# wait on the workers' events (a stream worker at nice 10 falls behind under the suite's load).
# `KITH_BACKGROUND_NICE=10 make up` is the operator's choice on a shared host, and the soak's.
export KITH_BACKGROUND_NICE="${KITH_BACKGROUND_NICE:-0}"

# JVM memory (2 cores / 24 GiB shared by four servers and the services). Kafka's heap is its
# whole size from the start, as Kafka's operations guide advises: a broker that grows its heap
# under load grew each Kafka node's memory by 20-30% during a soak (docs/soak.md), and with
# -Xms alone still by 6-9% (the heap's pages are touched as G1 first uses them): AlwaysPreTouch
# touches them at start.
KITH_KAFKA_HEAP_OPTS="${KITH_KAFKA_HEAP_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}"
KITH_NEO4J_HEAP_OPTS="${KITH_NEO4J_HEAP_OPTS:--Xms512m -Xmx1g}"
KITH_NEO4J_PAGECACHE="${KITH_NEO4J_PAGECACHE:-256m}"
