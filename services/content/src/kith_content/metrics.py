"""The content service's own Prometheus metrics (beside kith_platform.metrics' RPC, backend
error and outbox ones): the media worker's."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

MEDIA_PROCESSED = Counter(
    "kith_media_processed_total",
    "Uploads the media worker finished, by outcome: ready, rejected, or lost to another worker.",
    ["outcome"],
)
MEDIA_PROCESSING_SECONDS = Histogram(
    "kith_media_processing_duration_seconds",
    "Time to process one upload: read its chunks, decode, strip, resize, store the variants.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32),
)
MEDIA_DELETED = Counter("kith_media_deleted_total", "Uploads deleted with their files by the cleanup.")
