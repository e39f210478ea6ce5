"""A post's attachments as its summary hash keeps them (field `media`: JSON, empty for none)."""

from __future__ import annotations

import json

from kith_feed.domain.model import Attachment


def attachments_json(media: tuple[Attachment, ...]) -> str:
    if not media:
        return ""
    return json.dumps(
        [[m.kind, m.url, m.alt_text, m.media_id, m.width, m.height, m.blurhash, list(m.variants)] for m in media],
        separators=(",", ":"),
    )


def attachments_from_json(value: str) -> tuple[Attachment, ...]:
    if not value:
        return ()
    return tuple(
        Attachment(kind, url, alt, media_id, width, height, blurhash, tuple(tuple(v) for v in variants))
        for kind, url, alt, media_id, width, height, blurhash, variants in json.loads(value)
    )
