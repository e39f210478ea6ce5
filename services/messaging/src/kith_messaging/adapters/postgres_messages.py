"""PostgreSQL reads of messages: a message the caller reads, pages, edits, reactions, read
receipts and search; and the live channel's reads (recipients and bodies, for a batch in two
statements). A base of PostgresMessagingRepository (postgres.py)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import replace

import asyncpg

from kith_messaging.adapters import sql, sql_messages
from kith_messaging.adapters.postgres_rows import message_from, optional_uuid
from kith_messaging.domain.conversations import Kind, State


class PostgresMessageReads:
    pool: asyncpg.Pool

    async def live_recipients(self, conversation_id, seq):
        rows = await self.pool.fetch(sql.LIVE_RECIPIENTS, uuid.UUID(conversation_id), seq)
        return [(str(r["user_id"]), State(r["state"])) for r in rows]

    async def message_by_id(self, message_id):
        row = await self.pool.fetchrow(sql_messages.MESSAGE_BY_ID, uuid.UUID(message_id))
        if row is None:
            return None
        counts = {r["emoji"]: r["n"] for r in await self.pool.fetch(sql_messages.REACTION_COUNTS, [row["id"]])}
        return replace(message_from(row), reactions=counts)

    async def live_batch(self, refs):
        message_ids = list(dict.fromkeys(uuid.UUID(m) for _, _, m in refs if m))
        async with self.pool.acquire() as conn:  # one connection, two statements for the whole batch
            rows = await conn.fetch(
                sql.LIVE_RECIPIENTS_MANY, [uuid.UUID(c) for c, _, _ in refs], [s for _, s, _ in refs]
            )
            found = await conn.fetch(sql_messages.MESSAGES_WITH_REACTIONS, message_ids) if message_ids else []
        recipients: dict[int, list[tuple[str, State]]] = defaultdict(list)
        for r in rows:
            recipients[r["i"]].append((str(r["user_id"]), State(r["state"])))
        messages = {
            str(r["id"]): replace(
                message_from(r), reactions=dict(zip(r["emojis"] or (), r["counts"] or (), strict=True))
            )
            for r in found
        }
        return [(recipients.get(i, []), messages.get(m) if m else None) for i, (_, _, m) in enumerate(refs, 1)]

    async def message_id_at(self, conversation_id, seq):
        found = await self.pool.fetchval(sql_messages.MESSAGE_ID_AT, uuid.UUID(conversation_id), seq)
        return str(found) if found else ""

    async def message(self, caller_id, message_id):
        row = await self.pool.fetchrow(sql_messages.READABLE_MESSAGE, uuid.UUID(caller_id), uuid.UUID(message_id))
        return None if row is None else (message_from(row), Kind(row["kind"]), row["caller_admin"])

    async def page(self, conversation_id, joined_seq, bound, forward, limit):
        query = sql_messages.FORWARD if forward else sql_messages.BACKWARD
        rows = await self.pool.fetch(query, uuid.UUID(conversation_id), joined_seq, bound, limit)
        return [message_from(r) for r in rows]

    async def edits(self, message_id, limit, before):
        rows = await self.pool.fetch(sql_messages.SELECT_EDITS, uuid.UUID(message_id), before, limit)
        return [(r["id"], r["text"], r["replaced_at"]) for r in rows]

    async def reactions(self, viewer_id, message_ids):
        ids = [uuid.UUID(m) for m in message_ids]
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for r in await self.pool.fetch(sql_messages.REACTION_COUNTS, ids):
            counts[str(r["message_id"])][r["emoji"]] = r["n"]
        mine = {
            str(r["message_id"]): r["emoji"]
            for r in await self.pool.fetch(sql_messages.VIEWER_REACTIONS, uuid.UUID(viewer_id), ids)
        }
        return counts, mine

    async def receipts(self, conversation_id, caller_id):
        rows = await self.pool.fetch(sql_messages.RECEIPTS, uuid.UUID(conversation_id), uuid.UUID(caller_id))
        return [(str(r["user_id"]), State(r["state"]), r["last_read_seq"], r["read_at"]) for r in rows]

    async def search(self, caller_id, query, conversation_id, limit, after):
        rank, last = after or (None, None)
        rows = await self.pool.fetch(
            sql_messages.SEARCH,
            uuid.UUID(caller_id),
            query,
            optional_uuid(conversation_id),
            rank,
            optional_uuid(last),
            limit,
        )
        return [(message_from(r), r["rank"]) for r in rows]
