"""Post rules: text limits and audiences."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from kith_platform.errors import InvalidArgument
from kith_platform.validation import check_text

TEXT_MAX = 5000


class Audience(enum.Enum):
    PUBLIC = "public"


@dataclass(frozen=True)
class Post:
    post_id: str
    author_id: str
    text: str
    audience: Audience
    created_at: datetime


def validate_text(text: str) -> str:
    if not text.strip():
        raise InvalidArgument("text", "is required")
    if len(text) > TEXT_MAX:
        raise InvalidArgument("text", f"must be at most {TEXT_MAX} characters (got {len(text)})")
    return check_text(text.strip(), "text", max_length=TEXT_MAX, multiline=True)
