"""Graph use cases: follow and unfollow."""

from __future__ import annotations

from dataclasses import dataclass

from kith_graph.domain.ports import GraphStore, UserDirectory
from kith_platform.errors import InvalidArgument, NotFound
from kith_platform.ids import parse_uuid


@dataclass
class GraphHandlers:
    store: GraphStore
    users: UserDirectory

    async def _require_user(self, user_id: str) -> None:
        # The graph mirrors users it has seen; anyone else is checked with identity.
        if not await self.store.has_user(user_id) and not await self.users.exists(user_id):
            raise NotFound(f"user_id: no user {user_id}")

    async def follow(self, caller_id: str, user_id: str) -> bool:
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            raise InvalidArgument("user_id", "you cannot follow yourself")
        await self._require_user(target)
        return await self.store.follow(caller_id, target)

    async def unfollow(self, caller_id: str, user_id: str) -> bool:
        target = parse_uuid(user_id, "user_id")
        if target == caller_id:
            raise InvalidArgument("user_id", "you cannot unfollow yourself")
        return await self.store.unfollow(caller_id, target)

    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool]:
        return await self.store.relationship(
            parse_uuid(user_id, "user_id"), parse_uuid(other_user_id, "other_user_id")
        )
