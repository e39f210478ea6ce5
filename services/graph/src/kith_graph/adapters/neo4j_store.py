"""Neo4j adapter of the graph store. Every change to a pair runs in one transaction that
locks both users, reads their state, applies the domain rules, changes the graph and writes
the events to the outbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from neo4j import READ_ACCESS, AsyncDriver

from kith.graph.v1 import events_pb2 as ev
from kith_graph.adapters import cypher
from kith_graph.domain import relationships as rules
from kith_graph.domain.ports import GraphStore, ListPage
from kith_graph.domain.relationships import (
    CommunitySuggestion,
    ConnectionCare,
    FollowOutcome,
    FriendOutcome,
    ImportedFollow,
    PairState,
    PersonSuggestion,
)
from kith_graph.domain.ties import Tie
from kith_platform.errors import DomainError, NotFound
from kith_platform.events import GRAPH_RELATIONSHIPS, make_event, timestamp
from kith_platform.outbox import NEO4J_SCHEMA, add_to_neo4j_outbox

PRODUCER = "graph"
T = TypeVar("T")
ERASURE_BATCH = 5000  # relationships or interaction nodes deleted per transaction


@dataclass
class _Events:
    """Events of one transaction. Follow changes are keyed by the followee (whose followers
    change); the other events by the user who acted."""

    now: datetime
    items: list = field(default_factory=list)

    def add(self, key: str, payload) -> None:
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


class Neo4jGraphStore(GraphStore):
    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database

    async def create_schema(self) -> None:
        async with self.driver.session(database=self.database) as session:
            for statement in (*cypher.SCHEMA, *NEO4J_SCHEMA):
                await session.run(statement)

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

    async def _pair(self, a: str, b: str, work: Callable[[Any, PairState, _Events, int], Awaitable[T]]) -> T:
        async def run(tx) -> T:
            await self._lock(tx, a, b)
            record = await (await tx.run(cypher.PAIR_STATE, a=a, b=b)).single()
            now = datetime.now(UTC)
            events = _Events(now)
            result = await work(tx, PairState(**record.data()), events, int(now.timestamp() * 1000))
            await add_to_neo4j_outbox(tx, events.items)
            return result

        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(run)

    async def _user(self, user_id: str, work: Callable[[Any, _Events], Awaitable[T]]) -> T:
        """A change to one user's own state: under that user's lock, with its events."""

        async def run(tx) -> T:
            await self._lock(tx, user_id)
            events = _Events(datetime.now(UTC))
            result = await work(tx, events)
            await add_to_neo4j_outbox(tx, events.items)
            return result

        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(run)

    # --- reads ------------------------------------------------------------------------

    async def has_user(self, user_id: str) -> bool:
        return bool((await self._read(cypher.HAS_USER, id=user_id))[0]["present"])

    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool]:
        record = (await self._read(cypher.RELATIONSHIP, a=user_id, b=other_user_id))[0]
        return bool(record["follows"]), bool(record["followed_by"])

    async def pair_state(self, a: str, b: str) -> PairState:
        records = await self._read(cypher.PAIR_STATE, a=a, b=b)
        return PairState(**records[0].data()) if records else PairState()

    async def list_page(
        self, kind: str, user_id: str, limit: int, after: tuple[int, str] | None, viewer: str = ""
    ) -> ListPage:
        records = await self._read(
            cypher.LISTS[kind],
            user=user_id,
            viewer=viewer,
            limit=limit,
            at=after[0] if after else None,
            after=after[1] if after else "",
        )
        return [(r["user_id"], r["at"]) for r in records]

    async def counts(self, user_id: str) -> tuple[int, int, int]:
        records = await self._read(cypher.COUNTS, user=user_id)
        if not records:
            return 0, 0, 0
        r = records[0]
        return r["followers"], r["following"], r["friends"]

    async def mutual_friends(self, a: str, b: str, limit: int) -> tuple[list[str], int]:
        r = (await self._read(cypher.MUTUAL_FRIENDS, a=a, b=b, limit=limit))[0]
        return list(r["page"]), r["total"]

    async def sees_user(self, a: str, b: str) -> bool:
        return bool((await self._read(cypher.SEES_USER, a=a, b=b))[0]["visible"])

    async def connection_path(self, a: str, b: str) -> list[str] | None:
        record = (await self._read(cypher.CONNECTION_PATH, a=a, b=b))[0]
        return list(record["ids"]) if record["visible"] else None

    async def suggest_people(self, user_id: str, limit: int) -> list[PersonSuggestion]:
        records = await self._read(cypher.SUGGEST_PEOPLE, me=user_id, limit=limit)
        return [
            PersonSuggestion(r["user_id"], float(r["score"]), r["mutuals"], tuple(r["topics"]), tuple(r["communities"]))
            for r in records
        ]

    async def suggest_communities(self, user_id: str, limit: int) -> list[CommunitySuggestion]:
        records = await self._read(cypher.SUGGEST_COMMUNITIES, me=user_id, limit=limit)
        return [
            CommunitySuggestion(r["community_id"], r["name"] or "", float(r["score"]), r["people"], tuple(r["topics"]))
            for r in records
        ]

    async def dismiss(self, a: str, b: str) -> None:
        async def work(tx, state, events, at):
            removed = (await (await tx.run(cypher.DELETE["DISMISSED"], a=a, b=b)).single())["removed"]
            await tx.run(cypher.CREATE["DISMISSED"], a=a, b=b, at=at)
            if not removed:
                events.add(
                    a, ev.SuggestionDismissed(user_id=a, dismissed_user_id=b, dismissed_at=timestamp(events.now))
                )

        await self._pair(a, b, work)

    # --- follows ------------------------------------------------------------------------

    async def follow(self, a: str, b: str) -> FollowOutcome:
        async def work(tx, state, events, at):
            outcome = rules.follow(state)
            if outcome is FollowOutcome.FOLLOW:
                if state.a_requested_follow:  # asked while approval was on: the follow answers it
                    await tx.run(cypher.DELETE["FOLLOW_REQUESTED"], a=a, b=b)
                await tx.run(cypher.CREATE["FOLLOWS"], a=a, b=b, at=at)
                events.followed(a, b)
            elif outcome is FollowOutcome.REQUEST and not state.a_requested_follow:
                await tx.run(cypher.CREATE["FOLLOW_REQUESTED"], a=a, b=b, at=at)
                events.add(b, ev.FollowRequested(follower_id=a, followee_id=b, requested_at=timestamp(events.now)))
            return outcome

        return await self._pair(a, b, work)

    async def import_follows(self, pairs: list[tuple[str, str]]) -> list[ImportedFollow]:
        """`follow` for many pairs in one transaction: every user of the batch locked once (LOCK_PAIR
        with all their ids, in id order), the pairs' states read in one query, the same rule applied
        pair by pair in order (a pair repeated in the batch sees the one before it), the changes
        written with UNWIND, and every event added to the outbox at once, so the outbox counter
        is taken once per batch rather than once per follow."""
        fields = list(PairState.__dataclass_fields__)

        async def run(tx) -> list[ImportedFollow]:
            ids = sorted({user for pair in pairs for user in pair})
            locked = set((await (await tx.run(cypher.LOCK_PAIR, ids=ids)).single())["ids"])
            wanted = [{"a": a, "b": b} for a, b in dict.fromkeys(pairs) if a in locked and b in locked]
            states = {
                (r["a"], r["b"]): PairState(**{f: r[f] for f in fields})
                async for r in await tx.run(cypher.PAIR_STATES, pairs=wanted)
            }
            now = datetime.now(UTC)
            events = _Events(now)
            writes: dict[str, list[dict]] = {"follow": [], "answered": [], "request": []}
            results = []
            for a, b in pairs:
                state = states.get((a, b))
                if state is None:  # an erased user (the lock leaves them out)
                    results.append(ImportedFollow(error=NotFound("user_id: no such user")))
                    continue
                try:
                    outcome = rules.follow(state)
                except DomainError as exc:
                    results.append(ImportedFollow(error=exc))
                    continue
                if outcome is FollowOutcome.FOLLOW:  # as `follow` does, pair by pair
                    if state.a_requested_follow:
                        writes["answered"].append({"a": a, "b": b})
                    writes["follow"].append({"a": a, "b": b})
                    events.followed(a, b)
                elif outcome is FollowOutcome.REQUEST and not state.a_requested_follow:
                    writes["request"].append({"a": a, "b": b})
                    events.add(b, ev.FollowRequested(follower_id=a, followee_id=b, requested_at=timestamp(now)))
                states[(a, b)] = rules.follow_applied(state, outcome)
                results.append(ImportedFollow(outcome=outcome))
            at = int(now.timestamp() * 1000)
            if writes["answered"]:
                await tx.run(cypher.DELETE_MANY["FOLLOW_REQUESTED"], pairs=writes["answered"])
            if writes["follow"]:
                await tx.run(cypher.CREATE_MANY["FOLLOWS"], pairs=writes["follow"], at=at)
            if writes["request"]:
                await tx.run(cypher.CREATE_MANY["FOLLOW_REQUESTED"], pairs=writes["request"], at=at)
            await add_to_neo4j_outbox(tx, events.items)
            return results

        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(run)

    async def active_users(self, user_ids: list[str]) -> set[str]:
        return set((await self._read(cypher.ACTIVE_USERS, ids=user_ids))[0]["ids"])

    async def unfollow(self, a: str, b: str) -> bool:
        async def work(tx, state, events, at):
            if state.a_requested_follow:
                request = await (await tx.run(cypher.DELETE["FOLLOW_REQUESTED"], a=a, b=b)).single()
                events.follow_request_closed(a, b, request["at"], withdrawn=True)
            if not state.follows:
                return False
            await tx.run(cypher.DELETE["FOLLOWS"], a=a, b=b)
            events.unfollowed(a, b)
            return True

        return await self._pair(a, b, work)

    async def answer_follow_request(self, a: str, b: str, approve: bool) -> None:
        """`a` (the followee) approves or declines `b`'s request."""

        async def work(tx, state, events, at):
            rules.require_request(state.b_requested_follow, "follow request from this user")
            request = await (await tx.run(cypher.DELETE["FOLLOW_REQUESTED"], a=b, b=a)).single()
            if not approve:
                events.follow_request_closed(b, a, request["at"], withdrawn=False)
            elif not state.followed_by:
                await tx.run(cypher.CREATE["FOLLOWS"], a=b, b=a, at=at)
                events.followed(b, a)

        await self._pair(a, b, work)

    async def set_follow_approval(self, user_id: str, required: bool) -> None:
        async def work(tx, events):
            record = await (await tx.run(cypher.SET_FOLLOW_APPROVAL, user=user_id, required=required)).single()
            if record["before"] != required:
                events.add(
                    user_id,
                    ev.GraphSettingsChanged(
                        user_id=user_id, requires_follow_approval=required, changed_at=timestamp(events.now)
                    ),
                )

        await self._user(user_id, work)

    # --- friendships ------------------------------------------------------------------

    async def _befriend(self, tx, state: PairState, events: _Events, a: str, b: str, at: int) -> None:
        await tx.run(cypher.DELETE["FRIEND_REQUESTED"], a=b, b=a)
        await tx.run(cypher.DELETE["FRIEND_REQUESTED"], a=a, b=b)
        await tx.run(cypher.CREATE_FRIENDSHIP, a=a, b=b, at=at)
        events.add(a, ev.FriendshipStarted(user_id=a, friend_id=b, started_at=timestamp(events.now)))
        # A friendship means following each other (approval is implied by accepting).
        for follower, followee, exists in ((a, b, state.follows), (b, a, state.followed_by)):
            if not exists:
                await tx.run(cypher.DELETE["FOLLOW_REQUESTED"], a=follower, b=followee)
                await tx.run(cypher.CREATE["FOLLOWS"], a=follower, b=followee, at=at)
                events.followed(follower, followee)

    async def send_friend_request(self, a: str, b: str) -> bool:
        async def work(tx, state, events, at):
            outcome = rules.send_friend_request(state)
            if outcome is FriendOutcome.ACCEPT:
                await self._befriend(tx, state, events, a, b, at)
                return True
            if outcome is FriendOutcome.REQUEST:
                await tx.run(cypher.CREATE["FRIEND_REQUESTED"], a=a, b=b, at=at)
                events.add(b, ev.FriendRequestSent(sender_id=a, recipient_id=b, sent_at=timestamp(events.now)))
            return False

        return await self._pair(a, b, work)

    async def accept_friend_request(self, a: str, b: str) -> None:
        async def work(tx, state, events, at):
            rules.accept_friend_request(state)
            await self._befriend(tx, state, events, a, b, at)

        await self._pair(a, b, work)

    async def close_friend_request(self, a: str, b: str, *, cancel: bool) -> None:
        """Cancel (`a` withdraws its request to `b`) or decline (`a` refuses `b`'s request)."""
        sender, recipient = (a, b) if cancel else (b, a)

        async def work(tx, state, events, at):
            present = state.a_requested_friendship if cancel else state.b_requested_friendship
            rules.require_request(present, "pending friend request")
            await tx.run(cypher.DELETE["FRIEND_REQUESTED"], a=sender, b=recipient)
            events.friend_request_closed(sender, recipient, cancelled=cancel)

        await self._pair(a, b, work)

    async def _end_friendship(self, tx, state: PairState, events: _Events, a: str, b: str) -> None:
        await tx.run(cypher.DELETE_FRIENDSHIP, a=a, b=b)
        for follower, followee, exists in ((a, b, state.follows), (b, a, state.followed_by)):
            if exists:
                await tx.run(cypher.DELETE["FOLLOWS"], a=follower, b=followee)
                events.unfollowed(follower, followee)
        events.add(a, ev.FriendshipEnded(user_id=a, friend_id=b, ended_at=timestamp(events.now)))

    async def unfriend(self, a: str, b: str) -> bool:
        async def work(tx, state, events, at):
            if not state.friends:
                return False
            await self._end_friendship(tx, state, events, a, b)
            return True

        return await self._pair(a, b, work)

    # --- blocks and mutes ----------------------------------------------------------------

    async def block(self, a: str, b: str) -> bool:
        async def work(tx, state, events, at):
            if state.blocks:
                return False
            if state.friends:
                await self._end_friendship(tx, state, events, a, b)
            removed = await (await tx.run(cypher.DELETE_BETWEEN, a=a, b=b)).data()
            # What the block ended, each with its event: a's own pending requests are
            # withdrawn, b's requests to a declined.
            for row in removed:
                mine = row["from_id"] == a
                if row["kind"] == "FOLLOWS":
                    events.unfollowed(row["from_id"], row["to_id"])
                elif row["kind"] == "FOLLOW_REQUESTED":
                    events.follow_request_closed(row["from_id"], row["to_id"], row["at"], withdrawn=mine)
                elif row["kind"] == "FRIEND_REQUESTED":
                    events.friend_request_closed(row["from_id"], row["to_id"], cancelled=mine)
            await tx.run(cypher.CREATE["BLOCKS"], a=a, b=b, at=at)
            events.add(a, ev.UserBlocked(blocker_id=a, blocked_id=b, blocked_at=timestamp(events.now)))
            return True

        return await self._pair(a, b, work)

    async def unblock(self, a: str, b: str) -> bool:
        async def work(tx, state, events, at):
            if not state.blocks:
                return False
            await tx.run(cypher.DELETE["BLOCKS"], a=a, b=b)
            events.add(a, ev.UserUnblocked(blocker_id=a, blocked_id=b, unblocked_at=timestamp(events.now)))
            return True

        return await self._pair(a, b, work)

    async def mute(self, a: str, b: str, muted: bool) -> bool:
        async def work(tx, state, events, at):
            removed = (await (await tx.run(cypher.DELETE["MUTES"], a=a, b=b)).single())["removed"]
            if muted:
                await tx.run(cypher.CREATE["MUTES"], a=a, b=b, at=at)
                if not removed:
                    events.add(a, ev.UserMuted(muter_id=a, muted_id=b, muted_at=timestamp(events.now)))
                return not removed
            if removed:
                events.add(a, ev.UserUnmuted(muter_id=a, muted_id=b, unmuted_at=timestamp(events.now)))
            return bool(removed)

        return await self._pair(a, b, work)

    # --- relationship care (private: events say what changed, never the note) ------------------

    @staticmethod
    def _care(r) -> ConnectionCare:
        return ConnectionCare(
            r["user_id"], r["connected"], r["note"], r["every_days"], r["last_interaction_at"], r["due"]
        )

    async def update_care(self, a: str, b: str, changes: dict) -> ConnectionCare:
        async def work(tx, state, events, at):
            rules.visible(state)
            before = (await (await tx.run(cypher.SET_CARE, a=a, b=b, props=changes)).single())["before"]
            care = self._care(await (await tx.run(cypher.GET_CARE, me=a, other=b)).single())
            change = rules.care_change(before, changes)
            if change.interaction:
                events.add(a, ev.InteractionLogged(user_id=a, other_user_id=b, logged_at=timestamp(events.now)))
            if change.note or change.cadence:
                events.add(
                    a,
                    ev.ConnectionCareUpdated(
                        user_id=a,
                        other_user_id=b,
                        note_changed=change.note,
                        cadence_changed=change.cadence,
                        reach_out_every_days=care.every_days,
                        updated_at=timestamp(events.now),
                    ),
                )
            return care

        return await self._pair(a, b, work)

    async def list_connections(self, user_id, order, limit, after):
        records = await self._read(
            cypher.LIST_CONNECTIONS[order],
            me=user_id,
            limit=limit,
            key=after[0] if after else None,
            after=after[1] if after else "",
        )
        return [(self._care(r), r["sort_key"]) for r in records]

    # --- tie strength ----------------------------------------------------------------------

    async def record_interaction(self, key: str, a: str, b: str, weight: float, at_ms: int, half_life_ms: int) -> None:
        await self._write(
            cypher.RECORD_INTERACTION, key=key, a=a, b=b, weight=weight, at=at_ms, half_life=float(half_life_ms)
        )

    @staticmethod
    def _tie(r) -> Tie:
        last = datetime.fromtimestamp(r["last_at"] / 1000, UTC) if r["last_at"] else None
        return Tie(r["user_id"], r["strength"], r["strength_at_last"], r["interactions"], last)

    async def tie(self, me: str, other: str, now_ms: int, half_life_ms: int) -> Tie | None:
        records = await self._read(cypher.TIE, me=me, other=other, now=now_ms, half_life=float(half_life_ms))
        return self._tie(records[0]) if records else None

    async def keep_in_touch(
        self, me: str, quiet_since_ms: int, min_strength: float, now_ms: int, half_life_ms: int, limit: int
    ) -> list[Tie]:
        records = await self._read(
            cypher.KEEP_IN_TOUCH,
            me=me,
            quiet_since=quiet_since_ms,
            min_strength=min_strength,
            now=now_ms,
            half_life=float(half_life_ms),
            limit=limit,
        )
        return [self._tie(r) for r in records]

    async def announce_due(self, now_ms: int, quiet_since_ms: int, min_strength: float, limit: int = 500) -> int:
        """Publish ReachOutDue for cadences that came due and KeepInTouchSuggested for close
        ties gone quiet, each once, with the marks that prevent repeats in the same transaction."""

        async def work(tx) -> int:
            now = datetime.now(UTC)
            events = _Events(now)
            result = await tx.run(cypher.DUE_REACH_OUTS, now=now_ms, limit=limit)
            async for r in result:
                due = datetime.fromtimestamp(r["due"] / 1000, UTC)
                events.add(
                    r["user_id"],
                    ev.ReachOutDue(
                        user_id=r["user_id"],
                        other_user_id=r["other_id"],
                        every_days=r["every_days"],
                        due_at=timestamp(due),
                    ),
                )
            result = await tx.run(
                cypher.DUE_KEEP_IN_TOUCH, quiet_since=quiet_since_ms, min_strength=min_strength, limit=limit
            )
            async for r in result:
                last = datetime.fromtimestamp(r["last_at"] / 1000, UTC)
                events.add(
                    r["user_id"],
                    ev.KeepInTouchSuggested(
                        user_id=r["user_id"],
                        other_user_id=r["other_id"],
                        last_interaction_at=timestamp(last),
                        strength_at_last_interaction=r["strength"],
                    ),
                )
            await add_to_neo4j_outbox(tx, events.items)
            return len(events.items)

        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)

    # --- the mirror of identity's users ------------------------------------------------------

    async def upsert_community(self, community_id, name, slug, visibility, topics) -> None:
        await self._write(
            cypher.UPSERT_COMMUNITY, id=community_id, name=name, slug=slug, visibility=visibility, topics=topics
        )

    async def set_community_archived(self, community_id: str, archived: bool) -> None:
        await self._write(cypher.SET_COMMUNITY_ARCHIVED, id=community_id, archived=archived)

    async def set_membership(self, community_id: str, user_id: str, member: bool, at_ms: int) -> None:
        query = cypher.JOIN_COMMUNITY if member else cypher.LEAVE_COMMUNITY
        await self._write(query, community=community_id, user=user_id, at=at_ms)

    async def upsert_user(self, user_id: str) -> None:
        await self._write(cypher.UPSERT_USER, id=user_id)

    async def set_deactivated(self, user_id: str, deactivated: bool) -> None:
        await self._write(cypher.SET_DEACTIVATED, id=user_id, deactivated=deactivated)

    async def set_interests(self, user_id: str, interests: list[str]) -> None:
        await self._write(cypher.SET_INTERESTS, id=user_id, interests=interests)

    # --- erasure (identity's UserErased) --------------------------------------------------------

    async def is_erased(self, user_id: str) -> bool:
        return bool((await self._read(cypher.IS_ERASED, id=user_id))[0]["erased"])

    async def _until_none_left(self, query: str, **params) -> None:
        while True:
            records, _, _ = await self.driver.execute_query(
                query, database_=self.database, limit=ERASURE_BATCH, **params
            )
            if records[0]["deleted"] < ERASURE_BATCH:
                return

    async def erase_user(self, user_id: str, erased_at_ms: int) -> None:
        # Each step can run again: a crash halfway is finished by the redelivery.
        await self._write(cypher.MARK_ERASED, id=user_id, at=erased_at_ms)
        await self._delete_user(user_id)
        await self.purge_erased_outbox(only=[user_id])

    async def _delete_user(self, user_id: str) -> None:
        await self._write(cypher.DELETE_INTERESTS, id=user_id)
        await self._until_none_left(cypher.DELETE_RELATIONSHIPS, id=user_id)
        await self._write(cypher.DELETE_USER, id=user_id)
        await self._until_none_left(cypher.DELETE_INTERACTIONS, id=user_id)

    async def erase_recent_again(self, since_ms: int) -> int:
        ids = [r["id"] for r in await self._read(cypher.RECENTLY_ERASED, since=since_ms)]
        for user_id in ids:
            await self._delete_user(user_id)
        return len(ids)

    async def purge_erased_outbox(self, limit: int = 100, only: list[str] | None = None) -> int:
        """Delete the sent outbox nodes that mention erased users (by key, or the id in the
        value's bytes); a user is done once no pending one mentions them either."""
        ids = only if only is not None else [r["id"] for r in await self._read(cypher.NOT_PURGED, limit=limit)]
        if not ids:
            return 0
        needles = [(i, i.encode()) for i in ids]

        def mentioned(key: str, value) -> set[str]:
            raw = bytes(value or b"")
            return {i for i, needle in needles if key == i or needle in raw}

        # Pending first: one sent in between is then still counted as pending (purged next round).
        pending = set()
        for r in await self._read(cypher.PENDING_OUTBOX):
            pending |= mentioned(r["key"], r["value"])
        refs = []
        async with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
            async for r in await session.run(cypher.SENT_OUTBOX):
                if mentioned(r["key"], r["value"]):
                    refs.append(r["ref"])
        for start in range(0, len(refs), ERASURE_BATCH):
            await self._write(cypher.DELETE_OUTBOX_NODES, refs=refs[start : start + ERASURE_BATCH])
        done = [i for i in ids if i not in pending]
        if done:
            await self._write(cypher.MARK_OUTBOX_PURGED, ids=done)
        return len(done)
