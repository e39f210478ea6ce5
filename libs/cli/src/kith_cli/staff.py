"""kith staff: the platform's staff roles, set by an operator through identity's internal API (the
first admin; after that admins may use TrustAndSafetyService.SetStaffRole through the gateway).

  kith staff grant HANDLE admin|moderator
  kith staff revoke HANDLE
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import grpc

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith.identity.v1 import trust_safety_pb2 as T

ROLES = {"admin": T.STAFF_ROLE_ADMIN, "moderator": T.STAFF_ROLE_MODERATOR}


def add_parser(sub) -> None:
    staff = sub.add_parser("staff", help="grant or revoke a platform staff role (operators)")
    actions = staff.add_subparsers(dest="staff_command", required=True)
    grant = actions.add_parser("grant", help="make a person a platform admin or moderator")
    grant.add_argument("handle")
    grant.add_argument("role", choices=sorted(ROLES))
    revoke = actions.add_parser("revoke", help="take a person's staff role away")
    revoke.add_argument("handle")
    for p in (grant, revoke):
        p.add_argument("--identity", default=os.environ.get("KITH_IDENTITY_ADDR", "127.0.0.1:50051"))


async def _set(args: argparse.Namespace) -> int:
    role = ROLES[args.role] if args.staff_command == "grant" else T.STAFF_ROLE_UNSPECIFIED
    async with grpc.aio.insecure_channel(args.identity) as channel:
        stub = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        try:
            done = await stub.GrantStaffRole(
                identity_pb2.GrantStaffRoleRequest(handle=args.handle, role=role), timeout=10
            )
        except grpc.aio.AioRpcError as exc:
            print(f"kith staff: {exc.code().name}: {exc.details()}", file=sys.stderr)
            return 1
    what = f"is now a platform {args.role}" if args.staff_command == "grant" else "has no staff role"
    print(f"@{args.handle.strip()} ({done.user_id}) {what}")
    return 0


def main(args: argparse.Namespace) -> int:
    return asyncio.run(_set(args))
