"""The data export RPCs of IdentityService (mixed into IdentityServicer): messages to calls and back."""

from __future__ import annotations

from kith.identity.v1 import identity_pb2
from kith_identity.domain.exports import DataExport, ExportStatus
from kith_identity.service_layer.exports import DataExportHandlers
from kith_platform.auth import caller_id
from kith_platform.errors import Unavailable
from kith_platform.events import timestamp

STATUS_TO_PROTO = {
    ExportStatus.PENDING: identity_pb2.DATA_EXPORT_STATUS_PENDING,
    ExportStatus.BUILDING: identity_pb2.DATA_EXPORT_STATUS_BUILDING,
    ExportStatus.READY: identity_pb2.DATA_EXPORT_STATUS_READY,
    ExportStatus.FAILED: identity_pb2.DATA_EXPORT_STATUS_FAILED,
}


def data_export_message(export: DataExport) -> identity_pb2.DataExport:
    message = identity_pb2.DataExport(
        export_id=export.export_id,
        status=STATUS_TO_PROTO[export.status],
        requested_at=timestamp(export.requested_at),
        size_bytes=export.size_bytes,
        sha256=export.sha256,
        next_request_allowed_at=timestamp(export.next_request_allowed_at),
    )
    if export.ready_at is not None:
        message.ready_at.CopyFrom(timestamp(export.ready_at))
    if export.expires_at is not None and export.status is ExportStatus.READY:
        message.expires_at.CopyFrom(timestamp(export.expires_at))
    return message


class DataExportRpcs:
    """RequestDataExport, GetDataExport and DownloadDataExport; the servicer sets `exports`."""

    exports: DataExportHandlers | None = None

    def _exports(self) -> DataExportHandlers:
        if self.exports is None:
            raise Unavailable("data exports are not served here")
        return self.exports

    async def RequestDataExport(self, request, context):
        export = await self._exports().request(caller_id(context))
        return identity_pb2.RequestDataExportResponse(data_export=data_export_message(export))

    async def GetDataExport(self, request, context):
        export = await self._exports().get(caller_id(context), request.export_id)
        return identity_pb2.GetDataExportResponse(data_export=data_export_message(export))

    async def DownloadDataExport(self, request, context):
        async for offset, size, chunk in self._exports().download(caller_id(context), request.export_id):
            yield identity_pb2.DownloadDataExportResponse(chunk=chunk, offset=offset, size_bytes=size)
