"""CommunitiesInternalService's ExportUserData (mixed into CommunitiesInternalServicer)."""

from __future__ import annotations

from kith.communities.v1 import communities_pb2
from kith_communities.service_layer.exports import CommunitiesExports
from kith_platform.errors import Unavailable


class ExportRpc:
    """ExportUserData; the servicer sets `exports`."""

    exports: CommunitiesExports | None = None

    async def ExportUserData(self, request, context):
        if self.exports is None:
            raise Unavailable("data exports are not served here")
        files = await self.exports.export(request.user_id)
        return communities_pb2.ExportUserDataResponse(
            memberships_json=files["memberships.json"], events_json=files["events.json"]
        )
