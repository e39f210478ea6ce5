"""Neo4j adapter of the graph store (domain.ports.GraphStore). This module holds the schema, the
reads and the mirrors of other services' users and communities; the rest is by concern, each a
base of Neo4jGraphStore: neo4j_relationships.py (pair changes: follows, friendships, blocks,
mutes), neo4j_care.py (notes, cadences, tie strength, reminders), neo4j_erasure.py, all on
neo4j_transactions.py (reads, locks, and changes written with their events)."""

from __future__ import annotations

from kith_graph.adapters import cypher, cypher_mirrors, cypher_suggestions
from kith_graph.adapters.neo4j_care import Neo4jCare
from kith_graph.adapters.neo4j_erasure import Neo4jErasure
from kith_graph.adapters.neo4j_relationships import Neo4jRelationships
from kith_graph.domain.ports import GraphStore, ListPage
from kith_graph.domain.relationships import CommunitySuggestion, ListsViewer, PairState, PersonSuggestion
from kith_platform.outbox import NEO4J_SCHEMA
from kith_platform.privacy import Reach, reach_of


class Neo4jGraphStore(Neo4jRelationships, Neo4jCare, Neo4jErasure, GraphStore):
    async def create_schema(self) -> None:
        async with self.driver.session(database=self.database) as session:
            for statement in (*cypher.SCHEMA, *NEO4J_SCHEMA):
                await session.run(statement)
        await self.backfill_connections()

    async def backfill_connections(self, batch: int = 500) -> None:
        """CONNECTED for a graph written before it existed (cypher.SYNC_CONNECTIONS); once."""
        if (await self._read(cypher.MIGRATED, name="connections"))[0]["done"]:
            return
        after = ""
        while after is not None:

            async def step(tx, after=after):
                return (await (await tx.run(cypher.BACKFILL_CONNECTIONS, after=after, limit=batch)).single())["last"]

            after = await self._write_transaction(step)
        await self._write(cypher.MARK_MIGRATED, name="connections")

    # --- reads ------------------------------------------------------------------------

    async def has_user(self, user_id: str) -> bool:
        return bool((await self._read(cypher.HAS_USER, id=user_id))[0]["present"])

    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool, bool]:
        record = (await self._read(cypher.RELATIONSHIP, a=user_id, b=other_user_id))[0]
        return bool(record["follows"]), bool(record["followed_by"]), bool(record["friends"])

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

    async def lists_viewer(self, viewer: str, user_id: str) -> ListsViewer:
        r = (await self._read(cypher.LISTS_VIEWER, a=viewer, b=user_id))[0]
        return ListsViewer(
            visible=bool(r["visible"]),
            reach=reach_of(r["reach"]),
            follows_caller=bool(r["follows_caller"]),
            friends=bool(r["friends"]),
        )

    async def connection_path(self, a: str, b: str) -> list[str] | None:
        record = (await self._read(cypher.CONNECTION_PATH, a=a, b=b))[0]
        return list(record["ids"]) if record["visible"] else None

    async def suggest_people(self, user_id: str, limit: int) -> list[PersonSuggestion]:
        records = await self._read(cypher_suggestions.SUGGEST_PEOPLE, me=user_id, limit=limit)
        return [
            PersonSuggestion(r["user_id"], float(r["score"]), r["mutuals"], tuple(r["topics"]), tuple(r["communities"]))
            for r in records
        ]

    async def suggest_communities(self, user_id: str, limit: int) -> list[CommunitySuggestion]:
        records = await self._read(cypher_suggestions.SUGGEST_COMMUNITIES, me=user_id, limit=limit)
        return [
            CommunitySuggestion(r["community_id"], r["name"] or "", float(r["score"]), r["people"], tuple(r["topics"]))
            for r in records
        ]

    async def active_users(self, user_ids: list[str]) -> set[str]:
        return set((await self._read(cypher.ACTIVE_USERS, ids=user_ids))[0]["ids"])

    # --- mirrors: identity's users, the communities service's communities and memberships ----------

    async def upsert_users(self, user_ids: list[str]) -> None:
        # In id order, as LOCK_PAIR takes users' locks, so that a batch and a pair change (or an
        # import's batch) touching the same users cannot deadlock each other.
        await self._write(cypher_mirrors.UPSERT_USERS, ids=sorted(set(user_ids)))

    async def upsert_user(self, user_id: str) -> None:
        """One user (tests/integration/test_erasure_content_graph.py mirrors users this way)."""
        await self.upsert_users([user_id])

    async def set_deactivated(self, user_id: str, deactivated: bool) -> None:
        await self._write(cypher_mirrors.SET_DEACTIVATED, id=user_id, deactivated=deactivated)

    async def set_relationship_lists(self, user_id: str, reach: Reach, changed_at_us: int) -> None:
        await self._write(cypher_mirrors.SET_RELATIONSHIP_LISTS, id=user_id, reach=reach.value, at=changed_at_us)

    async def set_interests(self, user_id: str, interests: list[str]) -> None:
        await self._write(cypher_mirrors.SET_INTERESTS, id=user_id, topics=interests)

    async def upsert_community(self, community_id, name, slug, visibility, topics) -> None:
        await self._write(
            cypher_mirrors.UPSERT_COMMUNITY, id=community_id, name=name, slug=slug, visibility=visibility, topics=topics
        )

    async def set_community_archived(self, community_id: str, archived: bool) -> None:
        await self._write(cypher_mirrors.SET_COMMUNITY_ARCHIVED, id=community_id, archived=archived)

    async def set_membership(self, community_id: str, user_id: str, member: bool, at_ms: int) -> None:
        query = cypher_mirrors.JOIN_COMMUNITY if member else cypher_mirrors.LEAVE_COMMUNITY
        await self._write(query, community=community_id, user=user_id, at=at_ms)
