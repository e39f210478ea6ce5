"""Neo4j adapter of the graph store's care and tie strength: the caller's private notes and
reach-out cadences (events say what changed, never the note), interactions folded into decaying
ties, and the reminders and nudges announced when they come due."""

from __future__ import annotations

from datetime import UTC, datetime

from kith.graph.v1 import events_pb2 as ev
from kith_graph.adapters import cypher_care
from kith_graph.adapters.neo4j_transactions import Events, Neo4jTransactions
from kith_graph.domain import relationships as rules
from kith_graph.domain.relationships import ConnectionCare
from kith_graph.domain.ties import Tie
from kith_platform.events import timestamp
from kith_platform.outbox import add_to_neo4j_outbox


class Neo4jCare(Neo4jTransactions):
    @staticmethod
    def _care(r) -> ConnectionCare:
        return ConnectionCare(
            r["user_id"], r["connected"], r["note"], r["every_days"], r["last_interaction_at"], r["due"]
        )

    async def update_care(self, a: str, b: str, changes: dict) -> ConnectionCare:
        async def work(tx, state, events, at):
            rules.visible(state)
            before = (await (await tx.run(cypher_care.SET_CARE, a=a, b=b, props=changes)).single())["before"]
            care = self._care(await (await tx.run(cypher_care.GET_CARE, me=a, other=b)).single())
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
            cypher_care.LIST_CONNECTIONS[order],
            me=user_id,
            limit=limit,
            key=after[0] if after else None,
            after=after[1] if after else "",
        )
        return [(self._care(r), r["sort_key"]) for r in records]

    # --- tie strength ----------------------------------------------------------------------

    async def record_interaction(self, key: str, a: str, b: str, weight: float, at_ms: int, half_life_ms: int) -> None:
        await self._write(
            cypher_care.RECORD_INTERACTION, key=key, a=a, b=b, weight=weight, at=at_ms, half_life=float(half_life_ms)
        )

    @staticmethod
    def _tie(r) -> Tie:
        last = datetime.fromtimestamp(r["last_at"] / 1000, UTC) if r["last_at"] else None
        return Tie(r["user_id"], r["strength"], r["strength_at_last"], r["interactions"], last)

    async def tie(self, me: str, other: str, now_ms: int, half_life_ms: int) -> Tie | None:
        records = await self._read(cypher_care.TIE, me=me, other=other, now=now_ms, half_life=float(half_life_ms))
        return self._tie(records[0]) if records else None

    async def keep_in_touch(
        self, me: str, quiet_since_ms: int, min_strength: float, now_ms: int, half_life_ms: int, limit: int
    ) -> list[Tie]:
        records = await self._read(
            cypher_care.KEEP_IN_TOUCH,
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
        ties gone quiet, each once, with the marks that prevent repeats in the same transaction.
        One transaction each: each locks the users of its rows in id order, and a second set
        taken while holding the first would not be in that order."""

        def reach_out(r) -> tuple[str, ev.ReachOutDue]:
            due = datetime.fromtimestamp(r["due"] / 1000, UTC)
            return r["user_id"], ev.ReachOutDue(
                user_id=r["user_id"], other_user_id=r["other_id"], every_days=r["every_days"], due_at=timestamp(due)
            )

        def keep_in_touch(r) -> tuple[str, ev.KeepInTouchSuggested]:
            last = datetime.fromtimestamp(r["last_at"] / 1000, UTC)
            return r["user_id"], ev.KeepInTouchSuggested(
                user_id=r["user_id"],
                other_user_id=r["other_id"],
                last_interaction_at=timestamp(last),
                strength_at_last_interaction=r["strength"],
            )

        def announcing(query: str, event_of, **params):
            async def work(tx) -> int:
                events = Events(datetime.now(UTC))
                async for r in await tx.run(query, limit=limit, **params):
                    events.add(*event_of(r))
                await add_to_neo4j_outbox(tx, events.items)
                return len(events.items)

            return work

        reminded = await self._write_transaction(announcing(cypher_care.DUE_REACH_OUTS, reach_out, now=now_ms))
        nudged = await self._write_transaction(
            announcing(
                cypher_care.DUE_KEEP_IN_TOUCH, keep_in_touch, quiet_since=quiet_since_ms, min_strength=min_strength
            )
        )
        return reminded + nudged
