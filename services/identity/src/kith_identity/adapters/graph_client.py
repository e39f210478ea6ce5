"""gRPC adapter: asks the graph service how two users are related (identity -> graph is the one
direction of synchronous calls between the two; the graph keeps its own mirror of users)."""

from __future__ import annotations

import grpc

from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith_identity.domain.ports import Connections
from kith_platform.errors import Unavailable


class GrpcConnections(Connections):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 2.0) -> None:
        self.stub = graph_pb2_grpc.GraphInternalServiceStub(channel)
        self.timeout = timeout

    async def _relationship(self, user_id: str, other_user_id: str) -> graph_pb2.GetRelationshipResponse:
        try:
            return await self.stub.GetRelationship(
                graph_pb2.GetRelationshipRequest(user_id=user_id, other_user_id=other_user_id), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"graph service: {exc.code().name}") from None

    async def connected(self, user_id: str, other_user_id: str) -> bool:
        return (await self._relationship(user_id, other_user_id)).connected

    async def follows_and_friends(self, user_id: str, other_user_id: str) -> tuple[bool, bool]:
        found = await self._relationship(user_id, other_user_id)
        return found.follows, found.friends
