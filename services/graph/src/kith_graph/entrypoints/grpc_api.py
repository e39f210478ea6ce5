"""gRPC servicer of the graph service."""

from __future__ import annotations

from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith_graph.service_layer.handlers import GraphHandlers
from kith_platform.auth import caller_id


class GraphServicer(graph_pb2_grpc.GraphServiceServicer):
    def __init__(self, handlers: GraphHandlers) -> None:
        self.handlers = handlers

    async def Follow(self, request, context):
        created = await self.handlers.follow(caller_id(context), request.user_id)
        return graph_pb2.FollowResponse(created=created)

    async def Unfollow(self, request, context):
        removed = await self.handlers.unfollow(caller_id(context), request.user_id)
        return graph_pb2.UnfollowResponse(removed=removed)


class GraphInternalServicer(graph_pb2_grpc.GraphInternalServiceServicer):
    def __init__(self, handlers: GraphHandlers) -> None:
        self.handlers = handlers

    async def GetRelationship(self, request, context):
        follows, followed_by = await self.handlers.relationship(request.user_id, request.other_user_id)
        return graph_pb2.GetRelationshipResponse(
            follows=follows, followed_by=followed_by, connected=follows and followed_by
        )
