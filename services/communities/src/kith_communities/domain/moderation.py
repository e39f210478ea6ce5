"""Moderation rules: bans, the moderation log, reports, and who may post or comment now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_communities.domain.communities import PostingPolicy, Role, Visibility
from kith_platform.errors import PermissionDenied

REASON_MAX = 500
BAN_MAX_SECONDS = 10 * 365 * 86400


@dataclass(frozen=True)
class ModerationEntry:
    entry_id: int
    actor_id: str
    action: str
    target_user_id: str
    reason: str
    details: str
    at: datetime


def check_ban(actor: Role | None, target: Role | None) -> None:
    """Moderators and up ban non-members and members below them."""
    if actor is None or actor.rank < Role.MODERATOR.rank or (target is not None and actor.rank <= target.rank):
        raise PermissionDenied("you may only ban people below you")


def refuse_banned(banned: bool, until: datetime | None) -> None:
    if banned:
        when = f" until {until.isoformat()}" if until else ""
        raise PermissionDenied(f"you are banned from this community{when}")


@dataclass(frozen=True)
class Report:
    """An open report in a community's moderation queue."""

    report_id: int
    reporter_id: str
    target: str  # "post", "comment" or "member"
    target_id: str
    reason: str
    reported_at: datetime


def posting_refusal(
    policy: PostingPolicy,
    role: Role | None,
    muted_until: datetime | None,
    banned: bool,
    now: datetime,
    archived: bool = False,
    commenting: bool = False,
    visibility: Visibility = Visibility.PUBLIC,
    comments_from_non_members: bool = False,
) -> str:
    """Why a user may not post (or, `commenting`, comment) now, or "" when they may."""
    if archived:
        return "this community is archived (read-only)"
    if banned:
        return "you are banned from this community"
    if role is None:
        if commenting and comments_from_non_members and visibility is Visibility.PUBLIC:
            return ""
        return "only members comment in this community" if commenting else "only members post in this community"
    if muted_until is not None and muted_until > now:
        return f"you are muted in this community until {muted_until.isoformat()}"
    if policy is PostingPolicy.MODERATORS_ONLY and role.rank < Role.MODERATOR.rank and not commenting:
        return "only moderators post in this community"
    return ""
