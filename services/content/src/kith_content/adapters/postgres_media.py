"""PostgreSQL adapter of media uploads (MediaUploads): each change with its event (outbox); a
processed picture is kept as JSON (processed_json / processed_from_json), as posts keep it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import asyncpg

from kith.content.v1 import events_pb2
from kith_content.adapters import sql_media as sql
from kith_content.adapters.outbox_events import content_event
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.media import Processed, Upload, UploadStatus, Variant
from kith_content.domain.ports import MediaUploads
from kith_platform.errors import FailedPrecondition
from kith_platform.events import OutgoingEvent, timestamp
from kith_platform.outbox import add_to_postgres_outbox


def processed_json(p: Processed) -> dict[str, Any]:
    return {
        "format": p.format,
        "width": p.width,
        "height": p.height,
        "blurhash": p.blurhash,
        "variants": [{"name": v.name, "key": v.key, "width": v.width, "height": v.height} for v in p.variants],
    }


def processed_from_json(d: dict[str, Any]) -> Processed:
    return Processed(
        d["format"],
        d["width"],
        d["height"],
        d["blurhash"],
        tuple(Variant(v["name"], v["key"], v["width"], v["height"]) for v in d["variants"]),
    )


def _upload(row: asyncpg.Record) -> Upload:
    processed = row["processed"]
    return Upload(
        upload_id=str(row["id"]),
        owner_id=str(row["owner_id"]),
        status=UploadStatus(row["status"]),
        size_bytes=row["size_bytes"],
        received_bytes=row["received_bytes"],
        alt_text=row["alt_text"],
        sha256=row["sha256"],
        created_at=row["created_at"],
        failure=row["failure"],
        chunks=tuple(row["chunks"]),
        processed=processed_from_json(json.loads(processed)) if processed else None,
        post_id=str(row["post_id"]) if row["post_id"] else None,
    )


def _event(upload_id: str, at: datetime, payload) -> OutgoingEvent:
    """Media events are keyed by the upload (they go on the content topic)."""
    return content_event(upload_id, at, payload)


async def attach_media(conn: asyncpg.Connection, post_id: str, owner_id: str, ids: list[str], at: datetime) -> None:
    """In the post's transaction: the uploads become the post's, or the post is not written."""
    attached = await conn.fetch(sql.ATTACH, uuid.UUID(post_id), at, [uuid.UUID(i) for i in ids], uuid.UUID(owner_id))
    if len(attached) != len(set(ids)):
        raise FailedPrecondition("media.media_id: an upload is not ready, or is attached to another post")
    events = [
        _event(
            i, at, events_pb2.MediaAttached(media_id=i, owner_id=owner_id, post_id=post_id, attached_at=timestamp(at))
        )
        for i in dict.fromkeys(ids)
    ]
    await add_to_postgres_outbox(conn, events)


async def purge_media_of_post(conn: asyncpg.Connection, post_id: str) -> None:
    """In the deletion's transaction: the post's files go at the next cleanup."""
    await conn.execute(sql.PURGE_OF_POST, uuid.UUID(post_id))


async def purge_media_of_owner(conn: asyncpg.Connection, owner: uuid.UUID) -> None:
    await conn.execute(sql.PURGE_OF_OWNER, owner)


class PostgresMedia(PoolAdapter, MediaUploads):
    async def begin_upload(self, upload: Upload) -> None:
        await self.pool.execute(
            sql.BEGIN,
            uuid.UUID(upload.upload_id),
            uuid.UUID(upload.owner_id),
            upload.size_bytes,
            upload.sha256,
            upload.alt_text,
            upload.created_at,
        )

    async def upload(self, owner_id: str, upload_id: str) -> Upload | None:
        row = await self.pool.fetchrow(sql.UPLOAD, uuid.UUID(upload_id), uuid.UUID(owner_id))
        return None if row is None else _upload(row)

    async def append_chunk(self, upload: Upload, offset: int, length: int, key: str) -> int | None:
        return await self.pool.fetchval(sql.APPEND_CHUNK, uuid.UUID(upload.upload_id), offset, length, key)

    async def complete_upload(self, upload: Upload, at: datetime) -> bool:
        event = _event(
            upload.upload_id,
            at,
            events_pb2.MediaUploaded(
                media_id=upload.upload_id,
                owner_id=upload.owner_id,
                size_bytes=upload.size_bytes,
                uploaded_at=timestamp(at),
            ),
        )
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.COMPLETE, uuid.UUID(upload.upload_id), at) is None:
                return False
            await add_to_postgres_outbox(conn, [event])
        return True

    async def set_alt_text(self, upload: Upload, alt_text: str) -> bool:
        return await self.pool.fetchval(sql.SET_ALT_TEXT, uuid.UUID(upload.upload_id), alt_text) is not None

    async def claim_processing(self, now: datetime, lease_seconds: float, limit: int) -> list[tuple[Upload, int]]:
        rows = await self.pool.fetch(sql.CLAIM_PROCESSING, now, lease_seconds, limit)
        return [(_upload(r), r["claims"]) for r in rows]

    async def finish_processing(self, upload: Upload, processed: Processed, at: datetime) -> bool:
        event = _event(
            upload.upload_id,
            at,
            events_pb2.MediaProcessed(
                media_id=upload.upload_id,
                owner_id=upload.owner_id,
                format=processed.format,
                width=processed.width,
                height=processed.height,
                variants=[v.name for v in processed.variants],
                processed_at=timestamp(at),
            ),
        )
        async with self.pool.acquire() as conn, conn.transaction():
            finished = await conn.fetchval(
                sql.FINISH, uuid.UUID(upload.upload_id), json.dumps(processed_json(processed)), at
            )
            if finished is None:
                return False
            await add_to_postgres_outbox(conn, [event])
        return True

    async def reject(self, upload: Upload, reason: str, at: datetime) -> bool:
        event = _event(
            upload.upload_id,
            at,
            events_pb2.MediaRejected(
                media_id=upload.upload_id, owner_id=upload.owner_id, reason=reason, rejected_at=timestamp(at)
            ),
        )
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.REJECT, uuid.UUID(upload.upload_id), reason, at) is None:
                return False
            await add_to_postgres_outbox(conn, [event])
        return True

    async def chunks_left(self, limit: int) -> list[str]:
        return [str(r["id"]) for r in await self.pool.fetch(sql.CHUNKS_LEFT, limit)]

    async def forget_chunks(self, upload_id: str) -> None:
        await self.pool.execute(sql.FORGET_CHUNKS, uuid.UUID(upload_id))

    async def attachable_media(self, owner_id: str, upload_ids: list[str]) -> dict[str, Upload]:
        rows = await self.pool.fetch(sql.ATTACHABLE, [uuid.UUID(i) for i in upload_ids], uuid.UUID(owner_id))
        return {str(r["id"]): _upload(r) for r in rows}

    async def delete_uploads(
        self, delete_files: Callable[[str], Awaitable[None]], at: datetime, orphaned_before: datetime, limit: int
    ) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(sql.DUE_FOR_DELETION, orphaned_before, limit)
            for row in rows:
                await self._delete(conn, str(row["id"]), str(row["owner_id"]), row["reason"], delete_files, at)
        return len(rows)

    async def delete_upload(self, upload: Upload, delete_files: Callable[[str], Awaitable[None]], at: datetime) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            if await conn.fetchval(sql.LOCK_UNATTACHED, uuid.UUID(upload.upload_id)) is None:
                return False
            await self._delete(conn, upload.upload_id, upload.owner_id, "deleted", delete_files, at)
        return True

    @staticmethod
    async def _delete(
        conn: asyncpg.Connection,
        upload_id: str,
        owner_id: str,
        reason: str,
        delete_files: Callable[[str], Awaitable[None]],
        at: datetime,
    ) -> None:
        """The files first, under the row's lock: a crash leaves the row to try again."""
        await delete_files(upload_id)
        await conn.execute(sql.DELETE, uuid.UUID(upload_id))
        owner_id = "" if reason == "erased" else owner_id  # an erased person is named nowhere again
        event = events_pb2.MediaDeleted(media_id=upload_id, owner_id=owner_id, reason=reason, deleted_at=timestamp(at))
        await add_to_postgres_outbox(conn, [_event(upload_id, at, event)])
