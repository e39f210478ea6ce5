"""What the content adapters share: the pool they run on, and rows read back as domain objects."""

from __future__ import annotations

import json
import uuid

import asyncpg

from kith_content.domain.media import Variant
from kith_content.domain.posts import Audience, Comment, Feature, Media, MediaKind, Post
from kith_content.domain.review import ReviewState


class PoolAdapter:
    """An adapter over the service's PostgreSQL pool."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool


def uuid_or_none(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _ids(values) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


def _review(value: str | None) -> ReviewState | None:
    return ReviewState(value) if value else None


def media_json(media: tuple[Media, ...]) -> str:
    """A post's media as its row keeps them: an upload with what processing made of it."""
    return json.dumps(
        [
            {"kind": m.kind.value, "url": m.url, "alt": m.alt_text}
            if not m.media_id
            else {
                "kind": m.kind.value,
                "url": "",
                "alt": m.alt_text,
                "id": m.media_id,
                "width": m.width,
                "height": m.height,
                "blurhash": m.blurhash,
                "variants": [{"name": v.name, "key": v.key, "width": v.width, "height": v.height} for v in m.variants],
            }
            for m in media
        ]
    )


def _media(m: dict) -> Media:
    if "id" not in m:
        return Media(MediaKind(m["kind"]), m["url"], m.get("alt", ""))
    variants = tuple(Variant(v["name"], v["key"], v["width"], v["height"]) for v in m["variants"])
    return Media(MediaKind(m["kind"]), "", m["alt"], m["id"], m["width"], m["height"], m["blurhash"], variants)


def post_from_row(row: asyncpg.Record) -> Post:
    return Post(
        post_id=str(row["id"]),
        author_id=str(row["author_id"]),
        text=row["text"],
        audience=Audience(row["audience"]),
        created_at=row["created_at"],
        community_id=str(row["community_id"]) if row["community_id"] else None,
        members_only=row["members_only"],
        media=tuple(_media(m) for m in json.loads(row["media"])),
        link=row["link"],
        hashtags=tuple(row["hashtags"]),
        mention_ids=_ids(row["mention_ids"]),
        shared_post_id=str(row["shared_post_id"]) if row["shared_post_id"] else None,
        edited_at=row["edited_at"],
        comment_count=row["comment_count"],
        share_count=row["share_count"],
        review=_review(row["review"]),
        held_reason=row["held_reason"],
        review_note=row["review_note"],
        content_warning=row["content_warning"],
        upvotes=row["upvotes"],
        downvotes=row["downvotes"],
        feature=Feature(row["feature"]) if row["feature"] else None,
        has_poll=row["has_poll"],
    )


def comment_from_row(row: asyncpg.Record) -> Comment:
    return Comment(
        comment_id=str(row["id"]),
        post_id=str(row["post_id"]),
        parent_id=str(row["parent_id"]) if row["parent_id"] else None,
        author_id=str(row["author_id"]),
        text=row["text"],
        depth=row["depth"],
        created_at=row["created_at"],
        deleted=row["deleted"],
        reply_count=row["reply_count"],
        reaction_count=row["reaction_count"],
        mention_ids=_ids(row["mention_ids"]),
        review=_review(row["review"]),
        held_reason=row["held_reason"],
        review_note=row["review_note"],
        content_warning=row["content_warning"],
        edited_at=row["edited_at"],
    )
