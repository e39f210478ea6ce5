"""The graph service's ports."""

from __future__ import annotations

from abc import ABC, abstractmethod

from kith_graph.domain.relationships import (
    CommunitySuggestion,
    ConnectionCare,
    FollowOutcome,
    ImportedFollow,
    ListsViewer,
    PairState,
    PersonSuggestion,
)
from kith_graph.domain.ties import Tie
from kith_platform.privacy import Reach

# One page of a list: (user id, epoch ms the relationship began), newest first.
ListPage = list[tuple[str, int]]


class GraphStore(ABC):
    """Relationships in a graph store. Every change is atomic with its events."""

    @abstractmethod
    async def has_user(self, user_id: str) -> bool:
        """Whether the user is in the mirror of identity's users and not deactivated."""

    @abstractmethod
    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool, bool]:
        """(user follows other, other follows user, they are friends)."""

    @abstractmethod
    async def pair_state(self, a: str, b: str) -> PairState: ...

    @abstractmethod
    async def follow(self, a: str, b: str) -> FollowOutcome: ...

    @abstractmethod
    async def import_follows(self, pairs: list[tuple[str, str]]) -> list[ImportedFollow]:
        """`follow` for each (follower, followee) pair, in order, in one transaction that locks
        every user of the batch once and writes all the events once. One result per pair."""

    @abstractmethod
    async def active_users(self, user_ids: list[str]) -> set[str]:
        """`has_user` for many: the mirrored users among these that are not deactivated."""

    @abstractmethod
    async def unfollow(self, a: str, b: str) -> bool: ...

    @abstractmethod
    async def answer_follow_request(self, a: str, b: str, approve: bool) -> None: ...

    @abstractmethod
    async def set_follow_approval(self, user_id: str, required: bool) -> None: ...

    @abstractmethod
    async def send_friend_request(self, a: str, b: str) -> bool: ...

    @abstractmethod
    async def accept_friend_request(self, a: str, b: str) -> None: ...

    @abstractmethod
    async def close_friend_request(self, a: str, b: str, *, cancel: bool) -> None: ...

    @abstractmethod
    async def unfriend(self, a: str, b: str) -> bool: ...

    @abstractmethod
    async def block(self, a: str, b: str) -> bool: ...

    @abstractmethod
    async def unblock(self, a: str, b: str) -> bool: ...

    @abstractmethod
    async def mute(self, a: str, b: str, muted: bool) -> bool: ...

    @abstractmethod
    async def list_page(
        self, kind: str, user_id: str, limit: int, after: tuple[int, str] | None, viewer: str = ""
    ) -> ListPage:
        """A page of one of `user_id`'s lists, without anyone in a block with `viewer`."""

    @abstractmethod
    async def counts(self, user_id: str) -> tuple[int, int, int]: ...

    @abstractmethod
    async def mutual_friends(self, a: str, b: str, limit: int) -> tuple[list[str], int]: ...

    @abstractmethod
    async def sees_user(self, a: str, b: str) -> bool:
        """Whether `a` may see `b`: `b` is mirrored, not deactivated, and has not blocked `a`."""

    @abstractmethod
    async def lists_viewer(self, viewer: str, user_id: str) -> ListsViewer:
        """What `viewer` may see of `user_id`'s followers, following and friends lists rests on."""

    @abstractmethod
    async def connection_path(self, a: str, b: str) -> list[str] | None:
        """The shortest chain from `a` to `b` (empty: none); None when `a` may not see `b`."""

    @abstractmethod
    async def suggest_people(self, user_id: str, limit: int) -> list[PersonSuggestion]: ...

    @abstractmethod
    async def suggest_communities(self, user_id: str, limit: int) -> list[CommunitySuggestion]: ...

    @abstractmethod
    async def dismiss(self, a: str, b: str) -> None: ...

    @abstractmethod
    async def upsert_community(
        self, community_id: str, name: str, slug: str, visibility: str, topics: list[str]
    ) -> None: ...

    @abstractmethod
    async def record_interaction(self, key: str, a: str, b: str, weight: float, at_ms: int, half_life_ms: int) -> None:
        """Fold interaction `key` (a towards b) into their tie, once per key."""

    @abstractmethod
    async def tie(self, me: str, other: str, now_ms: int, half_life_ms: int) -> Tie | None:
        """The tie between the two, decayed to `now_ms`; None when they never interacted."""

    @abstractmethod
    async def keep_in_touch(
        self, me: str, quiet_since_ms: int, min_strength: float, now_ms: int, half_life_ms: int, limit: int
    ) -> list[Tie]:
        """Close ties (at least `min_strength` at their last interaction) quiet since then, closest first."""

    @abstractmethod
    async def announce_due(self, now_ms: int, quiet_since_ms: int, min_strength: float, limit: int = 500) -> int:
        """Publish the reach-out reminders and keep-in-touch nudges that came due, once each."""

    @abstractmethod
    async def set_community_archived(self, community_id: str, archived: bool) -> None: ...

    @abstractmethod
    async def set_membership(self, community_id: str, user_id: str, member: bool, at_ms: int) -> None: ...

    @abstractmethod
    async def update_care(self, a: str, b: str, changes: dict) -> ConnectionCare:
        """Set the caller's private CARES_ABOUT properties on `b` (None removes one)."""

    @abstractmethod
    async def list_connections(
        self, user_id: str, order: str, limit: int, after: tuple[int, str] | None
    ) -> list[tuple[ConnectionCare, int]]:
        """Connections with the caller's care data and each row's sort key."""

    @abstractmethod
    async def upsert_users(self, user_ids: list[str]) -> None:
        """Mirror registered users (identity's UserRegistered), unless erased."""

    @abstractmethod
    async def set_deactivated(self, user_id: str, deactivated: bool) -> None: ...

    @abstractmethod
    async def set_relationship_lists(self, user_id: str, reach: Reach, changed_at_us: int) -> None:
        """Mirror the person's relationship_lists setting, unless a newer change is already kept."""

    @abstractmethod
    async def set_interests(self, user_id: str, interests: list[str]) -> None: ...

    @abstractmethod
    async def is_erased(self, user_id: str) -> bool: ...

    @abstractmethod
    async def erase_user(self, user_id: str, erased_at_ms: int) -> None:
        """Add the tombstone, then delete the user's node with every relationship (theirs and
        others' about them), the interactions keyed by them and the sent outbox nodes that
        mention them. Each step can run again: a redelivery finishes an erasure cut short."""

    @abstractmethod
    async def erase_recent_again(self, since_ms: int) -> int:
        """Delete again what the users erased here since then hold (a write that checked the
        tombstone list just before it was written may have added some); how many users."""

    @abstractmethod
    async def purge_erased_outbox(self, limit: int = 100, only: list[str] | None = None) -> int:
        """Delete the sent outbox nodes that still mention erased users (`only` these); returns
        how many users are done (no outbox node mentions them any more)."""
