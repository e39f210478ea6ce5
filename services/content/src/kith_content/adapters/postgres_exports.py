"""What the content service holds of one person, for their data export (read-only SQL constants
and the adapter that runs them in one snapshot)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from kith_content.adapters import sql_bookmarks, sql_comment_edits, sql_drafts, sql_media, sql_unread

# Everything the person wrote, deleted, removed and held content included (it is theirs).
EXPORT_POSTS = """
SELECT id, text, audience, community_id, members_only, media, link, hashtags, mention_ids, shared_post_id,
       created_at, edited_at, deleted_at, removed_at, review, review_note, comment_count, share_count
FROM posts WHERE author_id = $1
ORDER BY created_at, id
"""
# Each row is an earlier version of a post: its text until `replaced_at`.
EXPORT_POST_EDITS = """
SELECT e.post_id, e.text, e.replaced_at
FROM post_edits e JOIN posts p ON p.id = e.post_id
WHERE p.author_id = $1
ORDER BY e.post_id, e.id
"""
EXPORT_COMMENTS = """
SELECT id, post_id, parent_id, text, depth, mention_ids, created_at, deleted_at, removed_at, review, review_note,
       reply_count, reaction_count
FROM comments WHERE author_id = $1
ORDER BY created_at, id
"""
# The reactions the person gave (a target is a post when it is the post itself, else a comment).
EXPORT_REACTIONS = """
SELECT target_id, post_id, kind, reacted_at, target_id = post_id AS on_post
FROM reactions WHERE user_id = $1
ORDER BY reacted_at, target_id
"""

# The votes the person gave on community posts.
EXPORT_VOTES = "SELECT post_id, value, voted_at FROM post_votes WHERE user_id = $1 ORDER BY voted_at, post_id"
# Their answers to polls.
EXPORT_POLL_VOTES = """
SELECT v.post_id, v.choices, p.options, v.voted_at FROM poll_votes v JOIN polls p ON p.post_id = v.post_id
WHERE v.user_id = $1 ORDER BY v.voted_at, v.post_id
"""


class PostgresContentExport:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """posts, post_edits, comments, reactions and votes rows of the person, from one snapshot."""
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            posts = await conn.fetch(EXPORT_POSTS, user)
            edits = await conn.fetch(EXPORT_POST_EDITS, user)
            comments = await conn.fetch(EXPORT_COMMENTS, user)
            reactions = await conn.fetch(EXPORT_REACTIONS, user)
            votes = await conn.fetch(EXPORT_VOTES, user)
            poll_votes = await conn.fetch(EXPORT_POLL_VOTES, user)
            bookmarks = await conn.fetch(sql_bookmarks.EXPORT_BOOKMARKS, user)
            comment_edits = await conn.fetch(sql_comment_edits.EXPORT_EDITS, user)
            drafts = await conn.fetch(sql_drafts.EXPORT_DRAFTS, user)
            visits = await conn.fetch(sql_unread.EXPORT_VISITS, user)
            thread_reads = await conn.fetch(sql_unread.EXPORT_THREAD_READS, user)
            media = await conn.fetch(sql_media.EXPORT_MEDIA, user)
        return {
            "posts": [{**dict(r), "media": json.loads(r["media"])} for r in posts],
            "post_edits": [dict(r) for r in edits],
            "comments": [dict(r) for r in comments],
            "reactions": [dict(r) for r in reactions],
            "votes": [dict(r) for r in votes],
            "poll_votes": [dict(r) for r in poll_votes],
            "bookmarks": [dict(r) for r in bookmarks],
            "comment_edits": [dict(r) for r in comment_edits],
            "drafts": [{**dict(r), "post": json.loads(r["post"])} for r in drafts],
            "community_visits": [dict(r) for r in visits],
            "thread_reads": [dict(r) for r in thread_reads],
            "media": [{**dict(r), "processed": json.loads(r["processed"]) if r["processed"] else None} for r in media],
        }
