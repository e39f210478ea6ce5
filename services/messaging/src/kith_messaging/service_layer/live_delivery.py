"""What messaging puts on people's live channel (kith.live.v1 LiveItems), from its own events on
messaging.conversations.v1. Bodies never travel on Kafka: a new or edited message is read from
the messaging database by id when its event arrives.

Who gets what (the README's messaging section says the same):
- a new, edited or deleted message (`conversation`; one removed by the platform's staff as
  deleted, one restored after such a removal as edited, with its body): every member who reads the conversation now
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
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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
MESSAGE_TIMES = {
    E.MessageSent: "sent_at",
    E.MessageEdited: "edited_at",
    E.MessageDeleted: "deleted_at",
    E.MessageRestored: "restored_at",
}
# Every event delivered, by the field holding when it happened (an older one than the retention is skipped).
TIMES = {
    **MESSAGE_TIMES,
    E.ConversationRead: "read_at",
    E.ConversationCreated: "created_at",
    E.MembersAdded: "added_at",
    E.MemberLeft: "left_at",
    E.ConversationRenamed: "renamed_at",
    E.MessageRequestAnswered: "answered_at",
}


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
        kind = type(event)
        if kind in TIMES and not self._stale(getattr(event, TIMES[kind])):
            await DELIVER[kind](self, event, read)

    async def _sent(self, event: E.MessageSent, read: tuple | None) -> None:
        await self._message(event, NEW, f"message:{event.message_id}:new", event.sender_id, read)

    async def _edited(self, event: E.MessageEdited, read: tuple | None) -> None:
        key = f"message:{event.message_id}:edited:{_ms(event.edited_at)}"
        await self._message(event, EDITED, key, event.sender_id, read)

    async def _deleted(self, event: E.MessageDeleted, read: tuple | None) -> None:
        # Removed by staff: nobody deleted it (staff stay anonymous), the item names its sender.
        actor = event.deleted_by or event.sender_id
        await self._message(event, DELETED, f"message:{event.message_id}:deleted", actor, read)

    async def _restored(self, event: E.MessageRestored, read: tuple | None) -> None:
        # Its text is back: readers get it as a change of the message, with its body.
        key = f"message:{event.message_id}:restored:{event.removal_id}"
        await self._message(event, EDITED, key, event.sender_id, read)

    async def _active_readers(self, conversation_id: str) -> list[str]:
        """Who reads the conversation now as a chat (not as a request)."""
        return [u for u, state in await self.repo.live_recipients(conversation_id, EVERYONE) if state is State.ACTIVE]

    async def _created(self, event: E.ConversationCreated, _: tuple | None) -> None:
        # A group reaches its members at once; a direct conversation only its opener (the
        # other side, still pending, gets it with its first message).
        now = set(await self._active_readers(event.conversation_id))
        key = f"created:{event.conversation_id}"
        await self._list_change(event.conversation_id, key, "added", [u for u in event.member_ids if u in now])

    async def _members_added(self, event: E.MembersAdded, _: tuple | None) -> None:
        key = f"members-added:{event.conversation_id}:{_ms(event.added_at)}"
        added, now = set(event.user_ids), set(await self._active_readers(event.conversation_id))
        await self._list_change(event.conversation_id, key, "added", sorted(added & now))
        if list(event.user_ids) != [event.added_by]:  # not someone opening a room for themselves
            await self._list_change(event.conversation_id, key, "members", sorted(now - added))

    async def _member_left(self, event: E.MemberLeft, _: tuple | None) -> None:
        key = f"member-left:{event.conversation_id}:{event.user_id}:{_ms(event.left_at)}"
        await self._list_change(event.conversation_id, key, "removed", [event.user_id])
        now = [u for u in await self._active_readers(event.conversation_id) if u != event.user_id]
        await self._list_change(event.conversation_id, key, "members", now)

    async def _renamed(self, event: E.ConversationRenamed, _: tuple | None) -> None:
        key = f"renamed:{event.conversation_id}:{_ms(event.renamed_at)}"
        await self._list_change(
            event.conversation_id, key, "renamed", await self._active_readers(event.conversation_id)
        )

    async def _request_answered(self, event: E.MessageRequestAnswered, _: tuple | None) -> None:
        key = f"request-answered:{event.conversation_id}:{event.user_id}:{_ms(event.answered_at)}"
        change = "added" if event.accepted else "removed"
        await self._list_change(event.conversation_id, key, change, [event.user_id])

    async def _message(
        self, event, kind: live_pb2.ConversationItemKind, key: str, actor: str, read: tuple | None
    ) -> None:
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

    async def _read(self, event: E.ConversationRead, _: tuple | None = None) -> None:
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
        self, conversation_id: str, key: str, change: str, user_ids: list[str], names: Sequence[str] = ()
    ) -> None:
        if not user_ids:
            return
        item = live.item(
            conversation_list=live_pb2.ConversationListChange(conversation_id=conversation_id, change=change)
        )
        await self.channel.append(list(user_ids), f"{key}:list:{change}", item, list(names))


# What each event delivers (LiveDelivery.apply), by its type.
DELIVER: dict[type, Callable[[LiveDelivery, Any, tuple | None], Awaitable[None]]] = {
    E.MessageSent: LiveDelivery._sent,
    E.MessageEdited: LiveDelivery._edited,
    E.MessageDeleted: LiveDelivery._deleted,
    E.MessageRestored: LiveDelivery._restored,
    E.ConversationRead: LiveDelivery._read,
    E.ConversationCreated: LiveDelivery._created,
    E.MembersAdded: LiveDelivery._members_added,
    E.MemberLeft: LiveDelivery._member_left,
    E.ConversationRenamed: LiveDelivery._renamed,
    E.MessageRequestAnswered: LiveDelivery._request_answered,
}
