"""A fake of the lists' store (domain.lists.ListStore), in memory: the same outcomes as
lua/list_change.lua (made, no such list, moved meanwhile, over a limit), each change written with
its envelope to the owner's outbox, and the people on each owner's exclusive lists kept in the
fake feed store (what its home read gives the reader)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection

from kith_feed.domain.lists import LISTS_MAX, MEMBERS_MAX, ListStore, PeopleList
from kith_feed.domain.model import Viewer
from services.feed.tests.fake_community import FakeOutbox


class FakeListStore(ListStore):
    def __init__(self, feeds, outbox: FakeOutbox) -> None:
        self.feeds = feeds  # a FakeFeedStore
        self.outbox = outbox
        self.saved: dict[str, dict[str, PeopleList]] = defaultdict(dict)  # owner -> list id -> list
        self.people_on: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)  # (owner, list) -> member -> added

    def _counted(self, owner_id: str, found: PeopleList) -> PeopleList:
        return dataclasses.replace(found, member_count=len(self.people_on[owner_id, found.list_id]))

    def _keep_exclusive(self, owner_id: str) -> None:
        self.feeds.exclusive[owner_id] = {
            m for f in self.saved[owner_id].values() if f.exclusive for m in self.people_on[owner_id, f.list_id]
        }

    async def _written(self, owner_id: str, envelope: bytes) -> int:
        self._keep_exclusive(owner_id)
        await self.outbox.add(owner_id, envelope)
        return 1

    async def lists(self, owner_id: str) -> list[PeopleList]:
        found = [self._counted(owner_id, f) for f in self.saved[owner_id].values()]
        return sorted(found, key=lambda f: (f.created_at_ms, f.list_id))

    async def get(self, owner_id: str, list_id: str) -> PeopleList | None:
        found = self.saved[owner_id].get(list_id)
        return None if found is None else self._counted(owner_id, found)

    async def put(self, owner_id: str, before: PeopleList | None, after: PeopleList, envelope: bytes) -> int:
        current = self.saved[owner_id].get(after.list_id)
        if before is None:
            if current is not None:
                return 0
            if len(self.saved[owner_id]) >= LISTS_MAX:
                return -2
        elif current is None:
            return 0
        elif current.settings() != before.settings():
            return -1
        self.saved[owner_id][after.list_id] = dataclasses.replace(after, member_count=0)
        return await self._written(owner_id, envelope)

    async def delete(self, owner_id: str, list_id: str, envelope: bytes) -> bool:
        if self.saved[owner_id].pop(list_id, None) is None:
            return False
        self.people_on.pop((owner_id, list_id), None)
        return await self._written(owner_id, envelope) == 1

    async def members(self, owner_id: str, list_id: str) -> list[tuple[str, int]]:
        return sorted(self.people_on[owner_id, list_id].items(), key=lambda ma: (ma[1], ma[0]), reverse=True)

    async def change_members(
        self,
        owner_id: str,
        list_id: str,
        added: Collection[str],
        removed: Collection[str],
        count_before: int,
        now_ms: int,
        envelope: bytes,
    ) -> int:
        if list_id not in self.saved[owner_id]:
            return 0
        members = self.people_on[owner_id, list_id]
        if len(members) != count_before or any(m in members for m in added) or any(m not in members for m in removed):
            return -1
        if count_before + len(added) - len(removed) > MEMBERS_MAX:
            return -2
        members.update(dict.fromkeys(added, now_ms))
        for m in removed:
            del members[m]
        return await self._written(owner_id, envelope)

    async def people(self, user_ids: Collection[str]) -> frozenset[str]:
        return frozenset(u for u in user_ids if u in self.feeds.profiles and not self.feeds.is_away(u))

    async def timeline_context(self, owner_id: str, list_id: str) -> tuple[Viewer, PeopleList | None, frozenset[str]]:
        found = await self.get(owner_id, list_id)
        return await self.feeds.viewer(owner_id), found, frozenset(self.people_on[owner_id, list_id])
