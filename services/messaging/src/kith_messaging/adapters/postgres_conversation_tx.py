"""PostgreSQL adapter of one messaging transaction (domain.ports.ConversationTx): each change
writes its events to the outbox in the same transaction. No event carries a message's text."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from kith.messaging.v1 import events_pb2
from kith_messaging.adapters import sql, sql_messages
from kith_messaging.adapters.postgres_rows import (
    KIND_TO_PROTO,
    conversation_event,
    conversation_from,
    message_from,
    optional_uuid,
)
from kith_messaging.domain.conversations import Kind, Message, SendLock, State
from kith_messaging.domain.ports import ConversationTx
from kith_platform.events import timestamp
from kith_platform.idempotency import KeyTaken
from kith_platform.mirrors import collect as collect_for_mirrors
from kith_platform.outbox import add_to_postgres_outbox

# The unique index of a sender's client ids in a conversation (migrations/0001_conversations.sql).
MESSAGES_CLIENT = "messages_client"


class PostgresConversationTx(ConversationTx):
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def _recipients(self, conversation_id: str, excluding: str = "") -> list[str]:
        rows = await self.conn.fetch(sql.RECIPIENTS, uuid.UUID(conversation_id))
        return [str(r["user_id"]) for r in rows if str(r["user_id"]) != excluding]

    async def _publish(self, conversation_id: str, at: datetime, payload) -> None:
        await add_to_postgres_outbox(self.conn, [conversation_event(conversation_id, at, payload)])

    async def lock(self, caller_id, conversation_id):
        row = await self.conn.fetchrow(sql.LOCK_CONVERSATION, uuid.UUID(caller_id), uuid.UUID(conversation_id))
        if row is None:
            return None
        pair = (str(row["user_a"]), str(row["user_b"])) if row["user_a"] else ("", "")
        return conversation_from(row), pair

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
        row = await self.conn.fetchrow(
            sql_messages.LOCK_FOR_SEND, uuid.UUID(caller_id), uuid.UUID(conversation_id), client_id
        )
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
            existing=None if row["id"] is None else message_from(row),
            existing_fingerprint=None if row["client_fingerprint"] is None else bytes(row["client_fingerprint"]),
        )

    async def add_message(self, message, kind, request, lock, fingerprint=None):
        seq = lock.last_seq + 1  # the conversation is locked (lock_for_send): nobody else takes it
        event = conversation_event(
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
        try:
            taken = await self._insert_message(message, event, fingerprint)
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == MESSAGES_CLIENT:  # a send with this client id committed first
                raise KeyTaken(message.client_id) from None
            raise
        if taken != seq:  # cannot happen under the lock; the transaction is rolled back if it does
            raise RuntimeError(f"sequence number {taken} taken where {seq} was expected")
        collect_for_mirrors([event])
        return Message(**{**message.__dict__, "seq": seq})

    async def _insert_message(self, message, event, fingerprint) -> int:
        return await self.conn.fetchval(
            sql_messages.ADD_MESSAGE,
            uuid.UUID(message.message_id),
            uuid.UUID(message.conversation_id),
            uuid.UUID(message.sender_id),
            message.client_id,
            message.text,
            optional_uuid(message.reply_to),
            [uuid.UUID(m) for m in message.mention_ids],
            message.has_link,
            message.sent_at,
            uuid.UUID(event.event_id),
            event.topic,
            event.key,
            event.value,
            fingerprint,
        )

    async def lock_message(self, message_id):
        row = await self.conn.fetchrow(sql_messages.LOCK_MESSAGE, uuid.UUID(message_id))
        return None if row is None else message_from(row)

    async def edit_message(self, old, new):
        await self.conn.execute(sql_messages.INSERT_EDIT, uuid.UUID(old.message_id), old.text, new.edited_at)
        await self.conn.execute(
            sql_messages.EDIT_MESSAGE,
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

    async def delete_message(self, message, by, at, removal_id=""):
        message_id = uuid.UUID(message.message_id)
        if removal_id:  # kept aside for a restore, before the tombstone blanks it
            await self.conn.execute(sql_messages.KEEP_REMOVED, message_id, uuid.UUID(removal_id), at)
        if await self.conn.execute(sql_messages.DELETE_MESSAGE, message_id, at) == "UPDATE 0":
            return
        if not removal_id:
            await self.conn.execute(sql_messages.DELETE_EDITS, message_id)
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
                sender_id=message.sender_id,
                removal_id=removal_id,
            ),
        )

    async def staff_removal_known(self, removal_id):
        return await self.conn.fetchval(sql_messages.STAFF_REMOVAL_KNOWN, uuid.UUID(removal_id))

    async def restore_removed(self, message, removal_id, at):
        message_id, removal = uuid.UUID(message.message_id), uuid.UUID(removal_id)
        restored = await self.conn.fetchrow(sql_messages.RESTORE_REMOVED, message_id, removal)
        await self.conn.execute(sql_messages.MARK_RESTORED, removal, message_id, at)
        if restored is None:
            return False
        await self._publish(
            message.conversation_id,
            at,
            events_pb2.MessageRestored(
                conversation_id=message.conversation_id,
                message_id=message.message_id,
                seq=message.seq,
                sender_id=message.sender_id,
                removal_id=removal_id,
                restored_at=timestamp(at),
                recipient_ids=await self._recipients(message.conversation_id),
            ),
        )
        return True

    async def react(self, message, user_id, emoji, at):
        if emoji is None:
            changed = await self.conn.fetchval(
                sql_messages.DELETE_REACTION, uuid.UUID(message.message_id), uuid.UUID(user_id)
            )
        else:
            changed = await self.conn.fetchval(
                sql_messages.UPSERT_REACTION, uuid.UUID(message.message_id), uuid.UUID(user_id), emoji, at
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
        status = await self.conn.execute(
            sql_messages.MARK_READ, uuid.UUID(conversation_id), uuid.UUID(user_id), seq, at
        )
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
