"""`kith load edges|ldbc`: the command line around the loaders (arguments, channel, state,
summary, exit code)."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

import grpc
from rich.console import Console

from kith.graph.v1 import graph_pb2_grpc
from kith.identity.v1 import identity_pb2_grpc
from kith_cli import bulk, edges, ldbc
from kith_cli.seeding import Seeder, SeedState, StateMismatch, default_state_dir

PASSWORD_ENV = "KITH_LOAD_PASSWORD"


def add_parser(sub) -> None:
    load = sub.add_parser(
        "load",
        help="load a data set through the gateway (resumable)",
        description="Load a data set through the public gateway. A second run continues "
        "an interrupted one; items already loaded are skipped.",
    )
    kinds = load.add_subparsers(dest="kind", required=True)
    e = kinds.add_parser(
        "edges",
        help="an edge-list graph: accounts and mutual relationships",
        description=edges.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("file", type=Path, help="one `a b` pair per line; `#` and `%%` start comments")
    how = e.add_mutually_exclusive_group()
    how.add_argument(
        "--follows",
        dest="relationship",
        action="store_const",
        const=edges.FOLLOWS,
        help="each edge: follows both ways (the default)",
    )
    how.add_argument(
        "--friends",
        dest="relationship",
        action="store_const",
        const=edges.FRIENDS,
        help="each edge: a friendship (request and acceptance)",
    )
    e.set_defaults(relationship=edges.FOLLOWS)
    e.add_argument("--prefix", help="handles are <prefix>_<node> (default: from the file name)")
    e.add_argument(
        "--bulk",
        action="store_true",
        help="operators: load through identity's and the graph's internal import RPCs "
        "(hundreds of accounts or follows a call, same rules and events; follows only), "
        "not the gateway",
    )
    e.add_argument(
        "--identity-addr",
        default=os.environ.get("KITH_IDENTITY_ADDR", "127.0.0.1:50051"),
        help="with --bulk: the identity service (default: $KITH_IDENTITY_ADDR, else 127.0.0.1:50051)",
    )
    e.add_argument(
        "--graph-addr",
        default=os.environ.get("KITH_GRAPH_ADDR", "127.0.0.1:50052"),
        help="with --bulk: the graph service (default: $KITH_GRAPH_ADDR, else 127.0.0.1:50052)",
    )
    d = kinds.add_parser(
        "ldbc",
        help="the LDBC SNB data set (dynamic/ and static/ CSV files)",
        description=ldbc.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    d.add_argument("directory", type=Path)
    d.add_argument("--prefix", default="ldbc", help="handles are <prefix>_<person id> (default: ldbc)")
    for p in (e, d):
        p.add_argument(
            "--gateway",
            default=os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050"),
            help="the public gateway (default: $KITH_GATEWAY_ADDR, else 127.0.0.1:50050)",
        )
        p.add_argument("--tls", action="store_true", help="the gateway speaks TLS (system roots)")
        p.add_argument("--concurrency", type=int, default=32, help="calls in flight at once (default 32)")
        p.add_argument(
            "--state", type=Path, help="the state file (default: $KITH_STATE/load/<prefix>.jsonl, .kith/load/...)"
        )
        p.add_argument(
            "--password",
            help=f"password of every account created (default: ${PASSWORD_ENV}, "
            "else generated once and kept in the state file)",
        )
        p.add_argument("--no-progress", action="store_true", help="no progress bars")


def main(args) -> int:
    console = Console(stderr=True)
    try:
        return asyncio.run(_load(args, console))
    except KeyboardInterrupt:
        console.print("interrupted: run the same command again to continue")
        return 130
    except (ValueError, OSError, StateMismatch) as exc:
        console.print(f"[red]kith load:[/red] {exc}")
        return 2


async def _load(args, console: Console) -> int:
    if args.kind == "edges":
        graph = edges.read_edges(args.file)
        prefix = args.prefix or edges.default_prefix(args.file)
        edges.check_handles(graph, prefix)
        if args.bulk and args.relationship != edges.FOLLOWS:
            raise ValueError("--bulk loads follows only (friendships have no import RPC): leave out --friends")
        console.print(
            f"{args.file}: {len(graph.nodes)} nodes, {len(graph.edges)} edges "
            f"({graph.self_loops} self-loops and {graph.duplicates} repeats left out), "
            f"as {args.relationship}" + (f" (bulk: {args.identity_addr}, {args.graph_addr})" if args.bulk else "")
        )
    else:
        prefix = args.prefix
        ldbc.check_prefix(prefix)
        data = ldbc.LdbcMini(args.directory)
    password = args.password or os.environ.get(PASSWORD_ENV) or None
    if password is not None and not 8 <= len(password) <= 256:
        raise ValueError("the password must be 8 to 256 characters")
    state = SeedState.open(
        args.state or default_state_dir() / f"{prefix}.jsonl", gateway=args.gateway, password=password
    )
    credentials = grpc.ssl_channel_credentials() if args.tls else None
    channel = (
        grpc.aio.secure_channel(args.gateway, credentials) if credentials else grpc.aio.insecure_channel(args.gateway)
    )
    seeder = Seeder(channel, state, concurrency=args.concurrency, progress=not args.no_progress, console=console)
    internal: list[grpc.aio.Channel] = []
    try:
        with seeder:
            if args.kind == "edges" and getattr(args, "bulk", False):
                internal = [grpc.aio.insecure_channel(args.identity_addr), grpc.aio.insecure_channel(args.graph_addr)]
                loader = bulk.BulkLoader(
                    seeder,
                    identity_pb2_grpc.IdentityInternalServiceStub(internal[0]),
                    graph_pb2_grpc.GraphInternalServiceStub(internal[1]),
                )
                await loader.load_edges(graph, prefix=prefix)
            elif args.kind == "edges":
                await edges.load_edges(seeder, graph, prefix=prefix, relationship=args.relationship)
            else:
                await ldbc.LdbcLoader(seeder, data, prefix=prefix).load()
    finally:
        state.close()
        await channel.close()
        for other in internal:
            await other.close()
        seeder.print_summary(f"kith load {args.kind}")
    example = next(iter(state.done.get("users", {})), f"{prefix}_<id>")
    console.print(
        f"log in as any {prefix}_<{'node' if args.kind == 'edges' else 'person id'}> (e.g. {example}) "
        f"with the password in {state.path}"
    )
    return 1 if seeder.failed else 0
