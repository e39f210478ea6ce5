"""gRPC servicer of uploads (MediaService): requests to MediaHandlers, uploads to messages."""

from __future__ import annotations

from datetime import timedelta

from kith.content.v1 import media_pb2, media_pb2_grpc
from kith_content.domain.media import Upload, UploadStatus
from kith_content.domain.posts import uploaded_media
from kith_content.entrypoints.grpc_api import media_message
from kith_content.service_layer.media import MediaHandlers
from kith_platform.auth import caller_id
from kith_platform.events import timestamp
from kith_platform.media_urls import SignedMediaUrls

STATUS_TO_PROTO = {
    UploadStatus.RECEIVING: media_pb2.UPLOAD_STATUS_RECEIVING,
    UploadStatus.PROCESSING: media_pb2.UPLOAD_STATUS_PROCESSING,
    UploadStatus.READY: media_pb2.UPLOAD_STATUS_READY,
    UploadStatus.FAILED: media_pb2.UPLOAD_STATUS_FAILED,
}


def upload_message(upload: Upload, urls: SignedMediaUrls, orphan_after: timedelta) -> media_pb2.Upload:
    message = media_pb2.Upload(
        upload_id=upload.upload_id,
        status=media_pb2.UPLOAD_STATUS_ATTACHED if upload.post_id else STATUS_TO_PROTO[upload.status],
        size_bytes=upload.size_bytes,
        received_bytes=upload.received_bytes,
        alt_text=upload.alt_text,
        failure=upload.failure,
        created_at=timestamp(upload.created_at),
        post_id=upload.post_id or "",
    )
    if upload.post_id is None:
        message.expires_at.CopyFrom(timestamp(upload.created_at + orphan_after))
    if upload.processed is not None:
        media = uploaded_media(upload.upload_id, upload.alt_text, upload.processed)
        message.media.CopyFrom(media_message(media, urls))
    return message


class MediaServicer(media_pb2_grpc.MediaServiceServicer):
    def __init__(self, media: MediaHandlers, urls: SignedMediaUrls) -> None:
        self.media, self.urls = media, urls

    def _message(self, upload: Upload) -> media_pb2.Upload:
        return upload_message(upload, self.urls, self.media.orphan_after)

    async def BeginUpload(self, request, context):
        upload = await self.media.begin(caller_id(context), request.size_bytes, request.alt_text, request.sha256)
        return media_pb2.BeginUploadResponse(upload=self._message(upload))

    async def UploadChunk(self, request, context):
        received = await self.media.append(caller_id(context), request.upload_id, request.offset, request.data)
        return media_pb2.UploadChunkResponse(received_bytes=received)

    async def CompleteUpload(self, request, context):
        upload = await self.media.complete(caller_id(context), request.upload_id)
        return media_pb2.CompleteUploadResponse(upload=self._message(upload))

    async def GetUpload(self, request, context):
        upload = await self.media.get(caller_id(context), request.upload_id)
        return media_pb2.GetUploadResponse(upload=self._message(upload))

    async def UpdateUpload(self, request, context):
        upload = await self.media.update(caller_id(context), request.upload_id, request.alt_text)
        return media_pb2.UpdateUploadResponse(upload=self._message(upload))

    async def DeleteUpload(self, request, context):
        await self.media.delete(caller_id(context), request.upload_id)
        return media_pb2.DeleteUploadResponse()
