"""Content use cases: publish a post."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from kith_content.domain.ports import PostRepository
from kith_content.domain.posts import Audience, Post, validate_text


@dataclass(frozen=True)
class CreatePost:
    author_id: str
    text: str
    audience: Audience = Audience.PUBLIC


@dataclass
class ContentHandlers:
    posts: PostRepository

    async def create_post(self, cmd: CreatePost) -> Post:
        post = Post(
            post_id=str(uuid.uuid4()),
            author_id=cmd.author_id,
            text=validate_text(cmd.text),
            audience=cmd.audience,
            created_at=datetime.now(timezone.utc),
        )
        await self.posts.add(post)
        return post
