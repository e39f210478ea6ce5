"""The live edge's own Prometheus metrics (beside kith_platform.metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

OPEN_STREAMS = Gauge("kith_live_open_streams", "Live streams open on this edge.")
ITEMS_SENT = Counter("kith_live_items_sent_total", "Live items written to streams (ready and resync included).")
