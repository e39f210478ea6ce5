"""Media uploads while the media worker is killed: each upload is processed exactly once.

Pictures are uploaded through the gateway and completed in a stream while the media worker is
killed with SIGKILL (KITH_FAULT_MEDIA_KILLS times, 6 by default) at random moments, mostly in the
middle of a picture; supervisord starts it again. A killed worker's claim runs out and another
start of it takes the upload over, writing the same files again. Afterwards:

- every upload is READY, with the variants its size calls for;
- exactly one MediaProcessed was published for each (however many times its work was begun),
  and none was refused;
- the bucket holds exactly each upload's variants, and none of its chunks.
"""

from __future__ import annotations

import asyncio
import io
import os
import random
import signal
import time
from collections import Counter

import asyncpg
import pytest
from aiobotocore.session import get_session
from PIL import Image

from kith.content.v1 import events_pb2, media_pb2_grpc
from kith.content.v1 import media_pb2 as M
from kith_platform.events import CONTENT_POSTS, unpack_payload
from kith_platform.testing import wait_until
from tests.faults.conftest import FIGURES, record
from tests.faults.events import end_offsets, events_since
from tests.faults.profile import figure, not_in_make_test
from tests.integration.feed_stream import topic_partitions
from tests.integration.processes import supervised_pid

pytestmark = not_in_make_test("the media worker killed while it processes uploads")
KILLS = int(figure("media_kills"))
UPLOADS = int(os.environ.get("KITH_FAULT_MEDIA_UPLOADS", "16"))
CHUNK = 512 * 1024
CONTENT_DSN = "postgresql://postgres@127.0.0.1:15432/content"
S3 = {
    "endpoint_url": os.environ.get("KITH_S3_ENDPOINT", "http://127.0.0.1:18333"),
    "region_name": os.environ.get("KITH_S3_REGION", "us-east-1"),
    "aws_access_key_id": os.environ.get("KITH_S3_ACCESS_KEY", "kith-local"),
    "aws_secret_access_key": os.environ.get("KITH_S3_SECRET_KEY", "kith-local-secret-not-for-production"),
}
BUCKET = os.environ.get("KITH_S3_BUCKET", "kith-media")


def picture(rng: random.Random) -> bytes:
    """A noisy JPEG of 2 to 6 megapixels: a few hundred milliseconds of the worker's time."""
    width, height = rng.randint(1600, 3000), rng.randint(1200, 2000)
    image = Image.frombytes("RGB", (width // 8, height // 8), rng.randbytes(width // 8 * (height // 8) * 3))
    out = io.BytesIO()
    image.resize((width, height)).save(out, "JPEG", quality=85)
    return out.getvalue()


async def _upload(media, person, data: bytes) -> str:
    begun = await media.BeginUpload(M.BeginUploadRequest(size_bytes=len(data)), metadata=person.auth)
    upload_id = begun.upload.upload_id
    for offset in range(0, len(data), CHUNK):
        await media.UploadChunk(
            M.UploadChunkRequest(upload_id=upload_id, offset=offset, data=data[offset : offset + CHUNK]),
            metadata=person.auth,
        )
    await media.CompleteUpload(M.CompleteUploadRequest(upload_id=upload_id), metadata=person.auth)
    return upload_id


async def _kill_the_worker(rng: random.Random, kills: Counter, done: asyncio.Event, ids: list[str]) -> None:
    """Kill the media worker KILLS times, each time while it holds a claim on one of this test's
    uploads, that is, in the middle of a picture (a few hundred milliseconds of work). A claim
    counts only if it was made after the last kill: the killed worker's own claims stay in the
    table until their lease runs out."""
    conn = await asyncpg.connect(CONTENT_DSN)
    claimed_before: set[tuple[str, int]] = set()  # (upload, claims) held when the worker was last killed

    async def held_claims() -> set[tuple[str, int]]:
        rows = await conn.fetch(
            "SELECT id::text, claims FROM media WHERE id = ANY($1::uuid[])"
            " AND status = 'processing' AND claimed_until > now()",
            list(ids),
        )
        return {(r["id"], r["claims"]) for r in rows}

    try:
        while kills["media worker SIGKILL"] < KILLS and not done.is_set():
            pid = await wait_until(
                lambda: asyncio.to_thread(supervised_pid, "services:media-worker"),
                timeout=60,
                interval=0.1,
                what="supervisord to start the media worker again",
            )
            while not done.is_set() and not (await held_claims() - claimed_before):
                await asyncio.sleep(0.05)
            if done.is_set():
                return
            await asyncio.sleep(rng.uniform(0.0, 0.15))
            claimed_before = await held_claims()
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            kills["media worker SIGKILL"] += 1
    finally:
        await conn.close()


@pytest.fixture(scope="module")
async def media_run(api, gateway_channel):
    rng = random.Random(int(os.environ.get("KITH_FAULT_SEED", "20261205")))
    media = media_pb2_grpc.MediaServiceStub(gateway_channel)
    person = await api.sign_up("fm")
    start = await end_offsets([CONTENT_POSTS])
    assert await topic_partitions([CONTENT_POSTS])
    kills: Counter = Counter()
    done = asyncio.Event()
    started = time.monotonic()
    ids: list[str] = []
    killer = asyncio.create_task(_kill_the_worker(rng, kills, done, ids))
    for _ in range(UPLOADS):
        ids.append(await _upload(media, person, picture(rng)))
        await asyncio.sleep(rng.uniform(0.1, 0.5))

    async def all_processed():
        for upload_id in ids:
            got = await media.GetUpload(M.GetUploadRequest(upload_id=upload_id), metadata=person.auth)
            if got.upload.status in (M.UPLOAD_STATUS_RECEIVING, M.UPLOAD_STATUS_PROCESSING):
                return None
        return True

    try:
        await wait_until(all_processed, timeout=300, interval=1, what="every upload processed")
    finally:
        done.set()
        await killer
    took = time.monotonic() - started
    uploads = {i: (await media.GetUpload(M.GetUploadRequest(upload_id=i), metadata=person.auth)).upload for i in ids}
    conn = await asyncpg.connect(CONTENT_DSN)
    try:
        claims = dict(await conn.fetch("SELECT id::text, claims FROM media WHERE id = ANY($1::uuid[])", ids))
    finally:
        await conn.close()

    async def published():
        events = await events_since(start)
        processed: dict[str, set[str]] = {}
        for envelope in events:
            payload = unpack_payload(envelope)
            if isinstance(payload, events_pb2.MediaProcessed | events_pb2.MediaRejected):
                processed.setdefault(payload.media_id, set()).add(envelope.event_id)
        return processed if set(processed) >= set(ids) else None

    events = await wait_until(published, timeout=60, interval=1, what="every MediaProcessed published")
    session = get_session()
    async with session.create_client("s3", **S3) as s3:
        objects = {}
        for i in ids:
            listed = await s3.list_objects_v2(Bucket=BUCKET, Prefix=f"media/{i}/")
            chunks = await s3.list_objects_v2(Bucket=BUCKET, Prefix=f"uploads/{i}/")
            objects[i] = (sorted(o["Key"] for o in listed.get("Contents", ())), chunks.get("KeyCount", 0))
    retried = sum(1 for n in claims.values() if n > 1)
    FIGURES.append(
        f"media: {len(ids)} uploads, {kills['media worker SIGKILL']} media worker kills, {retried} uploads "
        f"taken over after a kill, processed once each: "
        f"{sum(1 for i in ids if len(events.get(i, ())) == 1)}/{len(ids)}, in {took:.0f} s"
    )
    record(
        "media",
        seconds=round(took, 1),
        faults=dict(kills),
        writes_acknowledged={"upload": len(ids)},
        uploads_taken_over_after_a_kill=retried,
        lost=sum(1 for i in ids if not events.get(i)),
        duplicated=sum(len(events.get(i, ())) - 1 for i in ids if events.get(i)),
    )
    return ids, uploads, events, objects, claims, kills


async def test_the_worker_was_killed_while_processing(media_run):
    ids, _, _, _, claims, kills = media_run
    assert kills["media worker SIGKILL"] == KILLS
    assert sum(1 for n in claims.values() if n > 1) >= 1, "no kill interrupted a picture: the test proved nothing"


async def test_every_upload_was_processed_exactly_once(media_run):
    ids, uploads, events, objects, _, _ = media_run
    not_ready = {i: (u.status, u.failure) for i, u in uploads.items() if u.status != M.UPLOAD_STATUS_READY}
    assert not not_ready
    announced = {i: len(events.get(i, ())) for i in ids}
    assert announced == dict.fromkeys(ids, 1), "MediaProcessed per upload (distinct events)"
    for i in ids:
        keys, chunks_left = objects[i]
        assert keys == sorted(f"media/{i}/{v.name}.webp" for v in uploads[i].media.variants)
        assert chunks_left == 0
