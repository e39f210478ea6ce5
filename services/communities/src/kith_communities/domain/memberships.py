"""Membership rules: joining and leaving, join requests, who may be invited, invite links, role
changes and removals, and who inherits a community whose owner's account was erased."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kith_communities.domain.communities import (
    Community,
    Role,
    Visibility,
    refuse_archived,
    require_parent_membership,
)
from kith_communities.domain.moderation import refuse_banned
from kith_platform import privacy
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from kith_platform.privacy import Reach
from kith_platform.validation import check_text

NEWCOMER_DAYS = 14
ANSWERS_MAX, ANSWER_MAX = 5, 1000
LINK_MIN_SECONDS, LINK_MAX_SECONDS, LINK_DEFAULT_SECONDS = 60, 30 * 86400, 7 * 86400
LINK_MAX_USES, LINK_DEFAULT_USES = 10000, 100


@dataclass(frozen=True)
class Membership:
    user_id: str
    role: Role
    joined_at: datetime


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


@dataclass(frozen=True)
class PendingRequest:
    user_id: str
    answers: tuple[str, ...]
    requested_at: datetime
    questions: tuple[str, ...] = ()  # as asked when the request was made

    @property
    def answered(self) -> list[tuple[str, str]]:
        """(question, answer) pairs; the question is "" for answers given without questions."""
        return [(self.questions[i] if i < len(self.questions) else "", a) for i, a in enumerate(self.answers)]


def can_request_to_join(community: Community, role: Role | None, answers: list[str]) -> tuple[str, ...]:
    """The answers to keep: one (not empty) per membership question when there are questions."""
    if role is not None:
        raise FailedPrecondition("you are already a member")
    if community.visibility is Visibility.PUBLIC:
        raise FailedPrecondition("this community is public; join it directly")
    if len(answers) > ANSWERS_MAX:
        raise InvalidArgument("answers", f"at most {ANSWERS_MAX} answers")
    cleaned = tuple(check_text(a.strip(), "answers", max_length=ANSWER_MAX, multiline=True) for a in answers)
    questions = community.membership_questions
    if questions and (len(cleaned) != len(questions) or not all(cleaned)):
        raise InvalidArgument("answers", f"answer each of the {len(questions)} membership question(s), in order")
    return cleaned


def check_role_change(actor: Role | None, target: Role | None, new: Role) -> None:
    """The actor must outrank the member's current role and the role given."""
    if target is None:
        raise NotFound("user_id: not a member of this community")
    if new is Role.OWNER:
        raise InvalidArgument("role", "use TransferOwnership to change the owner")
    if actor is None or actor.rank <= target.rank or actor.rank <= new.rank:
        raise PermissionDenied("you may only change the roles of members below you, to roles below yours")


def check_removal(actor: Role | None, target: Role | None) -> None:
    if target is None:
        raise NotFound("user_id: not a member of this community")
    if actor is None or actor.rank < Role.MODERATOR.rank or actor.rank <= target.rank:
        raise PermissionDenied("you may only remove members below you")


# Who a refused inviter is told the invitee takes invitations from (nothing more about them).
INVITATIONS_FROM = {
    Reach.PEOPLE_I_FOLLOW: "only from people they follow",
    Reach.FRIENDS: "only from their friends",
    Reach.NOBODY: "from nobody",
}


def needs_relationship(reach: Reach) -> bool:
    """Whether the invitee's setting depends on how they stand to the inviter (else the graph
    need not be asked)."""
    return reach in (Reach.PEOPLE_I_FOLLOW, Reach.FRIENDS)


def check_invitation(reach: Reach, *, is_self: bool, follows_inviter: bool, friends: bool) -> None:
    """Whether the invitee's community_invitations setting lets the inviter invite them
    (kith_platform.privacy.allows); blocks and deactivated accounts are checked before."""
    if not privacy.allows(reach, is_self=is_self, follows_actor=follows_inviter, friends=friends):
        raise PermissionDenied(f"user_id: this person takes community invitations {INVITATIONS_FROM[reach]}")


def check_link_join(community: Community, banned: bool, until: datetime | None, parent_role: Role | None) -> None:
    """Whether a non-member may join with a live invite link (checked before a use is spent)."""
    refuse_archived(community)
    refuse_banned(banned, until)
    require_parent_membership(community, parent_role)


# Erasure (identity's UserErased): who inherits a community whose owner is gone.


@dataclass(frozen=True)
class SuccessorCandidate:
    """A member who could take over a community whose owner's account was erased."""

    user_id: str
    role: Role
    joined_at: datetime
    deactivated: bool = False


def successor(candidates: list[SuccessorCandidate]) -> str | None:
    """Who owns a community once its owner's account is erased (TransferOwnership needs an owner
    to call it, so this is the rule when there is none): the longest-serving admin, else
    moderator, else member; people whose accounts are active before deactivated ones. None when
    nobody else is a member: the community is then archived without an owner."""
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c.deactivated, -c.role.rank, c.joined_at, c.user_id))
    return best.user_id
