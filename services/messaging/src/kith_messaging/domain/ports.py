"""The messaging service's ports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from kith_messaging.domain.conversations import (
    Conversation,
    Kind,
    Message,
    RoomAccess,
    SendLock,
    Settings,
    State,
)


class ConversationTx(ABC):
    """One transaction on the messaging store; each change writes its events in it (outbox)."""

    @abstractmethod
    async def lock(self, caller_id: str, conversation_id: str) -> tuple[Conversation, tuple[str, str]] | None:
        """The conversation the caller reads, locked for this transaction, with its pair (direct
        conversations; empty strings for groups); None when the caller does not read it."""

    @abstractmethod
    async def member_state(self, conversation_id: str, user_id: str) -> State | None: ...

    @abstractmethod
    async def active_count(self, conversation_id: str) -> int: ...

    @abstractmethod
    async def admin_count(self, conversation_id: str) -> int: ...

    @abstractmethod
    async def add_members(
        self, conversation_id: str, by: str, user_ids: list[str], joined_seq: int, at: datetime
    ) -> None:
        """Add (or bring back) group members, who read from `joined_seq` on; MembersAdded."""

    @abstractmethod
    async def leave(self, conversation_id: str, user_id: str, removed_by: str, at: datetime) -> bool:
        """Take an active member out (MemberLeft); a group left without an admin gets one."""

    @abstractmethod
    async def set_admin(self, conversation_id: str, user_id: str, admin: bool) -> bool: ...

    @abstractmethod
    async def rename(self, conversation_id: str, name: str, by: str, at: datetime) -> bool:
        """Give the group a new name (ConversationRenamed, without the name); False when it
        already had that name (nothing changed, nothing announced)."""

    @abstractmethod
    async def set_state(
        self, conversation_id: str, user_id: str, state: State, at: datetime, only_from: tuple[State, ...]
    ) -> bool: ...

    @abstractmethod
    async def lock_for_send(self, caller_id: str, conversation_id: str, client_id: str) -> SendLock | None:
        """The conversation locked as `lock` locks it, with what a send needs (one round trip);
        None when the caller does not read it."""

    @abstractmethod
    async def add_message(
        self, message: Message, kind: Kind, request: bool, lock: SendLock, fingerprint: bytes | None = None
    ) -> Message:
        """Take the conversation's next sequence number and store the message (MessageSent to
        the lock's recipients) with the fingerprint of the request that sent it, in one round
        trip. KeyTaken (kith_platform.idempotency) when the sender's message with its client id
        was stored meanwhile (committed after the lock's snapshot): nothing is stored then."""

    @abstractmethod
    async def lock_message(self, message_id: str) -> Message | None: ...

    @abstractmethod
    async def edit_message(self, old: Message, new: Message) -> None:
        """Store the new text, keep the old one in the history (MessageEdited)."""

    @abstractmethod
    async def delete_message(self, message: Message, by: str, at: datetime, removal_id: str = "") -> None:
        """Make the message a tombstone for everyone (MessageDeleted). With `removal_id` (a removal
        by the platform's staff, `by` empty), what it said is kept aside with the removal and its
        edit history stays, so that `restore_removed` can put it back."""

    @abstractmethod
    async def staff_removal_known(self, removal_id: str) -> bool:
        """Whether this removal was applied here before (or its restore arrived first)."""

    @abstractmethod
    async def restore_removed(self, message: Message, removal_id: str, at: datetime) -> bool:
        """Put back what the removal kept, if it is the removal holding the message now
        (MessageRestored); record the removal as over either way. Whether the message came back."""

    @abstractmethod
    async def react(self, message: Message, user_id: str, emoji: str | None, at: datetime) -> bool:
        """Set (emoji) or remove (None) the user's reaction; whether anything changed."""

    @abstractmethod
    async def mark_read(
        self, conversation_id: str, user_id: str, seq: int, at: datetime, receipt_visible: bool
    ) -> bool: ...

    @abstractmethod
    async def answer_request(self, conversation_id: str, user_id: str, accepted: bool, at: datetime) -> None: ...


class MessagingRepository(ABC):
    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[ConversationTx]: ...

    @abstractmethod
    async def create_direct(
        self, conversation_id: str, caller_id: str, other_id: str, at: datetime
    ) -> tuple[str, bool]:
        """The pair's conversation id, creating it (the caller active, the other pending); and
        whether it was created. The caller's own request or declined state becomes active."""

    @abstractmethod
    async def create_group(
        self, conversation_id: str, name: str, creator_id: str, member_ids: list[str], at: datetime
    ) -> None: ...

    @abstractmethod
    async def conversation(self, caller_id: str, conversation_id: str) -> Conversation | None:
        """The conversation with its members, if the caller reads it."""

    @abstractmethod
    async def send_context(
        self, caller_id: str, conversation_id: str
    ) -> tuple[Conversation, list[tuple[str, State]]] | None:
        """What a send checks before locking, if the caller reads the conversation: the
        conversation (no members, no unread count) and, for a direct one, the others not gone
        (user id, state)."""

    @abstractmethod
    async def conversations(
        self, caller_id: str, state: State, limit: int, after: tuple[datetime, str] | None
    ) -> list[Conversation]: ...

    @abstractmethod
    async def unread_counts(self, caller_id: str) -> list[tuple[str, State, int]]: ...

    @abstractmethod
    async def members(self, conversation_id: str) -> list[tuple[str, State, bool]]:
        """(user id, state, admin) of everyone not gone."""

    @abstractmethod
    async def room_access(self, community_id: str, user_id: str) -> RoomAccess: ...

    @abstractmethod
    async def create_room(
        self, conversation_id: str, community_id: str, name: str, creator_id: str, at: datetime
    ) -> None:
        """A room with the creator as its first member (ConversationCreated)."""

    @abstractmethod
    async def rooms(self, community_id: str, limit: int) -> list[Conversation]: ...

    @abstractmethod
    async def room_community(self, conversation_id: str) -> str | None:
        """The community of a room; None when it is no room."""

    @abstractmethod
    async def join_room(self, conversation_id: str, user_id: str, at: datetime) -> None:
        """Make the user a member of the room (again), reading its whole history (MembersAdded)."""

    @abstractmethod
    async def mirror_community(self, community_id: str, visibility: str, at: datetime) -> None: ...

    @abstractmethod
    async def mirror_community_member(
        self, community_id: str, user_id: str, role: str | None, active: bool, at: datetime
    ) -> None:
        """The newest membership fact (role None: unchanged)."""

    @abstractmethod
    async def mirror_community_ban(
        self, community_id: str, user_id: str, active: bool, until: datetime | None, at: datetime
    ) -> None: ...

    @abstractmethod
    async def mirror_community_mute(self, community_id: str, user_id: str, until: datetime) -> None: ...

    @abstractmethod
    async def live_recipients(self, conversation_id: str, seq: int) -> list[tuple[str, State]]:
        """(user id, state) of those who read the conversation now (active, or holding it as a
        request) and had joined before sequence number `seq`; nobody when it is a direct
        conversation closed by a block or a deactivation."""

    @abstractmethod
    async def message_by_id(self, message_id: str) -> Message | None:
        """A message as stored (with its reaction counts), whoever asks: for the live channel."""

    @abstractmethod
    async def live_batch(
        self, refs: list[tuple[str, int, str]]
    ) -> list[tuple[list[tuple[str, State]], Message | None]]:
        """For each (conversation id, seq, message id or ""), in one go: `live_recipients` and
        `message_by_id` (None without a message id, or when it is gone)."""

    @abstractmethod
    async def message_id_at(self, conversation_id: str, seq: int) -> str: ...

    @abstractmethod
    async def unreachable_among(self, user_id: str, others: list[str]) -> set[str]:
        """Those of `others` with a block either way with the user, away or erased."""

    @abstractmethod
    async def relation(self, recipient_id: str, sender_id: str) -> tuple[bool, bool]:
        """(the recipient follows the sender, they are friends)."""

    @abstractmethod
    async def settings(self, user_ids: list[str]) -> dict[str, Settings]:
        """Everyone's settings (the defaults for those who never changed them)."""

    @abstractmethod
    async def save_settings(self, user_id: str, settings: Settings) -> None: ...

    @abstractmethod
    async def presence_hidden(self, user_ids: list[str]) -> set[str]:
        """Those of `user_ids` who hide their presence (settings.hide_presence)."""

    @abstractmethod
    async def save_hide_presence(self, user_id: str, hidden: bool) -> None: ...

    @abstractmethod
    async def friends_among(self, user_id: str, others: list[str]) -> set[str]:
        """Those of `others` who are the user's friends now (the mirror of friendships)."""

    @abstractmethod
    async def friends_of(self, user_ids: list[str]) -> dict[str, list[str]]:
        """Each person's friends now (only people who have some)."""

    @abstractmethod
    async def message(self, caller_id: str, message_id: str) -> tuple[Message, Kind, bool] | None:
        """A message the caller reads, its conversation's kind and whether the caller is an admin there."""

    @abstractmethod
    async def page(
        self, conversation_id: str, joined_seq: int, bound: int, forward: bool, limit: int
    ) -> list[Message]: ...

    @abstractmethod
    async def edits(self, message_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]: ...

    @abstractmethod
    async def reactions(self, viewer_id: str, message_ids: list[str]) -> tuple[dict, dict]:
        """({message: {emoji: count}}, {message: the viewer's emoji})."""

    @abstractmethod
    async def receipts(self, conversation_id: str, caller_id: str) -> list[tuple[str, State, int, datetime | None]]: ...

    @abstractmethod
    async def search(
        self, caller_id: str, query: str, conversation_id: str | None, limit: int, after: tuple[float, str] | None
    ) -> list[tuple[Message, float]]: ...

    @abstractmethod
    async def mirror(self, kind: str, a: str, b: str, active: bool, at: datetime) -> None:
        """Record the newest fact of a relationship (follow, friend, block) if newer."""

    @abstractmethod
    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None: ...

    @abstractmethod
    async def erase_user(self, user_id: str, at: datetime) -> int:
        """In one transaction: the tombstone, their messages blank and senderless, their edits,
        reactions, memberships, settings, mentions and mirrored facts gone; how many messages
        were blanked. Running it again changes nothing."""

    @abstractmethod
    async def purge_outbox_of_erased(self, limit: int) -> int: ...


class People(ABC):
    """The identity service: who exists, and whose handles are which."""

    @abstractmethod
    async def existing(self, user_ids: list[str]) -> set[str]:
        """Those of `user_ids` who have an active account."""

    @abstractmethod
    async def resolve(self, handles: list[str], viewer_id: str) -> dict[str, str]:
        """Lower-cased handle -> user id, for active users not in a block with the viewer."""


class LiveChannel(ABC):
    """People's live channel (kith.live.v1): stored items, ephemeral items, and a rate limit."""

    @abstractmethod
    async def append(self, user_ids: list[str], key: str, item: bytes, names: Sequence[str] = ()) -> None:
        """Append a LiveItem to each person's log, once per (person, key) within the retention."""

    @abstractmethod
    async def ephemeral(self, user_ids: list[str], item: bytes) -> None:
        """Send a LiveItem to whoever of them has a stream open now; never stored."""

    @abstractmethod
    async def forget_between(self, a: str, b: str) -> None:
        """A block: drop the items of each one's log that name the other (kith_platform.live)."""

    @abstractmethod
    async def forget_person(self, user_id: str) -> None:
        """A deactivation: drop the items of everyone's log that name the person."""

    @abstractmethod
    async def first_within(self, key: str, seconds: float) -> bool:
        """True for the first call with `key` in a window of `seconds`, False for the others."""


class PresenceStore(ABC):
    """Where the live edges record who is online (kith_platform.live): read only here."""

    @abstractmethod
    async def presence(self, user_ids: list[str]) -> dict[str, tuple[bool, int | None]]:
        """Each person's (online now, last seen in ms or None)."""
