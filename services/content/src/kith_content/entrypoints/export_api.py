"""ContentInternalService's ExportUserData (mixed into ContentInternalServicer)."""

from __future__ import annotations

from kith.content.v1 import content_pb2
from kith_content.service_layer.exports import ContentExports
from kith_platform.errors import Unavailable


class ExportRpc:
    """ExportUserData; the servicer sets `exports`."""

    exports: ContentExports | None = None

    async def ExportUserData(self, request, context):
        if self.exports is None:
            raise Unavailable("data exports are not served here")
        files = await self.exports.export(request.user_id)
        return content_pb2.ExportUserDataResponse(
            posts_json=files["posts.json"],
            comments_json=files["comments.json"],
            reactions_json=files["reactions.json"],
            votes_json=files["votes.json"],
            bookmarks_json=files["bookmarks.json"],
            drafts_json=files["drafts.json"],
            read_positions_json=files["read_positions.json"],
            media_json=files["media.json"],
        )
