"""Unread use cases: visit a community and ask what is new in the caller's communities; list the
threads they took part in with unread comments, ask about one, and mark one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_content.domain.posts import Post
from kith_content.domain.unread import (
    COUNT_MAX,
    CommunityUnread,
    ReadPosition,
    ReadPositions,
    ThreadUnread,
    community_ids,
)
from kith_content.service_layer.handlers import ContentHandlers, now, page_size_of
from kith_content.service_layer.threads import ThreadHandlers
from kith_platform import cursors
from kith_platform.errors import InvalidArgument, NotFound
from kith_platform.ids import parse_uuid


@dataclass
class UnreadHandlers:
    posts: ContentHandlers
    threads: ThreadHandlers
    positions: ReadPositions

    async def visit_community(self, caller_id: str, community_id: str) -> tuple[datetime | None, datetime]:
        """(the previous visit, this one). Tracking follows membership: any other community is
        NOT_FOUND, whether it exists or not (a hidden one's existence is not confirmed)."""
        visited = await self.positions.mark_visited(caller_id, parse_uuid(community_id, "community_id"), now())
        if visited is None:
            raise NotFound("community_id: not a community of yours")
        return visited

    async def communities(self, caller_id: str, ids: list[str]) -> list[CommunityUnread]:
        return await self.positions.community_unread(caller_id, community_ids(ids), COUNT_MAX)

    async def thread(self, caller_id: str, post_id: str) -> ThreadUnread:
        post = await self.posts.get(caller_id, post_id)  # NOT_FOUND for what the caller may not see
        return await self.positions.thread_unread(caller_id, post.post_id, COUNT_MAX)

    async def mark_thread_read(self, caller_id: str, post_id: str, up_to_comment_id: str) -> ThreadUnread:
        post = await self.posts.get(caller_id, post_id)
        position = ReadPosition(now())
        if up_to_comment_id:
            comment, _ = await self.threads.visible_comment(caller_id, up_to_comment_id, "up_to_comment_id")
            if comment.post_id != post.post_id:
                raise InvalidArgument("up_to_comment_id", "belongs to another post")
            position = ReadPosition(comment.created_at, comment.comment_id)
        await self.positions.mark_thread_read(caller_id, post.post_id, position, now())
        return await self.positions.thread_unread(caller_id, post.post_id, COUNT_MAX)

    async def unread_threads(
        self, caller_id: str, size: int, cursor: str
    ) -> tuple[list[tuple[ThreadUnread, Post]], str]:
        size = page_size_of(size)
        rows = await self.positions.unread_threads(caller_id, size + 1, cursors.decode_at(cursor), COUNT_MAX)
        page = rows[:size]
        last = page[-1] if page else None
        next_cursor = ""
        if len(rows) > size and last is not None and last.last_unread_at is not None:
            next_cursor = cursors.encode_at(last.last_unread_at, last.post_id)
        # The posts as the caller sees them now (one gone since the count is left out).
        posts = {p.post_id: p for p in await self.posts.batch(caller_id, [t.post_id for t in page])}
        return [(t, posts[t.post_id]) for t in page if t.post_id in posts], next_cursor
