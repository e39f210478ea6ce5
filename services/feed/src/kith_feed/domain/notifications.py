"""Notifications: kinds, how they group, and how a group reads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from kith_feed.domain.model import DAY_MS

KINDS = (
    "new_follower",
    "follow_request",
    "friend_request",
    "friend_accepted",
    "mention",
    "reply",
    "reaction",
    "share",
    "join_request",
    "join_approved",
    "invitation",
    "event_update",
    "moderation",
    "event_reminder",
    "reach_out",
    "keep_in_touch",
    "mentor_matched",
    "digest_email",  # a preference only: the weekly digest by email (service_layer/digests.py)
)
# Kinds that gather many people into one group per target and day ("ana and 12 others ...").
GROUPED = {"new_follower", "follow_request", "reply", "reaction", "share", "join_request"}
# Kinds a block or mute between the reader and the actor does not silence.
ALWAYS = {"moderation", "event_update", "join_approved", "event_reminder"}

PHRASES = {
    "new_follower": "started following you",
    "follow_request": "asked to follow you",
    "friend_request": "sent you a friend request",
    "friend_accepted": "accepted your friend request",
    "mention": "mentioned you",
    "reply": "replied to you",
    "reaction": "reacted to your post",
    "share": "shared your post",
    "join_request": "asked to join a community you moderate",
    "join_approved": "approved your request to join",
    "invitation": "invited you to a community",
    "event_update": "updated an event you are going to",
    "moderation": "moderators acted on your content",
    "event_reminder": "",
    "reach_out": "",
    "keep_in_touch": "",
    "mentor_matched": "",
    "digest_email": "",
}


# A moderation notification's detail starts with this when the platform's staff acted, not the
# community's moderators ("staff removed your post"); no one is named either way.
STAFF = "staff "


def staff_detail(what: str) -> str:
    return STAFF + what


def group_id(kind: str, target: str, actor: str, at_ms: int) -> str:
    """Grouped kinds share a group per target and day; the others are one per actor and target."""
    if kind in GROUPED:
        return f"{kind}:{target}:{at_ms // DAY_MS}"
    return f"{kind}:{target}:{actor}"


@dataclass(frozen=True)
class Notification:
    notification_id: str
    kind: str
    target_id: str
    community_id: str
    actor_ids: tuple[str, ...]
    actor_count: int
    unread: bool
    updated_at_ms: int
    detail: str = ""


def summary(n: Notification, names: dict[str, str]) -> str:
    """ "ana and 12 others reacted to your post"; moderation and event updates name no one."""
    if n.kind == "moderation" and n.detail.startswith(STAFF):
        return f"The platform's staff {n.detail[len(STAFF) :]}"
    if n.kind == "moderation":
        return f"Moderators {n.detail or 'acted on your content'}"
    if n.kind == "event_update":
        return f"An event you are going to was {n.detail or 'updated'}"
    if n.kind == "event_reminder":
        return "An event you are going to starts soon"
    name = names.get(n.actor_ids[0], "someone") if n.actor_ids else "someone"
    if n.kind == "reach_out":
        return f"Time to reach out to {name}" + (f" ({n.detail})" if n.detail else "")
    if n.kind == "keep_in_touch":
        return f"You and {name} have not been in touch for a while"
    if n.kind == "mentor_matched":
        return f"{name} is your mentor" if n.detail == "mentee" else f"You are now mentoring {name}"
    who = names.get(n.actor_ids[0], "Someone") if n.actor_ids else "Someone"
    others = n.actor_count - 1
    if others == 1:
        who += " and 1 other"
    elif others > 1:
        who += f" and {others} others"
    phrase = PHRASES[n.kind]
    if n.kind == "reply" and n.detail == "comment":
        phrase = "replied to your comment"
    elif n.kind == "reply":
        phrase = "commented on your post"
    elif n.kind == "reaction" and n.detail == "comment":
        phrase = "reacted to your comment"
    return f"{who} {phrase}"


# --- the port of its store (adapters: Redis) ----------------------------------------------


class Notifications(ABC):
    """Each reader's notifications, grouped (domain.notifications), and their preferences."""

    @abstractmethod
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
        """Add one occurrence to the recipient's group, once per event; skipped when the kind
        is turned off, for oneself, or (for most kinds) from someone blocked or muted. A kind
        that names its actor needs one (an erased actor is blanked from the events that still
        apply: nothing is said about them). True when it was added."""

    @abstractmethod
    async def close_request(
        self, event_id: str, recipient: str, kind: str, actor: str, requested_at_ms: int, ended_at_ms: int
    ) -> bool:
        """`actor`'s request to `recipient` ended unanswered (withdrawn, cancelled or declined):
        its notification goes (only that person, from a group of several), once per event."""

    @abstractmethod
    async def page(
        self, user_id: str, top: float | str, skip_member: str | None, count: int, hidden_actors: frozenset[str]
    ) -> list[Notification]:
        """Up to `count` groups, newest first, from `top` (skipping those at `top` from
        `skip_member` on), without the actors hidden from the reader or away."""

    @abstractmethod
    async def unread(self, user_id: str) -> int: ...

    @abstractmethod
    async def mark_read(self, user_id: str, gids: list[str]) -> None: ...

    @abstractmethod
    async def mark_all_read(self, user_id: str) -> None: ...

    @abstractmethod
    async def preferences(self, user_id: str) -> dict[str, bool]:
        """Every kind, on unless turned off."""

    @abstractmethod
    async def set_preferences(self, user_id: str, changes: dict[str, bool]) -> dict[str, bool]:
        """Apply the changes; returns every kind's setting after them."""


class CommunityFacts(ABC):
    """What notifications need to know of communities: moderators, pending join requests, who
    is going to each event, and when to remind them."""

    @abstractmethod
    async def schedule_reminder(self, event_id: str, community_id: str, starts_at_ms: int) -> None: ...

    @abstractmethod
    async def cancel_reminder(self, event_id: str) -> None: ...

    @abstractmethod
    async def take_due_reminders(self, now_ms: int, limit: int = 100) -> list[tuple[str, str]]:
        """(event, community) of events whose reminder time has come, each taken by one caller only."""

    @abstractmethod
    async def set_moderator(self, community_id: str, user_id: str, moderator: bool) -> None: ...

    @abstractmethod
    async def moderators(self, community_id: str) -> list[str]:
        """Sorted."""

    @abstractmethod
    async def set_pending(self, community_id: str, user_id: str, pending: bool) -> bool:
        """Record or clear a pending join request; True when clearing one that was pending."""

    @abstractmethod
    async def set_attending(self, event_id: str, user_id: str, attending: bool, reminded: bool = True) -> None:
        """Record someone's latest answer: attending (told of changes) and, if so, reminded or not."""

    @abstractmethod
    async def attendees(self, event_id: str) -> list[str]:
        """Sorted."""

    @abstractmethod
    async def to_remind(self, event_id: str) -> list[str]:
        """The attendees who get the reminder, sorted."""
