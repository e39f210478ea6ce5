"""In-memory fakes of the messaging service's ports, for the handlers' tests without servers.

FakeRepository keeps conversations, members, messages, reactions, settings and the mirrors of
other services' facts in dicts, and answers with the rules of sql.py: a direct conversation is
open only while no block stands between its two people and neither is away, a room only for
those who may read its community's rooms; the caller reads a conversation they are an active
member of or hold as a request. Its transactions (fake_store.FakeTx) apply each change with
the events the outbox would get, as (event name, conversation id, fields) in `data.events`, and are
undone when the handler raises inside them. FakePeople stands for identity, FakeLiveChannel for the live logs."""

from __future__ import annotations

import contextlib
import copy
import itertools
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from kith_messaging.domain.conversations import (
    Conversation,
    Kind,
    Member,
    Message,
    RoomAccess,
    Settings,
    State,
)
from kith_messaging.domain.ports import LiveChannel, MessagingRepository, People
from services.messaging.tests.fake_store import READING, RECEIVING, T0, Data, FakeTx, Row


class FakeRepository(MessagingRepository):
    def __init__(self) -> None:
        self.data = Data()
        self.ticks = itertools.count(1)

    def now(self) -> datetime:
        return T0 + timedelta(seconds=next(self.ticks))

    # --- the rules of sql.py -------------------------------------------------------------------

    def blocked(self, a: str, b: str) -> bool:
        return ("block", a, b) in self.data.facts or ("block", b, a) in self.data.facts

    def room_readable(self, community_id: str, user_id: str) -> bool:
        visibility = self.data.visibility.get(community_id)
        return visibility == "public" or (visibility is not None and (community_id, user_id) in self.data.roles)

    def is_open(self, conversation_id: str, user_id: str) -> bool:
        c = self.data.conversations[conversation_id]
        if c["kind"] is Kind.ROOM:
            return self.room_readable(c["community_id"], user_id)
        if c["kind"] is Kind.DIRECT:
            a, b = c["pair"]
            return not self.blocked(a, b) and not {a, b} & self.data.away
        return True

    def row(self, conversation_id: str, user_id: str) -> Row | None:
        return self.data.members.get(conversation_id, {}).get(user_id)

    def reads(self, conversation_id: str, user_id: str) -> bool:
        row = self.row(conversation_id, user_id)
        return row is not None and row.state in READING and self.is_open(conversation_id, user_id)

    def view(self, conversation_id: str, user_id: str, with_members: bool = True) -> Conversation:
        c, row = self.data.conversations[conversation_id], self.row(conversation_id, user_id)
        assert row is not None
        unread = [
            m
            for m in self.data.messages.values()
            if m.conversation_id == conversation_id and m.seq > max(row.last_read_seq, row.joined_seq)
            if not m.deleted and m.sender_id != user_id
        ]
        members = tuple(
            Member(u, r.admin, r.joined_at)
            for u, r in sorted(self.data.members[conversation_id].items(), key=lambda i: (i[1].joined_at, i[0]))
            if r.state is not State.LEFT
        )
        return Conversation(
            conversation_id=conversation_id,
            kind=c["kind"],
            name=c["name"],
            created_at=c["created_at"],
            last_seq=c["last_seq"],
            last_activity_at=max(c.get("last_message_at") or c["created_at"], row.joined_at),
            members=members if with_members else (),
            community_id=c.get("community_id", ""),
            state=row.state,
            admin=row.admin,
            joined_seq=row.joined_seq,
            last_read_seq=max(row.last_read_seq, row.joined_seq),
            unread_count=len(unread),
        )

    def publish(self, name: str, conversation_id: str, **fields: Any) -> None:
        self.data.events.append((name, conversation_id, fields))

    def names(self) -> list[str]:
        return [name for name, _, _ in self.data.events]

    def recipients(self, conversation_id: str, excluding: str = "") -> list[str]:
        rows = self.data.members[conversation_id].items()
        return [u for u, r in rows if r.state in RECEIVING and u != excluding]

    # --- conversations -------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def transaction(self):
        saved = copy.deepcopy(self.data)
        try:
            yield FakeTx(self)
        except BaseException:
            self.data = saved
            raise

    def add_conversation(self, conversation_id: str, kind: Kind, name: str = "", **extra: Any) -> None:
        at = self.now()
        self.data.conversations[conversation_id] = {
            "kind": kind,
            "name": name,
            "created_at": at,
            "last_seq": 0,
            **extra,
        }
        self.data.members[conversation_id] = {}

    def add_member(self, conversation_id: str, user_id: str, state: State, admin: bool = False, seq: int = 0) -> None:
        self.data.members[conversation_id][user_id] = Row(state, admin, self.now(), seq, seq)

    async def create_direct(
        self, conversation_id: str, caller_id: str, other_id: str, at: datetime
    ) -> tuple[str, bool]:
        pair = tuple(sorted((caller_id, other_id)))
        for cid, c in self.data.conversations.items():
            if c.get("pair") == pair:
                row = self.row(cid, caller_id)
                if row is not None and row.state in (State.PENDING, State.REQUEST, State.DECLINED):
                    row.state = State.ACTIVE
                return cid, False
        self.add_conversation(conversation_id, Kind.DIRECT, pair=pair)
        self.add_member(conversation_id, caller_id, State.ACTIVE)
        self.add_member(conversation_id, other_id, State.PENDING)
        self.publish("ConversationCreated", conversation_id, created_by=caller_id, member_ids=[caller_id, other_id])
        return conversation_id, True

    async def create_group(
        self, conversation_id: str, name: str, creator_id: str, member_ids: list[str], at: datetime
    ) -> None:
        self.add_conversation(conversation_id, Kind.GROUP, name)
        for user_id in [creator_id, *member_ids]:
            self.add_member(conversation_id, user_id, State.ACTIVE, admin=user_id == creator_id)
        self.publish(
            "ConversationCreated", conversation_id, created_by=creator_id, member_ids=[creator_id, *member_ids]
        )

    async def conversation(self, caller_id: str, conversation_id: str) -> Conversation | None:
        found = conversation_id in self.data.conversations and self.reads(conversation_id, caller_id)
        return self.view(conversation_id, caller_id) if found else None

    async def send_context(
        self, caller_id: str, conversation_id: str
    ) -> tuple[Conversation, list[tuple[str, State]]] | None:
        if conversation_id not in self.data.conversations or not self.reads(conversation_id, caller_id):
            return None
        conversation = replace(self.view(conversation_id, caller_id, with_members=False), unread_count=0)
        others = [
            (u, r.state)
            for u, r in self.data.members[conversation_id].items()
            if conversation.kind is Kind.DIRECT and u != caller_id and r.state is not State.LEFT
        ]
        return conversation, others

    async def conversations(
        self, caller_id: str, state: State, limit: int, after: tuple[datetime, str] | None
    ) -> list[Conversation]:
        mine = [
            self.view(cid, caller_id)
            for cid in self.data.conversations
            if (row := self.row(cid, caller_id)) is not None and row.state is state and self.is_open(cid, caller_id)
        ]
        mine.sort(key=lambda c: (c.last_activity_at, c.conversation_id), reverse=True)
        return [c for c in mine if after is None or (c.last_activity_at, c.conversation_id) < after][:limit]

    async def unread_counts(self, caller_id: str) -> list[tuple[str, State, int]]:
        return [
            (c.conversation_id, c.state, c.unread_count)
            for cid in self.data.conversations
            if self.reads(cid, caller_id)
            for c in [self.view(cid, caller_id)]
        ]

    async def members(self, conversation_id: str) -> list[tuple[str, State, bool]]:
        rows = self.data.members.get(conversation_id, {}).items()
        return [(u, r.state, r.admin) for u, r in rows if r.state is not State.LEFT]

    # --- rooms ---------------------------------------------------------------------------------

    async def room_access(self, community_id: str, user_id: str) -> RoomAccess:
        key = (community_id, user_id)
        readable = self.room_readable(community_id, user_id)
        return RoomAccess(readable, self.data.roles.get(key, ""), key in self.data.banned, key in self.data.muted)

    async def create_room(
        self, conversation_id: str, community_id: str, name: str, creator_id: str, at: datetime
    ) -> None:
        self.add_conversation(conversation_id, Kind.ROOM, name, community_id=community_id)
        self.add_member(conversation_id, creator_id, State.ACTIVE)
        self.publish("ConversationCreated", conversation_id, created_by=creator_id, member_ids=[creator_id])

    async def rooms(self, community_id: str, limit: int) -> list[Conversation]:
        return [
            Conversation(
                cid, Kind.ROOM, c["name"], c["created_at"], c["last_seq"], c["created_at"], community_id=community_id
            )
            for cid, c in self.data.conversations.items()
            if c.get("community_id") == community_id
        ][:limit]

    async def room_community(self, conversation_id: str) -> str | None:
        c = self.data.conversations.get(conversation_id)
        return c["community_id"] if c is not None and c["kind"] is Kind.ROOM else None

    async def join_room(self, conversation_id: str, user_id: str, at: datetime) -> None:
        row = self.row(conversation_id, user_id)
        if row is None or row.state is State.LEFT:
            self.add_member(conversation_id, user_id, State.ACTIVE)
            self.publish("MembersAdded", conversation_id, added_by=user_id, user_ids=[user_id])

    # --- messages and the live channel's reads ---------------------------------------------------

    async def live_recipients(self, conversation_id: str, seq: int) -> list[tuple[str, State]]:
        rows = sorted(self.data.members.get(conversation_id, {}).items())
        return [
            (u, r.state)
            for u, r in rows
            if r.state in READING and r.joined_seq < seq and self.is_open(conversation_id, u)
        ]

    async def message_by_id(self, message_id: str) -> Message | None:
        return self.data.messages.get(message_id)

    async def live_batch(self, refs):
        return [(await self.live_recipients(c, s), await self.message_by_id(m) if m else None) for c, s, m in refs]

    async def message_id_at(self, conversation_id: str, seq: int) -> str:
        found = [
            m.message_id for m in self.data.messages.values() if (m.conversation_id, m.seq) == (conversation_id, seq)
        ]
        return found[0] if found else ""

    async def message(self, caller_id: str, message_id: str) -> tuple[Message, Kind, bool] | None:
        message = self.data.messages.get(message_id)
        if message is None or not self.reads(message.conversation_id, caller_id):
            return None
        row = self.row(message.conversation_id, caller_id)
        assert row is not None
        kind = self.data.conversations[message.conversation_id]["kind"]
        return (message, kind, row.admin) if message.seq > row.joined_seq else None

    async def page(self, conversation_id: str, joined_seq: int, bound: int, forward: bool, limit: int) -> list[Message]:
        mine = [m for m in self.data.messages.values() if m.conversation_id == conversation_id and m.seq > joined_seq]
        if forward:
            return sorted((m for m in mine if m.seq >= bound), key=lambda m: m.seq)[:limit]
        return sorted((m for m in mine if m.seq <= bound), key=lambda m: -m.seq)[:limit]

    async def edits(self, message_id: str, limit: int, before: int | None) -> list[tuple[int, str, datetime]]:
        found = [e for e in self.data.edits.get(message_id, []) if before is None or e[0] < before]
        return sorted(found, reverse=True)[:limit]

    async def reactions(self, viewer_id: str, message_ids: list[str]) -> tuple[dict, dict]:
        counts: dict[str, dict[str, int]] = {}
        for (message_id, _), emoji in self.data.reactions.items():
            if message_id in message_ids:
                counts.setdefault(message_id, {}).setdefault(emoji, 0)
                counts[message_id][emoji] += 1
        mine = {m: e for (m, u), e in self.data.reactions.items() if u == viewer_id and m in message_ids}
        return counts, mine

    async def receipts(self, conversation_id: str, caller_id: str) -> list[tuple[str, State, int, datetime | None]]:
        shown = (State.ACTIVE, State.PENDING, State.REQUEST, State.DECLINED)
        rows = self.data.members[conversation_id].items()
        return [(u, r.state, r.last_read_seq, r.read_at) for u, r in rows if u != caller_id and r.state in shown]

    async def search(
        self, caller_id: str, query: str, conversation_id: str | None, limit: int, after: tuple[float, str] | None
    ) -> list[tuple[Message, float]]:
        """Texts containing the query, in the caller's conversations since they joined, all ranked 1.0."""
        found = [
            (m, 1.0)
            for m in sorted(self.data.messages.values(), key=lambda m: m.message_id)
            if query.lower() in m.text.lower() and not m.deleted and conversation_id in (None, m.conversation_id)
            if self.reads(m.conversation_id, caller_id) and m.seq > self.row(m.conversation_id, caller_id).joined_seq
        ]
        return [(m, r) for m, r in found if after is None or m.message_id > after[1]][:limit]

    # --- reachability, relations, settings ---------------------------------------------------------

    async def unreachable_among(self, user_id: str, others: list[str]) -> set[str]:
        return {o for o in others if self.blocked(user_id, o) or o in self.data.away | self.data.erased}

    async def relation(self, recipient_id: str, sender_id: str) -> tuple[bool, bool]:
        facts = self.data.facts
        return ("follow", recipient_id, sender_id) in facts, ("friend", recipient_id, sender_id) in facts

    async def settings(self, user_ids: list[str]) -> dict[str, Settings]:
        return {u: self.data.settings.get(u, Settings()) for u in user_ids}

    async def save_settings(self, user_id: str, settings: Settings) -> None:
        kept = self.data.settings.get(user_id, Settings()).hide_presence
        self.data.settings[user_id] = replace(settings, hide_presence=kept)

    async def presence_hidden(self, user_ids: list[str]) -> set[str]:
        return {u for u in user_ids if self.data.settings.get(u, Settings()).hide_presence}

    async def save_hide_presence(self, user_id: str, hidden: bool) -> None:
        self.data.settings[user_id] = replace(self.data.settings.get(user_id, Settings()), hide_presence=hidden)

    async def friends_among(self, user_id: str, others: list[str]) -> set[str]:
        return {o for o in others if ("friend", user_id, o) in self.data.facts}

    async def friends_of(self, user_ids: list[str]) -> dict[str, list[str]]:
        found = {u: sorted(b for kind, a, b in self.data.facts if kind == "friend" and a == u) for u in user_ids}
        return {u: friends for u, friends in found.items() if friends}

    # --- mirrors and erasure ---------------------------------------------------------------------

    async def mirror(self, kind: str, a: str, b: str, active: bool, at: datetime) -> None:
        if not {a, b} & self.data.erased:
            (self.data.facts.add if active else self.data.facts.discard)((kind, a, b))

    async def mirror_user(self, user_id: str, deactivated: bool, at: datetime) -> None:
        if user_id not in self.data.erased:
            (self.data.away.add if deactivated else self.data.away.discard)(user_id)

    async def mirror_community(self, community_id: str, visibility: str, at: datetime) -> None:
        self.data.visibility[community_id] = visibility

    async def mirror_community_member(
        self, community_id: str, user_id: str, role: str | None, active: bool, at: datetime
    ) -> None:
        key = (community_id, user_id)
        if active:
            self.data.roles[key] = role or self.data.roles.get(key, "member")
        else:
            self.data.roles.pop(key, None)

    async def mirror_community_ban(
        self, community_id: str, user_id: str, active: bool, until: datetime | None, at: datetime
    ) -> None:
        (self.data.banned.add if active else self.data.banned.discard)((community_id, user_id))

    async def mirror_community_mute(self, community_id: str, user_id: str, until: datetime) -> None:
        self.data.muted.add((community_id, user_id))

    async def erase_user(self, user_id: str, at: datetime) -> int:
        self.data.erased.add(user_id)
        theirs = [m for m in self.data.messages.values() if m.sender_id == user_id]
        for m in theirs:
            self.data.messages[m.message_id] = replace(m, sender_id="", text="", deleted=True)
            self.data.held.pop(m.message_id, None)  # nothing a removal kept comes back
            self.data.fingerprints.pop(m.message_id, None)
        for rows in self.data.members.values():
            rows.pop(user_id, None)
        return len(theirs)

    async def purge_outbox_of_erased(self, limit: int) -> int:
        return 0


class FakePeople(People):
    """Identity: the active accounts, by handle; `blocks` hides people as ResolveHandles does."""

    def __init__(self, handles: dict[str, str], repo: FakeRepository | None = None) -> None:
        self.handles, self.repo = handles, repo

    async def existing(self, user_ids: list[str]) -> set[str]:
        return set(user_ids) & set(self.handles.values())

    async def resolve(self, handles: list[str], viewer_id: str) -> dict[str, str]:
        blocked = (lambda u: self.repo.blocked(viewer_id, u)) if self.repo else (lambda u: False)
        return {h: self.handles[h] for h in handles if h in self.handles and not blocked(self.handles[h])}


@dataclass
class FakeLiveChannel(LiveChannel):
    appended: list[tuple[list[str], str]] = field(default_factory=list)
    sent: list[tuple[list[str], bytes]] = field(default_factory=list)
    forgotten: list[tuple[str, ...]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)

    async def append(self, user_ids: list[str], key: str, item: bytes, names=()) -> None:
        self.appended.append((sorted(user_ids), key))

    async def ephemeral(self, user_ids: list[str], item: bytes) -> None:
        self.sent.append((sorted(user_ids), item))

    async def forget_between(self, a: str, b: str) -> None:
        self.forgotten.append((a, b))

    async def forget_person(self, user_id: str) -> None:
        self.forgotten.append((user_id,))

    async def first_within(self, key: str, seconds: float) -> bool:
        first = key not in self.keys
        self.keys.add(key)
        return first
