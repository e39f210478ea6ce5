"""Drafts and scheduled posts: what a draft holds and when it may be scheduled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_content.domain.posts import NewPost
from kith_platform.errors import InvalidArgument

LATEST = timedelta(days=365)


@dataclass(frozen=True)
class Draft:
    draft_id: str
    author_id: str
    post: NewPost
    publish_at: datetime | None
    created_at: datetime
    updated_at: datetime
    failure: str = ""


def validate_publish_at(publish_at: datetime | None, now: datetime) -> datetime | None:
    if publish_at is not None and not now < publish_at <= now + LATEST:
        raise InvalidArgument("publish_at", "must be in the future, within a year")
    return publish_at
