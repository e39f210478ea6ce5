"""gRPC adapter of the graph service's relationships (GraphInternalService.GetRelationship)."""

from __future__ import annotations

import grpc

from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith_communities.domain.ports import Relationship, Relationships
from kith_platform.errors import Unavailable


class GrpcRelationships(Relationships):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 3.0) -> None:
        self.stub = graph_pb2_grpc.GraphInternalServiceStub(channel)
        self.timeout = timeout

    async def between(self, user_id: str, other_user_id: str) -> Relationship:
        try:
            answer = await self.stub.GetRelationship(
                graph_pb2.GetRelationshipRequest(user_id=user_id, other_user_id=other_user_id), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"graph service: {exc.code().name}") from None
        return Relationship(follows=answer.follows, friends=answer.friends)
