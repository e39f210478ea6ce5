"""GraphInternalService's ExportUserData (mixed into GraphInternalServicer)."""

from __future__ import annotations

from kith.graph.v1 import graph_pb2
from kith_graph.service_layer.exports import GraphExports
from kith_platform.errors import Unavailable


class ExportRpc:
    """ExportUserData; the servicer sets `exports`."""

    exports: GraphExports | None = None

    async def ExportUserData(self, request, context):
        if self.exports is None:
            raise Unavailable("data exports are not served here")
        return graph_pb2.ExportUserDataResponse(connections_json=await self.exports.export(request.user_id))
