"""Messaging use cases: conversations, groups and their members, rooms, read state, settings and
requests, and the mirrors and erasure the consumers apply; messages themselves are messages.py.

Every read and write starts from the caller's membership: a conversation they do not read
is NOT_FOUND. No log line here names a message's text."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kith.live.v1 import live_pb2
from kith_messaging.domain import conversations as rules
from kith_messaging.domain.conversations import Conversation, Kind, Settings, State, WhoMayMessage
from kith_messaging.domain.ports import LiveChannel, MessagingRepository, People
from kith_platform import cursors, live
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.ids import parse_uuid
from kith_platform.validation import page_size

log = logging.getLogger("kith.messaging")
DEFAULT_PAGE, MAX_PAGE = 20, 100
ROOMS_MAX = 200


def utc_now() -> datetime:
    return datetime.now(UTC)


def no_conversation() -> NotFound:
    return NotFound("conversation_id: no such conversation")


def _ids(values: list[str], field: str) -> list[str]:
    return list(dict.fromkeys(parse_uuid(v, field) for v in values))


async def readable_conversation(repo: MessagingRepository, caller_id: str, conversation_id: str) -> Conversation:
    """The conversation as the caller reads it; NOT_FOUND when they do not read it."""
    conversation = await repo.conversation(caller_id, parse_uuid(conversation_id, "conversation_id"))
    if conversation is None:
        raise no_conversation()
    return conversation


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
        return await readable_conversation(self.repo, caller_id, conversation_id)

    async def direct(self, caller_id: str, user_id: str) -> tuple[Conversation, bool]:
        other = parse_uuid(user_id, "user_id")
        if other == caller_id:
            raise InvalidArgument("user_id", "must be someone else")
        await self._reachable(caller_id, [other], "user_id")
        conversation_id, created = await self.repo.create_direct(str(uuid.uuid4()), caller_id, other, utc_now())
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
        await self.repo.create_group(conversation_id, name, caller_id, members, utc_now())
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
            raise no_conversation()
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
                await tx.add_members(conversation.conversation_id, caller_id, new, conversation.last_seq, utc_now())
        return await self.get(caller_id, conversation.conversation_id)

    async def remove_member(self, caller_id: str, conversation_id: str, user_id: str) -> None:
        user_id = parse_uuid(user_id, "user_id")
        if user_id == caller_id:
            raise InvalidArgument("user_id", "to leave, use LeaveConversation")
        async with self.repo.transaction() as tx:
            conversation = await self._group_as_admin(tx, caller_id, conversation_id)
            if not await tx.leave(conversation.conversation_id, user_id, caller_id, utc_now()):
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
                raise no_conversation()
            if locked[0].kind is Kind.DIRECT:
                raise FailedPrecondition("conversation_id: one cannot leave a direct conversation")
            await tx.leave(locked[0].conversation_id, caller_id, "", utc_now())

    async def rename_group(self, caller_id: str, conversation_id: str, name: str) -> Conversation:
        """A group's admins rename it (ConversationRenamed, without the name; the members' live
        streams get a conversation-list change "renamed"). The same name changes nothing."""
        conversation_id = parse_uuid(conversation_id, "conversation_id")
        name = rules.validate_name(name)
        async with self.repo.transaction() as tx:
            locked = await tx.lock(caller_id, conversation_id)
            if locked is None or locked[0].state is not State.ACTIVE:
                raise no_conversation()
            if locked[0].kind is not Kind.GROUP:
                raise FailedPrecondition("conversation_id: only a group can be renamed")
            if not locked[0].admin:
                raise PermissionDenied("only the group's admins may rename it")
            await tx.rename(conversation_id, name, caller_id, utc_now())
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
        await self.repo.create_room(conversation_id, community_id, name, caller_id, utc_now())
        return await self.get(caller_id, conversation_id)

    async def rooms(self, caller_id: str, community_id: str) -> list[Conversation]:
        community_id = parse_uuid(community_id, "community_id")
        await self._room_access(caller_id, community_id)
        return await self.repo.rooms(community_id, ROOMS_MAX)

    async def join_room(self, caller_id: str, conversation_id: str) -> Conversation:
        conversation_id = parse_uuid(conversation_id, "conversation_id")
        community_id = await self.repo.room_community(conversation_id)
        if community_id is None or not (await self.repo.room_access(community_id, caller_id)).readable:
            raise no_conversation()
        await self.repo.join_room(conversation_id, caller_id, utc_now())
        return await self.get(caller_id, conversation_id)

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
                    utc_now(),
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
            await tx.answer_request(conversation.conversation_id, caller_id, accept, utc_now())
        return await self.get(caller_id, conversation.conversation_id) if accept else None

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
