"""Fakes of the feed's notification ports (notifications, community facts, live items), in memory;
see fakes.py."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kith_feed.domain.notifications import ALWAYS, KINDS, Notification, group_id
from kith_feed.domain.ports import (
    CommunityFacts,
    LiveItems,
    Notifications,
)

if TYPE_CHECKING:
    from services.feed.tests.fakes import FakeFeedStore

REQUESTS = {"follow_request", "friend_request"}  # request kinds that can end unanswered


def _now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Group:
    kind: str
    target: str
    community: str
    detail: str
    count: int = 0
    actors: dict[str, int] = field(default_factory=dict)  # actor -> latest time
    updated_at_ms: int = 0


class FakeNotifications(Notifications):
    """Groups per reader, silenced as notify.lua silences them (kind turned off, a blocked or
    muted actor, a request already ended), once per event and kind."""

    def __init__(self, feeds: FakeFeedStore) -> None:
        self.feeds = feeds
        self.groups: dict[str, dict[str, Group]] = defaultdict(dict)  # reader -> group id -> group
        self.unread_ids: dict[str, set[str]] = defaultdict(set)
        self.prefs: dict[str, dict[str, bool]] = defaultdict(dict)
        self.closed: dict[tuple[str, str], int] = {}  # (reader, "<kind>|<actor>") -> when it ended
        self.once: set[tuple[str, str]] = set()  # (reader, "<event id>:<kind>")

    def of(self, reader: str, kind: str | None = None) -> list[Group]:
        """The reader's groups (of one kind), newest first."""
        groups = sorted(self.groups[reader].values(), key=lambda g: g.updated_at_ms, reverse=True)
        return [g for g in groups if kind is None or g.kind == kind]

    async def notify(
        self,
        event_id: str,
        recipient: str,
        kind: str,
        target: str,
        actor: str,
        at_ms: int,
        community: str = "",
        detail: str = "",
    ) -> bool:
        if not recipient or recipient == actor or (not actor and kind not in ALWAYS):
            return False
        if (recipient, f"{event_id}:{kind}") in self.once:
            return False
        self.once.add((recipient, f"{event_id}:{kind}"))
        if self.prefs[recipient].get(kind) is False:
            return False
        if kind not in ALWAYS and actor and actor in self.feeds.mutes[recipient] | self.feeds.blocks[recipient]:
            return False
        if kind in REQUESTS and self.closed.get((recipient, f"{kind}|{actor}"), -1) >= at_ms:
            return False
        gid = group_id(kind, target, actor, at_ms)
        group = self.groups[recipient].setdefault(gid, Group(kind, target, community, detail))
        group.community, group.detail = community, detail
        if actor:
            group.count += actor not in group.actors
            group.actors[actor] = max(group.actors.get(actor, at_ms), at_ms)
        group.updated_at_ms = max(group.updated_at_ms, at_ms)
        self.unread_ids[recipient].add(gid)
        return True

    async def close_request(
        self, event_id: str, recipient: str, kind: str, actor: str, requested_at_ms: int, ended_at_ms: int
    ) -> bool:
        if kind not in REQUESTS or not recipient or recipient == actor:
            return False
        if (recipient, f"{event_id}:close:{kind}") in self.once:
            return False
        self.once.add((recipient, f"{event_id}:close:{kind}"))
        closed = (recipient, f"{kind}|{actor}")
        self.closed[closed] = max(self.closed.get(closed, -1), ended_at_ms)
        gid = group_id(kind, "", actor, requested_at_ms)
        group = self.groups[recipient].get(gid)
        if group is None or actor not in group.actors or group.actors[actor] > ended_at_ms:
            return True
        del group.actors[actor]
        group.count -= 1
        if group.count <= 0 or not group.actors:
            del self.groups[recipient][gid]
            self.unread_ids[recipient].discard(gid)
        return True

    async def page(
        self, user_id: str, top: float | str, skip_member: str | None, count: int, hidden_actors: frozenset[str]
    ) -> list[Notification]:
        rows = sorted(
            ((gid, g) for gid, g in self.groups[user_id].items() if top == "+inf" or g.updated_at_ms <= float(top)),
            key=lambda row: (row[1].updated_at_ms, row[0]),
            reverse=True,
        )
        if skip_member is not None:
            rows = [(gid, g) for gid, g in rows if not (g.updated_at_ms == top and gid >= skip_member)]
        found = []
        for gid, g in rows[:count]:
            actors = sorted(g.actors, key=lambda a: (g.actors[a], a), reverse=True)
            visible = [a for a in actors if g.kind in ALWAYS or (a not in hidden_actors and not self.feeds.is_away(a))]
            if actors and not visible:
                continue
            unread = gid in self.unread_ids[user_id]
            count_shown = max(g.count - (len(actors) - len(visible)), len(visible))
            found.append(
                Notification(
                    gid,
                    g.kind,
                    g.target,
                    g.community,
                    tuple(visible[:3]),
                    count_shown,
                    unread,
                    g.updated_at_ms,
                    g.detail,
                )
            )
        return found

    async def unread(self, user_id: str) -> int:
        return len(self.unread_ids[user_id])

    async def mark_read(self, user_id: str, gids: list[str]) -> None:
        self.unread_ids[user_id] -= set(gids)

    async def mark_all_read(self, user_id: str) -> None:
        self.unread_ids[user_id].clear()

    async def preferences(self, user_id: str) -> dict[str, bool]:
        return {kind: self.prefs[user_id].get(kind, True) for kind in KINDS}

    async def set_preferences(self, user_id: str, changes: dict[str, bool]) -> dict[str, bool]:
        self.prefs[user_id].update(changes)
        return await self.preferences(user_id)


class FakeCommunityFacts(CommunityFacts):
    def __init__(self, reminder_lead_ms: int = 3_600_000) -> None:
        self.reminder_lead_ms = reminder_lead_ms
        self.moderator_sets: dict[str, set[str]] = defaultdict(set)
        self.pending: dict[str, set[str]] = defaultdict(set)
        self.attending: dict[str, set[str]] = defaultdict(set)
        self.unreminded: dict[str, set[str]] = defaultdict(set)
        self.reminders: dict[str, int] = {}  # event -> when to remind (ms)
        self.event_community: dict[str, str] = {}

    async def schedule_reminder(self, event_id: str, community_id: str, starts_at_ms: int) -> None:
        self.event_community[event_id] = community_id
        self.reminders[event_id] = starts_at_ms - self.reminder_lead_ms

    async def cancel_reminder(self, event_id: str) -> None:
        self.reminders.pop(event_id, None)

    async def take_due_reminders(self, now_ms: int, limit: int = 100) -> list[tuple[str, str]]:
        due = sorted((at, e) for e, at in self.reminders.items() if at <= now_ms)[:limit]
        for _, event_id in due:
            del self.reminders[event_id]
        return [(event_id, self.event_community.get(event_id, "")) for _, event_id in due]

    async def set_moderator(self, community_id: str, user_id: str, moderator: bool) -> None:
        (self.moderator_sets[community_id].add if moderator else self.moderator_sets[community_id].discard)(user_id)

    async def moderators(self, community_id: str) -> list[str]:
        return sorted(self.moderator_sets[community_id])

    async def set_pending(self, community_id: str, user_id: str, pending: bool) -> bool:
        if pending:
            self.pending[community_id].add(user_id)
            return False
        was = user_id in self.pending[community_id]
        self.pending[community_id].discard(user_id)
        return was

    async def set_attending(self, event_id: str, user_id: str, attending: bool, reminded: bool = True) -> None:
        (self.attending[event_id].add if attending else self.attending[event_id].discard)(user_id)
        (self.unreminded[event_id].add if attending and not reminded else self.unreminded[event_id].discard)(user_id)

    async def attendees(self, event_id: str) -> list[str]:
        return sorted(self.attending[event_id])

    async def to_remind(self, event_id: str) -> list[str]:
        return sorted(self.attending[event_id] - self.unreminded[event_id])


class FakeLiveItems(LiveItems):
    """Each person's live items as (kind, what); home feed hints coalesced per `every_ms`."""

    def __init__(self, every_ms: int = 3_000) -> None:
        self.every_ms = every_ms
        self.items: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.last_hint: dict[str, int] = {}
        self.erased: list[str] = []

    async def hint_home_feeds(self, reached: dict[str, str], authors: set[str]) -> int:
        now, sent = _now_ms(), 0
        for user, post_id in reached.items():
            if user in authors or now - self.last_hint.get(user, -self.every_ms) < self.every_ms:
                continue
            self.last_hint[user] = now
            self.items[user].append(("home_feed", post_id))
            sent += 1
        return sent

    async def erase(self, user_id: str) -> int:
        self.erased.append(user_id)
        self.items.pop(user_id, None)
        self.last_hint.pop(user_id, None)
        return 0
