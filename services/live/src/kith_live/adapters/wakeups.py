"""The edge's one Redis subscription: the wake-up channels of everyone with a stream open here.

One pub/sub connection per edge process (per shard on a Redis Cluster, where the channels are
sharded: SSUBSCRIBE), however many streams: a person's channel is subscribed while at least one
of their streams is open here. A message is a wake-up ("w": read the log) or an ephemeral item
("e" + LiveItem bytes). After the connection is lost and made again, every subscribed person is
woken (wake-ups sent meanwhile were lost; their entries were not).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from kith_live.domain.ports import Wakeups
from kith_platform.errors import TRANSIENT_ERRORS
from kith_platform.live import EPHEMERAL, WAKE, channel
from kith_platform.metrics import count_backend_error
from kith_platform.redis_client import AnyRedis, is_cluster

log = logging.getLogger("kith.live.wakeups")

OnWake = Callable[[str], None]
OnEphemeral = Callable[[str, bytes], None]
OnReconnect = Callable[[], None]


def user_of(channel_name: bytes | str) -> str:
    name = channel_name.decode() if isinstance(channel_name, bytes) else channel_name
    start = name.find("{")
    return name[start + 1 : name.find("}", start)]


class _ReconnectWatch:
    def __init__(self, on_connect, on_reconnect: OnReconnect) -> None:
        self.first_connect = on_connect
        self.on_reconnect = on_reconnect
        self.connected = False

    async def on_connect(self, connection) -> None:
        await self.first_connect(connection)
        if self.connected:
            log.info("live wake-up subscription reconnected")
            self.on_reconnect()
        self.connected = True


class RedisWakeups(Wakeups):
    """Subscribes and unsubscribes people's channels and calls back for each message, from one
    reader task (`run`)."""

    def __init__(
        self,
        redis: AnyRedis,
        on_wake: OnWake,
        on_ephemeral: OnEphemeral,
        on_reconnect: OnReconnect,
        *,
        poll_seconds: float = 1.0,
    ) -> None:
        self.redis = redis
        self.sharded = is_cluster(redis)
        self.pubsub = redis.pubsub()
        self.on_wake = on_wake
        self.on_ephemeral = on_ephemeral
        self.on_reconnect = on_reconnect
        # Sharded, redis-py shares the wait among the shards' connections (a shard with a message
        # does not wait out the others'), skips a connection not made yet and cools off a shard
        # that failed. A shard first subscribed while the reader waits is read from its next
        # pass: shorter passes keep that first confirmation quick.
        self.poll_seconds = min(poll_seconds, 0.1) if self.sharded else poll_seconds
        self._confirmed: dict[str, asyncio.Future] = {}
        self._started = asyncio.Event()
        self._stop = False
        # Subscribes and unsubscribes reach Redis in the order they were asked for (a person
        # who closes their last stream and opens one at once stays subscribed).
        self._order = asyncio.Lock()
        if not self.sharded:
            # redis-py reconnects a standalone subscription by itself (and subscribes again):
            # every connection after the first is a reconnection. (redis-py keeps its connect
            # callbacks as weak bound methods: the watcher is kept here.)
            self._watch = _ReconnectWatch(self.pubsub.on_connect, on_reconnect)
            self.pubsub.on_connect = self._watch.on_connect

    async def subscribe(self, user_id: str) -> None:
        """Subscribe the person's channel; returns once Redis confirmed it (from then on every
        append for them wakes this edge)."""
        name = channel(user_id)
        waiter = self._confirmed.get(name)
        if waiter is None or waiter.done():
            waiter = asyncio.get_running_loop().create_future()
            self._confirmed[name] = waiter
        async with self._order:
            if self.sharded:
                await self.redis.initialize()  # the slot map (once), to route SSUBSCRIBE
                await self.pubsub.ssubscribe(name)
            else:
                await self.pubsub.subscribe(name)
        self._started.set()
        await asyncio.wait_for(asyncio.shield(waiter), 5.0)

    async def unsubscribe(self, user_id: str) -> None:
        name = channel(user_id)
        self._confirmed.pop(name, None)
        async with self._order:
            if self.sharded:
                await self.pubsub.sunsubscribe(name)
            else:
                await self.pubsub.unsubscribe(name)

    async def _next(self):
        if self.sharded:
            return await self.pubsub.get_sharded_message(timeout=self.poll_seconds)
        return await self.pubsub.get_message(timeout=self.poll_seconds)

    async def run(self) -> None:
        await self._started.wait()
        failing = False
        while not self._stop:
            try:
                message = await self._next()
            except TRANSIENT_ERRORS as exc:
                if not failing:
                    count_backend_error(exc)
                    log.warning("live wake-up subscription lost, reconnecting: %r", exc)
                failing = True
                await asyncio.sleep(0.2)
                continue
            if failing:  # back: what was published meanwhile is lost, the logs are not
                failing = False
                log.info("live wake-up subscription restored")
                self.on_reconnect()
            if message is None:
                if self.sharded and not self.pubsub.node_pubsub_mapping:
                    await asyncio.sleep(self.poll_seconds)
                continue
            self._dispatch(message)

    def _dispatch(self, message: dict) -> None:
        kind = message["type"]
        kind = kind.decode() if isinstance(kind, bytes) else kind
        name = message["channel"]
        name = name.decode() if isinstance(name, bytes) else name
        if kind in ("subscribe", "ssubscribe"):
            waiter = self._confirmed.get(name)
            if waiter is not None and not waiter.done():
                waiter.set_result(True)
            return
        if kind not in ("message", "smessage"):
            return
        data = message["data"]
        if data[:1] == WAKE:
            self.on_wake(user_of(name))
        elif data[:1] == EPHEMERAL:
            self.on_ephemeral(user_of(name), bytes(data[1:]))

    def request_stop(self) -> None:
        self._stop = True
        self._started.set()

    async def close(self) -> None:
        self._stop = True
        await self.pubsub.aclose()
