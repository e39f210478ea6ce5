"""The services' parts of a data export, asked for through their internal ExportUserData RPCs."""

from __future__ import annotations

import grpc

from kith.communities.v1 import communities_pb2, communities_pb2_grpc
from kith.content.v1 import content_pb2, content_pb2_grpc
from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith.messaging.v1 import messaging_pb2, messaging_pb2_grpc
from kith_identity.domain.exports import ExportSource
from kith_platform.tracing import client_interceptors

# A prolific person's posts can exceed gRPC's default 4 MiB per message.
CHANNEL_OPTIONS = [("grpc.max_receive_message_length", 256 * 1024 * 1024)]


def export_channel(address: str) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(address, options=CHANNEL_OPTIONS, interceptors=client_interceptors())


class _GrpcSource(ExportSource):
    # Response field -> archive file name.
    FILES: dict[str, str] = {}

    def __init__(self, channel: grpc.aio.Channel, timeout: float) -> None:
        self.timeout = timeout
        self.call = self._stub(channel).ExportUserData

    def _stub(self, channel: grpc.aio.Channel):
        raise NotImplementedError

    def _request(self, user_id: str):
        raise NotImplementedError

    async def export(self, user_id: str) -> dict[str, bytes]:
        response = await self.call(self._request(user_id), timeout=self.timeout)
        return {name: getattr(response, field) for field, name in self.FILES.items()}


class GrpcContentExport(_GrpcSource):
    name = "content"
    FILES = {
        "posts_json": "posts.json",
        "comments_json": "comments.json",
        "reactions_json": "reactions.json",
        "votes_json": "votes.json",
        "bookmarks_json": "bookmarks.json",
        "drafts_json": "drafts.json",
        "read_positions_json": "read_positions.json",
        "media_json": "media.json",
    }

    def _stub(self, channel):
        return content_pb2_grpc.ContentInternalServiceStub(channel)

    def _request(self, user_id):
        return content_pb2.ExportUserDataRequest(user_id=user_id)


class GrpcGraphExport(_GrpcSource):
    name = "graph"
    FILES = {"connections_json": "connections.json"}

    def _stub(self, channel):
        return graph_pb2_grpc.GraphInternalServiceStub(channel)

    def _request(self, user_id):
        return graph_pb2.ExportUserDataRequest(user_id=user_id)


class GrpcCommunitiesExport(_GrpcSource):
    name = "communities"
    FILES = {"memberships_json": "memberships.json", "events_json": "events.json"}

    def _stub(self, channel):
        return communities_pb2_grpc.CommunitiesInternalServiceStub(channel)

    def _request(self, user_id):
        return communities_pb2.ExportUserDataRequest(user_id=user_id)


class GrpcFeedExport(_GrpcSource):
    name = "feed"
    FILES = {
        "notification_preferences_json": "notification_preferences.json",
        "recognition_json": "recognition.json",
        "lists_json": "lists.json",
    }

    def _stub(self, channel):
        return feed_pb2_grpc.FeedInternalServiceStub(channel)

    def _request(self, user_id):
        return feed_pb2.ExportUserDataRequest(user_id=user_id)


class GrpcMessagingExport(_GrpcSource):
    name = "messaging"
    FILES = {
        "conversations_json": "conversations.json",
        "messages_json": "messages.json",
        "message_reactions_json": "message_reactions.json",
    }

    def _stub(self, channel):
        return messaging_pb2_grpc.MessagingInternalServiceStub(channel)

    def _request(self, user_id):
        return messaging_pb2.ExportUserDataRequest(user_id=user_id)
