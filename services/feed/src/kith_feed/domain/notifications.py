"""Notifications: kinds, how they group, and how a group reads."""

from __future__ import annotations

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
}


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
