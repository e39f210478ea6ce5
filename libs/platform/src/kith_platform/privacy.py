"""Who may do what concerns a person, by their privacy settings (kith.identity.v1.PrivacySettings):
the one rule that identity (finding by email, mentions), graph (relationship lists) and
communities (invitations) apply. Blocks are checked before it, by each caller's own mirror."""

from __future__ import annotations

import enum

from kith.identity.v1 import privacy_pb2


class Reach(enum.Enum):
    EVERYONE = "everyone"
    PEOPLE_I_FOLLOW = "people_i_follow"
    FRIENDS = "friends"
    NOBODY = "nobody"


DEFAULT = Reach.EVERYONE  # a person who never changed a setting
FROM_PROTO = {getattr(privacy_pb2, f"REACH_{r.name}"): r for r in Reach}
TO_PROTO = {r: p for p, r in FROM_PROTO.items()}


def reach_of(value: str | None) -> Reach:
    """A stored setting (NULL or a missing mirror row: the default)."""
    return DEFAULT if value is None else Reach(value)


def allows(reach: Reach, *, is_self: bool, follows_actor: bool, friends: bool) -> bool:
    """Whether the actor may: `follows_actor` is whether the person follows the actor, `friends`
    whether the two are friends. The person themselves always may."""
    if is_self or reach is Reach.EVERYONE:
        return True
    if reach is Reach.PEOPLE_I_FOLLOW:
        return follows_actor or friends
    if reach is Reach.FRIENDS:
        return friends
    return False
