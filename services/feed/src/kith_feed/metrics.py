"""The feed service's own Prometheus metrics (beside kith_platform.metrics' RPC, backend
error, consumer lag and outbox ones)."""

from __future__ import annotations

import functools
import time

from prometheus_client import Counter, Histogram

from kith_platform.metrics import LATENCY_BUCKETS

FANOUT_SECONDS = Histogram(
    "kith_feed_fanout_duration_seconds",
    "Time to publish and fan out one run of posts (one batch of events).",
    buckets=LATENCY_BUCKETS,
)
FANOUT_POSTS = Counter("kith_feed_fanout_posts_total", "Posts the stream worker published into feeds.")
FANOUT_ENTRIES = Counter("kith_feed_fanout_entries_total", "Home-feed entries written by fan-out.")
FEED_READ_SECONDS = Histogram(
    "kith_feed_read_duration_seconds",
    "Time to build one feed page from Redis, by feed.",
    ["feed"],
    buckets=LATENCY_BUCKETS,
)


def timed_read(feed: str):
    """Decorates a FeedReads method: its duration goes to kith_feed_read_duration_seconds."""
    histogram = FEED_READ_SECONDS.labels(feed)

    def decorate(method):
        @functools.wraps(method)
        async def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                histogram.observe(time.perf_counter() - started)

        return timed

    return decorate
