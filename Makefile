# Kith: one command to start, one to test. See README.md.
SHELL := /bin/bash
KITHCTL := deploy/local/kithctl
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PYTEST_ARGS ?=

.PHONY: lint format typecheck profile soak demo bench-graph bench-feed bench-live bench-messaging up down restart status proto proto-check lint-proto lint-k8s test test-unit test-redis-cluster test-faults deps

# What mypy checks (mypy.ini says why adapters and entrypoints are left out).
TYPED := libs/platform/src $(wildcard services/*/src/*/domain) $(wildcard services/*/src/*/service_layer)

## up: install what is missing, start servers, services and the stream worker
up:
	@$(KITHCTL) up

## down: stop everything (data is kept in .kith/)
down:
	@$(KITHCTL) down

## restart: restart the services after a code change
restart:
	@$(KITHCTL) restart

status:
	@$(KITHCTL) status

deps:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	@uv sync --frozen --quiet

## proto: regenerate libs/proto from proto/
proto: deps
	uv run python libs/proto/tools/generate.py
	uv run python -m kith_cli.catalog

proto-check: deps
	uv run python libs/proto/tools/generate.py --check

lint-proto:
	cd proto && ../deploy/local/bin/buf lint

## lint-k8s: render deploy/k8s (base, dev, prod), validate offline (kustomize, kubeconform), check and
## unit-test the alert rules and dashboards (promtool); the tools are built with Go on first use
lint-k8s: deps
	uv run pytest -q tests/deploy/test_manifests.py tests/deploy/test_monitoring.py

## lint: ruff (rules and their reasons in ruff.toml) and the format check on the whole workspace
lint: deps
	uv run ruff check
	uv run ruff format --check

## typecheck: mypy on libs/platform and every service's domain and service layer (settings in mypy.ini)
typecheck: deps
	uv run mypy $(TYPED)

## format: rewrite the workspace in ruff's format
format: deps
	uv run ruff format

## test: install, start the servers and services, lint, run unit and integration tests
# `make test` runs the fault suite's quick profile (tests/faults/profile.py: the stream worker
# killed twice, one Kafka node once, PostgreSQL and Neo4j once each mid-transaction; the fan-out
# run 3 times during 2,000 posts; the live, media, network and backup runs are left to
# `make test-faults`), fuzzes each RPC with 8 examples and
# tries each safety change 60 times (the whole suite stays well within 20 minutes);
# run alone, test_gateway_fuzz takes 30 examples and test_safety_holds_at_once 200 tries.
# KITH_FAULTS, KITH_FAULT_<FIGURE>, KITH_FUZZ_EXAMPLES and KITH_SAFETY_ROUNDS override.
test: export KITH_FAULTS ?= quick
test: export KITH_FUZZ_EXAMPLES ?= 8
test: export KITH_SAFETY_ROUNDS ?= 3
test:
	@$(KITHCTL) up
	uv run ruff check
	uv run ruff format --check
	uv run mypy $(TYPED)
	uv run pytest $(PYTEST_ARGS)

## test-faults: the fault suite alone, about 15 minutes (kills the stream worker 30 times while
## 100,000 posts are fanned out and 10 more under load through the gateway, a Kafka node 3 times,
## PostgreSQL and Neo4j mid-transaction, restarts Redis; the live edge, the media worker, network
## faults through Toxiproxy, a backup restored into a scratch platform; prints lost and duplicated, writes bench/results/faults.json);
## FAULTS=long: 10 Kafka node kills while 20,000 writes or more are acknowledged; `make test` runs
## its quick profile, last
FAULTS ?= standard
test-faults:
	@$(KITHCTL) up
	KITH_FAULTS=$(FAULTS) uv run pytest tests/faults $(PYTEST_ARGS)

## backup: back up PostgreSQL (pg_dump of each database, online), Neo4j (neo4j-admin dump: stopped
## meanwhile, 30-60 s here) and Redis (BGSAVE, its RDB file) into BACKUP (default .kith/backups/<UTC time>),
## with manifest.json (sizes, versions, SHA-256); docs/backups.md
## restore: replace the local stores with the backup in BACKUP=DIR (checked first; services stopped meanwhile)
.PHONY: backup restore
BACKUP ?=
backup:
	@$(KITHCTL) backup $(if $(BACKUP),"$(BACKUP)")
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=DIR" >&2; exit 2; }
	@$(KITHCTL) restore "$(BACKUP)"

## test-redis-cluster: the feed and gateway tests with the feed API, the stream worker and the
## gateway on a local 3-master Redis Cluster; they go back to the standalone Redis afterwards
test-redis-cluster:
	@$(KITHCTL) test-redis-cluster $(PYTEST_ARGS)

## demo: start the platform, load the LDBC SNB mini data set through the gateway (resumable;
## accounts ldbc_<person id>, their password in .kith/load/ldbc.jsonl) and seed the web app's demo
## person (`kith demo seed`: handle demo, password kith-demo-password; friends, communities, an
## event, moderation queues, posts, messages, notifications); prints how to log in
KITH_DEMO_DATA ?= data/ldbc-snb-mini
KITH_WEB_PORT ?= 18080
demo:
	@$(KITHCTL) up
	@test -d "$(KITH_DEMO_DATA)/dynamic" || { echo "no LDBC SNB data in $(KITH_DEMO_DATA): set KITH_DEMO_DATA to a copy of cypher/test-data/vanilla from ldbc/ldbc_snb_interactive_v1_impls" >&2; exit 2; }
	uv run kith load ldbc "$(KITH_DEMO_DATA)"
	uv run kith demo seed --data "$(KITH_DEMO_DATA)"
	@echo
	@echo "The demo is ready: open http://127.0.0.1:$(KITH_WEB_PORT)/ and log in"
	@echo "  handle   demo"
	@echo "  password kith-demo-password"
	@echo "make demo-live keeps its people active (posts, comments, reactions, messages) until Ctrl-C."

## demo-live: after `make demo`, LDBC people post, comment, react and message the demo person
## (about one action every 2 s; `kith demo live --rate R --seconds N`) until Ctrl-C
.PHONY: demo-live
demo-live:
	uv run kith demo live

## test-unit: tests that need no servers
test-unit: deps
	uv run pytest -m "not integration" $(PYTEST_ARGS)

## bench: every benchmark in under 15 minutes (needs `make up`; loads socfb-Reed98 through the
## gateway first when it is not loaded, and then runs that much longer): fan-out beside
## redis-benchmark, the mixed workload (60/30/10, open loop) beside a grpc.aio echo server,
## post-to-feed under load, graph queries, storage footprint; writes bench/results/latest.json,
## prints a table and regenerates docs/benchmarks.md (plots in docs/benchmarks/) and
## docs/capacity.md. BENCH_ARGS=--quick for a 2-minute smoke run (docs left as they are)
.PHONY: bench bench-report
BENCH_ARGS ?=
bench:
	uv run python bench/run_all.py $(BENCH_ARGS)

## bench-report: docs/benchmarks.md, docs/benchmarks/*.svg and docs/capacity.md again from the
## existing bench/results/latest.json (no servers needed; after changing bench/capacity.py's assumptions)
bench-report:
	uv run python bench/report.py

## soak: the mixed workload at 70% of its benchmark rate (bench/results/latest.json, else docs/benchmarks.md) for
## 30 minutes, every platform process's memory and each 10-s window's p99 and errors sampled; fails
## on memory growth of 5% or more in a process, an unsteady p99 or any error, exits 3 when p99 moved
## with a grpc echo server beside the load while the host was slow (docs/soak.md); writes
## bench/results/soak.json and soak.svg (needs `make up` and the Reed98 accounts of `make bench`;
## SOAK_ARGS, e.g. --minutes 5 --rate 60)
SOAK_ARGS ?=
soak:
	uv run python bench/soak.py $(SOAK_ARGS)

## profile: py-spy flame graphs (bench/results/profile-<service>.svg) of the gateway, feed API,
## content and graph, and CPU ms per request per process, under the mixed load at one rate
## (PROFILE_ARGS, e.g. --rate 300 --seconds 20; needs `make up` and the Reed98 accounts of `make bench`)
profile:
	uv run python bench/flame_graphs.py $(PROFILE_ARGS)

## bench-feed: fan-out rate against redis-benchmark, post-to-feed latency, home reads (needs `make up`)
bench-feed:
	uv run python bench/feed_fanout.py

## bench-community-sorts: a community HOT page of 20 through the feed's store code beside a bare
## ZREVRANGE of 20 on the same sorted set, 5,000 posts with votes (needs `make up`; a scratch Redis db)
.PHONY: bench-community-sorts
bench-community-sorts:
	uv run python bench/community_sorts.py $(BENCH_ARGS)

## bench-media: upload throughput (MB/s) through the gateway beside a direct S3 PUT to the same
## SeaweedFS (needs `make up`)
.PHONY: bench-media
bench-media:
	uv run python bench/media_upload.py $(BENCH_ARGS)

## bench-web: what the web port (Connect, gRPC-Web) costs per call beside native gRPC: calls/s,
## latency and the gateway's CPU per home-feed read, paths alternated in one run (needs `make up`)
.PHONY: bench-web
bench-web:
	uv run python bench/web_bridge.py $(BENCH_ARGS)

## bench-live: idle live streams on one edge process and append-to-arrival latency beside a bare
## Redis PUBLISH round trip (needs `make up`)
bench-live:
	uv run python bench/live_channel.py

## bench-messaging: SendMessage returned to the item on the recipient's live stream through the
## gateway (500/s, 5,000 streams open) beside a bare Redis PUBLISH round trip at the same rate, and a
## 250-member group until the last member has it (needs `make up`; about 4 minutes;
## BENCH_ARGS=--quick for under a minute)
bench-messaging:
	uv run python bench/messaging_delivery.py $(BENCH_ARGS)

## bench-graph: suggestions and paths on socfb-Reed98 (needs `make up`)
bench-graph:
	uv run python bench/graph_queries.py
