"""Relationship rules as pure functions of the state between two users (no I/O)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kith_platform.errors import AlreadyExists, FailedPrecondition, NotFound


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


class FollowOutcome(enum.Enum):
    ALREADY = "already following"
    FOLLOW = "follow"
    REQUEST = "ask for approval"


def _visible(state: PairState) -> None:
    # Two-way invisibility: a blocked (or deactivated) user looks like no user at all.
    if state.blocked_by or state.b_deactivated:
        raise NotFound("user_id: no such user")
    if state.blocks:
        raise FailedPrecondition("you have blocked this user; unblock them first")


def follow(state: PairState) -> FollowOutcome:
    _visible(state)
    if state.follows:
        return FollowOutcome.ALREADY
    if state.b_requires_approval and not state.friends:
        return FollowOutcome.REQUEST
    return FollowOutcome.FOLLOW


class FriendOutcome(enum.Enum):
    REQUEST = "send a request"
    ALREADY_REQUESTED = "already requested"
    ACCEPT = "they asked first: accept"


def send_friend_request(state: PairState) -> FriendOutcome:
    _visible(state)
    if state.friends:
        raise AlreadyExists("user_id: you are already friends")
    if state.b_requested_friendship:
        return FriendOutcome.ACCEPT
    return FriendOutcome.ALREADY_REQUESTED if state.a_requested_friendship else FriendOutcome.REQUEST


def accept_friend_request(state: PairState) -> None:
    """`a` accepts `b`'s request."""
    _visible(state)
    if not state.b_requested_friendship:
        raise NotFound("user_id: no friend request from this user")


def require_request(present: bool, what: str) -> None:
    if not present:
        raise NotFound(f"user_id: no {what}")


@dataclass(frozen=True)
class PersonSuggestion:
    user_id: str
    score: float
    mutual_connections: int
    shared_interests: tuple[str, ...]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.mutual_connections:
            n = self.mutual_connections
            reasons.append(f"{n} mutual connection{'s' if n != 1 else ''}")
        if self.shared_interests:
            reasons.append("both interested in " + ", ".join(sorted(self.shared_interests)[:3]))
        return reasons
