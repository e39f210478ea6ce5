"""The graph service's ports."""

from __future__ import annotations

from abc import ABC, abstractmethod


class GraphStore(ABC):
    @abstractmethod
    async def has_user(self, user_id: str) -> bool: ...

    @abstractmethod
    async def follow(self, follower_id: str, followee_id: str) -> bool:
        """Create the follow and its UserFollowed event atomically; False if it existed."""

    @abstractmethod
    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool]:
        """(user follows other, other follows user)."""

    @abstractmethod
    async def unfollow(self, follower_id: str, followee_id: str) -> bool:
        """Remove the follow and emit UserUnfollowed atomically; False if there was none."""


class UserDirectory(ABC):
    """Asks the identity service whether an account exists."""

    @abstractmethod
    async def exists(self, user_id: str) -> bool: ...
