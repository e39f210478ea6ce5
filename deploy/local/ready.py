"""Readiness waits and one-time setup for the local servers (run with the project's venv).

ready.py wait [redis|postgres|kafka|neo4j|mailpit|seaweedfs|all]... [--timeout S]
ready.py topics       create the event topics (KITH_KAFKA_PARTITIONS partitions)
ready.py databases    create the services' PostgreSQL databases
ready.py group-at-end GROUP TOPIC...
                      commit GROUP's offsets at the end of each topic (the group must have no
                      member running): it then consumes only what is published from now on
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
import urllib.request

import asyncpg
import redis.asyncio as aioredis
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from neo4j import AsyncGraphDatabase

from kith_platform.events import ALL_TOPICS
from kith_platform.kafka import ensure_topics

KAFKA = os.environ.get("KITH_KAFKA_BOOTSTRAP", "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096")
KAFKA_NODES = int(os.environ.get("KITH_KAFKA_NODES", "3"))
NEO4J = os.environ.get("KITH_NEO4J_URI", "bolt://127.0.0.1:17687")
REDIS = os.environ.get("KITH_REDIS_URL", "redis://127.0.0.1:16379/0")
POSTGRES = os.environ.get("KITH_POSTGRES_HOST_DSN", "postgresql://postgres@127.0.0.1:15432")
MAILPIT = os.environ.get("KITH_MAILPIT_URL", "http://127.0.0.1:18025")
SMTP = (os.environ.get("KITH_SMTP_HOST", "127.0.0.1"), int(os.environ.get("KITH_SMTP_PORT", "11025")))
S3 = os.environ.get("KITH_S3_ENDPOINT", "http://127.0.0.1:18333")
DATABASES = ("identity", "communities", "content", "messaging")


async def redis_ready() -> None:
    client = aioredis.Redis.from_url(REDIS, socket_connect_timeout=2)
    try:
        await client.ping()
    finally:
        await client.aclose()


async def postgres_ready() -> None:
    conn = await asyncpg.connect(f"{POSTGRES}/postgres", timeout=3)
    await conn.close()


async def kafka_ready() -> None:
    """Every node of the cluster is a broker in it again, and every partition of the event topics
    has all its replicas in sync: only then may the next node go down (the fault tests take one
    down at a time) without a partition falling below min.insync.replicas."""
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA, request_timeout_ms=5000)
    await admin.start()
    try:
        brokers = (await admin.describe_cluster())["brokers"]
        if len(brokers) < KAFKA_NODES:
            raise RuntimeError(f"{len(brokers)} of {KAFKA_NODES} Kafka brokers in the cluster")
        topics = [t for t in ALL_TOPICS if t in set(await admin.list_topics())]
        lagging = [
            f"{t['topic']}/{p['partition']}"
            for t in (await admin.describe_topics(topics) if topics else [])
            for p in t["partitions"]
            if len(p["isr"]) < len(p["replicas"])
        ]
        if lagging:
            raise RuntimeError(f"replicas out of sync: {', '.join(lagging[:5])}")
    finally:
        await admin.close()


async def neo4j_ready() -> None:
    driver = AsyncGraphDatabase.driver(NEO4J, auth=None, connection_timeout=3)
    try:
        await driver.execute_query("RETURN 1")
    finally:
        await driver.close()


def _mailpit_http_ready() -> None:
    # /readyz: 200 once Mailpit's servers have started and its database answers (503 before,
    # which urlopen raises). No proxy: an http_proxy in the environment must not see 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{MAILPIT}/readyz", timeout=3):
        pass


async def mailpit_ready() -> None:
    """Mailpit's HTTP API answers ready, and its SMTP server greets (220)."""
    await asyncio.to_thread(_mailpit_http_ready)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(*SMTP), 3)
    try:
        greeting = await asyncio.wait_for(reader.readline(), 3)
        if not greeting.startswith(b"220"):
            raise RuntimeError(f"SMTP {SMTP[0]}:{SMTP[1]} greeted {greeting!r}")
        writer.write(b"QUIT\r\n")
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


def _seaweedfs_ready() -> None:
    # SeaweedFS's S3 API answers /healthz with 200 once it listens (it starts after its master,
    # volume server and filer). kithctl then creates the bucket, which needs the filer.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{S3}/healthz", timeout=3):
        pass


async def seaweedfs_ready() -> None:
    await asyncio.to_thread(_seaweedfs_ready)


CHECKS = {
    "redis": redis_ready,
    "postgres": postgres_ready,
    "kafka": kafka_ready,
    "neo4j": neo4j_ready,
    "mailpit": mailpit_ready,
    "seaweedfs": seaweedfs_ready,
}


async def wait(names: list[str], timeout: float) -> int:
    deadline = time.monotonic() + timeout
    pending = list(CHECKS) if "all" in names else names
    errors: dict[str, str] = {}
    started = time.monotonic()
    while pending and time.monotonic() < deadline:
        results = await asyncio.gather(*(asyncio.wait_for(CHECKS[n](), 10) for n in pending), return_exceptions=True)
        still = []
        for name, result in zip(pending, results, strict=True):
            if isinstance(result, BaseException):
                errors[name] = repr(result)
                still.append(name)
            else:
                print(f"  {name:<9} ready after {time.monotonic() - started:.1f}s")
        pending = still
        if pending:
            await asyncio.sleep(0.5)
    for name in pending:
        print(f"  {name:<9} NOT ready after {timeout:.0f}s: {errors.get(name)}", file=sys.stderr)
    return 1 if pending else 0


async def create_databases() -> None:
    conn = await asyncpg.connect(f"{POSTGRES}/postgres")
    try:
        existing = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
        for name in DATABASES:
            if name not in existing:
                # Identifiers cannot be parameters; the names are the constants above.
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def group_at_end(group: str, topics: list[str]) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    partitions = [
        TopicPartition(t["topic"], p["partition"]) for t in described if not t["error_code"] for p in t["partitions"]
    ]
    if len({tp.topic for tp in partitions}) != len(set(topics)):
        print(f"  some of {', '.join(topics)} do not exist", file=sys.stderr)
        return 1
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
        consumer.assign(partitions)
        await consumer.commit(ends)
        print(f"  {group}: offsets at the end of {len(partitions)} partitions of {', '.join(topics)}")
        return 0
    finally:
        await consumer.stop()


def main() -> int:
    logging.disable(logging.CRITICAL)  # client retry chatter while servers start is expected
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("wait")
    w.add_argument("servers", nargs="+", choices=[*CHECKS, "all"])
    w.add_argument("--timeout", type=float, default=180)
    sub.add_parser("topics")
    sub.add_parser("databases")
    g = sub.add_parser("group-at-end")
    g.add_argument("group")
    g.add_argument("topics", nargs="+")
    args = parser.parse_args()
    if args.command == "wait":
        return asyncio.run(wait(args.servers, args.timeout))
    if args.command == "topics":
        partitions = int(os.environ.get("KITH_KAFKA_PARTITIONS", "6"))
        replicas = min(3, KAFKA_NODES)
        asyncio.run(ensure_topics(KAFKA, list(ALL_TOPICS), partitions=partitions, replicas=replicas))
        print(f"  topics    {', '.join(ALL_TOPICS)} ({partitions} partitions, {replicas} replicas)")
        return 0
    if args.command == "group-at-end":
        return asyncio.run(group_at_end(args.group, args.topics))
    asyncio.run(create_databases())
    print(f"  databases {', '.join(DATABASES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
