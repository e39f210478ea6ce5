"""The streams open on this edge and how items reach them.

Each open stream has a position (the cursor of the last item it was given) and a bounded send
buffer. A wake-up for a person reads their log once per distinct position among their streams
(usually one) and hands each stream what follows its position, or a resync when the chain from
its position is broken (kith_live.domain.cursors). Reads for one person never overlap: a wake-up
during a read makes the reader go round once more.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from kith.live.v1 import live_pb2
from kith_live.domain.buffers import SendBuffer
from kith_live.domain.cursors import EMPTY, Entry, deliver, expired, newer
from kith_live.domain.ports import LiveLog, Presence, PresenceNotices, Wakeups
from kith_platform.errors import TRANSIENT_ERRORS
from kith_platform.metrics import count_backend_error

log = logging.getLogger("kith.live.hub")
READ_BATCH = 500


def control_item(kind: str, cursor: str, **payload) -> live_pb2.LiveItem:
    item = live_pb2.LiveItem(cursor=cursor, kind=kind, **payload)
    item.at.FromMilliseconds(int(time.time() * 1000))
    return item


@dataclass(eq=False)
class OpenStream:
    user_id: str
    buffer: SendBuffer[live_pb2.LiveItem]
    position: str | None = None  # None until the stream's start is settled

    def give(self, entries: list[Entry]) -> None:
        outcome = deliver(self.position or EMPTY, entries)
        if outcome.resync:
            self.buffer.push(control_item("resync", outcome.position, resync=live_pb2.Resync(reason="expired")))
        for entry in outcome.items:
            item = live_pb2.LiveItem.FromString(entry.item)
            item.cursor = entry.cursor
            self.buffer.push(item)
        self.position = outcome.position


@dataclass
class _Person:
    streams: set[OpenStream] = field(default_factory=set)
    reading: bool = False
    again: bool = False
    subscribed: asyncio.Future | None = None


class Hub:
    # Set by bootstrap once the wake-up reader, which calls back here, is built.
    wakeups: Wakeups

    def __init__(
        self,
        log_: LiveLog,
        *,
        buffer_limit: int = 1000,
        max_age_seconds: int = 86_400,
        presence: Presence | None = None,
        notices: PresenceNotices | None = None,
    ) -> None:
        self.log = log_
        self.presence = presence
        self.notices = notices
        self.buffer_limit = buffer_limit
        self.max_age_ms = max_age_seconds * 1000
        self.people: dict[str, _Person] = {}
        self._tasks: set[asyncio.Task] = set()

    @property
    def open_streams(self) -> int:
        return sum(len(p.streams) for p in self.people.values())

    async def open(self, user_id: str, resume_from: str | None) -> OpenStream:
        """Register a stream for the person, subscribed to their wake-ups, its first items (ready,
        then a resync or what it missed) already in its buffer."""
        person = self.people.setdefault(user_id, _Person())
        stream = OpenStream(user_id, SendBuffer(self.buffer_limit))
        person.streams.add(stream)
        try:
            await self._subscribed(user_id, person)
            if resume_from is None:
                start = await self.log.position(user_id)
                stream.buffer.push(control_item("ready", start, ready=live_pb2.Ready()))
            else:
                newest = await self.log.position(user_id)
                stream.buffer.push(control_item("ready", resume_from, ready=live_pb2.Ready()))
                # A cursor past the newest entry is none this log gave out (its log was lost and
                # started again): like an expired one, the client reloads.
                if expired(resume_from, int(time.time() * 1000), self.max_age_ms) or newer(resume_from, newest):
                    stream.buffer.push(control_item("resync", newest, resync=live_pb2.Resync(reason="expired")))
                    start = newest
                else:
                    start = resume_from
            stream.position = start
        except BaseException:
            await self.close(stream)
            raise
        await self._read(user_id)  # what came since (or after resume_from)
        return stream

    async def _subscribed(self, user_id: str, person: _Person) -> None:
        if person.subscribed is None:
            person.subscribed = asyncio.ensure_future(self.wakeups.subscribe(user_id))
            await self._presence("online", [user_id])
        try:
            await asyncio.shield(person.subscribed)
        except BaseException:
            if person.subscribed.done():
                person.subscribed = None  # the next stream tries again
            raise

    async def close(self, stream: OpenStream) -> None:
        person = self.people.get(stream.user_id)
        if person is None:
            return
        person.streams.discard(stream)
        if not person.streams:
            del self.people[stream.user_id]
            if person.subscribed is not None:
                try:
                    await self.wakeups.unsubscribe(stream.user_id)
                except TRANSIENT_ERRORS as exc:  # its messages are ignored when they come
                    log.warning("unsubscribing a live channel failed: %r", exc)
            await self._presence("offline", stream.user_id)

    async def _presence(self, change: str, who) -> None:
        """Presence is best effort: a stream never fails for it (the heartbeat repairs it). Once
        recorded, the change is handed to the notices (the person's friends hear of it), without
        waiting for them."""
        if self.presence is None:
            return
        try:
            await getattr(self.presence, change)(who)
        except TRANSIENT_ERRORS as exc:
            log.warning("presence not recorded: %r", exc)
            return
        if self.notices is not None:
            for user_id in [who] if isinstance(who, str) else who:
                self.notices.changed(user_id)

    # --- called by the wake-up reader -------------------------------------------------

    def wake(self, user_id: str) -> None:
        if user_id in self.people:
            self._spawn(self._read(user_id))

    def wake_all(self) -> None:
        for user_id in list(self.people):
            self.wake(user_id)

    def ephemeral(self, user_id: str, item: bytes) -> None:
        person = self.people.get(user_id)
        if person is None:
            return
        parsed = live_pb2.LiveItem.FromString(item)
        for stream in person.streams:
            if stream.position is not None:
                stream.buffer.push(parsed)

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _read(self, user_id: str) -> None:
        person = self.people.get(user_id)
        if person is None:
            return
        if person.reading:
            person.again = True
            return
        person.reading = True
        try:
            while True:
                person.again = False
                await self._read_once(user_id, person)
                if not person.again:
                    return
        except TRANSIENT_ERRORS as exc:
            # The streams keep their positions: the next wake-up (or reconnect) reads again.
            count_backend_error(exc)
            log.warning("reading a live log failed: %r", exc)
        finally:
            person.reading = False

    async def _read_once(self, user_id: str, person: _Person) -> None:
        while True:
            by_position: dict[str, list[OpenStream]] = {}
            for stream in person.streams:
                if stream.position is not None and not stream.buffer.overflowed:
                    by_position.setdefault(stream.position, []).append(stream)
            full = False
            for position, streams in by_position.items():
                entries = await self.log.read_after(user_id, position, READ_BATCH)
                for stream in streams:
                    if stream.position == position:
                        stream.give(entries)
                full = full or len(entries) == READ_BATCH
            if not full:
                return

    async def close_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
