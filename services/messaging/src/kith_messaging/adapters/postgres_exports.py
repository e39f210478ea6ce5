"""What messaging holds of one person, for their data export (read-only SQL constants and the
adapter that runs them in one snapshot)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

# Every conversation the person is or was in, whatever their state now (left, declined: it is
# theirs), with the one other person of a direct conversation.
EXPORT_CONVERSATIONS = """
SELECT c.id, c.kind, c.name, c.community_id, c.created_at,
       CASE WHEN c.kind = 'direct' THEN CASE WHEN c.user_a = m.user_id THEN c.user_b ELSE c.user_a END END
           AS with_user_id,
       m.state, m.admin, m.joined_at, m.state_at, m.last_read_seq, m.read_at
FROM members m JOIN conversations c ON c.id = m.conversation_id
WHERE m.user_id = $1
ORDER BY m.joined_at, c.id
"""
# The messages the person sent, deleted ones included (their text is gone with the delete).
EXPORT_MESSAGES = """
SELECT id, conversation_id, seq, text, reply_to, mention_ids, has_link, sent_at, edited_at, deleted_at
FROM messages WHERE sender_id = $1
ORDER BY sent_at, id
"""
# Each row is an earlier version of one of the person's messages: its text until `replaced_at`.
EXPORT_MESSAGE_EDITS = """
SELECT e.message_id, e.text, e.replaced_at
FROM message_edits e JOIN messages m ON m.id = e.message_id
WHERE m.sender_id = $1
ORDER BY e.message_id, e.id
"""
# The reactions the person gave, on anyone's messages.
EXPORT_REACTIONS = """
SELECT r.message_id, m.conversation_id, r.emoji, r.reacted_at
FROM reactions r JOIN messages m ON m.id = r.message_id
WHERE r.user_id = $1
ORDER BY r.reacted_at, r.message_id
"""
EXPORT_SETTINGS = "SELECT * FROM settings WHERE user_id = $1"


class PostgresMessagingExport:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """conversations, messages, message_edits, reactions and settings rows of the person,
        from one snapshot."""
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            found = {
                name: [dict(r) for r in await conn.fetch(query, user)]
                for name, query in (
                    ("conversations", EXPORT_CONVERSATIONS),
                    ("messages", EXPORT_MESSAGES),
                    ("message_edits", EXPORT_MESSAGE_EDITS),
                    ("reactions", EXPORT_REACTIONS),
                    ("settings", EXPORT_SETTINGS),
                )
            }
        return found
