"""Messaging rules: text limits, links, mentions, groups, who may write to whom, read state."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from kith_platform import text as text_rules
from kith_platform.errors import FailedPrecondition, InvalidArgument
from kith_platform.validation import check_text

TEXT_MAX = 4000
NAME_MAX = 100
CLIENT_ID_MAX = 64
EMOJI_MAX = 16
GROUP_MAX = 250  # members of a group, its admins included
MENTIONS_MAX = 20
SEQ_MAX = 2**62  # far beyond any conversation; keeps cursors inside PostgreSQL's bigint


class Kind(enum.Enum):
    DIRECT = "direct"
    GROUP = "group"
    ROOM = "room"  # a community's room: read as the community's visibility says, written by members


class State(enum.Enum):
    """A member's standing in a conversation."""

    ACTIVE = "active"  # reads and writes
    PENDING = "pending"  # the other side of a direct conversation nobody has written in yet
    REQUEST = "request"  # a message request waiting for the recipient's answer
    DECLINED = "declined"  # a declined request: hidden from the recipient
    LEFT = "left"  # left or removed from a group: reads nothing any more


# Who reads a conversation (GetConversation, ListMessages, MarkRead ...): NOT_FOUND for others.
READERS = frozenset({State.ACTIVE, State.REQUEST})


class WhoMayMessage(enum.Enum):
    EVERYONE = "everyone"
    FOLLOWING = "following"  # people the recipient follows
    FRIENDS = "friends"
    NOBODY = "nobody"


@dataclass(frozen=True)
class Settings:
    who_may_message: WhoMayMessage = WhoMayMessage.EVERYONE
    read_receipts: bool = True
    hide_presence: bool = False  # the rules: kith_messaging.domain.presence


@dataclass(frozen=True)
class Member:
    user_id: str
    admin: bool
    joined_at: datetime


@dataclass(frozen=True)
class Conversation:
    conversation_id: str
    kind: Kind
    name: str
    created_at: datetime
    last_seq: int
    last_activity_at: datetime
    members: tuple[Member, ...] = ()
    community_id: str = ""  # rooms only
    # The caller's view.
    state: State = State.ACTIVE
    admin: bool = False
    joined_seq: int = 0
    last_read_seq: int = 0
    unread_count: int = 0


@dataclass(frozen=True)
class Message:
    message_id: str
    conversation_id: str
    seq: int
    sender_id: str  # "" once the sender is erased
    text: str
    sent_at: datetime
    client_id: str = ""
    reply_to: str = ""
    mention_ids: tuple[str, ...] = ()
    has_link: bool = False
    edited_at: datetime | None = None
    deleted: bool = False
    reactions: dict[str, int] = field(default_factory=dict)
    viewer_reaction: str = ""


@dataclass(frozen=True)
class SendLock:
    """What a send reads once it holds the conversation's lock (ConversationTx.lock_for_send)."""

    kind: Kind
    caller_state: State
    last_seq: int  # the send takes last_seq + 1: nobody else can while the lock is held
    recipient_ids: tuple[str, ...]  # who receives its messages now (RECIPIENTS), the sender aside
    other_states: dict[str, State]  # a direct conversation's other side (the caller aside)
    existing: Message | None  # the caller's message with this client id, if sent already
    # The fingerprint of the request that sent `existing` (kith_platform.idempotency), if kept.
    existing_fingerprint: bytes | None = None


MODERATING_ROLES = frozenset({"moderator", "admin", "owner"})


@dataclass(frozen=True)
class RoomAccess:
    """What a person may do in a community's rooms (from messaging's mirrors of its events)."""

    readable: bool  # public community, or a member of a private or hidden one
    role: str  # "" unless an active member: member, moderator, admin, owner
    banned: bool
    muted: bool

    @property
    def may_write(self) -> bool:
        return bool(self.role) and not self.banned and not self.muted

    @property
    def may_open_rooms(self) -> bool:
        return self.role in MODERATING_ROLES and not self.banned


def validate_text(text: str, field_name: str = "text") -> str:
    """1 to 4000 characters with something besides spaces; INVALID_ARGUMENT naming the field."""
    if not text.strip():
        raise InvalidArgument(field_name, "is required")
    return check_text(text, field_name, max_length=TEXT_MAX, multiline=True)


def validate_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidArgument("name", "is required")
    return check_text(name, "name", max_length=NAME_MAX)


def validate_client_id(client_id: str) -> str:
    """The client's id for a send; empty means the send is not retried safely."""
    return check_text(client_id.strip(), "client_id", max_length=CLIENT_ID_MAX)


def validate_emoji(emoji: str) -> str:
    emoji = emoji.strip()
    if not emoji:
        raise InvalidArgument("emoji", "is required")
    if len(emoji) > EMOJI_MAX or any(c.isspace() for c in emoji):
        raise InvalidArgument("emoji", f"must be one emoji (at most {EMOJI_MAX} characters, no spaces)")
    return check_text(emoji, "emoji", max_length=EMOJI_MAX)


def check_group_size(current: int, adding: int) -> None:
    if current + adding > GROUP_MAX:
        raise FailedPrecondition(f"user_ids: a group has at most {GROUP_MAX} members")


def may_write_directly(setting: WhoMayMessage, *, recipient_follows_sender: bool, friends: bool) -> bool:
    """Whether a first direct message reaches the recipient at once (else it is a request)."""
    if setting is WhoMayMessage.EVERYONE:
        return True
    if setting is WhoMayMessage.FOLLOWING:
        return recipient_follows_sender or friends  # friends follow each other
    if setting is WhoMayMessage.FRIENDS:
        return friends
    return False


def receipts_visible(viewer: Settings, member: Settings, member_state: State) -> bool:
    """Read receipts go both ways or not at all; a pending or declined request never shows
    as read (its sender cannot tell it from a delivered, unread message)."""
    return viewer.read_receipts and member.read_receipts and member_state is State.ACTIVE


def read_up_to(requested: int, last_read: int, last_seq: int) -> int:
    """MarkRead's new position: 0 means everything so far; never beyond the newest message,
    never back."""
    if requested < 0:
        raise InvalidArgument("seq", "must not be negative")
    target = last_seq if requested == 0 else min(requested, last_seq)
    return max(target, last_read)


def direct_key(a: str, b: str) -> str:
    """The one direct conversation of a pair."""
    return ":".join(sorted((a, b)))


def mentioned_handles(text: str) -> list[str]:
    """The `@handle`s in the text, lower-cased, in order, without repeats."""
    return text_rules.mentioned_handles(text, MENTIONS_MAX)


def has_link(text: str) -> bool:
    """Whether the text has a link (the rule content uses too: kith_platform.text)."""
    return text_rules.contains_link(text)
