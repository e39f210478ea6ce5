"""FeedInternalService: what the feed API answers other services (the data export's part, a
reader's filters)."""

from __future__ import annotations

from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith_feed.entrypoints.grpc_api import DISPLAYS_TO_PROTO, muted_word_message
from kith_feed.service_layer.exports import FeedExports
from kith_feed.service_layer.reading_filters import ReadingFilters
from kith_platform.ids import parse_uuid


class FeedInternalServicer(feed_pb2_grpc.FeedInternalServiceServicer):
    def __init__(self, exports: FeedExports, filters: ReadingFilters) -> None:
        self.exports = exports
        self.filters = filters

    async def GetReadingFilters(self, request, context):
        user_id = parse_uuid(request.user_id, "user_id")
        words, display = await self.filters.listed(user_id), await self.filters.content_warnings(user_id)
        return feed_pb2.GetReadingFiltersResponse(
            muted_words=[muted_word_message(w) for w in words], content_warnings=DISPLAYS_TO_PROTO[display]
        )

    async def ExportUserData(self, request, context):
        files = await self.exports.export(request.user_id)
        return feed_pb2.ExportUserDataResponse(
            notification_preferences_json=files["notification_preferences.json"],
            recognition_json=files["recognition.json"],
            lists_json=files["lists.json"],
        )
