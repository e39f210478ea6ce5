"""gRPC adapter: asks the identity service whether a user exists."""

from __future__ import annotations

import grpc

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_graph.domain.ports import UserDirectory
from kith_platform.errors import Unavailable

BATCH_MAX = 500  # ids per BatchGetProfiles (unknown and deactivated accounts are left out)


class GrpcUserDirectory(UserDirectory):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 3.0) -> None:
        self.stub = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        self.timeout = timeout

    async def exists(self, user_id: str) -> bool:
        try:
            await self.stub.GetUser(identity_pb2.GetUserRequest(user_id=user_id), timeout=self.timeout)
            return True
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return False
            raise Unavailable(f"identity service: {exc.code().name}") from None

    async def existing(self, user_ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(user_ids), BATCH_MAX):
            try:
                answer = await self.stub.BatchGetProfiles(
                    identity_pb2.BatchGetProfilesRequest(user_ids=user_ids[start : start + BATCH_MAX]),
                    timeout=self.timeout,
                )
            except grpc.aio.AioRpcError as exc:
                raise Unavailable(f"identity service: {exc.code().name}") from None
            found.update(p.user_id for p in answer.profiles)
        return found
