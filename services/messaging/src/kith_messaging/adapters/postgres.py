"""PostgreSQL adapter of the messaging repository: conversations, groups and rooms, members,
reachability, settings and presence settings. By concern, the rest are bases of
PostgresMessagingRepository: messages and the live channel's reads in postgres_messages.py, the
mirrors and erasure in postgres_mirrors.py; one transaction's changes are
postgres_conversation_tx.py."""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict

import asyncpg

from kith.messaging.v1 import events_pb2
from kith_messaging.adapters import sql, sql_messages, sql_mirrors
from kith_messaging.adapters.postgres_conversation_tx import PostgresConversationTx
from kith_messaging.adapters.postgres_messages import PostgresMessageReads
from kith_messaging.adapters.postgres_mirrors import PostgresMirrors
from kith_messaging.adapters.postgres_rows import conversation_event, conversation_from, created_event, optional_uuid
from kith_messaging.domain.conversations import (
    Conversation,
    Kind,
    Member,
    RoomAccess,
    Settings,
    State,
    WhoMayMessage,
    direct_key,
)
from kith_messaging.domain.ports import MessagingRepository
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_postgres_outbox


class PostgresMessagingRepository(PostgresMessageReads, PostgresMirrors, MessagingRepository):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @contextlib.asynccontextmanager
    async def transaction(self):
        async with self.pool.acquire() as conn, conn.transaction():
            yield PostgresConversationTx(conn)

    async def create_direct(self, conversation_id, caller_id, other_id, at):
        a, b = sorted((caller_id, other_id))
        key = direct_key(a, b)
        async with self.pool.acquire() as conn, conn.transaction():
            created = await conn.fetchval(
                sql.INSERT_CONVERSATION, uuid.UUID(conversation_id), "direct", "", at, uuid.UUID(a), uuid.UUID(b), key
            )
            if created is None:
                existing = str(await conn.fetchval(sql.DIRECT_BY_KEY, key))
                await conn.execute(sql.OPEN_DIRECT, uuid.UUID(existing), uuid.UUID(caller_id), at)
                return existing, False
            await conn.execute(
                sql.INSERT_MEMBERS,
                uuid.UUID(conversation_id),
                at,
                0,
                [uuid.UUID(caller_id), uuid.UUID(other_id)],
                ["active", "pending"],
                [False, False],
            )
            await add_to_postgres_outbox(
                conn, [created_event(conversation_id, Kind.DIRECT, caller_id, [caller_id, other_id], at)]
            )
        return conversation_id, True

    async def create_group(self, conversation_id, name, creator_id, member_ids, at):
        people = [creator_id, *member_ids]
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.INSERT_CONVERSATION, uuid.UUID(conversation_id), "group", name, at, None, None, None)
            await conn.execute(
                sql.INSERT_MEMBERS,
                uuid.UUID(conversation_id),
                at,
                0,
                [uuid.UUID(u) for u in people],
                ["active"] * len(people),
                [True] + [False] * len(member_ids),
            )
            await add_to_postgres_outbox(conn, [created_event(conversation_id, Kind.GROUP, creator_id, people, at)])

    async def _with_members(self, rows) -> list[Conversation]:
        if not rows:
            return []
        members: dict[str, list[Member]] = defaultdict(list)
        for r in await self.pool.fetch(sql.MEMBERS_OF, [r["id"] for r in rows]):
            members[str(r["conversation_id"])].append(Member(str(r["user_id"]), r["admin"], r["joined_at"]))
        return [conversation_from(r, tuple(members[str(r["id"])])) for r in rows]

    async def conversation(self, caller_id, conversation_id):
        row = await self.pool.fetchrow(sql.CONVERSATION, uuid.UUID(caller_id), uuid.UUID(conversation_id))
        return None if row is None else (await self._with_members([row]))[0]

    async def send_context(self, caller_id, conversation_id):
        row = await self.pool.fetchrow(sql_messages.SEND_CONTEXT, uuid.UUID(caller_id), uuid.UUID(conversation_id))
        if row is None:
            return None
        others = [(str(u), State(s)) for u, s in zip(row["other_ids"] or (), row["other_states"] or (), strict=True)]
        return conversation_from(row), others

    async def conversations(self, caller_id, state, limit, after):
        at, last = after or (None, None)
        rows = await self.pool.fetch(
            sql.LIST_CONVERSATIONS, uuid.UUID(caller_id), state.value, at, optional_uuid(last), limit
        )
        return await self._with_members(rows)

    async def unread_counts(self, caller_id):
        rows = await self.pool.fetch(sql.UNREAD_COUNTS, uuid.UUID(caller_id))
        return [(str(r["id"]), State(r["state"]), r["unread"]) for r in rows]

    async def members(self, conversation_id):
        rows = await self.pool.fetch(sql.MEMBERS_OF, [uuid.UUID(conversation_id)])
        return [(str(r["user_id"]), State(r["state"]), r["admin"]) for r in rows]

    # --- rooms ---------------------------------------------------------------------------

    async def room_access(self, community_id, user_id):
        row = await self.pool.fetchrow(sql.ROOM_ACCESS, uuid.UUID(community_id), uuid.UUID(user_id))
        return RoomAccess(row["readable"], row["role"] or "", row["banned"], row["muted"])

    async def create_room(self, conversation_id, community_id, name, creator_id, at):
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.INSERT_ROOM, uuid.UUID(conversation_id), name, at, uuid.UUID(community_id))
            await conn.execute(sql.JOIN_ROOM, uuid.UUID(conversation_id), uuid.UUID(creator_id), at)
            await add_to_postgres_outbox(
                conn, [created_event(conversation_id, Kind.ROOM, creator_id, [creator_id], at)]
            )

    async def rooms(self, community_id, limit):
        rows = await self.pool.fetch(sql.ROOMS_OF, uuid.UUID(community_id), limit)
        return [
            Conversation(
                conversation_id=str(r["id"]),
                kind=Kind.ROOM,
                name=r["name"],
                community_id=str(r["community_id"]),
                created_at=r["created_at"],
                last_seq=r["last_seq"],
                last_activity_at=r["activity"],
            )
            for r in rows
        ]

    async def room_community(self, conversation_id):
        found = await self.pool.fetchval(sql.ROOM, uuid.UUID(conversation_id))
        return str(found) if found else None

    async def join_room(self, conversation_id, user_id, at):
        async with self.pool.acquire() as conn, conn.transaction():
            status = await conn.execute(sql.JOIN_ROOM, uuid.UUID(conversation_id), uuid.UUID(user_id), at)
            if status.endswith(" 1"):
                added = events_pb2.MembersAdded(
                    conversation_id=conversation_id, added_by=user_id, user_ids=[user_id], added_at=timestamp(at)
                )
                await add_to_postgres_outbox(conn, [conversation_event(conversation_id, at, added)])

    async def unreachable_among(self, user_id, others):
        ids = [uuid.UUID(o) for o in others]
        rows = await self.pool.fetch(sql.UNREACHABLE_AMONG, uuid.UUID(user_id), ids)
        erased = await self.pool.fetch(sql_mirrors.ERASED_AMONG, ids)
        return {str(r["u"]) for r in rows} | {str(r["user_id"]) for r in erased}

    async def relation(self, recipient_id, sender_id):
        row = await self.pool.fetchrow(sql.RELATION, uuid.UUID(recipient_id), uuid.UUID(sender_id))
        return row["follows"], row["friends"]

    async def settings(self, user_ids):
        rows = await self.pool.fetch(sql.SETTINGS_OF, [uuid.UUID(u) for u in user_ids])
        found = {str(r["user_id"]): Settings(WhoMayMessage(r["who_may_message"]), r["read_receipts"]) for r in rows}
        return {u: found.get(u, Settings()) for u in user_ids}

    async def save_settings(self, user_id, settings):
        await self.pool.execute(
            sql.UPSERT_SETTINGS, uuid.UUID(user_id), settings.who_may_message.value, settings.read_receipts
        )

    # Presence ------------------------------------------------------------------------------

    async def presence_hidden(self, user_ids):
        rows = await self.pool.fetch(sql.PRESENCE_HIDDEN_AMONG, [uuid.UUID(u) for u in user_ids])
        return {str(r["user_id"]) for r in rows}

    async def save_hide_presence(self, user_id, hidden):
        defaults = Settings()
        await self.pool.execute(
            sql.UPSERT_HIDE_PRESENCE, uuid.UUID(user_id), defaults.who_may_message.value, defaults.read_receipts, hidden
        )

    async def friends_among(self, user_id, others):
        rows = await self.pool.fetch(sql.FRIENDS_AMONG, uuid.UUID(user_id), [uuid.UUID(o) for o in others])
        return {str(r["friend_id"]) for r in rows}

    async def friends_of(self, user_ids):
        found: dict[str, list[str]] = defaultdict(list)
        for r in await self.pool.fetch(sql.FRIENDS_OF, [uuid.UUID(u) for u in user_ids]):
            found[str(r["user_id"])].append(str(r["friend_id"]))
        return dict(found)
