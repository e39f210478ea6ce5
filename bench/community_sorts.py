"""Benchmark: a community's HOT page read through the feed's store code (docs/community-sorts.md).

A community of --posts posts (random authors, random votes applied as the stream worker applies
PostVoted) is written into a scratch database of the local Redis through the feed's own adapters
(RedisFanOut.posts, RedisFeedStore.vote and feature). Its sorts hold what its NEW list holds
(the newest 800, LIST_CAP), as they would in production. Then, alternating in rounds, --reads
times each:

  feed_read        FeedReads.community(sort="hot", page_size=20): what the feed API (or the
                   gateway reading locally) runs for GetCommunityFeed, without gRPC: the reader
                   and the community's visibility, the featured posts, the page (lua/sort_page.lua),
                   the summaries with the reader's votes, the authors
  store_page       RedisFeedStore.sorted_after alone: the 20 (+ slack) entries of the page
  bare_zrevrange   ZREVRANGE feed:community-hot:{c} 0 19 WITHSCORES on the same sorted set

Medians and p99 of each, in ms, and the ratios to the bare read. The scratch database is
flushed before and after.

  uv run python bench/community_sorts.py [--db 11] [--posts 5000] [--reads 2000]

Needs the local Redis (`make up`). Prints a table and writes bench/results/community_sorts.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kith_feed.adapters.keys import community_sort_key
from kith_feed.adapters.stores import FeedStores
from kith_feed.domain.model import COMMUNITY_SORTS, AuthorSummary, PostSummary
from kith_feed.service_layer.reads import FeedReads
from kith_platform.redis_client import redis_client

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "community_sorts.json"
PAGE = 20


def _summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 3),
    }


async def _build(store: FeedStores, posts: int, rng: random.Random) -> tuple[str, str]:
    community, reader = str(uuid.uuid4()), str(uuid.uuid4())
    authors = [str(uuid.uuid4()) for _ in range(200)]
    await store.feeds.put_community(community, "public")
    for a in authors:
        await store.feeds.put_author(AuthorSummary(a, f"h{a[:6]}", "Author"))
    await store.relationships.set_member(community, reader, True)
    now = int(time.time() * 1000)
    made = [
        PostSummary(
            str(uuid.uuid4()),
            rng.choice(authors),
            "a community post of about sixty characters, as people write",
            now - (posts - i) * 60_000,  # one a minute, oldest first
            audience="community",
            community_id=community,
        )
        for i in range(posts)
    ]
    for start in range(0, posts, 100):  # worker-sized batches
        await store.fan_out.posts(made[start : start + 100])
    for i, post in enumerate(made):
        ups, downs = int(rng.paretovariate(1.2)) - 1, int(rng.paretovariate(1.5)) - 1
        voter = reader if i % 7 == 0 else ""
        await store.feeds.vote(
            post.post_id, community, voter, 1, (ups, downs), post.created_at_ms, post.created_at_ms + 1
        )
    for post, feature in zip(made[-3:], ("announcement", "pinned", "pinned"), strict=True):
        await store.feeds.feature(post.post_id, community, feature, now)
    return community, reader


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis", default="redis://127.0.0.1:16379")
    parser.add_argument("--db", type=int, default=11, help="a scratch database, flushed before and after")
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--reads", type=int, default=2000, help="reads of each kind")
    opts = parser.parse_args()
    client = redis_client(f"{opts.redis}/{opts.db}")
    await client.flushdb()
    samples: dict[str, list[float]] = {"feed_read": [], "store_page": [], "bare_zrevrange": []}
    try:
        store = FeedStores.build(client)
        community, reader = await _build(store, opts.posts, random.Random(7))
        reads, hot = FeedReads(store), COMMUNITY_SORTS["hot"]
        key = community_sort_key(community, "hot")
        held = await client.zcard(key)
        entries, _ = await reads.community(reader, community, PAGE, "", "hot")
        assert len(entries) == PAGE + 3, len(entries)  # the featured, then the page

        async def feed_read() -> None:
            await reads.community(reader, community, PAGE, "", "hot")

        async def store_page() -> None:
            await store.feeds.sorted_after(community, hot, None, PAGE + 5)

        async def bare() -> None:
            await client.zrevrange(key, 0, PAGE - 1, withscores=True)

        kinds = {"feed_read": feed_read, "store_page": store_page, "bare_zrevrange": bare}
        for fn in kinds.values():  # warm up: scripts loaded, connections open
            for _ in range(50):
                await fn()
        for _ in range(opts.reads // 100):
            for name, fn in kinds.items():  # alternating in rounds of 100
                for _ in range(100):
                    t0 = time.perf_counter()
                    await fn()
                    samples[name].append((time.perf_counter() - t0) * 1000)
    finally:
        await client.flushdb()
        await client.aclose()
    result = {name: _summary(s) for name, s in samples.items()}
    bare_p50 = result["bare_zrevrange"]["p50_ms"]
    result["ratio_p50"] = {
        "feed_read": round(result["feed_read"]["p50_ms"] / bare_p50, 1),
        "store_page": round(result["store_page"]["p50_ms"] / bare_p50, 1),
    }
    result["settings"] = vars(opts) | {
        "page_size": PAGE,
        "hot_set_size": held,
        "featured": 3,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
    }
    print(f"community of {opts.posts} posts, its HOT set holds {held}; page of {PAGE}, {opts.reads} reads each")
    print(f"{'read':<16} {'p50 ms':>8} {'p99 ms':>8} {'x bare p50':>11}")
    for name in samples:
        r = result[name]
        ratio = result["ratio_p50"].get(name, 1.0)
        print(f"{name:<16} {r['p50_ms']:>8} {r['p99_ms']:>8} {ratio:>11}")
    OUT.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
