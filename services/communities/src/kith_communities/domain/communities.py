"""Community rules: valid communities, who sees them, roles and their ranks, and how a community
changes, nests and is archived. Memberships and moderation have their own modules."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
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


class PostingPolicy(enum.Enum):
    ALL_MEMBERS = "all_members"
    MODERATORS_ONLY = "moderators_only"


RULES_MAX, RULE_MAX, WELCOME_MAX = 20, 500, 2000


class Nesting(enum.Enum):
    FULL = "full"
    PARTIAL = "partial"


# Public is the most visible; a child never ranks below its parent here.
VISIBILITY_ORDER = {Visibility.PUBLIC: 0, Visibility.PRIVATE: 1, Visibility.HIDDEN: 2}


class Role(enum.Enum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return RANKS[self]


RANKS = {Role.MEMBER: 1, Role.MODERATOR: 2, Role.ADMIN: 3, Role.OWNER: 4}
QUESTIONS_MAX, QUESTION_MAX = 5, 300


@dataclass(frozen=True)
class NewCommunity:
    slug: str
    name: str
    description: str
    purpose: str
    topics: tuple[str, ...]
    visibility: Visibility
    parent_id: str | None = None
    nesting: Nesting | None = None
    rules: tuple[str, ...] = ()
    welcome_message: str = ""
    posting_policy: PostingPolicy = PostingPolicy.ALL_MEMBERS


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
    parent_id: str | None = None
    nesting: Nesting | None = None
    rules: tuple[str, ...] = ()
    welcome_message: str = ""
    posting_policy: PostingPolicy = PostingPolicy.ALL_MEMBERS
    archived_at: datetime | None = None
    archived_with: str | None = None
    hold_links_below_trust_level: int = 0
    membership_questions: tuple[str, ...] = ()
    comments_from_non_members: bool = False
    # The staff closure holding it (it or a community above it was closed by the platform's staff).
    closed_by_removal: str | None = None


def _name(name: str) -> str:
    name = check_text(" ".join(name.split()), "name", max_length=NAME_MAX)
    if len(name) < NAME_MIN:
        raise InvalidArgument("name", f"must be {NAME_MIN} to {NAME_MAX} characters")
    return name


def validate_new_community(
    slug: str,
    name: str,
    description: str,
    purpose: str,
    topics: list[str],
    visibility: Visibility | None,
    parent: Community | None = None,
    parent_role: Role | None = None,
    nesting: Nesting | None = None,
    rules: Sequence[str] = (),
    welcome_message: str = "",
    posting_policy: PostingPolicy | None = None,
) -> NewCommunity:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise InvalidArgument("slug", "must be 3 to 50 lower-case letters, digits or hyphens")
    name = _name(name)
    if parent is None:
        visibility = visibility or Visibility.PUBLIC
    else:
        if parent_role is None or parent_role.rank < Role.ADMIN.rank:
            raise PermissionDenied("only admins and the owner of the parent may create subcommunities")
        if nesting is None:
            raise InvalidArgument("nesting", "is required for a subcommunity")
        visibility = visibility or parent.visibility
        if VISIBILITY_ORDER[visibility] < VISIBILITY_ORDER[parent.visibility]:
            raise InvalidArgument("visibility", "a subcommunity cannot be more visible than its parent")
    return NewCommunity(
        rules=validate_rules(list(rules)),
        welcome_message=check_text(welcome_message.strip(), "welcome_message", max_length=WELCOME_MAX, multiline=True),
        posting_policy=posting_policy or PostingPolicy.ALL_MEMBERS,
        parent_id=parent.community_id if parent else None,
        nesting=nesting if parent else None,
        slug=slug,
        name=name,
        description=check_text(description.strip(), "description", max_length=DESCRIPTION_MAX, multiline=True),
        purpose=check_text(purpose.strip(), "purpose", max_length=PURPOSE_MAX, multiline=True),
        topics=normalise_topics(topics, "topics", max_count=TOPICS_MAX),
        visibility=visibility,
    )


def require_visible(community: Community | None, role: Role | None, invited: bool = False) -> Community:
    """Hidden communities do not exist for non-members (NOT_FOUND, never PERMISSION_DENIED),
    except for people invited to them."""
    if community is None or (community.visibility is Visibility.HIDDEN and role is None and not invited):
        raise NotFound("community_id: no such community")
    return community


def validate_questions(questions: list[str]) -> tuple[str, ...]:
    if len(questions) > QUESTIONS_MAX:
        raise InvalidArgument("membership_questions", f"at most {QUESTIONS_MAX} questions")
    cleaned = tuple(check_text(" ".join(q.split()), "membership_questions", max_length=QUESTION_MAX) for q in questions)
    if any(not q for q in cleaned):
        raise InvalidArgument("membership_questions", "a question must not be empty")
    return cleaned


def require_rank(role: Role | None, at_least: Role, what: str) -> Role:
    if role is None or role.rank < at_least.rank:
        raise PermissionDenied(f"only {at_least.value}s and above may {what}")
    return role


def require_parent_membership(community: Community, parent_role: Role | None) -> None:
    if community.nesting is Nesting.FULL and parent_role is None:
        raise FailedPrecondition("members of this subcommunity must first be members of its parent")


def validate_rules(rules: list[str]) -> tuple[str, ...]:
    if len(rules) > RULES_MAX:
        raise InvalidArgument("rules", f"at most {RULES_MAX} rules")
    cleaned = tuple(check_text(r.strip(), "rules", max_length=RULE_MAX, multiline=True) for r in rules)
    if any(not r for r in cleaned):
        raise InvalidArgument("rules", "a rule must not be empty")
    return cleaned


def validate_update(
    name: str | None = None,
    description: str | None = None,
    purpose: str | None = None,
    welcome_message: str | None = None,
    rules: list[str] | None = None,
    membership_questions: list[str] | None = None,
) -> dict:
    changes: dict = {}
    if membership_questions is not None:
        changes["membership_questions"] = validate_questions(membership_questions)
    if name is not None:
        changes["name"] = _name(name)
    if description is not None:
        changes["description"] = check_text(
            description.strip(), "description", max_length=DESCRIPTION_MAX, multiline=True
        )
    if purpose is not None:
        changes["purpose"] = check_text(purpose.strip(), "purpose", max_length=PURPOSE_MAX, multiline=True)
    if welcome_message is not None:
        changes["welcome_message"] = check_text(
            welcome_message.strip(), "welcome_message", max_length=WELCOME_MAX, multiline=True
        )
    if rules is not None:
        changes["rules"] = validate_rules(rules)
    return changes


# What moderators may change by themselves; everything else UpdateCommunity changes is for admins.
MODERATOR_SETTINGS = frozenset({"membership_questions"})
# The fields UpdateCommunity changes, in the order CommunityUpdated names them.
UPDATABLE = (
    "name",
    "description",
    "purpose",
    "welcome_message",
    "rules",
    "posting_policy",
    "hold_links_below_trust_level",
    "membership_questions",
    "comments_from_non_members",
)


def require_update_rights(role: Role | None, fields: set[str]) -> Role:
    """Moderators set the membership questions; every other change needs an admin or the owner."""
    if fields and fields <= MODERATOR_SETTINGS:
        return require_rank(role, Role.MODERATOR, "change the membership questions")
    return require_rank(role, Role.ADMIN, "change the community")


def changed_fields(before: Community, after: Community) -> list[str]:
    return [f for f in UPDATABLE if getattr(before, f) != getattr(after, f)]


# Setting changes that go into the moderation log, by field.
LOGGED_SETTINGS = {
    "hold_links_below_trust_level": "change link review",
    "membership_questions": "change membership questions",
    "comments_from_non_members": "change comments from non-members",
}


def update_log_entries(changed: list[str], after: Community) -> list[tuple[str, str]]:
    """(action, details) of each logged setting an update changed."""

    def value(field: str) -> str:
        v = getattr(after, field)
        return str(len(v)) if field == "membership_questions" else str(v).lower() if isinstance(v, bool) else str(v)

    return [(LOGGED_SETTINGS[f], f"{f}={value(f)}") for f in changed if f in LOGGED_SETTINGS]


def validate_comments_from_non_members(community: Community, value: bool) -> bool:
    if value and community.visibility is not Visibility.PUBLIC:
        raise InvalidArgument("comments_from_non_members", "only public communities take comments from non-members")
    return value


TRUST_LEVEL_MAX = 3  # the feed worker's levels: 0 newcomer, 1 basic, 2 member, 3 regular


def validate_link_review(level: int) -> int:
    """The trust level below which links are held for review (0: off)."""
    if not 0 <= level <= TRUST_LEVEL_MAX:
        raise InvalidArgument("hold_links_below_trust_level", f"must be between 0 (off) and {TRUST_LEVEL_MAX}")
    return level


def refuse_archived(community: Community) -> None:
    if community.archived_at is not None:
        raise FailedPrecondition("this community is archived (read-only)")


def refuse_closed_by_staff(community: Community) -> None:
    """Only the platform's staff reopen what they closed (by reversing the removal)."""
    if community.closed_by_removal:
        raise FailedPrecondition("this community was closed by the platform's staff; appeal the removal")


def check_move(
    community: Community,
    role: Role | None,
    parent: Community | None,
    parent_role: Role | None,
    nesting: Nesting | None,
    descendant_ids: set[str],
) -> Nesting | None:
    """The nesting the community gets under `parent` (None at the top level)."""
    require_rank(role, Role.ADMIN, "move the community")
    refuse_archived(community)
    if parent is None:
        return None
    require_rank(parent_role, Role.ADMIN, "move communities under the new parent")
    if parent.community_id == community.community_id or parent.community_id in descendant_ids:
        raise InvalidArgument("parent_id", "cannot be the community itself or one below it")
    if parent.archived_at is not None:
        raise FailedPrecondition("the new parent is archived")
    if nesting is None:
        raise InvalidArgument("nesting", "is required for a subcommunity")
    if VISIBILITY_ORDER[community.visibility] < VISIBILITY_ORDER[parent.visibility]:
        raise FailedPrecondition("a subcommunity cannot be more visible than its parent")
    return nesting
