"""Neo4j transactions of the graph store: reads in one round trip, and changes that lock their
users and write their events to the outbox in the same transaction. The store's concerns build
on it (neo4j_store.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from neo4j import READ_ACCESS, AsyncDriver

from kith.graph.v1 import events_pb2 as ev
from kith_graph.adapters import cypher
from kith_graph.domain.relationships import PairState
from kith_platform.errors import NotFound
from kith_platform.events import GRAPH_RELATIONSHIPS, make_event, timestamp
from kith_platform.outbox import add_to_neo4j_outbox

PRODUCER = "graph"
# Every change of whether two people are connected comes with one of these events.
CONNECTION_EVENTS = (ev.UserFollowed, ev.UserUnfollowed, ev.FriendshipStarted, ev.FriendshipEnded)
T = TypeVar("T")


@dataclass
class Events:
    """Events of one transaction. Follow changes are keyed by the followee (whose followers
    change); the other events by the user who acted."""

    now: datetime
    items: list = field(default_factory=list)
    connections_changed: bool = False  # a follow or a friendship began or ended (CONNECTED may change)

    def add(self, key: str, payload) -> None:
        self.connections_changed |= isinstance(payload, CONNECTION_EVENTS)
        self.items.append(
            make_event(
                topic=GRAPH_RELATIONSHIPS, aggregate_id=key, producer=PRODUCER, occurred_at=self.now, payload=payload
            )
        )

    def followed(self, follower: str, followee: str) -> None:
        self.add(followee, ev.UserFollowed(follower_id=follower, followee_id=followee, followed_at=timestamp(self.now)))

    def unfollowed(self, follower: str, followee: str) -> None:
        self.add(
            followee, ev.UserUnfollowed(follower_id=follower, followee_id=followee, unfollowed_at=timestamp(self.now))
        )

    def follow_request_closed(
        self, follower: str, followee: str, requested_at_ms: int | None, *, withdrawn: bool
    ) -> None:
        """A pending follow request ended without a follow: withdrawn by the follower or
        declined by the followee."""
        if withdrawn:
            event = ev.FollowRequestWithdrawn(
                follower_id=follower, followee_id=followee, withdrawn_at=timestamp(self.now)
            )
        else:
            event = ev.FollowRequestDeclined(
                follower_id=follower, followee_id=followee, declined_at=timestamp(self.now)
            )
        if requested_at_ms is not None:
            event.requested_at.FromMilliseconds(requested_at_ms)
        self.add(followee, event)

    def friend_request_closed(self, sender: str, recipient: str, *, cancelled: bool) -> None:
        self.add(
            sender,
            ev.FriendRequestClosed(
                sender_id=sender, recipient_id=recipient, cancelled=cancelled, closed_at=timestamp(self.now)
            ),
        )


class Neo4jTransactions:
    def __init__(self, driver: AsyncDriver, database: str, outbox_written: Callable[[], None] = lambda: None) -> None:
        self.driver = driver
        self.database = database
        self.outbox_written = outbox_written  # called once a transaction's events are committed

    async def _write_transaction(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """`work` in a managed write transaction (retried on transient errors), which may add
        events to the outbox (add_to_neo4j_outbox); the relay is woken once it has committed."""
        async with self.driver.session(database=self.database) as session:
            result = await session.execute_write(work)
        self.outbox_written()
        return result

    async def _read(self, query: str, **params) -> list:
        """One read query in an auto-commit transaction: one round trip (a managed transaction
        adds BEGIN and COMMIT) and about a third less driver CPU. Reads are not retried here:
        a Neo4j that is away answers UNAVAILABLE at once, within the caller's deadline."""
        async with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
            result = await session.run(query, params)
            return [record async for record in result]

    async def _write(self, query: str, **params) -> None:
        await self.driver.execute_query(query, database_=self.database, **params)

    @staticmethod
    async def _lock(tx, *ids: str) -> None:
        """Take the users' locks; an erased user is not brought back: NOT_FOUND."""
        locked = (await (await tx.run(cypher.LOCK_PAIR, ids=list(ids))).single())["locked"]
        if locked < len(set(ids)):
            raise NotFound("user_id: no such user")

    async def _pair(self, a: str, b: str, work: Callable[[Any, PairState, Events, int], Awaitable[T]]) -> T:
        async def run(tx) -> T:
            record = await (await tx.run(cypher.LOCK_PAIR_STATE, ids=[a, b], a=a, b=b)).single()
            if record is None:
                raise NotFound("user_id: no such user")
            now = datetime.now(UTC)
            events = Events(now)
            result = await work(tx, PairState(**record.data()), events, int(now.timestamp() * 1000))
            if events.connections_changed:
                await tx.run(cypher.SYNC_CONNECTIONS, pairs=[{"a": a, "b": b}])
            await add_to_neo4j_outbox(tx, events.items)
            return result

        return await self._write_transaction(run)

    async def _user(self, user_id: str, work: Callable[[Any, Events], Awaitable[T]]) -> T:
        """A change to one user's own state: under that user's lock, with its events."""

        async def run(tx) -> T:
            await self._lock(tx, user_id)
            events = Events(datetime.now(UTC))
            result = await work(tx, events)
            await add_to_neo4j_outbox(tx, events.items)
            return result

        return await self._write_transaction(run)
