"""Pictures processed with Pillow: the format read from the bytes, a size limit checked before
decoding, the orientation applied and every piece of metadata (EXIF, GPS, XMP, ICC) left behind
by re-encoding the pixels alone as WebP variants; the blurhash from a small copy."""

from __future__ import annotations

import io
import warnings

import blurhash
from PIL import Image, ImageOps, UnidentifiedImageError

from kith_content.domain import media as rules
from kith_content.domain.media import Processed, Rejected, Variant
from kith_content.domain.ports import ImageProcessor

WEBP_QUALITY = 82
BLURHASH_SIDE = 64  # the blurhash is computed on a copy this small: the same hash, far less work
BLURHASH_COMPONENTS = (4, 3)


class PillowImages(ImageProcessor):
    def process(self, upload_id: str, data: bytes) -> tuple[Processed, dict[str, bytes]]:
        format_, picture = _decode(data)
        width, height = picture.size
        files, variants = {}, []
        for name, w, h in rules.variant_sizes(width, height):
            resized = picture if (w, h) == (width, height) else picture.resize((w, h), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4)  # no exif=, no icc_profile=: none written
            key = rules.variant_key(upload_id, name)
            files[key] = out.getvalue()
            variants.append(Variant(name, key, w, h))
        small = picture.convert("RGB")
        small.thumbnail((BLURHASH_SIDE, BLURHASH_SIDE))
        w, h = small.size
        pixels = small.load()
        rows = [[list(pixels[x, y]) for x in range(w)] for y in range(h)]
        hash_ = blurhash.encode(rows, *BLURHASH_COMPONENTS)
        return Processed(format_, width, height, hash_, tuple(variants)), files


def _decode(data: bytes) -> tuple[str, Image.Image]:
    """The format, and the first frame's pixels, upright, in RGB or RGBA; nothing else of the file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in rules.FORMATS:
                raise Rejected("not a picture Kith takes (JPEG, PNG, GIF or WebP)")
            width, height = image.size
            if width * height > rules.PIXELS_MAX:
                raise Rejected(f"too many pixels ({width}x{height}; at most {rules.PIXELS_MAX:,})")
            image.load()
            upright = ImageOps.exif_transpose(image)
    except UnidentifiedImageError:
        raise Rejected("not a picture Kith takes (JPEG, PNG, GIF or WebP)") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Rejected("the picture is damaged or cannot be read") from None
    mode = "RGBA" if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info else "RGB"
    # A new image from the pixels alone: no info, exif or palette metadata comes along.
    pixels = upright.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    return rules.FORMATS[image.format], clean
