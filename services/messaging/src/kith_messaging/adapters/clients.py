"""gRPC adapter: the identity service's accounts and handles."""

from __future__ import annotations

import grpc

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_messaging.domain.ports import People
from kith_platform.errors import Unavailable


class GrpcPeople(People):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 3.0) -> None:
        self.stub = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        self.timeout = timeout

    async def existing(self, user_ids: list[str]) -> set[str]:
        try:
            answer = await self.stub.BatchGetProfiles(
                identity_pb2.BatchGetProfilesRequest(user_ids=user_ids), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"identity service: {exc.code().name}") from None
        return {p.user_id for p in answer.profiles}

    async def resolve(self, handles: list[str], viewer_id: str) -> dict[str, str]:
        try:
            answer = await self.stub.ResolveHandles(
                identity_pb2.ResolveHandlesRequest(handles=handles, viewer_id=viewer_id), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"identity service: {exc.code().name}") from None
        return dict(answer.user_ids)
