"""What messaging puts on people's live channel (kith.live.v1 LiveItems), from its own events on
messaging.conversations.v1. Bodies never travel on Kafka: a new or edited message is read from
the messaging database by id when its event arrives.

Who gets what (the README's messaging section says the same):
- a new, edited or deleted message (`conversation`): every member who reads the conversation now
  and had joined before the message, the sender included (their other devices); never someone
  who left or was removed, and nobody at all in a direct conversation closed by a block or a
  deactivation. A recipient holding the conversation as a pending message request gets a
  `conversation_list` change "request" instead: it shows in their requests, not in their chats;
- a read (`read_receipt`): the other active members, when the rule of read receipts
  (`conversations.receipts_visible`) lets each see the reader's; the reader's own devices get a
  `conversation_list` change "read" (their unread count changed);
- the conversation list (`conversation_list`): "added" to who starts a group or is added to one
  (and to who accepts a request), "removed" to who leaves, is removed or declines, "members" to
  the other members when people come or go (not when someone opens a room), "renamed" to every
  active member of a group given a new name (the renamer's devices too; the name is read with
  GetConversation, it is not on Kafka).

Every item's key is derived from its event (ids, sequence numbers, times), so a redelivered
event appends nothing new. Events older than the live retention are skipped (their items would
be gone already)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from kith.live.v1 import live_pb2
from kith.messaging.v1 import events_pb2 as E
from kith_messaging.domain import conversations as rules
from kith_messaging.domain.conversations import Message, State
from kith_messaging.domain.ports import LiveChannel, MessagingRepository
from kith_platform import live

log = logging.getLogger("kith.messaging.live")
EVERYONE = 2**62  # a sequence number after every message: everyone who reads the conversation now
NEW, EDITED, DELETED = (
    live_pb2.CONVERSATION_ITEM_KIND_NEW,
    live_pb2.CONVERSATION_ITEM_KIND_EDITED,
    live_pb2.CONVERSATION_ITEM_KIND_DELETED,
)
# The message events, by the field holding when they happened.
MESSAGE_TIMES = {E.MessageSent: "sent_at", E.MessageEdited: "edited_at", E.MessageDeleted: "deleted_at"}


def _ms(ts) -> int:
    return ts.ToMilliseconds()


@dataclass
class LiveDelivery:
    repo: MessagingRepository
    channel: LiveChannel
    serialize: Callable[[Message], bytes]
    max_age_seconds: float = 86_400

    def _stale(self, ts) -> bool:
        age = datetime.now(UTC).timestamp() - ts.ToMilliseconds() / 1000
        return age > self.max_age_seconds

    async def apply_batch(self, events: list) -> None:
        """A consumer batch, in order. The recipients and bodies of its message events are read
        for the whole batch first (two statements), not one event after the other."""
        fresh = [e for e in events if type(e) in MESSAGE_TIMES and not self._stale(getattr(e, MESSAGE_TIMES[type(e)]))]
        read: dict[int, tuple] = {}
        if fresh:
            found = await self.repo.live_batch(
                [(e.conversation_id, e.seq, "" if isinstance(e, E.MessageDeleted) else e.message_id) for e in fresh]
            )
            read = {id(e): f for e, f in zip(fresh, found, strict=True)}
        for e in events:
            await self.apply(e, read.get(id(e)))

    async def apply(self, event, read: tuple | None = None) -> None:
        """One event; `read`: its (recipients, message) when `apply_batch` has read them."""
        match event:
            case E.MessageSent():
                await self._message(event, event.sent_at, NEW, f"message:{event.message_id}:new", event.sender_id, read)
            case E.MessageEdited():
                await self._message(
                    event,
                    event.edited_at,
                    EDITED,
                    f"message:{event.message_id}:edited:{_ms(event.edited_at)}",
                    event.sender_id,
                    read,
                )
            case E.MessageDeleted():
                await self._message(
                    event, event.deleted_at, DELETED, f"message:{event.message_id}:deleted", event.deleted_by, read
                )
            case E.ConversationRead():
                await self._read(event)
            case E.ConversationCreated():
                if self._stale(event.created_at):
                    return
                # A group reaches its members at once; a direct conversation only its opener (the
                # other side, still pending, gets it with its first message).
                now = {
                    u
                    for u, state in await self.repo.live_recipients(event.conversation_id, EVERYONE)
                    if state is State.ACTIVE
                }
                await self._list_change(
                    event.conversation_id,
                    f"created:{event.conversation_id}",
                    "added",
                    [u for u in event.member_ids if u in now],
                )
            case E.MembersAdded():
                if self._stale(event.added_at):
                    return
                key = f"members-added:{event.conversation_id}:{_ms(event.added_at)}"
                added = set(event.user_ids)
                now = {
                    u
                    for u, state in await self.repo.live_recipients(event.conversation_id, EVERYONE)
                    if state is State.ACTIVE
                }
                await self._list_change(event.conversation_id, key, "added", sorted(added & now))
                if list(event.user_ids) != [event.added_by]:  # not someone opening a room for themselves
                    await self._list_change(event.conversation_id, key, "members", sorted(now - added))
            case E.MemberLeft():
                if self._stale(event.left_at):
                    return
                key = f"member-left:{event.conversation_id}:{event.user_id}:{_ms(event.left_at)}"
                await self._list_change(event.conversation_id, key, "removed", [event.user_id])
                now = [
                    u
                    for u, state in await self.repo.live_recipients(event.conversation_id, EVERYONE)
                    if state is State.ACTIVE and u != event.user_id
                ]
                await self._list_change(event.conversation_id, key, "members", now)
            case E.ConversationRenamed():
                if self._stale(event.renamed_at):
                    return
                now = [
                    u
                    for u, state in await self.repo.live_recipients(event.conversation_id, EVERYONE)
                    if state is State.ACTIVE
                ]
                await self._list_change(
                    event.conversation_id, f"renamed:{event.conversation_id}:{_ms(event.renamed_at)}", "renamed", now
                )
            case E.MessageRequestAnswered():
                if self._stale(event.answered_at):
                    return
                await self._list_change(
                    event.conversation_id,
                    f"request-answered:{event.conversation_id}:{event.user_id}:{_ms(event.answered_at)}",
                    "added" if event.accepted else "removed",
                    [event.user_id],
                )

    async def _message(self, event, at, kind: int, key: str, actor: str, read: tuple | None) -> None:
        if self._stale(at):
            return
        recipients, message = (
            read if read is not None else (await self.repo.live_recipients(event.conversation_id, event.seq), None)
        )
        if not recipients:
            return
        body = b""
        if kind != DELETED:
            if read is None:
                message = await self.repo.message_by_id(event.message_id)
            if message is None:
                return
            body = self.serialize(message)
        chats = [u for u, state in recipients if state is State.ACTIVE]
        requests = [u for u, state in recipients if state is State.REQUEST]
        names = [actor] if actor else []
        if chats:
            item = live.item(
                conversation=live_pb2.ConversationItem(
                    conversation_id=event.conversation_id,
                    message_id=event.message_id,
                    seq=event.seq,
                    kind=kind,
                    message=body,
                )
            )
            await self.channel.append(chats, key, item, names)
        if requests:
            await self._list_change(event.conversation_id, key, "request", requests, names)

    async def _read(self, event: E.ConversationRead) -> None:
        if self._stale(event.read_at):
            return
        key = f"read:{event.conversation_id}:{event.user_id}:{event.seq}"
        members = await self.repo.live_recipients(event.conversation_id, EVERYONE)
        states = dict(members)
        reader_state = states.get(event.user_id)
        if reader_state is None:
            return
        await self._list_change(event.conversation_id, key, "read", [event.user_id])
        others = [u for u, state in members if u != event.user_id and state is State.ACTIVE]
        if not others or not event.receipt_visible:
            return
        settings = await self.repo.settings([event.user_id, *others])
        # The one rule of read receipts, as ListReadReceipts applies it: both sides have them on,
        # and the reader holds no pending request (its sender must not learn it was read).
        shown = [u for u in others if rules.receipts_visible(settings[u], settings[event.user_id], reader_state)]
        if not shown:
            return
        message_id = await self.repo.message_id_at(event.conversation_id, event.seq)
        item = live.item(
            read_receipt=live_pb2.ReadReceipt(
                conversation_id=event.conversation_id, user_id=event.user_id, message_id=message_id, seq=event.seq
            )
        )
        await self.channel.append(shown, key + ":receipt", item, [event.user_id])

    async def _list_change(
        self, conversation_id: str, key: str, change: str, user_ids: list[str], names: list[str] = ()
    ) -> None:
        if not user_ids:
            return
        item = live.item(
            conversation_list=live_pb2.ConversationListChange(conversation_id=conversation_id, change=change)
        )
        await self.channel.append(list(user_ids), f"{key}:list:{change}", item, list(names))
