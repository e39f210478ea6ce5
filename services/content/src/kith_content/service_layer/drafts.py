"""Drafts and scheduled posts: save a post to publish later, list, delete, publish now; the timer
that publishes scheduled drafts when due. A draft is published once: the post takes the draft's
id and the transaction that writes it deletes the draft (Posts.add_post)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from kith_content.domain import posts as rules
from kith_content.domain.drafts import Draft, validate_publish_at
from kith_content.domain.ports import ContentRepository
from kith_content.domain.posts import NewPost, Post
from kith_content.service_layer.handlers import ContentHandlers, now, page_size_of
from kith_platform import cursors
from kith_platform.errors import DomainError, NotFound, Unavailable
from kith_platform.ids import parse_uuid

log = logging.getLogger("kith.content.drafts")
CLAIM_SECONDS = 60.0  # a replica that dies while publishing leaves the draft to another after this


@dataclass
class DraftHandlers:
    posts: ContentHandlers
    content: ContentRepository

    async def save(self, caller_id: str, draft_id: str, new: NewPost, publish_at: datetime | None) -> Draft:
        at = now()
        rules.check_new_post(new, at)
        draft = Draft(
            parse_uuid(draft_id, "draft_id") if draft_id else str(uuid.uuid4()),
            caller_id,
            new,
            validate_publish_at(publish_at, at),
            at,
            at,
        )
        return await self.content.save_draft(draft)

    async def page(self, caller_id: str, size: int, cursor: str) -> tuple[list[Draft], str]:
        size = page_size_of(size)
        decoded = cursors.decode(cursor, int)
        offset = decoded[0] if decoded else 0
        found = await self.content.drafts(caller_id, size + 1, offset)
        return found[:size], cursors.encode(offset + size) if len(found) > size else ""

    async def delete(self, caller_id: str, draft_id: str) -> None:
        if not await self.content.delete_draft(caller_id, parse_uuid(draft_id, "draft_id")):
            raise NotFound("draft_id: no such draft")

    async def publish(self, caller_id: str, draft_id: str) -> Post:
        draft = await self.content.draft(caller_id, parse_uuid(draft_id, "draft_id"))
        if draft is None:
            raise NotFound("draft_id: no such draft")
        post = await self.posts.create_post(caller_id, draft.post, draft_id=draft.draft_id)
        return (await self.posts.hydrate(caller_id, [post]))[0]

    async def publish_due(self, limit: int = 50) -> int:
        """Publish the scheduled drafts that are due (a background job in every replica: each
        draft is claimed by one, and published once)."""
        published = 0
        for draft in await self.content.claim_due(now(), CLAIM_SECONDS, limit):
            try:
                await self.posts.create_post(draft.author_id, draft.post, draft_id=draft.draft_id)
                published += 1
            except Unavailable:
                log.warning("a scheduled post waits: a service it needs did not answer")  # the claim runs out
            except NotFound as gone:
                if not gone.args[0].startswith("draft_id"):
                    await self.content.fail_draft(draft.draft_id, str(gone))
            except DomainError as refused:  # the author may no longer post there, ...
                await self.content.fail_draft(draft.draft_id, str(refused))
        return published
