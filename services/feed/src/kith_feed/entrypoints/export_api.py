"""FeedInternalService: what the feed API answers other services (the data export's part)."""

from __future__ import annotations

from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith_feed.service_layer.exports import FeedExports


class FeedInternalServicer(feed_pb2_grpc.FeedInternalServiceServicer):
    def __init__(self, exports: FeedExports) -> None:
        self.exports = exports

    async def ExportUserData(self, request, context):
        files = await self.exports.export(request.user_id)
        return feed_pb2.ExportUserDataResponse(
            notification_preferences_json=files["notification_preferences.json"],
            recognition_json=files["recognition.json"],
        )
