"""Neo4j adapter of the graph store, with the outbox in the same transaction."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from neo4j import AsyncDriver

from kith.graph.v1 import events_pb2
from kith_graph.adapters import cypher
from kith_graph.domain.ports import GraphStore
from kith_platform.events import GRAPH_RELATIONSHIPS, make_event, timestamp
from kith_platform.outbox import NEO4J_SCHEMA, add_to_neo4j_outbox

PRODUCER = "graph"


async def _emit(tx, followee_id: str, now: datetime, payload) -> None:
    """Add a relationship event to the outbox in the open transaction, keyed by the followee."""
    event = make_event(
        topic=GRAPH_RELATIONSHIPS, aggregate_id=followee_id, producer=PRODUCER, occurred_at=now, payload=payload
    )
    await add_to_neo4j_outbox(tx, [event])


class Neo4jGraphStore(GraphStore):
    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database

    async def create_schema(self) -> None:
        async with self.driver.session(database=self.database) as session:
            for statement in (*cypher.SCHEMA, *NEO4J_SCHEMA):
                await session.run(statement)

    async def has_user(self, user_id: str) -> bool:
        records, _, _ = await self.driver.execute_query(
            cypher.HAS_USER, id=user_id, database_=self.database, routing_="r"
        )
        return bool(records[0]["present"])

    async def relationship(self, user_id: str, other_user_id: str) -> tuple[bool, bool]:
        records, _, _ = await self.driver.execute_query(
            cypher.RELATIONSHIP, a=user_id, b=other_user_id, database_=self.database, routing_="r"
        )
        return bool(records[0]["follows"]), bool(records[0]["followed_by"])

    async def follow(self, follower_id: str, followee_id: str) -> bool:
        async def work(tx) -> bool:
            now = datetime.now(timezone.utc)
            marker = uuid.uuid4().hex
            record = await (
                await tx.run(cypher.FOLLOW, follower=follower_id, followee=followee_id,
                             now=now.isoformat(), marker=marker)
            ).single()
            if not record["created"]:
                return False
            await _emit(tx, followee_id, now, events_pb2.UserFollowed(
                follower_id=follower_id, followee_id=followee_id, followed_at=timestamp(now)
            ))
            return True

        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)

    async def unfollow(self, follower_id: str, followee_id: str) -> bool:
        async def work(tx) -> bool:
            record = await (await tx.run(cypher.UNFOLLOW, follower=follower_id, followee=followee_id)).single()
            if not record["removed"]:
                return False
            now = datetime.now(timezone.utc)
            await _emit(tx, followee_id, now, events_pb2.UserUnfollowed(
                follower_id=follower_id, followee_id=followee_id, unfollowed_at=timestamp(now)
            ))
            return True

        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)
