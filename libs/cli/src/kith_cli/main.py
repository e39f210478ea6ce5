"""kith: the command line of the platform.

  kith tail TOPIC [--from-start] [--type TYPE ...] [--limit N]   events as JSON lines
  kith topics                                                     the topic catalog
  kith load edges FILE [--follows|--friends] [--prefix P]         an edge-list graph as accounts
  kith load edges FILE --bulk [--prefix P]                        the same, operators' bulk path
  kith load ldbc DIR [--prefix P]                                 the LDBC SNB data set
  kith demo seed [--prefix P] [--handle H]                        the web app's demo person (after load ldbc)
  kith demo live [--seconds N] [--rate R]                         keep the demo's people active
  kith staff grant HANDLE admin|moderator | kith staff revoke HANDLE   platform staff roles
  kith rebuild-read-model [--redis-url U] [--group G] [--yes]     wipe and rebuild the feed's Redis
                                                                  read model from the topics

`kith load` goes through the public gateway only, resumes where an earlier run stopped
(state in $KITH_STATE/load/<prefix>.jsonl, mode 0600, which also holds the accounts'
password) and respects the gateway's rate limits. `--bulk` (operators, for real graphs) goes
to identity's and the graph's internal import RPCs instead, hundreds of items a call.
`kith rebuild-read-model` replays the stream worker's topics into a Redis (docs/read-model.md);
without `--yes` it only says what it would wipe and replay.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys

from aiokafka import AIOKafkaConsumer
from google.protobuf import json_format

from kith_cli import catalog, demo, loading, rebuild, staff
from kith_platform.events import ALL_TOPICS, parse_envelope, unpack_payload
from kith_platform.settings import KafkaSettings


def envelope_json(value: bytes | None, key: bytes | None = None) -> dict | None:
    if value is None:  # a tombstone of a compacted topic: the key alone
        return {"tombstone": True, "key": key.decode(errors="replace") if key is not None else None}
    try:
        envelope = parse_envelope(value)
    except Exception:  # noqa: BLE001 - not an envelope: say so rather than stop
        return {"error": "not an Envelope", "bytes": len(value)}
    payload = unpack_payload(envelope)
    out = json_format.MessageToDict(envelope, preserving_proto_field_name=True)
    out.pop("payload", None)
    out["payload"] = json_format.MessageToDict(payload, preserving_proto_field_name=True) if payload else None
    return out


def _wanted(types: list[str], event_type: str) -> bool:
    return not types or any(event_type == t or event_type.endswith("." + t) for t in types)


async def tail(args) -> int:
    consumer = AIOKafkaConsumer(
        args.topic,
        bootstrap_servers=args.bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if args.from_start else "latest",
    )
    await consumer.start()
    printed = 0
    try:
        await consumer.seek_to_end() if not args.from_start else None
        print(f"tailing {args.topic}", file=sys.stderr, flush=True)
        idle_deadline = asyncio.get_running_loop().time() + args.timeout if args.timeout else None
        while True:
            batches = await consumer.getmany(timeout_ms=500, max_records=500)
            for records in batches.values():
                for record in records:
                    out = envelope_json(record.value, record.key)
                    if out is None or not _wanted(args.type, out.get("event_type", "")):
                        continue
                    out["partition"], out["offset"] = record.partition, record.offset
                    print(json.dumps(out, ensure_ascii=False), flush=True)
                    printed += 1
                    if args.limit and printed >= args.limit:
                        return 0
            if idle_deadline and asyncio.get_running_loop().time() > idle_deadline:
                return 0 if printed else 1
    finally:
        await consumer.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="kith", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("tail", help="print a topic's events as JSON lines")
    t.add_argument("topic", choices=ALL_TOPICS)
    t.add_argument("--from-start", action="store_true", help="from the oldest kept event (default: new ones)")
    t.add_argument("--type", action="append", default=[], help="only this event type (full or short name)")
    t.add_argument("--limit", type=int, default=0, help="stop after this many events")
    t.add_argument("--timeout", type=float, default=0, help="stop after this many seconds")
    t.add_argument("--bootstrap", default=os.environ.get("KITH_KAFKA_BOOTSTRAP", KafkaSettings().kafka_bootstrap))
    sub.add_parser("topics", help="print the topic catalog (Markdown)")
    loading.add_parser(sub)
    demo.add_parser(sub)
    staff.add_parser(sub)
    rebuild.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "topics":
        print(catalog.render())
        return
    if args.command == "load":
        sys.exit(loading.main(args))
    if args.command == "demo":
        sys.exit(demo.main(args))
    if args.command == "staff":
        sys.exit(staff.main(args))
    if args.command == "rebuild-read-model":
        sys.exit(rebuild.main(args))
    try:
        sys.exit(asyncio.run(tail(args)))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
