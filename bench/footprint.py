"""Storage footprint of the running platform, for the capacity model (bench/capacity.py): a few
seconds of reads, no load, nothing written.

- Redis: MEMORY USAGE (SAMPLES 0: exact) of up to --sample home feeds (feed:home:{u}) over their
  ZCARD = bytes per feed entry (separately for feeds past zset-max-listpack-entries, which is
  what a full feed of 800 entries costs, and for all sampled); the same users' other keys
  (timeline, followers, following, friends, mutes, blocks, affinity, communities, user, facts,
  interests) = bytes per user besides the home feed; feed:post:{p} = bytes per post summary;
  INFO memory for the totals.
- Kafka: the size of each application topic's .log segments in the broker's log.dirs (read from
  $KITH_STATE/kafka/1/server.properties: node 1 of the local cluster) over its records (end offset - start
  offset of each partition) = bytes per event on disk, record batch overhead included, one replica.
- PostgreSQL: pg_total_relation_size (tables, indexes, TOAST) of each service's database over
  its rows: identity per user, content per post, messaging per message.
- Neo4j: the store directory's size on disk over the relationships (count store) = bytes per
  relationship (nodes and properties counted in).

Each part that cannot measure returns {"error": ...} instead of failing the run.

  uv run python bench/footprint.py      (prints the JSON)
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = Path(os.environ.get("KITH_STATE", ROOT / ".kith"))
REDIS_URL = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")
KAFKA = os.environ.get("KITH_KAFKA_BOOTSTRAP", "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096")
NEO4J = os.environ.get("KITH_NEO4J_URI", "bolt://127.0.0.1:17687")
POSTGRES = os.environ.get("KITH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:15432/postgres")

SAMPLE = 200
PER_USER_KEYS = (
    "timeline",
    "followers",
    "following",
    "friends",
    "mutes",
    "mutedby",
    "blocks",
    "affinity",
    "communities",
    "user",
    "facts",
    "interests",
)
# database -> (table counted, what one row is)
POSTGRES_TABLES = {
    "identity": ("users", "user"),
    "content": ("posts", "post"),
    "messaging": ("messages", "message"),
    "communities": ("communities", "community"),
}


def _ratio(num: float, den: float, digits: int = 1) -> float | None:
    return round(num / den, digits) if den else None


async def redis_footprint(url: str = REDIS_URL, sample: int = SAMPLE) -> dict:
    import redis.asyncio as aioredis

    r = aioredis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        memory = await r.info("memory")
        try:
            listpack_max = int((await r.config_get("zset-max-listpack-entries"))["zset-max-listpack-entries"])
        except Exception:  # noqa: BLE001 - CONFIG may be renamed or refused; Redis's default then
            listpack_max = 128
        homes = []
        async for key in r.scan_iter(match="feed:home:{*}", count=1000, _type="zset"):
            homes.append(key)
            if len(homes) >= sample:
                break
        pipe = r.pipeline(transaction=False)
        for key in homes:
            pipe.memory_usage(key, samples=0)
            pipe.zcard(key)
        replies = await pipe.execute() if homes else []
        feeds = [(replies[i] or 0, replies[i + 1] or 0) for i in range(0, len(replies), 2)]
        large = [(m, n) for m, n in feeds if n > listpack_max]
        users = [re.search(rb"\{(.+)\}", key).group(1).decode() for key in homes]
        pipe = r.pipeline(transaction=False)
        for u in users:
            for kind in PER_USER_KEYS:
                pipe.memory_usage(f"feed:{kind}:{{{u}}}", samples=0)
        user_bytes = [x or 0 for x in (await pipe.execute() if users else [])]
        posts = []
        async for key in r.scan_iter(match="feed:post:{*}", count=1000, _type="hash"):
            posts.append(key)
            if len(posts) >= sample:
                break
        pipe = r.pipeline(transaction=False)
        for key in posts:
            pipe.memory_usage(key, samples=0)
        post_bytes = [x or 0 for x in (await pipe.execute() if posts else [])]
        return {
            "used_memory_bytes": memory.get("used_memory"),
            "used_memory_rss_bytes": memory.get("used_memory_rss"),
            "keys": await r.dbsize(),
            "zset_max_listpack_entries": listpack_max,
            "home_feeds_sampled": len(feeds),
            "home_feed_entries_sampled": sum(n for _, n in feeds),
            "large_home_feeds_sampled": len(large),
            "bytes_per_feed_entry": _ratio(sum(m for m, _ in large), sum(n for _, n in large)),
            "bytes_per_feed_entry_all_sampled": _ratio(sum(m for m, _ in feeds), sum(n for _, n in feeds)),
            "mean_home_feed_entries": _ratio(sum(n for _, n in feeds), len(feeds)),
            "users_sampled": len(users),
            "bytes_per_user": _ratio(sum(user_bytes), len(users), 0),
            "per_user_keys": list(PER_USER_KEYS),
            "post_summaries_sampled": len(posts),
            "bytes_per_post_summary": _ratio(sum(post_bytes), len(posts), 0),
            "what": "MEMORY USAGE ... SAMPLES 0 of sampled keys: bytes_per_feed_entry over home feeds longer than "
            "zset-max-listpack-entries (skiplist encoding, as a full feed is); bytes_per_user: the same users' "
            "other feed:*:{u} keys; bytes_per_post_summary: feed:post:{p} hashes",
        }
    finally:
        await r.aclose()


def kafka_log_dirs(state_dir: Path = STATE_DIR) -> list[Path]:
    """Node 1's log directories: with 3 replicas on 3 nodes, every node holds one replica of
    every partition, so one node's bytes are one replica's."""
    props = state_dir / "kafka" / "1" / "server.properties"
    if props.exists():
        found = re.search(r"^log\.dirs?\s*=\s*(.+)$", props.read_text(), re.MULTILINE)
        if found:
            return [Path(p.strip()) for p in found.group(1).split(",") if p.strip()]
    default = state_dir / "kafka" / "1" / "data"
    return [default] if default.exists() else []


def log_bytes_by_partition(dirs: list[Path]) -> dict[tuple[str, int], int]:
    """(topic, partition) -> bytes of its .log segments (the .index files are preallocated)."""
    out: dict[tuple[str, int], int] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for part in d.iterdir():
            found = re.fullmatch(r"(.+)-(\d+)", part.name)
            if not found or not part.is_dir() or part.name.startswith("__"):
                continue
            size = sum(f.stat().st_size for f in part.glob("*.log"))
            key = (found.group(1), int(found.group(2)))
            out[key] = out.get(key, 0) + size
    return out


async def kafka_footprint(bootstrap: str = KAFKA, state_dir: Path = STATE_DIR) -> dict:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from kith_platform.events import ALL_TOPICS, TOPIC_CONFIGS

    dirs = kafka_log_dirs(state_dir)
    sizes = log_bytes_by_partition(dirs)
    if not sizes:
        return {"error": f"no Kafka log directory found (looked in {[str(d) for d in dirs] or state_dir / 'kafka'})"}
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=10000)
    await consumer.start()
    try:
        parts = [TopicPartition(t, p) for t, p in sorted(sizes) if t in ALL_TOPICS]
        begin = await consumer.beginning_offsets(parts)
        end = await consumer.end_offsets(parts)
    finally:
        await consumer.stop()
    by_topic: dict[str, dict] = {}
    for tp in parts:
        t = by_topic.setdefault(
            tp.topic,
            {
                "bytes": 0,
                "records": 0,
                "partitions": 0,
                "compacted": TOPIC_CONFIGS.get(tp.topic, {}).get("cleanup.policy") == "compact",
            },
        )
        t["bytes"] += sizes[(tp.topic, tp.partition)]
        t["records"] += max(0, end[tp] - begin[tp])
        t["partitions"] += 1
    for t in by_topic.values():
        t["bytes_per_event"] = _ratio(t["bytes"], t["records"])
    kept = [t for t in by_topic.values() if not t["compacted"]]
    total_bytes, total_records = sum(t["bytes"] for t in kept), sum(t["records"] for t in kept)
    return {
        "log_dirs": [str(d) for d in dirs],
        "by_topic": by_topic,
        "bytes_per_event": _ratio(total_bytes, total_records),
        "bytes_per_post_event": (by_topic.get("content.posts.v1") or {}).get("bytes_per_event"),
        "records": total_records,
        "bytes": total_bytes,
        "what": ".log segment bytes on disk (one replica, batch headers and compression as configured) over "
        "records (end - start offset), application topics; bytes_per_event leaves compacted topics out",
    }


def _with_database(dsn: str, name: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path="/" + name))


async def postgres_footprint(dsn: str = POSTGRES) -> dict:
    import asyncpg

    out: dict = {}
    for db, (table, row) in POSTGRES_TABLES.items():
        try:
            conn = await asyncpg.connect(_with_database(dsn, db), timeout=5)
        except Exception as exc:  # noqa: BLE001 - a service without a database here
            out[db] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        try:
            size = await conn.fetchval(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%'"
            )
            rows = await conn.fetchval(f"SELECT count(*) FROM {table}")  # a constant name
            out[db] = {
                "bytes": int(size),
                "rows": rows,
                "table": table,
                f"bytes_per_{row}": _ratio(size, rows, 0),
                "database_bytes": await conn.fetchval("SELECT pg_database_size(current_database())"),
            }
        except Exception as exc:  # noqa: BLE001 - a database that cannot be measured is reported, not fatal
            out[db] = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            await conn.close()
    out["what"] = (
        "pg_total_relation_size of every user table (indexes and TOAST included) of the service's database "
        "over the rows of its main table"
    )
    return out


def _disk_bytes(path: Path) -> int:
    return sum(f.stat().st_blocks * 512 for f in path.rglob("*") if f.is_file())


async def neo4j_footprint(uri: str = NEO4J, state_dir: Path = STATE_DIR) -> dict:
    from neo4j import AsyncGraphDatabase

    store = state_dir / "neo4j" / "data" / "databases" / "neo4j"
    if not store.is_dir():
        return {"error": f"no Neo4j store at {store}"}
    driver = AsyncGraphDatabase.driver(uri, auth=None, connection_timeout=5)
    try:
        nodes, _, _ = await driver.execute_query("MATCH (n) RETURN count(n) AS n")
        rels, _, _ = await driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
    finally:
        await driver.close()
    size = _disk_bytes(store)
    n, r = nodes[0]["n"], rels[0]["n"]
    return {
        "store_bytes": size,
        "nodes": n,
        "relationships": r,
        "bytes_per_relationship": _ratio(size, r),
        "what": "the neo4j database's store directory on disk (transaction logs apart) over its relationships",
    }


async def measure(timeout: float = 60) -> dict:
    """Every part, each on its own: one that fails or takes too long gives {"error": ...}."""

    async def part(coro) -> dict:
        try:
            return await asyncio.wait_for(coro, timeout)
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            return {"error": f"{type(exc).__name__}: {exc}"}

    return {
        "redis": await part(redis_footprint()),
        "kafka": await part(kafka_footprint()),
        "postgres": await part(postgres_footprint()),
        "neo4j": await part(neo4j_footprint()),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure()), indent=2, default=float))  # PostgreSQL numerics are Decimals
