"""Messaging use cases of messages: sending (with mentions, replies and where a first direct
message lands), pages, edits, deletes, reactions and search.

Every read and write starts from the caller's membership (handlers.readable_conversation): a
conversation they do not read is NOT_FOUND. No log line here names a message's text."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from kith_messaging.domain import conversations as rules
from kith_messaging.domain.conversations import Conversation, Kind, Message, SendLock, State, WhoMayMessage
from kith_messaging.domain.ports import ConversationTx, MessagingRepository, People
from kith_messaging.service_layer.handlers import (
    DEFAULT_PAGE,
    MAX_PAGE,
    no_conversation,
    readable_conversation,
    utc_now,
)
from kith_platform import cursors
from kith_platform import idempotency as keys
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text, page_size

DEFAULT_MESSAGES = 50


def _no_message() -> NotFound:
    return NotFound("message_id: no such message")


@dataclass
class MessageHandlers:
    repo: MessagingRepository
    people: People

    async def _mentions(self, text: str, sender_id: str, conversation: Conversation) -> tuple[str, ...]:
        """Mentioned members of a group or a room (not the sender); none in direct conversations."""
        if conversation.kind is Kind.DIRECT:
            return ()
        handles = rules.mentioned_handles(text)
        if not handles:
            return ()
        found = await self.people.resolve(handles, sender_id)
        members = {u for u, state, _ in await self.repo.members(conversation.conversation_id) if state is State.ACTIVE}
        return tuple(
            dict.fromkeys(found[h] for h in handles if h in found and found[h] in members and found[h] != sender_id)
        )

    async def _first_contact(self, sender_id: str, recipient_id: str) -> State:
        """Where a direct message lands for a recipient nobody has decided for yet."""
        setting = (await self.repo.settings([recipient_id]))[recipient_id].who_may_message
        follows, friends = (
            await self.repo.relation(recipient_id, sender_id)
            if setting in (WhoMayMessage.FOLLOWING, WhoMayMessage.FRIENDS)
            else (False, False)
        )
        allowed = rules.may_write_directly(setting, recipient_follows_sender=follows, friends=friends)
        return State.ACTIVE if allowed else State.REQUEST

    async def send(
        self, caller_id: str, conversation_id: str, text: str, reply_to: str, client_id: str
    ) -> tuple[Message, bool]:
        """The message and True; or, for a client id the caller already sent in this
        conversation, the message that one made and False (a retried send makes no second, also
        beside the first); FAILED_PRECONDITION when that one sent another text or reply. The
        client id is the send's idempotency key: kith_platform.idempotency has the rule."""
        conversation_id = parse_uuid(conversation_id, "conversation_id")
        text = rules.validate_text(text)
        chosen = rules.validate_client_id(client_id)
        client_id = chosen or str(uuid.uuid4())
        reply_to = parse_uuid(reply_to, "reply_to_message_id") if reply_to else ""
        # What the send asks for; none for a client id the server chose (it is never repeated).
        fingerprint = keys.fingerprint("SendMessage", conversation_id, text, reply_to) if chosen else None
        conversation, others, landing = await self._may_send(caller_id, conversation_id, reply_to)
        mentions = await self._mentions(text, caller_id, conversation)

        async def locked_send() -> tuple[Message, bool]:
            async with self.repo.transaction() as tx:
                # One statement: the lock (it serialises the conversation's sends), the recipients,
                # the other side's states and an earlier message with this client id.
                locked = await tx.lock_for_send(caller_id, conversation_id, client_id)
                if locked is None:
                    raise no_conversation()
                if locked.existing is not None:
                    if fingerprint is not None:
                        keys.same_request(locked.existing_fingerprint, fingerprint, "client_id")
                    return await self._hydrate_one(caller_id, locked.existing), False
                message = Message(
                    message_id=str(uuid.uuid4()),
                    conversation_id=conversation_id,
                    seq=0,
                    sender_id=caller_id,
                    text=text,
                    sent_at=utc_now(),
                    client_id=client_id,
                    reply_to=reply_to,
                    mention_ids=mentions,
                    has_link=rules.has_link(text),
                )
                return await self._add(tx, locked, message, others, landing, fingerprint), True

        try:
            return await locked_send()
        except keys.KeyTaken:  # a send with this client id committed while this one waited for the lock
            return await locked_send()

    async def _may_send(
        self, caller_id: str, conversation_id: str, reply_to: str
    ) -> tuple[Conversation, list[str], dict[str, State]]:
        """What a send checks before locking: the conversation the caller reads, the right to
        write in a room, the message replied to; and for a direct conversation its other side,
        with where a first message lands for those nobody has decided for yet."""
        context = await self.repo.send_context(caller_id, conversation_id)
        if context is None:
            raise no_conversation()
        conversation, direct_others = context
        if conversation.kind is Kind.ROOM:
            access = await self.repo.room_access(conversation.community_id, caller_id)
            if not access.may_write:
                raise PermissionDenied("only the community's members who are not banned or muted may write here")
        if reply_to:
            found = await self.repo.message(caller_id, reply_to)
            if found is None or found[0].conversation_id != conversation_id:
                raise NotFound("reply_to_message_id: no such message in this conversation")
        landing = {
            user_id: await self._first_contact(caller_id, user_id)
            for user_id, state in direct_others
            if state is State.PENDING
        }
        return conversation, [user_id for user_id, _ in direct_others], landing

    async def _add(
        self,
        tx: ConversationTx,
        locked: SendLock,
        message: Message,
        others: list[str],
        landing: dict[str, State],
        fingerprint: bytes | None,
    ) -> Message:
        """In the sending transaction: replying accepts the caller's request, a first message lands
        for the other side, and the message takes the conversation's next number."""
        conversation_id, caller_id, now = message.conversation_id, message.sender_id, message.sent_at
        changed = locked.caller_state is State.REQUEST or bool(landing)
        if locked.caller_state is State.REQUEST:  # replying accepts the request
            await tx.set_state(conversation_id, caller_id, State.ACTIVE, now, (State.REQUEST,))
        for user_id, state in landing.items():
            await tx.set_state(conversation_id, user_id, state, now, (State.PENDING,))
        if changed:  # states just written: read them back
            request = any([await tx.member_state(conversation_id, u) is State.REQUEST for u in others])
        else:
            request = any(locked.other_states.get(u) is State.REQUEST for u in others)
        return await tx.add_message(message, locked.kind, request, locked, fingerprint)

    async def _hydrate(self, viewer_id: str, messages: list[Message]) -> list[Message]:
        if not messages:
            return []
        counts, mine = await self.repo.reactions(viewer_id, [m.message_id for m in messages])
        return [
            replace(m, reactions=counts.get(m.message_id, {}), viewer_reaction=mine.get(m.message_id, ""))
            for m in messages
        ]

    async def _hydrate_one(self, viewer_id: str, message: Message) -> Message:
        return (await self._hydrate(viewer_id, [message]))[0]

    async def messages(
        self, caller_id: str, conversation_id: str, anchor_seq: int, forward: bool, size: int, cursor: str
    ) -> tuple[list[Message], str]:
        conversation = await readable_conversation(self.repo, caller_id, conversation_id)
        size = page_size(size, default=DEFAULT_MESSAGES, maximum=MAX_PAGE)
        decoded = cursors.decode(cursor, str, int)
        if decoded is not None:
            way, last = decoded
            if way not in ("b", "f") or not 0 <= last < rules.SEQ_MAX:
                raise InvalidArgument("cursor", "is not a cursor returned by this API")
            forward = way == "f"
            bound = last + 1 if forward else last - 1
        else:
            if anchor_seq < 0:
                raise InvalidArgument("anchor_seq", "must not be negative")
            bound = anchor_seq if anchor_seq else (0 if forward else conversation.last_seq)
        rows = await self.repo.page(conversation.conversation_id, conversation.joined_seq, bound, forward, size + 1)
        page = rows[:size]
        next_cursor = cursors.encode("f" if forward else "b", page[-1].seq) if len(rows) > size else ""
        if not forward:
            page.reverse()
        return await self._hydrate(caller_id, page), next_cursor

    async def _readable_message(self, caller_id: str, message_id: str) -> tuple[Message, Kind, bool]:
        found = await self.repo.message(caller_id, parse_uuid(message_id, "message_id"))
        if found is None:
            raise _no_message()
        return found

    async def edit(self, caller_id: str, message_id: str, text: str) -> Message:
        message, _, _ = await self._readable_message(caller_id, message_id)
        if message.sender_id != caller_id:
            raise PermissionDenied("only the sender may edit a message")
        if message.deleted:
            raise FailedPrecondition("message_id: the message was deleted")
        text = rules.validate_text(text)
        conversation = await readable_conversation(self.repo, caller_id, message.conversation_id)
        mentions = await self._mentions(text, caller_id, conversation)
        async with self.repo.transaction() as tx:
            current = await tx.lock_message(message.message_id)
            if current is None or current.deleted:
                raise FailedPrecondition("message_id: the message was deleted")
            edited = replace(
                current,
                text=text,
                has_link=rules.has_link(text),
                edited_at=utc_now(),
                mention_ids=tuple(dict.fromkeys(current.mention_ids + mentions)),
            )
            await tx.edit_message(current, edited)
        return await self._hydrate_one(caller_id, edited)

    async def edits(self, caller_id: str, message_id: str, size: int, cursor: str):
        message, _, _ = await self._readable_message(caller_id, message_id)
        if message.deleted:  # a tombstone has no history (one removed by staff keeps it, unread)
            return [], ""
        size = page_size(size, default=DEFAULT_PAGE, maximum=MAX_PAGE)
        decoded = cursors.decode(cursor, int)
        rows = await self.repo.edits(message.message_id, size + 1, decoded[0] if decoded else None)
        page = rows[:size]
        return [(text, at) for _, text, at in page], cursors.encode(page[-1][0]) if len(rows) > size else ""

    async def delete(self, caller_id: str, message_id: str) -> None:
        message, kind, admin = await self._readable_message(caller_id, message_id)
        if message.sender_id != caller_id and not (kind is Kind.GROUP and admin):
            raise PermissionDenied("only the sender or a group admin may delete a message")
        async with self.repo.transaction() as tx:
            current = await tx.lock_message(message.message_id)
            if current is not None:
                await tx.delete_message(current, caller_id, utc_now())

    # Removals by the platform's staff (identity's events, applied by the identity consumer) --

    async def remove_by_staff(self, removal_id: str, message_id: str, at: datetime) -> bool:
        """The message becomes a tombstone for everyone, as DeleteMessage makes it, with what it
        said kept aside for a restore (MessageDeleted with the removal and the sender, by nobody:
        staff stay anonymous). An unknown message, one already deleted, or a removal seen before
        (a redelivery, even after its restore) changes nothing. Whether it was removed now."""
        async with self.repo.transaction() as tx:
            current = await tx.lock_message(message_id)
            # Known only under the message's lock: a restore of the same removal in flight is seen.
            if current is None or current.deleted or await tx.staff_removal_known(removal_id):
                return False
            await tx.delete_message(current, "", at, removal_id)
        return True

    async def restore_by_staff(self, removal_id: str, message_id: str, at: datetime) -> bool:
        """Reverse a removal: only if it is the removal holding the message, its text (and edit
        history) is back (MessageRestored). Applying it again changes nothing."""
        async with self.repo.transaction() as tx:
            current = await tx.lock_message(message_id)
            if current is None:
                return False
            return await tx.restore_removed(current, removal_id, at)

    async def react(self, caller_id: str, message_id: str, emoji: str | None):
        emoji = rules.validate_emoji(emoji) if emoji is not None else None
        message, _, _ = await self._readable_message(caller_id, message_id)
        if message.deleted:
            raise FailedPrecondition("message_id: the message was deleted")
        if (await readable_conversation(self.repo, caller_id, message.conversation_id)).state is State.REQUEST:
            # A reaction would tell the sender the request was read.
            raise FailedPrecondition("conversation_id: accept the message request first")
        async with self.repo.transaction() as tx:
            changed = await tx.react(message, caller_id, emoji, utc_now())
        counts, _ = await self.repo.reactions(caller_id, [message.message_id])
        return changed, counts.get(message.message_id, {})

    async def search(self, caller_id: str, query: str, conversation_id: str, size: int, cursor: str):
        query = check_text(" ".join(query.split()), "query", max_length=200)
        if not query:
            raise InvalidArgument("query", "is required")
        if conversation_id:
            conversation_id = (await readable_conversation(self.repo, caller_id, conversation_id)).conversation_id
        size = page_size(size, default=DEFAULT_PAGE, maximum=MAX_PAGE)
        rows = await self.repo.search(
            caller_id,
            query,
            conversation_id or None,
            size + 1,
            cursors.decode(cursor, float, lambda v: parse_uuid(str(v), "cursor")),
        )
        page = rows[:size]
        next_cursor = cursors.encode(page[-1][1], page[-1][0].message_id) if len(rows) > size else ""
        return await self._hydrate(caller_id, [m for m, _ in page]), next_cursor
