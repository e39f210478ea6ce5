"""Media rules and processing without servers: chunks, limits, variant sizes, and what Pillow
makes of a picture (its type read from the bytes, its metadata gone, upright)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from kith_content.adapters.pillow_images import PillowImages
from kith_content.domain import media as rules
from kith_content.domain.media import Rejected, Upload, UploadStatus
from kith_platform.errors import FailedPrecondition, InvalidArgument


def _upload(size: int = 100, received: int = 0, status: UploadStatus = UploadStatus.RECEIVING) -> Upload:
    return Upload("u", "o", status, size, received, "", "", datetime(2026, 12, 5, tzinfo=UTC))


def test_a_chunk_is_appended_only_where_the_upload_stands():
    upload = _upload(size=100, received=40)
    assert rules.chunk_is_new(upload, 40, 30)
    assert not rules.chunk_is_new(upload, 0, 40)  # sent again after a lost answer: taken once
    assert not rules.chunk_is_new(upload, 10, 20)
    with pytest.raises(FailedPrecondition, match="offset: the upload stands at 40"):
        rules.chunk_is_new(upload, 50, 10)  # a gap
    with pytest.raises(FailedPrecondition, match="offset"):
        rules.chunk_is_new(upload, 30, 20)  # overlaps what arrived and what did not
    with pytest.raises(InvalidArgument, match="data"):
        rules.chunk_is_new(upload, 40, 61)  # past size_bytes
    with pytest.raises(InvalidArgument, match="data"):
        rules.chunk_is_new(upload, 40, 0)
    with pytest.raises(InvalidArgument, match="data"):
        rules.chunk_is_new(_upload(size=rules.SIZE_MAX), 0, rules.CHUNK_MAX + 1)
    with pytest.raises(FailedPrecondition, match="complete"):
        rules.chunk_is_new(_upload(size=100, received=40, status=UploadStatus.PROCESSING), 40, 10)


def test_an_upload_is_complete_when_every_byte_arrived():
    rules.check_complete(_upload(size=10, received=10))
    with pytest.raises(FailedPrecondition, match="4 of 10 bytes"):
        rules.check_complete(_upload(size=10, received=4))


@pytest.mark.parametrize(
    ("size", "alt", "sha", "field"),
    [
        (0, "", "", "size_bytes"),
        (rules.SIZE_MAX + 1, "", "", "size_bytes"),
        (1, "x" * 1501, "", "alt_text"),
        (1, "", "xyz", "sha256"),
    ],
)
def test_bad_uploads_name_the_field(size, alt, sha, field):
    with pytest.raises(InvalidArgument) as refused:
        rules.check_begin(size, alt, sha)
    assert refused.value.field == field


def test_variants_fit_their_limits_and_never_upscale():
    assert rules.variant_sizes(4000, 3000) == [("small", 400, 300), ("medium", 1200, 900), ("large", 2560, 1920)]
    assert rules.variant_sizes(1000, 1600) == [("small", 250, 400), ("medium", 750, 1200), ("large", 1000, 1600)]
    assert rules.variant_sizes(800, 600) == [("small", 400, 300), ("medium", 800, 600)]
    assert rules.variant_sizes(300, 200) == [("small", 300, 200)]
    assert rules.variant_sizes(5000, 1) == [("small", 400, 1), ("medium", 1200, 1), ("large", 2560, 1)]


def _jpeg_with_exif(width: int, height: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees to view
    exif[0x010F] = "KithCam"
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0)})
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_processing_strips_metadata_applies_the_orientation_and_names_the_files():
    processed, files = PillowImages().process("abc", _jpeg_with_exif(1500, 900))
    assert (processed.format, processed.width, processed.height) == ("jpeg", 900, 1500)
    assert [(v.name, v.key, v.width, v.height) for v in processed.variants] == [
        ("small", "media/abc/small.webp", 240, 400),
        ("medium", "media/abc/medium.webp", 720, 1200),
        ("large", "media/abc/large.webp", 900, 1500),
    ]
    assert set(files) == {v.key for v in processed.variants}
    for variant in processed.variants:
        image = Image.open(io.BytesIO(files[variant.key]))
        assert image.format == "WEBP" and image.size == (variant.width, variant.height)
        assert not image.getexif() and not {"exif", "icc_profile", "xmp"} & set(image.info)
    assert len(processed.blurhash) == 28


def test_transparency_is_kept():
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, "PNG")
    processed, files = PillowImages().process("t", out.getvalue())
    assert processed.format == "png"
    assert Image.open(io.BytesIO(files["media/t/small.webp"])).mode == "RGBA"


def test_what_is_not_a_picture_kith_takes_is_refused():
    with pytest.raises(Rejected, match="not a picture"):
        PillowImages().process("x", b"%PDF-1.7 not a picture")
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "BMP")  # a picture, but not a format Kith takes
    with pytest.raises(Rejected, match="not a picture"):
        PillowImages().process("x", out.getvalue())
    with pytest.raises(Rejected, match="damaged"):
        PillowImages().process("x", _jpeg_with_exif(100, 100)[:400])


def test_too_many_pixels_are_refused_before_decoding():
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(Rejected, match="too many pixels"):
        PillowImages().process("x", out.getvalue())
