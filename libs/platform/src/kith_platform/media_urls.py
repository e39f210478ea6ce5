"""Signed, expiring URLs of uploaded media (docs/media.md), and attachments as readers get them.
Whoever calls `media_message` has checked that the reader may see the post: a signed URL is the
grant. Content signs them for its reads, the feed for its items."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import botocore.session
from botocore.config import Config

from kith.content.v1 import content_pb2
from kith_platform.events import timestamp
from kith_platform.settings import MediaUrlSettings

# (name, object key, width, height) of one variant.
VariantRef = tuple[str, str, int, int]


class SignedMediaUrls:
    """URLs signed for `media_url_ttl_seconds` with botocore's SigV4 query signing, on the public
    endpoint clients reach."""

    def __init__(self, settings: MediaUrlSettings) -> None:
        self.bucket, self.ttl = settings.s3_bucket, settings.media_url_ttl_seconds
        self.client = botocore.session.get_session().create_client(
            "s3",
            endpoint_url=settings.s3_public_endpoint or settings.s3_endpoint,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key or None,
            aws_secret_access_key=settings.s3_secret_key or None,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def url(self, key: str) -> str:
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=self.ttl
        )

    def expires_at(self) -> datetime:
        """When a URL signed now stops working."""
        return datetime.now(UTC) + timedelta(seconds=self.ttl)


def media_message(
    kind: content_pb2.MediaKind,
    url: str,
    alt_text: str,
    media_id: str,
    width: int,
    height: int,
    blurhash: str,
    variants: Iterable[VariantRef],
    urls: SignedMediaUrls | None,
) -> content_pb2.Media:
    """An attachment for a reader who may see it: a link as it is; an upload with each variant
    behind a URL signed now (its `url` the largest), or without URLs when `urls` is None."""
    message = content_pb2.Media(
        kind=content_pb2.MediaKind.ValueType(kind),
        url=url,
        alt_text=alt_text,
        media_id=media_id,
        width=width,
        height=height,
        blurhash=blurhash,
    )
    if media_id and urls is not None:
        message.variants.extend(
            content_pb2.MediaVariant(name=name, url=urls.url(key), width=w, height=h) for name, key, w, h in variants
        )
        if message.variants:
            message.url = message.variants[-1].url
            message.url_expires_at.CopyFrom(timestamp(urls.expires_at()))
    return message
