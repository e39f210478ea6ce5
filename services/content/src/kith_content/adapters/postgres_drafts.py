"""PostgreSQL adapter of drafts and scheduled posts (Drafts); the post a draft asks for is kept as
JSON (to_json / from_json)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import asyncpg

from kith_content.adapters import sql_drafts as sql
from kith_content.adapters.postgres_rows import PoolAdapter
from kith_content.domain.drafts import Draft
from kith_content.domain.polls import NewPoll
from kith_content.domain.ports import Drafts
from kith_content.domain.posts import Audience, MediaKind, NewPost
from kith_platform.errors import NotFound


def to_json(new: NewPost) -> str:
    poll = new.poll
    return json.dumps(
        {
            "text": new.text,
            "audience": new.audience.value if new.audience else None,
            "community_id": new.community_id,
            "media": [[kind.value if kind else None, url, alt, media_id] for kind, url, alt, media_id in new.media],
            "link": new.link,
            "content_warning": new.content_warning,
            "poll": None
            if poll is None
            else {
                "options": list(poll.options),
                "multiple_choice": poll.multiple_choice,
                "closes_at": poll.closes_at.isoformat() if poll.closes_at else None,
            },
        }
    )


def from_json(value: str) -> NewPost:
    d: dict[str, Any] = json.loads(value)
    poll = d["poll"]
    return NewPost(
        text=d["text"],
        audience=Audience(d["audience"]) if d["audience"] else None,
        community_id=d["community_id"],
        # [kind, url, alt, media id]; drafts saved before uploads existed have no media id.
        media=tuple((MediaKind(m[0]) if m[0] else None, m[1], m[2], m[3] if len(m) > 3 else "") for m in d["media"]),
        link=d["link"],
        content_warning=d["content_warning"],
        poll=None
        if poll is None
        else NewPoll(
            tuple(poll["options"]),
            poll["multiple_choice"],
            datetime.fromisoformat(poll["closes_at"]) if poll["closes_at"] else None,
        ),
    )


def _draft(row: asyncpg.Record) -> Draft:
    return Draft(
        str(row["id"]),
        str(row["author_id"]),
        from_json(row["post"]),
        row["publish_at"],
        row["created_at"],
        row["updated_at"],
        row["failure"],
    )


class PostgresDrafts(PoolAdapter, Drafts):
    async def save_draft(self, draft: Draft) -> Draft:
        row = await self.pool.fetchrow(
            sql.SAVE,
            uuid.UUID(draft.draft_id),
            uuid.UUID(draft.author_id),
            to_json(draft.post),
            draft.publish_at,
            draft.updated_at,
        )
        if row is None:  # the id is someone else's draft
            raise NotFound("draft_id: no such draft")
        return _draft(row)

    async def draft(self, author_id: str, draft_id: str) -> Draft | None:
        row = await self.pool.fetchrow(sql.DRAFT, uuid.UUID(draft_id), uuid.UUID(author_id))
        return None if row is None else _draft(row)

    async def drafts(self, author_id: str, limit: int, offset: int) -> list[Draft]:
        return [_draft(r) for r in await self.pool.fetch(sql.DRAFTS, uuid.UUID(author_id), offset, limit)]

    async def delete_draft(self, author_id: str, draft_id: str) -> bool:
        return await self.pool.fetchval(sql.DELETE, uuid.UUID(draft_id), uuid.UUID(author_id)) is not None

    async def claim_due(self, now: datetime, lease_seconds: float, limit: int) -> list[Draft]:
        return [_draft(r) for r in await self.pool.fetch(sql.CLAIM_DUE, now, lease_seconds, limit)]

    async def fail_draft(self, draft_id: str, failure: str) -> None:
        await self.pool.execute(sql.FAIL, uuid.UUID(draft_id), failure[:500])
