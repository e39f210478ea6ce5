"""Community rules: valid communities, and who may see, join, leave and list what."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.validation import check_text, normalise_topics

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$")
NAME_MIN, NAME_MAX, DESCRIPTION_MAX, PURPOSE_MAX, TOPICS_MAX = 3, 80, 2000, 500, 10


class Visibility(enum.Enum):
    PUBLIC = "public"
    PRIVATE = "private"
    HIDDEN = "hidden"


class Role(enum.Enum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"
    OWNER = "owner"


@dataclass(frozen=True)
class NewCommunity:
    slug: str
    name: str
    description: str
    purpose: str
    topics: tuple[str, ...]
    visibility: Visibility


@dataclass(frozen=True)
class Community:
    community_id: str
    slug: str
    name: str
    description: str
    purpose: str
    topics: tuple[str, ...]
    visibility: Visibility
    owner_id: str
    member_count: int
    created_at: datetime


@dataclass(frozen=True)
class Membership:
    user_id: str
    role: Role
    joined_at: datetime


def validate_new_community(
    slug: str, name: str, description: str, purpose: str, topics: list[str], visibility: Visibility
) -> NewCommunity:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise InvalidArgument("slug", "must be 3 to 50 lower-case letters, digits or hyphens")
    name = check_text(" ".join(name.split()), "name", max_length=NAME_MAX)
    if len(name) < NAME_MIN:
        raise InvalidArgument("name", f"must be {NAME_MIN} to {NAME_MAX} characters")
    return NewCommunity(
        slug=slug,
        name=name,
        description=check_text(description.strip(), "description", max_length=DESCRIPTION_MAX, multiline=True),
        purpose=check_text(purpose.strip(), "purpose", max_length=PURPOSE_MAX, multiline=True),
        topics=normalise_topics(topics, "topics", max_count=TOPICS_MAX),
        visibility=visibility,
    )


def require_visible(community: Community | None, role: Role | None) -> Community:
    """Hidden communities do not exist for non-members (NOT_FOUND, never PERMISSION_DENIED)."""
    if community is None or (community.visibility is Visibility.HIDDEN and role is None):
        raise NotFound("community_id: no such community")
    return community


def can_join(community: Community, role: Role | None) -> bool:
    """True to join now, False when already a member."""
    if role is not None:
        return False
    if community.visibility is not Visibility.PUBLIC:
        raise FailedPrecondition("this community needs approval to join; send a join request")
    return True


def can_leave(role: Role | None) -> bool:
    if role is Role.OWNER:
        raise FailedPrecondition("the owner cannot leave; transfer ownership first")
    return role is not None


def require_member_list_access(community: Community, role: Role | None) -> None:
    if community.visibility is not Visibility.PUBLIC and role is None:
        raise PermissionDenied("only members see who is in this community")
