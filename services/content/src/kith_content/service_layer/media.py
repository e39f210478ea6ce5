"""Media use cases: uploads in chunks (resumable), processing by the worker (each upload processed
once, however often a worker dies on it), cleanup of what is not used, and the media a new post
takes (docs/media.md)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kith_content.domain import media as rules
from kith_content.domain.media import Rejected, Upload, UploadStatus
from kith_content.domain.ports import ImageProcessor, MediaUploads, ObjectStore
from kith_content.domain.posts import Media, uploaded_media
from kith_content.metrics import MEDIA_DELETED, MEDIA_PROCESSED, MEDIA_PROCESSING_SECONDS
from kith_platform.errors import FailedPrecondition, NotFound
from kith_platform.ids import parse_uuid

log = logging.getLogger("kith.content.media")
CLAIM_BATCH = 2  # uploads a worker takes at a time (the work is CPU-bound)
CLEANUP_BATCH = 50


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class MediaHandlers:
    uploads: MediaUploads
    objects: ObjectStore
    images: ImageProcessor | None = None  # the worker's; the API never processes
    orphan_after: timedelta = timedelta(days=1)
    lease_seconds: float = 30.0

    # The uploader ---------------------------------------------------------------------------

    async def begin(self, owner_id: str, size_bytes: int, alt_text: str, sha256: str) -> Upload:
        size_bytes, alt_text, sha256 = rules.check_begin(size_bytes, alt_text, sha256)
        upload = Upload(
            upload_id=str(uuid.uuid4()),
            owner_id=owner_id,
            status=UploadStatus.RECEIVING,
            size_bytes=size_bytes,
            received_bytes=0,
            alt_text=alt_text,
            sha256=sha256,
            created_at=now(),
        )
        await self.uploads.begin_upload(upload)
        return upload

    async def get(self, owner_id: str, upload_id: str) -> Upload:
        upload = await self.uploads.upload(owner_id, parse_uuid(upload_id, "upload_id"))
        if upload is None:
            raise NotFound("upload_id: no such upload")
        return upload

    async def append(self, owner_id: str, upload_id: str, offset: int, data: bytes) -> int:
        """The bytes received once the chunk is in (a chunk that arrived before changes nothing)."""
        upload = await self.get(owner_id, upload_id)
        if not rules.chunk_is_new(upload, offset, len(data)):
            return upload.received_bytes
        key = rules.chunk_key(upload.upload_id, offset, hashlib.sha256(data).hexdigest())
        await self.objects.put(key, data, "application/octet-stream")
        received = await self.uploads.append_chunk(upload, offset, len(data), key)
        if received is not None:
            return received
        # Another request moved the upload meanwhile (the same chunk sent twice at once): answer
        # as for a chunk that arrived before, or say where it stands.
        upload = await self.get(owner_id, upload_id)
        rules.chunk_is_new(upload, offset, len(data))
        return upload.received_bytes

    async def complete(self, owner_id: str, upload_id: str) -> Upload:
        upload = await self.get(owner_id, upload_id)
        if upload.status is UploadStatus.RECEIVING:
            rules.check_complete(upload)
            await self.uploads.complete_upload(upload, now())
            upload = await self.get(owner_id, upload_id)
        return upload  # completed before: answered as it stands

    async def update(self, owner_id: str, upload_id: str, alt_text: str) -> Upload:
        upload = await self.get(owner_id, upload_id)
        rules.check_editable(upload)
        if not await self.uploads.set_alt_text(upload, rules.check_alt_text(alt_text)):
            raise FailedPrecondition("upload_id: the upload is attached to a post")
        return await self.get(owner_id, upload_id)

    async def delete(self, owner_id: str, upload_id: str) -> None:
        upload = await self.get(owner_id, upload_id)
        rules.check_editable(upload)
        if not await self.uploads.delete_upload(upload, self._delete_files, now()):
            raise FailedPrecondition("upload_id: the upload is attached to a post")

    # A new post -----------------------------------------------------------------------------

    async def attachments(self, owner_id: str, media: tuple[Media, ...]) -> tuple[Media, ...]:
        """The post's media with each upload named filled in from what processing made of it;
        the post's transaction attaches them (and fails if one was taken meanwhile)."""
        ids = [parse_uuid(m.media_id, "media.media_id") for m in media if m.media_id]
        if not ids:
            return media
        if len(set(ids)) != len(ids):
            raise FailedPrecondition("media.media_id: an upload is named twice")
        found = await self.uploads.attachable_media(owner_id, ids)
        filled = []
        for m in media:
            if not m.media_id:
                filled.append(m)
                continue
            upload = found.get(m.media_id)
            if upload is None or upload.processed is None:
                raise FailedPrecondition(f"media.media_id: upload {m.media_id} is not ready, or is not yours to attach")
            filled.append(uploaded_media(upload.upload_id, m.alt_text or upload.alt_text, upload.processed))
        return tuple(filled)

    # The worker -----------------------------------------------------------------------------

    async def process_due(self) -> int:
        """Process the uploads waiting (each claimed for a while; a worker killed mid-way leaves
        the claim to run out and another to start again, writing the same files). How many."""
        claimed = await self.uploads.claim_processing(now(), self.lease_seconds, CLAIM_BATCH)
        for upload, claims in claimed:
            await self._process(upload, claims)
        return len(claimed)

    async def _process(self, upload: Upload, claims: int) -> None:
        if claims > rules.ATTEMPTS_MAX:
            await self.uploads.reject(upload, "could not be processed", now())
            return
        assert self.images is not None, "only the media worker processes"
        started = time.perf_counter()
        data = b"".join([await self.objects.get(key) for key in upload.chunks])
        try:
            if len(data) != upload.size_bytes:
                raise Rejected("the upload's bytes are not all there")
            if upload.sha256 and hashlib.sha256(data).hexdigest() != upload.sha256:
                raise Rejected("the bytes are not those of the SHA-256 declared")
            processed, files = await asyncio.to_thread(self.images.process, upload.upload_id, data)
        except Rejected as refusal:
            refused = await self.uploads.reject(upload, str(refusal), now())
            if refused:
                log.info("upload refused", extra={"upload_id": upload.upload_id, "reason": str(refusal)})
            MEDIA_PROCESSED.labels("rejected" if refused else "lost").inc()
            await self._drop_chunks(upload.upload_id)
            return
        for key, body in files.items():
            await self.objects.put(key, body, "image/webp")
        finished = await self.uploads.finish_processing(upload, processed, now())
        if finished:
            log.info("upload processed", extra={"upload_id": upload.upload_id, "claims": claims})
        MEDIA_PROCESSED.labels("ready" if finished else "lost").inc()
        MEDIA_PROCESSING_SECONDS.observe(time.perf_counter() - started)
        await self._drop_chunks(upload.upload_id)

    async def _drop_chunks(self, upload_id: str) -> None:
        await self.objects.delete_prefix(rules.chunks_prefix(upload_id))
        await self.uploads.forget_chunks(upload_id)

    # Cleanup (every replica of the worker may run it) ---------------------------------------

    async def clean_up(self) -> int:
        """Delete what is not used: uploads never attached in time, those of deleted posts and of
        erased uploaders, and the chunks a crash left after processing. How many uploads went."""
        for upload_id in await self.uploads.chunks_left(CLEANUP_BATCH):
            await self._drop_chunks(upload_id)
        at = now()
        deleted = await self.uploads.delete_uploads(self._delete_files, at, at - self.orphan_after, CLEANUP_BATCH)
        MEDIA_DELETED.inc(deleted)
        return deleted

    async def _delete_files(self, upload_id: str) -> None:
        await self.objects.delete_prefix(rules.chunks_prefix(upload_id))
        await self.objects.delete_prefix(rules.media_prefix(upload_id))
