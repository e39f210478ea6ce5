"""The feed API's notification reads: a person's notifications, unread count, marking them read
and their notification preferences."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kith_feed.domain.model import Cursor, Viewer, page_size
from kith_feed.domain.notifications import KINDS, Notification, summary
from kith_feed.domain.ports import Stores
from kith_platform.errors import InvalidArgument

MAX_IDS = 200


@dataclass
class NotificationReads:
    store: Stores

    async def page(self, user_id: str, requested: int, cursor: str) -> tuple[list[tuple[Notification, str]], str]:
        size = page_size(requested)
        position = Cursor.decode(cursor)
        viewer = await self.store.feeds.viewer(user_id)
        hidden = viewer.muted | viewer.blocked
        top = "+inf" if position is None else position.score
        found = await self.store.notifications.page(
            user_id, top, position.member if position else None, size + 1, hidden
        )
        more = len(found) > size
        found = found[:size]
        next_cursor = Cursor(found[-1].updated_at_ms, found[-1].notification_id).encode() if more and found else ""
        found = await self._without_muted_words(found, viewer)
        names = {
            a.user_id: a.handle or a.display_name
            for a in (await self.store.feeds.authors({a for n in found for a in n.actor_ids})).values()
        }
        return [(n, summary(n, names)) for n in found], next_cursor

    async def _without_muted_words(self, found: list[Notification], viewer: Viewer) -> list[Notification]:
        """Leave out notifications about posts (by others) the reader filters out: a muted word in
        the text, or a content warning when they hide those."""
        if not viewer.muted_words and not viewer.hides_warnings:
            return found
        posts = await self.store.feeds.readable([n.target_id for n in found if n.target_id])
        now = int(time.time() * 1000)
        return [n for n in found if n.target_id not in posts or viewer.wants(posts[n.target_id], now)]

    async def unread(self, user_id: str) -> int:
        return await self.store.notifications.unread(user_id)

    async def mark_read(self, user_id: str, ids: list[str]) -> None:
        if len(ids) > MAX_IDS:
            raise InvalidArgument("notification_ids", f"at most {MAX_IDS} ids")
        if any(not i or len(i) > 200 for i in ids):
            raise InvalidArgument("notification_ids", "must be ids returned by ListNotifications")
        await self.store.notifications.mark_read(user_id, ids)

    async def mark_all_read(self, user_id: str) -> None:
        await self.store.notifications.mark_all_read(user_id)

    async def preferences(self, user_id: str) -> dict[str, bool]:
        return await self.store.notifications.preferences(user_id)

    async def set_preferences(self, user_id: str, changes: dict[str, bool]) -> dict[str, bool]:
        unknown = [k for k in changes if k not in KINDS]
        if unknown:
            raise InvalidArgument("preferences", "kind must be set")
        return await self.store.notifications.set_preferences(user_id, changes)
