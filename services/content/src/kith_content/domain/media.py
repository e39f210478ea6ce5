"""Media rules: what an upload may be, how its chunks arrive, what processing makes of it and
where its files live in the object store (docs/media.md)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from kith_platform.errors import FailedPrecondition, InvalidArgument
from kith_platform.validation import check_text

SIZE_MAX = 20 * 1024 * 1024  # bytes of one upload
CHUNK_MAX = 1024 * 1024  # bytes of one chunk (well under the gateway's 4 MiB message limit)
ALT_MAX = 1500  # characters of alt text, as Mastodon allows
PIXELS_MAX = 40_000_000  # a picture's width x height: more is refused before it is decoded
ATTEMPTS_MAX = 5  # processing tries (a worker dying each time) before an upload is refused
# The formats taken, by what Pillow reads in the bytes (never by a name or a declared type).
FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Variants, by name, with the longest side they may have; none is larger than the picture.
VARIANTS = (("small", 400), ("medium", 1200), ("large", 2560))
_SHA256 = re.compile(r"[0-9a-f]{64}")


class UploadStatus(enum.Enum):
    RECEIVING = "receiving"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class Variant:
    name: str
    key: str  # the object's key in the bucket
    width: int
    height: int


@dataclass(frozen=True)
class Processed:
    """What processing made of an upload."""

    format: str
    width: int
    height: int
    blurhash: str
    variants: tuple[Variant, ...]


@dataclass(frozen=True)
class Upload:
    upload_id: str
    owner_id: str
    status: UploadStatus
    size_bytes: int
    received_bytes: int
    alt_text: str
    sha256: str
    created_at: datetime
    failure: str = ""
    chunks: tuple[str, ...] = ()  # the chunks' keys, in order
    processed: Processed | None = None
    post_id: str | None = None


class Rejected(Exception):
    """Processing refuses the upload; the message says why, to its uploader."""


def check_begin(size_bytes: int, alt_text: str, sha256: str) -> tuple[int, str, str]:
    if not 1 <= size_bytes <= SIZE_MAX:
        raise InvalidArgument("size_bytes", f"must be 1 to {SIZE_MAX} bytes")
    sha256 = sha256.strip().lower()
    if sha256 and not _SHA256.fullmatch(sha256):
        raise InvalidArgument("sha256", "must be 64 hex digits")
    return size_bytes, check_alt_text(alt_text), sha256


def check_alt_text(alt_text: str) -> str:
    return check_text(alt_text.strip(), "alt_text", max_length=ALT_MAX)


def chunk_is_new(upload: Upload, offset: int, length: int) -> bool:
    """Whether a chunk of `length` bytes at `offset` is to be appended (False: it arrived before,
    and is answered as it was). Raises for a chunk that does not fit."""
    if not 1 <= length <= CHUNK_MAX:
        raise InvalidArgument("data", f"must be 1 to {CHUNK_MAX} bytes")
    if offset < 0:
        raise InvalidArgument("offset", "must not be negative")
    if offset + length > upload.size_bytes:
        raise InvalidArgument("data", f"goes past the upload's size_bytes ({upload.size_bytes})")
    if offset + length <= upload.received_bytes:
        return False
    if offset != upload.received_bytes:
        raise FailedPrecondition(f"offset: the upload stands at {upload.received_bytes} bytes; send from there")
    if upload.status is not UploadStatus.RECEIVING:
        raise FailedPrecondition("upload_id: the upload is complete")
    return True


def check_complete(upload: Upload) -> None:
    if upload.received_bytes != upload.size_bytes:
        raise FailedPrecondition(
            f"upload_id: {upload.received_bytes} of {upload.size_bytes} bytes have arrived; send the rest first"
        )


def check_editable(upload: Upload) -> None:
    if upload.post_id is not None:
        raise FailedPrecondition("upload_id: the upload is attached to a post")


def attachable(upload: Upload) -> bool:
    return upload.status is UploadStatus.READY and upload.post_id is None


def variant_sizes(width: int, height: int) -> list[tuple[str, int, int]]:
    """(name, width, height) of each variant: each fits its longest side, none is upscaled, and a
    picture smaller than a variant's limit ends the list with its own size."""
    sizes = []
    longest = max(width, height)
    for name, limit in VARIANTS:
        scale = min(1.0, limit / longest)
        sizes.append((name, max(1, round(width * scale)), max(1, round(height * scale))))
        if longest <= limit:
            break
    return sizes


def chunk_key(upload_id: str, offset: int, digest: str) -> str:
    """A chunk's key names its bytes, so a chunk raced by a different one never overwrites it."""
    return f"uploads/{upload_id}/{offset:012d}-{digest[:16]}"


def chunks_prefix(upload_id: str) -> str:
    return f"uploads/{upload_id}/"


def variant_key(upload_id: str, name: str) -> str:
    """Processing again writes the same keys: a retried upload leaves one set of files."""
    return f"media/{upload_id}/{name}.webp"


def media_prefix(upload_id: str) -> str:
    return f"media/{upload_id}/"
