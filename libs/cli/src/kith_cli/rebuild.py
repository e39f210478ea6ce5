"""kith rebuild-read-model: wipe the feed's derived read model in a Redis and rebuild it by replaying
the stream worker's topics from their first event with the worker's own code, up to where they
ended when it started (docs/read-model.md). Without --yes it only says what it would do.

  kith rebuild-read-model [--redis-url URL] [--redis-cluster] [--bootstrap HOSTS] [--group GROUP]
                          [--partial] [--yes]

In place: stop the stream worker first (`deploy/local/kithctl ctl stop services:feed-worker`),
rebuild with the worker's own group (the default), start it again: it goes on from where the
rebuild stopped. Into another Redis: give its URL and a group of its own, then start a worker on
that Redis with that group (KITH_REDIS_URL, KITH_FEED_WORKER_GROUP).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from aiokafka.errors import KafkaError
from redis.exceptions import RedisError

from kith_feed.config import FeedSettings


def _defaults() -> FeedSettings:
    try:
        return FeedSettings()
    except ValueError:  # a bad KITH_ variable: said when the command runs, not for every kith command
        return FeedSettings.model_construct()


def add_parser(sub) -> None:
    defaults = _defaults()
    p = sub.add_parser(
        "rebuild-read-model",
        help="wipe the feed's derived Redis keys and rebuild them from the event topics (operators)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--redis-url", default=defaults.redis_url, help=f"the Redis to rebuild ({defaults.redis_url})")
    p.add_argument(
        "--redis-cluster",
        action=argparse.BooleanOptionalAction,
        default=defaults.redis_cluster,
        help="the URL names a node of a Redis Cluster (default: KITH_REDIS_CLUSTER)",
    )
    p.add_argument("--bootstrap", default=defaults.kafka_bootstrap, help="Kafka (default: KITH_KAFKA_BOOTSTRAP)")
    p.add_argument(
        "--group",
        default=defaults.feed_worker_group,
        help=f"the consumer group whose offsets describe that Redis (the worker's: {defaults.feed_worker_group})",
    )
    p.add_argument("--partial", action="store_true", help="rebuild even when retention has deleted early events")
    p.add_argument("--yes", action="store_true", help="really wipe and rebuild (otherwise only say what would be done)")


async def _run(args: argparse.Namespace) -> int:
    from kith_feed.entrypoints.rebuild import RebuildRefused, rebuild

    if not args.group.strip():
        print("kith rebuild-read-model: --group must not be empty", file=sys.stderr)
        return 2
    try:
        settings = FeedSettings(
            redis_url=args.redis_url, redis_cluster=args.redis_cluster, kafka_bootstrap=args.bootstrap
        )
    except ValueError as exc:
        print(f"kith rebuild-read-model: {exc}", file=sys.stderr)
        return 2
    try:
        outcome = await rebuild(settings, group=args.group.strip(), yes=args.yes, partial=args.partial)
    except RebuildRefused as exc:
        print(f"kith rebuild-read-model: refused, nothing changed: {exc}", file=sys.stderr)
        return 2
    except (KafkaError, RedisError, OSError, ValueError) as exc:
        print(f"kith rebuild-read-model: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0 if outcome is not None else 1


def main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # its reconnect chatter; failures reach us
    try:
        return asyncio.run(_run(args))
    except KeyboardInterrupt:
        print(
            "kith rebuild-read-model: interrupted; the read model may be partly rebuilt: run it again with --yes",
            file=sys.stderr,
        )
        return 130
