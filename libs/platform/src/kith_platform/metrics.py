"""Prometheus metrics every Kith process exposes over HTTP (`KITH_METRICS_PORT`, 0 = off).

Names follow Prometheus conventions (base units, `_total` counters). What each service adds
of its own (fan-out, feed reads) lives beside the code it measures, in the same registry.
"""

from __future__ import annotations

import gc
import logging
import time

from prometheus_client import Counter, Gauge, Histogram, start_http_server

log = logging.getLogger("kith.metrics")

# Latency buckets from 1 ms to 10 s: gRPC calls, Redis pipelines, fan-out batches.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

RPC_SECONDS = Histogram(
    "kith_rpc_duration_seconds",
    "Time to answer a gRPC call, by method and status code.",
    ["method", "code"],
    buckets=LATENCY_BUCKETS,
)
BACKEND_ERRORS = Counter(
    "kith_backend_errors_total",
    "Errors talking to a backing server (redis, postgres, neo4j, kafka, grpc for downstream services).",
    ["backend"],
)
OUTBOX_BACKLOG = Gauge("kith_outbox_backlog_events", "Events written to the outbox and not yet published.")
OUTBOX_AGE = Gauge("kith_outbox_oldest_age_seconds", "Age of the oldest unpublished outbox event (0 when none).")
OUTBOX_PUBLISHED = Counter("kith_outbox_published_events_total", "Events the outbox relay published to Kafka.")
CONSUMER_LAG = Gauge(
    "kith_consumer_lag_events",
    "Records on a partition not yet consumed and committed by this consumer group.",
    ["group", "topic", "partition"],
)
EVENTS_CONSUMED = Counter(
    "kith_events_consumed_total",
    "Events a consumer applied, by consumer group.",
    ["group"],
)

# Pauses of Python's cyclic garbage collector: every coroutine of the process waits while it runs,
# so a long collection shows as a latency spike on every call the process is answering.
GC_PAUSE_SECONDS = Histogram(
    "kith_gc_pause_seconds",
    "Time the process stood still in a collection of Python's cyclic garbage collector, by generation.",
    ["generation"],
    buckets=(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)

# How late the event loop ran a timer that was due (kith_platform.loop_stalls): every call ready in
# the process waited as long.
EVENT_LOOP_LAG_SECONDS = Histogram(
    "kith_event_loop_lag_seconds",
    "How late the event loop ran a timer that was due: the wait every ready call had at that moment.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)

_BACKENDS = {
    "redis": "redis",
    "asyncpg": "postgres",
    "psycopg": "postgres",
    "neo4j": "neo4j",
    "aiokafka": "kafka",
    "kafka": "kafka",
    "grpc": "grpc",
}


def backend_of(exc: BaseException) -> str:
    """Which server an exception came from, by the module of its type (or its cause's)."""
    for candidate in (exc, exc.__cause__, exc.__context__):
        if candidate is None:
            continue
        root = type(candidate).__module__.split(".")[0]
        if root in _BACKENDS:
            return _BACKENDS[root]
    if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
        return "network"
    return "other"


def count_backend_error(exc: BaseException) -> None:
    BACKEND_ERRORS.labels(backend_of(exc)).inc()


class GcPauses:
    """A gc.callbacks entry timing each collection into GC_PAUSE_SECONDS."""

    def __init__(self) -> None:
        self.started = 0.0
        self.by_generation = [GC_PAUSE_SECONDS.labels(str(g)) for g in range(3)]

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        elif self.started:
            self.by_generation[info["generation"]].observe(time.perf_counter() - self.started)
            self.started = 0.0


def watch_gc_pauses() -> None:
    if not any(isinstance(c, GcPauses) for c in gc.callbacks):
        gc.callbacks.append(GcPauses())


def serve_metrics(port: int, host: str = "0.0.0.0") -> bool:
    """Start the /metrics HTTP endpoint in a background thread; port 0 leaves it off."""
    if not port:
        return False
    watch_gc_pauses()
    start_http_server(port, addr=host)
    log.info("metrics endpoint listening", extra={"port": port})
    return True
