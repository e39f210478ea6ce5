"""Where the locally started platform listens (deploy/local defaults, overridable by env)."""

from __future__ import annotations

import os
from pathlib import Path

GATEWAY = os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050")
# The gateway's web port: the web app, Connect and gRPC-Web.
WEB = os.environ.get("KITH_WEB_URL", f"http://127.0.0.1:{os.environ.get('KITH_WEB_PORT', '18080')}")
POSTGRES = f"postgresql://postgres@127.0.0.1:{os.environ.get('KITH_POSTGRES_PORT', '15432')}"
KAFKA = os.environ.get("KITH_KAFKA_BOOTSTRAP", "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096")
# The local Kafka cluster's nodes, as supervisord names them (deploy/local/supervisord.conf).
KAFKA_NODES = [f"infra:kafka-{n}" for n in range(1, int(os.environ.get("KITH_KAFKA_NODES", "3")) + 1)]
REDIS_URL = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")
# true when the services run on a Redis Cluster (`make test-redis-cluster`): REDIS_URL is a node.
REDIS_CLUSTER = os.environ.get("KITH_REDIS_CLUSTER", "").lower() in ("1", "true", "yes")

SERVICE_ADDRESSES = {
    "gateway": GATEWAY,
    "identity": "127.0.0.1:50051",
    "graph": "127.0.0.1:50052",
    "communities": "127.0.0.1:50053",
    "content": "127.0.0.1:50054",
    "media-worker": "127.0.0.1:50059",
    "feed-api": "127.0.0.1:50055",
    "messaging": "127.0.0.1:50057",
    "live": "127.0.0.1:50058",
}

# Prometheus endpoints (KITH_METRICS_PORT in deploy/local/supervisord.conf).
METRICS_ADDRESSES = {
    "gateway": "127.0.0.1:9450",
    "identity": "127.0.0.1:9451",
    "graph": "127.0.0.1:9452",
    "communities": "127.0.0.1:9453",
    "content": "127.0.0.1:9454",
    "media-worker": "127.0.0.1:9459",
    "feed-api": "127.0.0.1:9455",
    "feed-worker": "127.0.0.1:9456",
    "messaging": "127.0.0.1:9457",
    "live": "127.0.0.1:9458",
}

ROOT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("KITH_STATE", ROOT / ".kith"))
JWT_KEYS = STATE / "secrets" / "jwt"
NEO4J_URI = os.environ.get("KITH_NEO4J_URI", "bolt://127.0.0.1:17687")
# The reference data sets (data/, read-only).
LDBC_MINI = ROOT / "data" / "ldbc-snb-mini"


def services_redis():
    """A client of the Redis the feed worker, the feed API and the gateway use."""
    from kith_platform.redis_client import redis_client

    return redis_client(REDIS_URL, cluster=REDIS_CLUSTER)
