"""Media through the gateway: uploads in resumable chunks, processed by the media worker (type
from the bytes, metadata stripped, variants, blurhash), attached to posts and served by signed,
expiring URLs only to those who may see the post; files deleted with their post or upload."""

from __future__ import annotations

import hashlib
import io
import os
import random
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit, urlunsplit

import asyncpg
import grpc
import pytest
from PIL import Image

from kith.content.v1 import content_pb2 as P
from kith.content.v1 import media_pb2 as M
from kith.content.v1 import media_pb2_grpc
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith_platform.testing import expect_status, wait_until
from tests.integration.test_content import befriend

CONTENT_DSN = "postgresql://postgres@127.0.0.1:15432/content"
CHUNK = 256 * 1024
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 never through a proxy
TTL = int(os.environ.get("KITH_MEDIA_URL_TTL_SECONDS", "600"))


@pytest.fixture
def media(gateway_channel) -> media_pb2_grpc.MediaServiceStub:
    return media_pb2_grpc.MediaServiceStub(gateway_channel)


def photo(width: int = 1600, height: int = 1000) -> bytes:
    """A noisy JPEG (so it takes several chunks) with the EXIF a phone writes: orientation 6
    (rotated 90 degrees), the camera, and where it was taken."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to view
    exif[0x010F] = "KithCam"  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 18.0)})  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def http_get(url: str) -> tuple[int, bytes]:
    try:
        with HTTP.open(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


async def upload(media, person, data: bytes, *, alt: str = "", sha256: str = "") -> M.Upload:
    begun = await media.BeginUpload(
        M.BeginUploadRequest(size_bytes=len(data), alt_text=alt, sha256=sha256), metadata=person.auth
    )
    upload_id = begun.upload.upload_id
    for offset in range(0, len(data), CHUNK):
        await media.UploadChunk(
            M.UploadChunkRequest(upload_id=upload_id, offset=offset, data=data[offset : offset + CHUNK]),
            metadata=person.auth,
        )
    return (await media.CompleteUpload(M.CompleteUploadRequest(upload_id=upload_id), metadata=person.auth)).upload


async def processed(media, person, upload_id: str) -> M.Upload:
    async def done():
        got = (await media.GetUpload(M.GetUploadRequest(upload_id=upload_id), metadata=person.auth)).upload
        return got if got.status not in (M.UPLOAD_STATUS_RECEIVING, M.UPLOAD_STATUS_PROCESSING) else None

    return await wait_until(done, timeout=30, interval=0.2, what=f"upload {upload_id} processed")


async def test_a_picture_uploaded_in_chunks_is_stripped_resized_and_shown_only_to_who_may_see_its_post(api, media):
    author, friend, stranger = await api.sign_up("author"), await api.sign_up("friend"), await api.sign_up("stranger")
    await befriend(api, author, friend)
    data = photo()
    assert len(data) > 3 * CHUNK

    # Resumable: the upload says where it stands; a chunk sent again is taken once; a gap is refused.
    begun = await media.BeginUpload(
        M.BeginUploadRequest(size_bytes=len(data), alt_text="a grey cat on a wall"), metadata=author.auth
    )
    upload_id = begun.upload.upload_id
    assert begun.upload.status == M.UPLOAD_STATUS_RECEIVING and begun.upload.received_bytes == 0

    def chunk(offset: int) -> M.UploadChunkRequest:
        return M.UploadChunkRequest(upload_id=upload_id, offset=offset, data=data[offset : offset + CHUNK])

    assert (await media.UploadChunk(chunk(0), metadata=author.auth)).received_bytes == CHUNK
    assert (await media.UploadChunk(chunk(0), metadata=author.auth)).received_bytes == CHUNK  # the answer was lost
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION, media.UploadChunk(chunk(2 * CHUNK), metadata=author.auth), "offset"
    )
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        media.CompleteUpload(M.CompleteUploadRequest(upload_id=upload_id), metadata=author.auth),
        "upload_id",
    )
    resumed = await media.GetUpload(M.GetUploadRequest(upload_id=upload_id), metadata=author.auth)
    for offset in range(resumed.upload.received_bytes, len(data), CHUNK):
        await media.UploadChunk(chunk(offset), metadata=author.auth)
    await media.CompleteUpload(M.CompleteUploadRequest(upload_id=upload_id), metadata=author.auth)
    # Nobody else may see, complete or delete it.
    await expect_status(
        grpc.StatusCode.NOT_FOUND, media.GetUpload(M.GetUploadRequest(upload_id=upload_id), metadata=stranger.auth)
    )

    ready = await processed(media, author, upload_id)
    assert ready.status == M.UPLOAD_STATUS_READY, ready.failure
    picture = ready.media
    # The orientation is applied (the phone held it upright), the sizes follow, and a blurhash.
    assert (picture.width, picture.height) == (1000, 1600)
    assert [(v.name, v.width, v.height) for v in picture.variants] == [
        ("small", 250, 400),
        ("medium", 750, 1200),
        ("large", 1000, 1600),
    ]
    assert len(picture.blurhash) == 28  # 4 x 3 components: 6 characters, then 2 for each of 11 AC terms
    status, body = http_get(picture.variants[0].url)
    assert status == 200
    served = Image.open(io.BytesIO(body))
    assert served.format == "WEBP" and served.size == (250, 400)
    assert not served.getexif() and "exif" not in served.info and "icc_profile" not in served.info

    # Attached to a friends-only post: friends get working URLs, strangers nothing.
    post = (
        await api.content.CreatePost(
            P.CreatePostRequest(text="look", audience=P.AUDIENCE_FRIENDS, media=[P.Media(media_id=upload_id)]),
            metadata=author.auth,
        )
    ).post
    assert [(m.media_id, m.alt_text) for m in post.media] == [(upload_id, "a grey cat on a wall")]
    seen = (await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=friend.auth)).post
    url = seen.media[0].variants[1].url
    assert seen.media[0].url == seen.media[0].variants[-1].url
    assert http_get(url)[0] == 200
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == [str(TTL)]
    assert seen.media[0].url_expires_at.seconds > 0
    await expect_status(
        grpc.StatusCode.NOT_FOUND, api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=stranger.auth)
    )

    # The friend's home feed carries the picture too, signed for them.
    async def in_home():
        home = await api.feed.GetHomeFeed(F.GetHomeFeedRequest(), metadata=friend.auth)
        return next((i for i in home.items if i.post_id == post.post_id), None)

    item = await wait_until(in_home, timeout=20, what="the post in the friend's home feed")
    assert [(m.media_id, m.width, m.height, m.blurhash) for m in item.media] == [
        (upload_id, 1000, 1600, picture.blurhash)
    ]
    assert [v.name for v in item.media[0].variants] == ["small", "medium", "large"]
    assert http_get(item.media[0].variants[0].url)[0] == 200
    # The bucket is private: the object without a signature, or with another's, is refused.
    parts = urlsplit(url)
    assert http_get(urlunsplit(parts._replace(query="")))[0] == 403
    forged = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert http_get(forged)[0] == 403
    other_key = url.replace("/medium.webp", "/large.webp")  # a signature is for its object only
    assert http_get(other_key)[0] == 403

    # An upload goes to one post only.
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        api.content.CreatePost(
            P.CreatePostRequest(text="again", media=[P.Media(media_id=upload_id)]), metadata=author.auth
        ),
        "media.media_id",
    )
    attached = (await media.GetUpload(M.GetUploadRequest(upload_id=upload_id), metadata=author.auth)).upload
    assert attached.status == M.UPLOAD_STATUS_ATTACHED and attached.post_id == post.post_id

    # Deleting the post deletes the files: a URL given before stops working before it expires.
    await api.content.DeletePost(P.DeletePostRequest(post_id=post.post_id), metadata=author.auth)

    async def gone():
        return http_get(url)[0] == 404

    await wait_until(gone, timeout=30, interval=0.5, what="the deleted post's files deleted")


async def test_someone_else_may_not_attach_an_upload_and_a_block_hides_it(api, media):
    author, other = await api.sign_up("author"), await api.sign_up("other")
    up = await upload(media, author, photo(300, 200))
    await processed(media, author, up.upload_id)
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        api.content.CreatePost(P.CreatePostRequest(media=[P.Media(media_id=up.upload_id)]), metadata=other.auth),
        "media.media_id",
    )
    post = (
        await api.content.CreatePost(P.CreatePostRequest(media=[P.Media(media_id=up.upload_id)]), metadata=author.auth)
    ).post  # a picture needs no text
    seen = (await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=other.auth)).post
    assert [v.name for v in seen.media[0].variants] == ["small"]  # 300 px: one variant, not upscaled
    await api.graph.Block(G.BlockRequest(user_id=other.user_id), metadata=author.auth)
    await expect_status(
        grpc.StatusCode.NOT_FOUND, api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=other.auth)
    )


async def test_processing_refuses_what_is_not_a_picture_or_not_the_bytes_declared(api, media):
    person = await api.sign_up("uploader")
    text = b"#!/bin/sh\necho this is not a picture\n" * 10
    refused = await processed(media, person, (await upload(media, person, text)).upload_id)
    assert refused.status == M.UPLOAD_STATUS_FAILED and "not a picture" in refused.failure
    picture = photo(200, 200)
    wrong = hashlib.sha256(b"something else").hexdigest()
    refused = await processed(media, person, (await upload(media, person, picture, sha256=wrong)).upload_id)
    assert refused.status == M.UPLOAD_STATUS_FAILED and "SHA-256" in refused.failure
    right = hashlib.sha256(picture).hexdigest()
    ok = await processed(media, person, (await upload(media, person, picture, sha256=right)).upload_id)
    assert ok.status == M.UPLOAD_STATUS_READY
    # A refused upload cannot be attached.
    await expect_status(
        grpc.StatusCode.FAILED_PRECONDITION,
        api.content.CreatePost(P.CreatePostRequest(media=[P.Media(media_id=refused.upload_id)]), metadata=person.auth),
        "media.media_id",
    )


async def test_bad_input_names_the_field(api, media):
    person = await api.sign_up("uploader")

    async def refused(code, call, field):
        await expect_status(code, call, field)

    INVALID = grpc.StatusCode.INVALID_ARGUMENT
    await refused(INVALID, media.BeginUpload(M.BeginUploadRequest(size_bytes=0), metadata=person.auth), "size_bytes")
    await refused(
        INVALID, media.BeginUpload(M.BeginUploadRequest(size_bytes=21 * 2**20), metadata=person.auth), "size_bytes"
    )
    await refused(
        INVALID,
        media.BeginUpload(M.BeginUploadRequest(size_bytes=10, alt_text="x" * 1501), metadata=person.auth),
        "alt_text",
    )
    await refused(
        INVALID, media.BeginUpload(M.BeginUploadRequest(size_bytes=10, sha256="abc"), metadata=person.auth), "sha256"
    )
    begun = (await media.BeginUpload(M.BeginUploadRequest(size_bytes=10), metadata=person.auth)).upload
    await refused(
        INVALID,
        media.UploadChunk(
            M.UploadChunkRequest(upload_id=begun.upload_id, offset=0, data=b"x" * 11), metadata=person.auth
        ),
        "data",
    )
    await refused(
        INVALID,
        media.UploadChunk(M.UploadChunkRequest(upload_id=begun.upload_id, offset=0, data=b""), metadata=person.auth),
        "data",
    )
    await refused(
        INVALID, media.GetUpload(M.GetUploadRequest(upload_id="not-an-id"), metadata=person.auth), "upload_id"
    )
    await refused(
        INVALID,
        api.content.CreatePost(
            P.CreatePostRequest(media=[P.Media(media_id=begun.upload_id, url="https://example.org/x.png")]),
            metadata=person.auth,
        ),
        "media.url",
    )
    await refused(
        grpc.StatusCode.FAILED_PRECONDITION,
        api.content.CreatePost(P.CreatePostRequest(media=[P.Media(media_id=begun.upload_id)]), metadata=person.auth),
        "media.media_id",
    )
    await expect_status(grpc.StatusCode.UNAUTHENTICATED, media.BeginUpload(M.BeginUploadRequest(size_bytes=10)))


async def test_uploads_never_attached_are_deleted_unless_a_draft_names_them(api, media):
    person = await api.sign_up("uploader")
    kept, dropped, deleted = [await upload(media, person, photo(120, 80)) for _ in range(3)]
    for up in (kept, dropped, deleted):
        await processed(media, person, up.upload_id)
    urls = {
        up.upload_id: (await media.GetUpload(M.GetUploadRequest(upload_id=up.upload_id), metadata=person.auth))
        .upload.media.variants[0]
        .url
        for up in (kept, dropped, deleted)
    }
    assert all(http_get(u)[0] == 200 for u in urls.values())
    draft = (
        await api.content.SaveDraft(
            P.SaveDraftRequest(post=P.CreatePostRequest(media=[P.Media(media_id=kept.upload_id)])), metadata=person.auth
        )
    ).draft
    # The uploader deletes one; the other two are made a day and more old.
    await media.DeleteUpload(M.DeleteUploadRequest(upload_id=deleted.upload_id), metadata=person.auth)
    assert http_get(urls[deleted.upload_id])[0] == 404
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        media.GetUpload(M.GetUploadRequest(upload_id=deleted.upload_id), metadata=person.auth),
    )
    conn = await asyncpg.connect(CONTENT_DSN)
    try:
        await conn.execute(
            "UPDATE media SET created_at = created_at - interval '2 days' WHERE id = ANY($1::uuid[])",
            [kept.upload_id, dropped.upload_id],
        )
    finally:
        await conn.close()

    async def dropped_gone():
        # The sweep deletes the files, then the row in the same transaction: the row's absence
        # is the last step, so wait for it and then find the files gone too.
        try:
            await media.GetUpload(M.GetUploadRequest(upload_id=dropped.upload_id), metadata=person.auth)
        except grpc.aio.AioRpcError as exc:
            assert exc.code() == grpc.StatusCode.NOT_FOUND, exc
            return True
        return False

    await wait_until(dropped_gone, timeout=30, interval=0.5, what="the orphaned upload deleted")
    assert http_get(urls[dropped.upload_id])[0] == 404
    # The draft's upload stays, and publishing the draft attaches it.
    assert http_get(urls[kept.upload_id])[0] == 200
    post = (await api.content.PublishDraft(P.PublishDraftRequest(draft_id=draft.draft_id), metadata=person.auth)).post
    assert [m.media_id for m in post.media] == [kept.upload_id] and post.media[0].variants[0].url
