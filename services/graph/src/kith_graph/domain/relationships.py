"""Relationship rules as pure functions of the state between two users (no I/O)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from kith_platform.errors import (
    AlreadyExists,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from kith_platform.privacy import DEFAULT, Reach, allows
from kith_platform.validation import check_text


@dataclass(frozen=True)
class PairState:
    """How user `a` (the caller) and user `b` relate, read under the pair's locks."""

    blocks: bool = False  # a blocks b
    blocked_by: bool = False  # b blocks a
    follows: bool = False  # a follows b
    followed_by: bool = False  # b follows a
    friends: bool = False
    a_requested_friendship: bool = False
    b_requested_friendship: bool = False
    a_requested_follow: bool = False
    b_requested_follow: bool = False
    b_requires_approval: bool = False
    b_deactivated: bool = False


@dataclass(frozen=True)
class ListsViewer:
    """How the caller stands with another person whose followers, following or friends list they
    ask for (read in one query: cypher.LISTS_VIEWER)."""

    visible: bool  # the person is mirrored, not deactivated, and has not blocked the caller
    reach: Reach = DEFAULT  # the person's relationship_lists setting (kith_platform.privacy)
    follows_caller: bool = False  # the person follows the caller
    friends: bool = False


_LISTS_KEPT_TO = {Reach.PEOPLE_I_FOLLOW: "the people they follow", Reach.FRIENDS: "their friends"}


def may_see_lists(viewer: ListsViewer, user_id: str) -> None:
    """Whether the caller may see another person's followers, following and friends lists: the
    block (or deactivation) first, as elsewhere NOT_FOUND; then the person's privacy setting. The
    caller's own lists are always theirs to see (not asked here)."""
    if not viewer.visible:
        raise NotFound(f"user_id: no user {user_id}")
    if not allows(viewer.reach, is_self=False, follows_actor=viewer.follows_caller, friends=viewer.friends):
        kept_to = _LISTS_KEPT_TO.get(viewer.reach, "themselves")
        raise PermissionDenied(f"user_id: this person keeps their followers, following and friends lists to {kept_to}")


class FollowOutcome(enum.Enum):
    ALREADY = "already following"
    FOLLOW = "follow"
    REQUEST = "ask for approval"


def visible(state: PairState) -> None:
    # Two-way invisibility: a blocked (or deactivated) user looks like no user at all.
    if state.blocked_by or state.b_deactivated:
        raise NotFound("user_id: no such user")
    if state.blocks:
        raise FailedPrecondition("you have blocked this user; unblock them first")


def follow(state: PairState) -> FollowOutcome:
    visible(state)
    if state.follows:
        return FollowOutcome.ALREADY
    if state.b_requires_approval and not state.friends:
        return FollowOutcome.REQUEST
    return FollowOutcome.FOLLOW


@dataclass(frozen=True)
class ImportedFollow:
    """One pair of ImportFollows: what Follow by the follower would have done, or the error
    it would have answered (then nothing changed)."""

    outcome: FollowOutcome | None = None
    error: DomainError | None = None


def follow_applied(state: PairState, outcome: FollowOutcome) -> PairState:
    """The pair's state after a follow with this outcome (for a later pair of the same batch)."""
    if outcome is FollowOutcome.FOLLOW:
        return replace(state, follows=True, a_requested_follow=False)
    if outcome is FollowOutcome.REQUEST:
        return replace(state, a_requested_follow=True)
    return state


class FriendOutcome(enum.Enum):
    REQUEST = "send a request"
    ALREADY_REQUESTED = "already requested"
    ACCEPT = "they asked first: accept"


def send_friend_request(state: PairState) -> FriendOutcome:
    visible(state)
    if state.friends:
        raise AlreadyExists("user_id: you are already friends")
    if state.b_requested_friendship:
        return FriendOutcome.ACCEPT
    return FriendOutcome.ALREADY_REQUESTED if state.a_requested_friendship else FriendOutcome.REQUEST


def accept_friend_request(state: PairState) -> None:
    """`a` accepts `b`'s request."""
    visible(state)
    if not state.b_requested_friendship:
        raise NotFound("user_id: no friend request from this user")


def require_request(present: bool, what: str) -> None:
    if not present:
        raise NotFound(f"user_id: no {what}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class PersonSuggestion:
    user_id: str
    score: float
    mutual_connections: int
    shared_interests: tuple[str, ...]
    shared_communities: tuple[str, ...] = ()

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.mutual_connections:
            reasons.append(_plural(self.mutual_connections, "mutual connection"))
        if self.shared_communities:
            reasons.append("both in " + ", ".join(sorted(self.shared_communities)[:3]))
        if self.shared_interests:
            reasons.append("both interested in " + ", ".join(sorted(self.shared_interests)[:3]))
        return reasons


@dataclass(frozen=True)
class CommunitySuggestion:
    community_id: str
    name: str
    score: float
    people_you_follow: int
    matching_interests: tuple[str, ...]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.people_you_follow:
            verb = "is a member" if self.people_you_follow == 1 else "are members"
            reasons.append(
                f"{_plural(self.people_you_follow, 'person')} you follow {verb}".replace("persons", "people")
            )
        if self.matching_interests:
            reasons.append("about " + ", ".join(sorted(self.matching_interests)[:3]))
        return reasons


NOTE_MAX, CADENCE_MAX_DAYS = 2000, 365


@dataclass(frozen=True)
class ConnectionCare:
    """The caller's private view of one person (epoch ms; None when unset)."""

    user_id: str
    connected: bool
    note: str = ""
    every_days: int = 0
    last_interaction_at: int | None = None
    next_reach_out_at: int | None = None


def care_changes(note: str | None, every_days: int | None, now_ms: int) -> dict:
    """The CARES_ABOUT properties to set (None removes one)."""
    changes: dict = {}
    if note is not None:
        note = check_text(note.strip(), "note", max_length=NOTE_MAX, multiline=True)
        changes["note"] = note or None
    if every_days is not None:
        if not 0 <= every_days <= CADENCE_MAX_DAYS:
            raise InvalidArgument("reach_out_every_days", f"must be between 0 and {CADENCE_MAX_DAYS}")
        changes["every_days"] = every_days or None
        changes["cadence_set_at"] = now_ms if every_days else None
    if not changes:
        raise InvalidArgument("note", "set a note or reach_out_every_days")
    return changes


@dataclass(frozen=True)
class CareChange:
    """What an update of the caller's care for a person changed (events never carry the note)."""

    note: bool = False
    cadence: bool = False
    interaction: bool = False


def care_change(before: dict, changes: dict) -> CareChange:
    """Compare the CARES_ABOUT properties as they were with the ones set (`care_changes`, or
    a logged interaction). Setting a cadence again restarts it (a new due date), so it is a
    change even at the same length; removing one that was never set is not."""
    note = "note" in changes and (before.get("note") or None) != changes["note"]
    cadence = "every_days" in changes and (changes["every_days"] is not None or before.get("every_days") is not None)
    return CareChange(note=note, cadence=cadence, interaction="last_interaction_at" in changes)
