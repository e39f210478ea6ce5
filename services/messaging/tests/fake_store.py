"""The data a FakeRepository (fakes.py) holds, and the fake of one transaction on it
(domain.ports.ConversationTx): each change as the PostgreSQL adapter makes it, with its event."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kith_messaging.domain.conversations import Conversation, Kind, Message, SendLock, Settings, State
from kith_messaging.domain.ports import ConversationTx
from kith_platform.idempotency import KeyTaken

if TYPE_CHECKING:
    from services.messaging.tests.fakes import FakeRepository


READING = (State.ACTIVE, State.REQUEST)
RECEIVING = (State.ACTIVE, State.REQUEST, State.PENDING)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Row:
    """A member's row."""

    state: State
    admin: bool
    joined_at: datetime
    joined_seq: int = 0
    last_read_seq: int = 0
    read_at: datetime | None = None


@dataclass
class Data:
    """Everything the repository holds; copied at the start of a transaction, put back on failure."""

    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, dict[str, Row]] = field(default_factory=dict)  # conversation -> user -> row
    messages: dict[str, Message] = field(default_factory=dict)
    edits: dict[str, list[tuple[int, str, datetime]]] = field(default_factory=dict)
    reactions: dict[tuple[str, str], str] = field(default_factory=dict)  # (message, user) -> emoji
    settings: dict[str, Settings] = field(default_factory=dict)
    facts: set[tuple[str, str, str]] = field(default_factory=set)  # (follow | friend | block, a, b)
    away: set[str] = field(default_factory=set)
    erased: set[str] = field(default_factory=set)
    visibility: dict[str, str] = field(default_factory=dict)  # community -> public | private | hidden
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (community, user) -> role
    banned: set[tuple[str, str]] = field(default_factory=set)
    muted: set[tuple[str, str]] = field(default_factory=set)
    events: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    # Staff removals: removal -> (message, the message as it was, or None once restored).
    removals: dict[str, tuple[str, Message | None]] = field(default_factory=dict)
    held: dict[str, str] = field(default_factory=dict)  # message -> the removal holding it
    fingerprints: dict[str, bytes] = field(default_factory=dict)  # message -> its send's request


class FakeTx(ConversationTx):
    def __init__(self, repo: FakeRepository) -> None:
        self.repo, self.data = repo, repo.data

    async def lock(self, caller_id: str, conversation_id: str) -> tuple[Conversation, tuple[str, str]] | None:
        found = await self.repo.conversation(caller_id, conversation_id)
        if found is None:
            return None
        return found, self.data.conversations[conversation_id].get("pair", ("", ""))

    async def member_state(self, conversation_id: str, user_id: str) -> State | None:
        row = self.repo.row(conversation_id, user_id)
        return None if row is None else row.state

    async def active_count(self, conversation_id: str) -> int:
        return sum(1 for r in self.data.members[conversation_id].values() if r.state is State.ACTIVE)

    async def admin_count(self, conversation_id: str) -> int:
        return sum(1 for r in self.data.members[conversation_id].values() if r.state is State.ACTIVE and r.admin)

    async def add_members(
        self, conversation_id: str, by: str, user_ids: list[str], joined_seq: int, at: datetime
    ) -> None:
        for user_id in user_ids:
            self.repo.add_member(conversation_id, user_id, State.ACTIVE, seq=joined_seq)
        recipients = self.repo.recipients(conversation_id, by)
        self.repo.publish("MembersAdded", conversation_id, added_by=by, user_ids=user_ids, recipient_ids=recipients)

    async def leave(self, conversation_id: str, user_id: str, removed_by: str, at: datetime) -> bool:
        if not await self.set_state(conversation_id, user_id, State.LEFT, at, (State.ACTIVE,)):
            return False
        active = [(r.joined_at, u, r) for u, r in self.data.members[conversation_id].items() if r.state is State.ACTIVE]
        if active and not any(r.admin for _, _, r in active):
            min(active, key=lambda a: (a[0], a[1]))[2].admin = True  # the longest-standing member
        recipients = self.repo.recipients(conversation_id)
        self.repo.publish(
            "MemberLeft", conversation_id, user_id=user_id, removed_by=removed_by, recipient_ids=recipients
        )
        return True

    async def set_admin(self, conversation_id: str, user_id: str, admin: bool) -> bool:
        row = self.repo.row(conversation_id, user_id)
        if row is None or row.state is not State.ACTIVE:
            return False
        row.admin = admin
        return True

    async def rename(self, conversation_id: str, name: str, by: str, at: datetime) -> bool:
        conversation = self.data.conversations[conversation_id]
        if conversation["kind"] is not Kind.GROUP or conversation["name"] == name:
            return False
        conversation["name"] = name
        self.repo.publish("ConversationRenamed", conversation_id, renamed_by=by)
        return True

    async def set_state(
        self, conversation_id: str, user_id: str, state: State, at: datetime, only_from: tuple[State, ...]
    ) -> bool:
        row = self.repo.row(conversation_id, user_id)
        if row is None or row.state not in only_from:
            return False
        row.state, row.admin = state, row.admin and state is State.ACTIVE
        return True

    async def lock_for_send(self, caller_id: str, conversation_id: str, client_id: str) -> SendLock | None:
        locked = await self.lock(caller_id, conversation_id)
        if locked is None:
            return None
        conversation = locked[0]
        rows = self.data.members[conversation_id].items()
        existing = [
            m
            for m in self.data.messages.values()
            if (m.conversation_id, m.sender_id, m.client_id) == (conversation_id, caller_id, client_id)
        ]
        return SendLock(
            kind=conversation.kind,
            caller_state=conversation.state,
            last_seq=conversation.last_seq,
            recipient_ids=tuple(self.repo.recipients(conversation_id, caller_id)),
            other_states={u: r.state for u, r in rows if conversation.kind is Kind.DIRECT and u != caller_id},
            existing=existing[0] if existing else None,
            existing_fingerprint=self.data.fingerprints.get(existing[0].message_id) if existing else None,
        )

    async def add_message(
        self, message: Message, kind: Kind, request: bool, lock: SendLock, fingerprint: bytes | None = None
    ) -> Message:
        sent = (message.conversation_id, message.sender_id, message.client_id)
        if any((m.conversation_id, m.sender_id, m.client_id) == sent for m in self.data.messages.values()):
            raise KeyTaken(message.client_id)  # as the unique index of client ids
        if fingerprint is not None:
            self.data.fingerprints[message.message_id] = fingerprint
        conversation = self.data.conversations[message.conversation_id]
        conversation["last_seq"] += 1
        conversation["last_message_at"] = message.sent_at
        stored = replace(message, seq=conversation["last_seq"])
        self.data.messages[stored.message_id] = stored
        self.repo.publish(
            "MessageSent",
            stored.conversation_id,
            message_id=stored.message_id,
            seq=stored.seq,
            length=len(stored.text),
            recipient_ids=list(lock.recipient_ids),
            request=request,
            mention_ids=list(stored.mention_ids),
        )
        return stored

    async def lock_message(self, message_id: str) -> Message | None:
        return self.data.messages.get(message_id)

    async def edit_message(self, old: Message, new: Message) -> None:
        history = self.data.edits.setdefault(old.message_id, [])
        history.append((len(history) + 1, old.text, new.edited_at or old.sent_at))
        self.data.messages[new.message_id] = new
        self.repo.publish("MessageEdited", new.conversation_id, message_id=new.message_id, length=len(new.text))

    async def delete_message(self, message: Message, by: str, at: datetime, removal_id: str = "") -> None:
        if self.data.messages[message.message_id].deleted:
            return
        if removal_id:
            self.data.removals[removal_id] = (message.message_id, self.data.messages[message.message_id])
            self.data.held[message.message_id] = removal_id
        else:
            self.data.edits.pop(message.message_id, None)
        self.data.messages[message.message_id] = replace(message, text="", mention_ids=(), has_link=False, deleted=True)
        self.repo.publish(
            "MessageDeleted",
            message.conversation_id,
            message_id=message.message_id,
            deleted_by=by,
            sender_id=message.sender_id,
            removal_id=removal_id,
            recipient_ids=self.repo.recipients(message.conversation_id, by),
        )

    async def staff_removal_known(self, removal_id: str) -> bool:
        return removal_id in self.data.removals

    async def restore_removed(self, message: Message, removal_id: str, at: datetime) -> bool:
        kept = self.data.removals.get(removal_id, (message.message_id, None))[1]
        self.data.removals[removal_id] = (message.message_id, None)
        if kept is None or self.data.held.get(message.message_id) != removal_id:
            return False
        del self.data.held[message.message_id]
        self.data.messages[message.message_id] = replace(
            self.data.messages[message.message_id],
            text=kept.text,
            mention_ids=kept.mention_ids,
            has_link=kept.has_link,
            deleted=False,
        )
        self.repo.publish(
            "MessageRestored",
            message.conversation_id,
            message_id=message.message_id,
            sender_id=message.sender_id,
            removal_id=removal_id,
            recipient_ids=self.repo.recipients(message.conversation_id),
        )
        return True

    async def react(self, message: Message, user_id: str, emoji: str | None, at: datetime) -> bool:
        key = (message.message_id, user_id)
        before = self.data.reactions.get(key)
        if before == emoji:
            return False
        if emoji is None:
            del self.data.reactions[key]
        else:
            self.data.reactions[key] = emoji
        self.repo.publish("ReactionChanged", message.conversation_id, user_id=user_id, removed=emoji is None)
        return True

    async def mark_read(
        self, conversation_id: str, user_id: str, seq: int, at: datetime, receipt_visible: bool
    ) -> bool:
        row = self.repo.row(conversation_id, user_id)
        if row is None or row.last_read_seq >= seq:
            return False
        row.last_read_seq, row.read_at = seq, at
        self.repo.publish(
            "ConversationRead", conversation_id, user_id=user_id, seq=seq, receipt_visible=receipt_visible
        )
        return True

    async def answer_request(self, conversation_id: str, user_id: str, accepted: bool, at: datetime) -> None:
        state = State.ACTIVE if accepted else State.DECLINED
        await self.set_state(conversation_id, user_id, state, at, (State.REQUEST,))
        self.repo.publish("MessageRequestAnswered", conversation_id, user_id=user_id, accepted=accepted)
