"""Bookmark use cases: save a post the caller may see (in a folder), take it out, list the saved
posts the caller may still see, list the folders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_content.domain import posts as rules
from kith_content.domain.bookmarks import validate_folder
from kith_content.domain.ports import ContentRepository
from kith_content.domain.posts import Post
from kith_content.service_layer.handlers import ContentHandlers, now, page_size_of
from kith_platform import cursors
from kith_platform.errors import NotFound
from kith_platform.ids import parse_uuid


@dataclass
class BookmarkHandlers:
    posts: ContentHandlers
    content: ContentRepository

    async def save(self, caller_id: str, post_id: str, folder: str) -> None:
        folder = validate_folder(folder)
        post = await self.posts.get(caller_id, post_id)  # NOT_FOUND for what the caller may not see
        rules.require_published(post.review, "post_id")  # held posts are read by id only
        await self.content.save_bookmark(caller_id, post.post_id, folder, now())

    async def remove(self, caller_id: str, post_id: str) -> None:
        if not await self.content.remove_bookmark(caller_id, parse_uuid(post_id, "post_id"), now()):
            raise NotFound("post_id: not in your bookmarks")

    async def page(
        self, caller_id: str, folder: str | None, size: int, cursor: str
    ) -> tuple[list[tuple[Post, str, datetime]], str]:
        folder = validate_folder(folder) if folder is not None else None
        size = page_size_of(size)
        rows = await self.content.bookmarks(caller_id, folder, size + 1, cursors.decode_at(cursor))
        page = rows[:size]
        hydrated = await self.posts.hydrate(caller_id, [p for p, _, _ in page])
        next_cursor = cursors.encode_at(page[-1][2], page[-1][0].post_id) if len(rows) > size else ""
        return [(p, f, at) for p, (_, f, at) in zip(hydrated, page, strict=True)], next_cursor

    async def folders(self, caller_id: str) -> list[tuple[str, int]]:
        return await self.content.bookmark_folders(caller_id)
