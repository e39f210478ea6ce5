"""Neo4j adapter of the graph store's pair changes: follows (one at a time or imported in
batches), follow requests, friendships, blocks, mutes and dismissed suggestions. Each runs in one
transaction that locks both users, reads their state, applies the domain rules, changes the
graph and writes the events to the outbox."""

from __future__ import annotations

from datetime import UTC, datetime

from kith.graph.v1 import events_pb2 as ev
from kith_graph.adapters import cypher
from kith_graph.adapters.neo4j_transactions import Events, Neo4jTransactions
from kith_graph.domain import relationships as rules
from kith_graph.domain.relationships import FollowOutcome, FriendOutcome, ImportedFollow, PairState
from kith_platform.errors import DomainError, NotFound
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_neo4j_outbox


class Neo4jRelationships(Neo4jTransactions):
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
            events = Events(now)
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
                await tx.run(cypher.SYNC_CONNECTIONS, pairs=writes["follow"])
            if writes["request"]:
                await tx.run(cypher.CREATE_MANY["FOLLOW_REQUESTED"], pairs=writes["request"], at=at)
            await add_to_neo4j_outbox(tx, events.items)
            return results

        return await self._write_transaction(run)

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

    async def _befriend(self, tx, state: PairState, events: Events, a: str, b: str, at: int) -> None:
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

    async def _end_friendship(self, tx, state: PairState, events: Events, a: str, b: str) -> None:
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
