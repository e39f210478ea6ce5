"""PostgreSQL adapter of the messaging repository: each change with its events in the same
transaction (outbox). No event carries a message's text."""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from dataclasses import replace
from datetime import datetime

import asyncpg

from kith.messaging.v1 import events_pb2, messaging_pb2
from kith_messaging.adapters import sql
from kith_messaging.domain.conversations import (
    Conversation,
    Kind,
    Member,
    Message,
    RoomAccess,
    SendLock,
    Settings,
    State,
    WhoMayMessage,
    direct_key,
)
from kith_messaging.domain.ports import ConversationTx, MessagingRepository
from kith_platform.events import MESSAGING_CONVERSATIONS, make_event, timestamp
from kith_platform.mirrors import collect as collect_for_mirrors
from kith_platform.outbox import add_to_postgres_outbox, purge_erased_from_outbox, purge_sent_rows_of

PRODUCER = "messaging"
KIND_TO_PROTO = {
    Kind.DIRECT: messaging_pb2.CONVERSATION_KIND_DIRECT,
    Kind.GROUP: messaging_pb2.CONVERSATION_KIND_GROUP,
    Kind.ROOM: messaging_pb2.CONVERSATION_KIND_ROOM,
}
MIRRORS = {"follow": sql.MIRROR_FOLLOW, "friend": sql.MIRROR_FRIEND, "block": sql.MIRROR_BLOCK}


def _u(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _event(conversation_id: str, at: datetime, payload):
    """Every messaging event is keyed by its conversation, so its events stay in order."""
    return make_event(
        topic=MESSAGING_CONVERSATIONS, aggregate_id=conversation_id, producer=PRODUCER, occurred_at=at, payload=payload
    )


def _conversation(row, members: tuple[Member, ...] = ()) -> Conversation:
    return Conversation(
        conversation_id=str(row["id"]),
        kind=Kind(row["kind"]),
        name=row["name"],
        created_at=row["created_at"],
        community_id=str(row["community_id"]) if row["community_id"] else "",
        last_seq=row["last_seq"],
        last_activity_at=row["activity"],
        members=members,
        state=State(row["state"]),
        admin=row["admin"],
        joined_seq=row["joined_seq"],
        last_read_seq=max(row["last_read_seq"], row["joined_seq"]),
        unread_count=row["unread"],
    )


def _message(row) -> Message:
    return Message(
        message_id=str(row["id"]),
        conversation_id=str(row["conversation_id"]),
        seq=row["seq"],
        sender_id=str(row["sender_id"]) if row["sender_id"] else "",
        text=row["text"],
        sent_at=row["sent_at"],
        client_id=row["client_id"],
        reply_to=str(row["reply_to"]) if row["reply_to"] else "",
        mention_ids=tuple(str(m) for m in row["mention_ids"]),
        has_link=row["has_link"],
        edited_at=row["edited_at"],
        deleted=row["deleted"],
    )


class PostgresConversationTx(ConversationTx):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def _recipients(self, conversation_id: str, excluding: str = "") -> list[str]:
        rows = await self.conn.fetch(sql.RECIPIENTS, uuid.UUID(conversation_id))
        return [str(r["user_id"]) for r in rows if str(r["user_id"]) != excluding]

    async def _publish(self, conversation_id: str, at: datetime, payload) -> None:
        await add_to_postgres_outbox(self.conn, [_event(conversation_id, at, payload)])

    async def lock(self, caller_id, conversation_id):
        row = await self.conn.fetchrow(sql.LOCK_CONVERSATION, uuid.UUID(caller_id), uuid.UUID(conversation_id))
        if row is None:
            return None
        pair = (str(row["user_a"]), str(row["user_b"])) if row["user_a"] else ("", "")
        return _conversation(row), pair

    async def member_state(self, conversation_id, user_id):
        state = await self.conn.fetchval(sql.MEMBER_STATE, uuid.UUID(conversation_id), uuid.UUID(user_id))
        return State(state) if state else None

    async def active_count(self, conversation_id):
        return await self.conn.fetchval(sql.ACTIVE_COUNT, uuid.UUID(conversation_id))

    async def admin_count(self, conversation_id):
        return await self.conn.fetchval(sql.ADMIN_COUNT, uuid.UUID(conversation_id))

    async def add_members(self, conversation_id, by, user_ids, joined_seq, at):
        await self.conn.execute(
            sql.INSERT_MEMBERS,
            uuid.UUID(conversation_id),
            at,
            joined_seq,
            [uuid.UUID(u) for u in user_ids],
            ["active"] * len(user_ids),
            [False] * len(user_ids),
        )
        await self._publish(
            conversation_id,
            at,
            events_pb2.MembersAdded(
                conversation_id=conversation_id,
                added_by=by,
                user_ids=user_ids,
                added_at=timestamp(at),
                recipient_ids=await self._recipients(conversation_id, by),
            ),
        )

    async def leave(self, conversation_id, user_id, removed_by, at):
        status = await self.conn.execute(
            sql.SET_STATE, uuid.UUID(conversation_id), uuid.UUID(user_id), "left", at, ["active"]
        )
        if status == "UPDATE 0":
            return False
        await self.conn.execute(sql.PROMOTE_ELDEST, uuid.UUID(conversation_id))
        await self._publish(
            conversation_id,
            at,
            events_pb2.MemberLeft(
                conversation_id=conversation_id,
                user_id=user_id,
                removed_by=removed_by,
                left_at=timestamp(at),
                recipient_ids=await self._recipients(conversation_id),
            ),
        )
        return True

    async def set_admin(self, conversation_id, user_id, admin):
        status = await self.conn.execute(sql.SET_ADMIN, uuid.UUID(conversation_id), uuid.UUID(user_id), admin)
        return status != "UPDATE 0"

    async def rename(self, conversation_id, name, by, at):
        if await self.conn.execute(sql.RENAME_GROUP, uuid.UUID(conversation_id), name) == "UPDATE 0":
            return False
        await self._publish(
            conversation_id,
            at,
            events_pb2.ConversationRenamed(
                conversation_id=conversation_id,
                renamed_by=by,
                renamed_at=timestamp(at),
                recipient_ids=await self._recipients(conversation_id, by),
            ),
        )
        return True

    async def set_state(self, conversation_id, user_id, state, at, only_from):
        status = await self.conn.execute(
            sql.SET_STATE, uuid.UUID(conversation_id), uuid.UUID(user_id), state.value, at, [s.value for s in only_from]
        )
        return status != "UPDATE 0"

    async def lock_for_send(self, caller_id, conversation_id, client_id):
        row = await self.conn.fetchrow(sql.LOCK_FOR_SEND, uuid.UUID(caller_id), uuid.UUID(conversation_id), client_id)
        if row is None:
            return None
        return SendLock(
            kind=Kind(row["kind"]),
            caller_state=State(row["caller_state"]),
            last_seq=row["last_seq"],
            recipient_ids=tuple(str(u) for u in row["recipient_ids"]),
            other_states={
                str(u): State(s) for u, s in zip(row["other_ids"] or (), row["other_states"] or (), strict=True)
            },
            existing=None if row["id"] is None else _message(row),
        )

    async def add_message(self, message, kind, request, lock):
        seq = lock.last_seq + 1  # the conversation is locked (lock_for_send): nobody else takes it
        event = _event(
            message.conversation_id,
            message.sent_at,
            events_pb2.MessageSent(
                conversation_id=message.conversation_id,
                message_id=message.message_id,
                sender_id=message.sender_id,
                seq=seq,
                sent_at=timestamp(message.sent_at),
                length=len(message.text),
                has_link=message.has_link,
                reply_to_message_id=message.reply_to,
                mention_ids=list(message.mention_ids),
                kind=KIND_TO_PROTO[kind],
                recipient_ids=list(lock.recipient_ids),
                request=request,
            ),
        )
        taken = await self.conn.fetchval(
            sql.ADD_MESSAGE,
            uuid.UUID(message.message_id),
            uuid.UUID(message.conversation_id),
            uuid.UUID(message.sender_id),
            message.client_id,
            message.text,
            _u(message.reply_to),
            [uuid.UUID(m) for m in message.mention_ids],
            message.has_link,
            message.sent_at,
            uuid.UUID(event.event_id),
            event.topic,
            event.key,
            event.value,
        )
        if taken != seq:  # cannot happen under the lock; the transaction is rolled back if it does
            raise RuntimeError(f"sequence number {taken} taken where {seq} was expected")
        collect_for_mirrors([event])
        return Message(**{**message.__dict__, "seq": seq})

    async def lock_message(self, message_id):
        row = await self.conn.fetchrow(sql.LOCK_MESSAGE, uuid.UUID(message_id))
        return None if row is None else _message(row)

    async def edit_message(self, old, new):
        await self.conn.execute(sql.INSERT_EDIT, uuid.UUID(old.message_id), old.text, new.edited_at)
        await self.conn.execute(
            sql.EDIT_MESSAGE,
            uuid.UUID(new.message_id),
            new.text,
            new.has_link,
            [uuid.UUID(m) for m in new.mention_ids],
            new.edited_at,
        )
        await self._publish(
            new.conversation_id,
            new.edited_at,
            events_pb2.MessageEdited(
                conversation_id=new.conversation_id,
                message_id=new.message_id,
                sender_id=new.sender_id,
                seq=new.seq,
                edited_at=timestamp(new.edited_at),
                length=len(new.text),
                has_link=new.has_link,
                recipient_ids=await self._recipients(new.conversation_id, new.sender_id),
            ),
        )

    async def delete_message(self, message, by, at):
        if await self.conn.execute(sql.DELETE_MESSAGE, uuid.UUID(message.message_id), at) == "UPDATE 0":
            return
        await self.conn.execute(sql.DELETE_EDITS, uuid.UUID(message.message_id))
        await self._publish(
            message.conversation_id,
            at,
            events_pb2.MessageDeleted(
                conversation_id=message.conversation_id,
                message_id=message.message_id,
                seq=message.seq,
                deleted_by=by,
                deleted_at=timestamp(at),
                recipient_ids=await self._recipients(message.conversation_id, by),
            ),
        )

    async def react(self, message, user_id, emoji, at):
        if emoji is None:
            changed = await self.conn.fetchval(sql.DELETE_REACTION, uuid.UUID(message.message_id), uuid.UUID(user_id))
        else:
            changed = await self.conn.fetchval(
                sql.UPSERT_REACTION, uuid.UUID(message.message_id), uuid.UUID(user_id), emoji, at
            )
        if changed is None:
            return False
        await self._publish(
            message.conversation_id,
            at,
            events_pb2.ReactionChanged(
                conversation_id=message.conversation_id,
                message_id=message.message_id,
                user_id=user_id,
                removed=emoji is None,
                changed_at=timestamp(at),
                recipient_ids=await self._recipients(message.conversation_id, user_id),
            ),
        )
        return True

    async def mark_read(self, conversation_id, user_id, seq, at, receipt_visible):
        status = await self.conn.execute(sql.MARK_READ, uuid.UUID(conversation_id), uuid.UUID(user_id), seq, at)
        if status == "UPDATE 0":
            return False
        await self._publish(
            conversation_id,
            at,
            events_pb2.ConversationRead(
                conversation_id=conversation_id,
                user_id=user_id,
                seq=seq,
                read_at=timestamp(at),
                receipt_visible=receipt_visible,
            ),
        )
        return True

    async def answer_request(self, conversation_id, user_id, accepted, at):
        await self.set_state(
            conversation_id, user_id, State.ACTIVE if accepted else State.DECLINED, at, (State.REQUEST,)
        )
        await self._publish(
            conversation_id,
            at,
            events_pb2.MessageRequestAnswered(
                conversation_id=conversation_id, user_id=user_id, accepted=accepted, answered_at=timestamp(at)
            ),
        )


class PostgresMessagingRepository(MessagingRepository):
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
                conn,
                [
                    _event(
                        conversation_id,
                        at,
                        events_pb2.ConversationCreated(
                            conversation_id=conversation_id,
                            kind=messaging_pb2.CONVERSATION_KIND_DIRECT,
                            created_by=caller_id,
                            member_ids=[caller_id, other_id],
                            created_at=timestamp(at),
                        ),
                    )
                ],
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
            await add_to_postgres_outbox(
                conn,
                [
                    _event(
                        conversation_id,
                        at,
                        events_pb2.ConversationCreated(
                            conversation_id=conversation_id,
                            kind=messaging_pb2.CONVERSATION_KIND_GROUP,
                            created_by=creator_id,
                            member_ids=people,
                            created_at=timestamp(at),
                        ),
                    )
                ],
            )

    async def _with_members(self, rows) -> list[Conversation]:
        if not rows:
            return []
        members: dict[str, list[Member]] = defaultdict(list)
        for r in await self.pool.fetch(sql.MEMBERS_OF, [r["id"] for r in rows]):
            members[str(r["conversation_id"])].append(Member(str(r["user_id"]), r["admin"], r["joined_at"]))
        return [_conversation(r, tuple(members[str(r["id"])])) for r in rows]

    async def conversation(self, caller_id, conversation_id):
        row = await self.pool.fetchrow(sql.CONVERSATION, uuid.UUID(caller_id), uuid.UUID(conversation_id))
        return None if row is None else (await self._with_members([row]))[0]

    async def send_context(self, caller_id, conversation_id):
        row = await self.pool.fetchrow(sql.SEND_CONTEXT, uuid.UUID(caller_id), uuid.UUID(conversation_id))
        if row is None:
            return None
        others = [(str(u), State(s)) for u, s in zip(row["other_ids"] or (), row["other_states"] or (), strict=True)]
        return _conversation(row), others

    async def conversations(self, caller_id, state, limit, after):
        at, last = after or (None, None)
        rows = await self.pool.fetch(sql.LIST_CONVERSATIONS, uuid.UUID(caller_id), state.value, at, _u(last), limit)
        return await self._with_members(rows)

    async def unread_counts(self, caller_id):
        rows = await self.pool.fetch(sql.UNREAD_COUNTS, uuid.UUID(caller_id))
        return [(str(r["id"]), State(r["state"]), r["unread"]) for r in rows]

    async def members(self, conversation_id):
        rows = await self.pool.fetch(sql.MEMBERS_OF, [uuid.UUID(conversation_id)])
        return [(str(r["user_id"]), State(r["state"]), r["admin"]) for r in rows]

    # Rooms ---------------------------------------------------------------------------------

    async def room_access(self, community_id, user_id):
        row = await self.pool.fetchrow(sql.ROOM_ACCESS, uuid.UUID(community_id), uuid.UUID(user_id))
        return RoomAccess(row["readable"], row["role"] or "", row["banned"], row["muted"])

    async def create_room(self, conversation_id, community_id, name, creator_id, at):
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.INSERT_ROOM, uuid.UUID(conversation_id), name, at, uuid.UUID(community_id))
            await conn.execute(sql.JOIN_ROOM, uuid.UUID(conversation_id), uuid.UUID(creator_id), at)
            await add_to_postgres_outbox(
                conn,
                [
                    _event(
                        conversation_id,
                        at,
                        events_pb2.ConversationCreated(
                            conversation_id=conversation_id,
                            kind=messaging_pb2.CONVERSATION_KIND_ROOM,
                            created_by=creator_id,
                            member_ids=[creator_id],
                            created_at=timestamp(at),
                        ),
                    )
                ],
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
                await add_to_postgres_outbox(
                    conn,
                    [
                        _event(
                            conversation_id,
                            at,
                            events_pb2.MembersAdded(
                                conversation_id=conversation_id,
                                added_by=user_id,
                                user_ids=[user_id],
                                added_at=timestamp(at),
                            ),
                        )
                    ],
                )

    async def mirror_community(self, community_id, visibility, at):
        await self.pool.execute(sql.MIRROR_COMMUNITY, uuid.UUID(community_id), visibility, at)

    async def mirror_community_member(self, community_id, user_id, role, active, at):
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_COMMUNITY_MEMBER, uuid.UUID(community_id), user, role, active, at)

    async def mirror_community_ban(self, community_id, user_id, active, until, at):
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_COMMUNITY_BAN, uuid.UUID(community_id), user, active, until, at)

    async def mirror_community_mute(self, community_id, user_id, until):
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_COMMUNITY_MUTE, uuid.UUID(community_id), user, until)

    async def live_recipients(self, conversation_id, seq):
        rows = await self.pool.fetch(sql.LIVE_RECIPIENTS, uuid.UUID(conversation_id), seq)
        return [(str(r["user_id"]), State(r["state"])) for r in rows]

    async def message_by_id(self, message_id):
        row = await self.pool.fetchrow(sql.MESSAGE_BY_ID, uuid.UUID(message_id))
        if row is None:
            return None
        counts = {r["emoji"]: r["n"] for r in await self.pool.fetch(sql.REACTION_COUNTS, [row["id"]])}
        return replace(_message(row), reactions=counts)

    async def live_batch(self, refs):
        message_ids = list(dict.fromkeys(uuid.UUID(m) for _, _, m in refs if m))
        async with self.pool.acquire() as conn:  # one connection, two statements for the whole batch
            rows = await conn.fetch(
                sql.LIVE_RECIPIENTS_MANY, [uuid.UUID(c) for c, _, _ in refs], [s for _, s, _ in refs]
            )
            found = await conn.fetch(sql.MESSAGES_WITH_REACTIONS, message_ids) if message_ids else []
        recipients: dict[int, list[tuple[str, State]]] = defaultdict(list)
        for r in rows:
            recipients[r["i"]].append((str(r["user_id"]), State(r["state"])))
        messages = {
            str(r["id"]): replace(_message(r), reactions=dict(zip(r["emojis"] or (), r["counts"] or (), strict=True)))
            for r in found
        }
        return [(recipients.get(i, []), messages.get(m) if m else None) for i, (_, _, m) in enumerate(refs, 1)]

    async def message_id_at(self, conversation_id, seq):
        found = await self.pool.fetchval(sql.MESSAGE_ID_AT, uuid.UUID(conversation_id), seq)
        return str(found) if found else ""

    async def unreachable_among(self, user_id, others):
        ids = [uuid.UUID(o) for o in others]
        rows = await self.pool.fetch(sql.UNREACHABLE_AMONG, uuid.UUID(user_id), ids)
        erased = await self.pool.fetch(sql.ERASED_AMONG, ids)
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

    async def message(self, caller_id, message_id):
        row = await self.pool.fetchrow(sql.READABLE_MESSAGE, uuid.UUID(caller_id), uuid.UUID(message_id))
        return None if row is None else (_message(row), Kind(row["kind"]), row["caller_admin"])

    async def page(self, conversation_id, joined_seq, bound, forward, limit):
        query = sql.FORWARD if forward else sql.BACKWARD
        rows = await self.pool.fetch(query, uuid.UUID(conversation_id), joined_seq, bound, limit)
        return [_message(r) for r in rows]

    async def edits(self, message_id, limit, before):
        rows = await self.pool.fetch(sql.SELECT_EDITS, uuid.UUID(message_id), before, limit)
        return [(r["id"], r["text"], r["replaced_at"]) for r in rows]

    async def reactions(self, viewer_id, message_ids):
        ids = [uuid.UUID(m) for m in message_ids]
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for r in await self.pool.fetch(sql.REACTION_COUNTS, ids):
            counts[str(r["message_id"])][r["emoji"]] = r["n"]
        mine = {
            str(r["message_id"]): r["emoji"]
            for r in await self.pool.fetch(sql.VIEWER_REACTIONS, uuid.UUID(viewer_id), ids)
        }
        return counts, mine

    async def receipts(self, conversation_id, caller_id):
        rows = await self.pool.fetch(sql.RECEIPTS, uuid.UUID(conversation_id), uuid.UUID(caller_id))
        return [(str(r["user_id"]), State(r["state"]), r["last_read_seq"], r["read_at"]) for r in rows]

    async def search(self, caller_id, query, conversation_id, limit, after):
        rank, last = after or (None, None)
        rows = await self.pool.fetch(
            sql.SEARCH, uuid.UUID(caller_id), query, _u(conversation_id), rank, _u(last), limit
        )
        return [(_message(r), r["rank"]) for r in rows]

    # Mirrors -------------------------------------------------------------------------------

    async def _mirror_write(self, people: list[uuid.UUID], query: str, *args) -> None:
        """A mirror write under the people's erasure locks (shared): see sql.LOCK_PEOPLE_SHARED."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_PEOPLE_SHARED, [str(p) for p in people])
            await conn.execute(query, *args)

    async def mirror(self, kind, a, b, active, at):
        a_id, b_id = uuid.UUID(a), uuid.UUID(b)
        await self._mirror_write([a_id, b_id], MIRRORS[kind], a_id, b_id, active, at)

    async def mirror_user(self, user_id, deactivated, at):
        user = uuid.UUID(user_id)
        await self._mirror_write([user], sql.MIRROR_USER, user, deactivated, at)

    # Erasure -------------------------------------------------------------------------------

    async def erase_user(self, user_id, at):
        user = uuid.UUID(user_id)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.LOCK_ERASURE, user_id)
            await conn.execute(sql.INSERT_ERASED, user, at)
            await conn.execute(sql.DELETE_EDITS_BY, user)
            blanked = await conn.execute(sql.BLANK_MESSAGES, user, at)
            groups = [r["conversation_id"] for r in await conn.fetch(sql.THEIR_GROUPS, user)]
            await conn.execute(sql.FORGET_PAIR, user)
            for statement in sql.DELETE_ERASED:
                await conn.execute(statement, user)
            for group in groups:
                await conn.execute(sql.PROMOTE_ELDEST, group)
            await purge_sent_rows_of(conn, user_id)
        return int(blanked.split()[-1])

    async def purge_outbox_of_erased(self, limit):
        return await purge_erased_from_outbox(self.pool, limit)
