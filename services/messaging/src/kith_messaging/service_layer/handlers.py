"""Messaging use cases: conversations, members, messages, read state, requests, search.

Every read and write starts from the caller's membership: a conversation they do not read
is NOT_FOUND. No log line here names a message's text."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kith.live.v1 import live_pb2
from kith_messaging.domain import conversations as rules
from kith_messaging.domain.conversations import Conversation, Kind, Message, Settings, State, WhoMayMessage
from kith_messaging.domain.ports import LiveChannel, MessagingRepository, People
from kith_platform import cursors, live
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.validation import check_text, page_size

log = logging.getLogger("kith.messaging")
DEFAULT_PAGE, MAX_PAGE, DEFAULT_MESSAGES = 20, 100, 50
ROOMS_MAX = 200


def _now() -> datetime:
    return datetime.now(UTC)


def _no_conversation() -> NotFound:
    return NotFound("conversation_id: no such conversation")


def _no_message() -> NotFound:
    return NotFound("message_id: no such message")


def _ids(values: list[str], field: str) -> list[str]:
    return list(dict.fromkeys(parse_uuid(v, field) for v in values))


@dataclass
class MessagingHandlers:
    repo: MessagingRepository
    people: People
    live: LiveChannel | None = None
    typing_every_seconds: float = 1.0

    # Conversations -------------------------------------------------------------------------

    async def _reachable(self, caller_id: str, user_ids: list[str], field: str) -> None:
        """Everyone exists, is active and has no block with the caller: else NOT_FOUND, the
        same answer for each (a block is not told apart from someone who does not exist)."""
        if not user_ids:
            return
        unreachable = await self.repo.unreachable_among(caller_id, user_ids)
        existing = await self.people.existing(user_ids)
        if unreachable or set(user_ids) - existing:
            raise NotFound(f"{field}: no such user")

    async def get(self, caller_id: str, conversation_id: str) -> Conversation:
        conversation = await self.repo.conversation(caller_id, parse_uuid(conversation_id, "conversation_id"))
        if conversation is None:
            raise _no_conversation()
        return conversation

    async def direct(self, caller_id: str, user_id: str) -> tuple[Conversation, bool]:
        other = parse_uuid(user_id, "user_id")
        if other == caller_id:
            raise InvalidArgument("user_id", "must be someone else")
        await self._reachable(caller_id, [other], "user_id")
        conversation_id, created = await self.repo.create_direct(str(uuid.uuid4()), caller_id, other, _now())
        return await self.get(caller_id, conversation_id), created

    async def create_group(self, caller_id: str, name: str, member_ids: list[str]) -> Conversation:
        name = rules.validate_name(name)
        if len(member_ids) > rules.GROUP_MAX:
            raise InvalidArgument("member_ids", f"a group has at most {rules.GROUP_MAX} members")
        members = [m for m in _ids(member_ids, "member_ids") if m != caller_id]
        if len(members) + 1 > rules.GROUP_MAX:
            raise InvalidArgument("member_ids", f"a group has at most {rules.GROUP_MAX} members")
        await self._reachable(caller_id, members, "member_ids")
        conversation_id = str(uuid.uuid4())
        await self.repo.create_group(conversation_id, name, caller_id, members, _now())
        return await self.get(caller_id, conversation_id)

    async def conversations(self, caller_id: str, size: int, cursor: str, requests: bool = False):
        size = page_size(size, default=DEFAULT_PAGE, maximum=MAX_PAGE)
        rows = await self.repo.conversations(
            caller_id, State.REQUEST if requests else State.ACTIVE, size + 1, cursors.decode_at(cursor)
        )
        page = rows[:size]
        next_cursor = cursors.encode_at(page[-1].last_activity_at, page[-1].conversation_id) if len(rows) > size else ""
        return page, next_cursor

    async def _group_as_admin(self, tx, caller_id: str, conversation_id: str) -> Conversation:
        locked = await tx.lock(caller_id, parse_uuid(conversation_id, "conversation_id"))
        if locked is None or locked[0].state is not State.ACTIVE:
            raise _no_conversation()
        conversation = locked[0]
        if conversation.kind is not Kind.GROUP:
            raise FailedPrecondition("conversation_id: only a group's members are changed this way")
        if not conversation.admin:
            raise PermissionDenied("only the group's admins may do this")
        return conversation

    async def add_members(self, caller_id: str, conversation_id: str, user_ids: list[str]) -> Conversation:
        if len(user_ids) >= rules.GROUP_MAX:
            raise InvalidArgument("user_ids", f"a group has at most {rules.GROUP_MAX} members")
        adding = [u for u in _ids(user_ids, "user_ids") if u != caller_id]
        if not adding:
            raise InvalidArgument("user_ids", "is required")
        await self._reachable(caller_id, adding, "user_ids")
        async with self.repo.transaction() as tx:
            conversation = await self._group_as_admin(tx, caller_id, conversation_id)
            new = [u for u in adding if await tx.member_state(conversation.conversation_id, u) in (None, State.LEFT)]
            rules.check_group_size(await tx.active_count(conversation.conversation_id), len(new))
            if new:
                await tx.add_members(conversation.conversation_id, caller_id, new, conversation.last_seq, _now())
        return await self.get(caller_id, conversation.conversation_id)

    async def remove_member(self, caller_id: str, conversation_id: str, user_id: str) -> None:
        user_id = parse_uuid(user_id, "user_id")
        if user_id == caller_id:
            raise InvalidArgument("user_id", "to leave, use LeaveConversation")
        async with self.repo.transaction() as tx:
            conversation = await self._group_as_admin(tx, caller_id, conversation_id)
            if not await tx.leave(conversation.conversation_id, user_id, caller_id, _now()):
                raise NotFound("user_id: not a member of this group")

    async def set_admin(self, caller_id: str, conversation_id: str, user_id: str, admin: bool) -> None:
        user_id = parse_uuid(user_id, "user_id")
        async with self.repo.transaction() as tx:
            conversation = await self._group_as_admin(tx, caller_id, conversation_id)
            if not admin and user_id == caller_id and await tx.admin_count(conversation.conversation_id) <= 1:
                raise FailedPrecondition("a group keeps at least one admin")
            if not await tx.set_admin(conversation.conversation_id, user_id, admin):
                raise NotFound("user_id: not a member of this group")

    async def leave(self, caller_id: str, conversation_id: str) -> None:
        async with self.repo.transaction() as tx:
            locked = await tx.lock(caller_id, parse_uuid(conversation_id, "conversation_id"))
            if locked is None or locked[0].state is not State.ACTIVE:
                raise _no_conversation()
            if locked[0].kind is Kind.DIRECT:
                raise FailedPrecondition("conversation_id: one cannot leave a direct conversation")
            await tx.leave(locked[0].conversation_id, caller_id, "", _now())

    async def rename_group(self, caller_id: str, conversation_id: str, name: str) -> Conversation:
        """A group's admins rename it (ConversationRenamed, without the name; the members' live
        streams get a conversation-list change "renamed"). The same name changes nothing."""
        conversation_id = parse_uuid(conversation_id, "conversation_id")
        name = rules.validate_name(name)
        async with self.repo.transaction() as tx:
            locked = await tx.lock(caller_id, conversation_id)
            if locked is None or locked[0].state is not State.ACTIVE:
                raise _no_conversation()
            if locked[0].kind is not Kind.GROUP:
                raise FailedPrecondition("conversation_id: only a group can be renamed")
            if not locked[0].admin:
                raise PermissionDenied("only the group's admins may rename it")
            await tx.rename(conversation_id, name, caller_id, _now())
        return await self.get(caller_id, conversation_id)

    # Rooms ---------------------------------------------------------------------------------

    async def _room_access(self, caller_id: str, community_id: str) -> rules.RoomAccess:
        """What the caller may do in the community's rooms; NOT_FOUND when they may not read them."""
        access = await self.repo.room_access(community_id, caller_id)
        if not access.readable:
            raise NotFound("community_id: no such community")
        return access

    async def create_room(self, caller_id: str, community_id: str, name: str) -> Conversation:
        community_id = parse_uuid(community_id, "community_id")
        name = rules.validate_name(name)
        access = await self._room_access(caller_id, community_id)
        if not access.may_open_rooms:
            raise PermissionDenied("only the community's moderators, admins and owner may open rooms")
        conversation_id = str(uuid.uuid4())
        await self.repo.create_room(conversation_id, community_id, name, caller_id, _now())
        return await self.get(caller_id, conversation_id)

    async def rooms(self, caller_id: str, community_id: str) -> list[Conversation]:
        community_id = parse_uuid(community_id, "community_id")
        await self._room_access(caller_id, community_id)
        return await self.repo.rooms(community_id, ROOMS_MAX)

    async def join_room(self, caller_id: str, conversation_id: str) -> Conversation:
        conversation_id = parse_uuid(conversation_id, "conversation_id")
        community_id = await self.repo.room_community(conversation_id)
        if community_id is None or not (await self.repo.room_access(community_id, caller_id)).readable:
            raise _no_conversation()
        await self.repo.join_room(conversation_id, caller_id, _now())
        return await self.get(caller_id, conversation_id)

    # Messages ------------------------------------------------------------------------------

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
        conversation_id = parse_uuid(conversation_id, "conversation_id")
        text = rules.validate_text(text)
        client_id = rules.validate_client_id(client_id) or str(uuid.uuid4())
        reply_to = parse_uuid(reply_to, "reply_to_message_id") if reply_to else ""
        context = await self.repo.send_context(caller_id, conversation_id)
        if context is None:
            raise _no_conversation()
        conversation, direct_others = context
        if conversation.kind is Kind.ROOM:
            access = await self.repo.room_access(conversation.community_id, caller_id)
            if not access.may_write:
                raise PermissionDenied("only the community's members who are not banned or muted may write here")
        if reply_to:
            found = await self.repo.message(caller_id, reply_to)
            if found is None or found[0].conversation_id != conversation_id:
                raise NotFound("reply_to_message_id: no such message in this conversation")
        landing: dict[str, State] = {}
        others: list[str] = []
        for user_id, state in direct_others:  # a direct conversation's other side
            others.append(user_id)
            if state is State.PENDING:
                landing[user_id] = await self._first_contact(caller_id, user_id)
        mentions = await self._mentions(text, caller_id, conversation)
        async with self.repo.transaction() as tx:
            # One statement: the lock (it serialises the conversation's sends), the recipients,
            # the other side's states and an earlier message with this client id.
            locked = await tx.lock_for_send(caller_id, conversation_id, client_id)
            if locked is None:
                raise _no_conversation()
            if locked.existing is not None:
                return await self._hydrate_one(caller_id, locked.existing), False
            now = _now()
            changed = locked.caller_state is State.REQUEST or bool(landing)
            if locked.caller_state is State.REQUEST:  # replying accepts the request
                await tx.set_state(conversation_id, caller_id, State.ACTIVE, now, (State.REQUEST,))
            for user_id, state in landing.items():
                await tx.set_state(conversation_id, user_id, state, now, (State.PENDING,))
            if changed:  # states just written: read them back
                request = any([await tx.member_state(conversation_id, u) is State.REQUEST for u in others])
            else:
                request = any(locked.other_states.get(u) is State.REQUEST for u in others)
            message = await tx.add_message(
                Message(
                    message_id=str(uuid.uuid4()),
                    conversation_id=conversation_id,
                    seq=0,
                    sender_id=caller_id,
                    text=text,
                    sent_at=now,
                    client_id=client_id,
                    reply_to=reply_to,
                    mention_ids=mentions,
                    has_link=rules.has_link(text),
                ),
                locked.kind,
                request,
                locked,
            )
        return message, True

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
        conversation = await self.get(caller_id, conversation_id)
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
        conversation = await self.get(caller_id, message.conversation_id)
        mentions = await self._mentions(text, caller_id, conversation)
        async with self.repo.transaction() as tx:
            current = await tx.lock_message(message.message_id)
            if current is None or current.deleted:
                raise FailedPrecondition("message_id: the message was deleted")
            edited = replace(
                current,
                text=text,
                has_link=rules.has_link(text),
                edited_at=_now(),
                mention_ids=tuple(dict.fromkeys(current.mention_ids + mentions)),
            )
            await tx.edit_message(current, edited)
        return await self._hydrate_one(caller_id, edited)

    async def edits(self, caller_id: str, message_id: str, size: int, cursor: str):
        message, _, _ = await self._readable_message(caller_id, message_id)
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
                await tx.delete_message(current, caller_id, _now())

    async def react(self, caller_id: str, message_id: str, emoji: str | None):
        emoji = rules.validate_emoji(emoji) if emoji is not None else None
        message, _, _ = await self._readable_message(caller_id, message_id)
        if message.deleted:
            raise FailedPrecondition("message_id: the message was deleted")
        if (await self.get(caller_id, message.conversation_id)).state is State.REQUEST:
            # A reaction would tell the sender the request was read.
            raise FailedPrecondition("conversation_id: accept the message request first")
        async with self.repo.transaction() as tx:
            changed = await tx.react(message, caller_id, emoji, _now())
        counts, _ = await self.repo.reactions(caller_id, [message.message_id])
        return changed, counts.get(message.message_id, {})

    # Read state ----------------------------------------------------------------------------

    async def mark_read(self, caller_id: str, conversation_id: str, seq: int) -> tuple[int, int]:
        conversation = await self.get(caller_id, conversation_id)
        target = rules.read_up_to(seq, conversation.last_read_seq, conversation.last_seq)
        if target > conversation.last_read_seq:
            mine = (await self.repo.settings([caller_id]))[caller_id]
            async with self.repo.transaction() as tx:
                await tx.mark_read(
                    conversation.conversation_id,
                    caller_id,
                    target,
                    _now(),
                    mine.read_receipts and conversation.state is State.ACTIVE,
                )
        after = await self.get(caller_id, conversation.conversation_id)
        return after.last_read_seq, after.unread_count

    async def set_typing(self, caller_id: str, conversation_id: str, typing: bool) -> None:
        """Tell the other readers of the conversation that the caller is typing (or stopped):
        ephemeral (kith_platform.live.ephemeral), no outbox, no Kafka. At most one per person
        per conversation every `typing_every_seconds`: the rest are dropped silently."""
        conversation = await self.get(caller_id, conversation_id)
        if self.live is None:
            return
        if conversation.state is not State.ACTIVE:
            return  # a pending request: its sender must not learn the recipient opened it
        others = [
            u
            for u, state in await self.repo.live_recipients(conversation.conversation_id, rules.SEQ_MAX)
            if u != caller_id and state is State.ACTIVE
        ]
        if not others:
            return
        key = f"typing:{{{caller_id}}}:{conversation.conversation_id}"
        if not await self.live.first_within(key, self.typing_every_seconds):
            return
        item = live.item(
            typing=live_pb2.Typing(conversation_id=conversation.conversation_id, user_id=caller_id, typing=typing)
        )
        await self.live.ephemeral(others, item)

    async def unread_counts(self, caller_id: str) -> tuple[list[tuple[str, int]], int, int]:
        rows = await self.repo.unread_counts(caller_id)
        active = [(c, n) for c, state, n in rows if state is State.ACTIVE and n]
        requests = sum(1 for _, state, _ in rows if state is State.REQUEST)
        return active, sum(n for _, n in active), requests

    async def receipts(self, caller_id: str, conversation_id: str):
        conversation = await self.get(caller_id, conversation_id)
        rows = await self.repo.receipts(conversation.conversation_id, caller_id)
        settings = await self.repo.settings([caller_id, *(r[0] for r in rows)])
        return [
            (user_id, seq, at)
            for user_id, state, seq, at in rows
            if rules.receipts_visible(settings[caller_id], settings[user_id], state)
        ]

    # Settings and requests -----------------------------------------------------------------

    async def settings(self, caller_id: str) -> Settings:
        stored = (await self.repo.settings([caller_id]))[caller_id]
        return replace(stored, hide_presence=caller_id in await self.repo.presence_hidden([caller_id]))

    async def update_settings(
        self, caller_id: str, who: WhoMayMessage | None, read_receipts: bool | None, hide_presence: bool | None = None
    ) -> Settings:
        current = await self.settings(caller_id)
        updated = Settings(
            who or current.who_may_message,
            current.read_receipts if read_receipts is None else read_receipts,
            current.hide_presence if hide_presence is None else hide_presence,
        )
        await self.repo.save_settings(caller_id, updated)  # who may message, read receipts
        if updated.hide_presence != current.hide_presence:
            await self.repo.save_hide_presence(caller_id, updated.hide_presence)
        return updated

    async def answer_request(self, caller_id: str, conversation_id: str, accept: bool) -> Conversation | None:
        conversation = await self.get(caller_id, conversation_id)
        if conversation.state is not State.REQUEST:
            raise FailedPrecondition("conversation_id: not a message request")
        async with self.repo.transaction() as tx:
            await tx.answer_request(conversation.conversation_id, caller_id, accept, _now())
        return await self.get(caller_id, conversation.conversation_id) if accept else None

    # Search --------------------------------------------------------------------------------

    async def search(self, caller_id: str, query: str, conversation_id: str, size: int, cursor: str):
        query = check_text(" ".join(query.split()), "query", max_length=200)
        if not query:
            raise InvalidArgument("query", "is required")
        if conversation_id:
            conversation_id = (await self.get(caller_id, conversation_id)).conversation_id
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

    # Mirrors and erasure (graph and identity events) ----------------------------------------

    async def apply_block(self, blocker_id: str, blocked_id: str, active: bool, at: datetime) -> None:
        """Mirror a block (or its end). A block also takes the items naming the other person out
        of both live logs, so that no stream, not even one resuming from an older cursor, is
        given them again: it holds when the blocking call returns (the mirror push)."""
        await self.repo.mirror("block", blocker_id, blocked_id, active, at)
        if active and self.live is not None:
            await self.live.forget_between(blocker_id, blocked_id)

    async def apply_deactivation(self, user_id: str, deactivated: bool, at: datetime) -> None:
        """Mirror a deactivation (or reactivation); a deactivation also takes the items naming
        the person out of everyone's live log."""
        await self.repo.mirror_user(user_id, deactivated, at)
        if deactivated and self.live is not None:
            await self.live.forget_person(user_id)

    async def erase_user(self, user_id: str, at: datetime) -> None:
        """Remove an erased person's text and membership data (again on a redelivery, harmlessly)."""
        try:
            user_id = str(uuid.UUID(user_id))
        except ValueError:
            log.error("skipping a UserErased with a malformed user id")
            return
        blanked = await self.repo.erase_user(user_id, at)
        # The log names no id: it would be one more place the person stays.
        log.info("erased a user's messaging data: %d messages blanked", blanked)

    async def purge_erased_outbox(self, limit: int = 100) -> int:
        return await self.repo.purge_outbox_of_erased(limit)
