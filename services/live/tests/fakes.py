"""Fakes of the live edge's ports (kith_live.domain.ports), in memory: the hub's unit tests run
without Redis or messaging."""

from __future__ import annotations

import time

from kith.live.v1 import live_pb2
from kith_live.domain.cursors import EMPTY, Entry
from kith_live.domain.ports import LiveLog, Presence, PresenceNotices, Wakeups


class FakeLog(LiveLog):
    """Live logs chained as kith_platform.live writes them; `failure`: raised by reads instead."""

    def __init__(self) -> None:
        self.logs: dict[str, list[Entry]] = {}
        self.clock = int(time.time() * 1000)
        self.failure: BaseException | None = None

    def append(self, user_id: str, label: str) -> str:
        log = self.logs.setdefault(user_id, [])
        self.clock += 1
        cursor = f"{self.clock}-0"
        item = live_pb2.LiveItem(kind="home_feed", home_feed=live_pb2.HomeFeedHint(post_id=label))
        log.append(Entry(cursor, log[-1].cursor if log else EMPTY, item.SerializeToString()))
        return cursor

    async def position(self, user_id: str) -> str:
        log = self.logs.get(user_id)
        return log[-1].cursor if log else EMPTY

    async def read_after(self, user_id: str, cursor: str, count: int) -> list[Entry]:
        if self.failure is not None:
            raise self.failure
        after = tuple(map(int, cursor.split("-")))
        return [e for e in self.logs.get(user_id, []) if tuple(map(int, e.cursor.split("-"))) > after][:count]


class FakeWakeups(Wakeups):
    """`failure`: raised by subscribe and unsubscribe instead."""

    def __init__(self) -> None:
        self.subscribed: set[str] = set()
        self.failure: BaseException | None = None

    async def subscribe(self, user_id: str) -> None:
        if self.failure is not None:
            raise self.failure
        self.subscribed.add(user_id)

    async def unsubscribe(self, user_id: str) -> None:
        if self.failure is not None:
            raise self.failure
        self.subscribed.discard(user_id)


class FakePresence(Presence):
    """The changes recorded, in order; `failing`: nothing is recorded (Redis down)."""

    def __init__(self, failing: bool = False) -> None:
        self.changes: list[tuple[str, object]] = []
        self.failing = failing

    async def online(self, user_ids: list[str]) -> None:
        if self.failing:
            raise ConnectionError("redis is down")
        self.changes.append(("online", tuple(user_ids)))

    async def offline(self, user_id: str) -> None:
        if self.failing:
            raise ConnectionError("redis is down")
        self.changes.append(("offline", user_id))


class FakeNotices(PresenceNotices):
    def __init__(self) -> None:
        self.told: list[str] = []

    def changed(self, user_id: str) -> None:
        self.told.append(user_id)
