"""What the graph service holds of one person's connections, for their data export (Cypher
constants and the adapter that runs them in one read transaction)."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncDriver

EXPORT_SETTINGS = """
MATCH (u:User {id: $user})
RETURN coalesce(u.requires_follow_approval, false) AS requires_follow_approval
"""
# What the person did towards others: follows, requests, blocks, mutes, dismissed suggestions.
EXPORT_OUTGOING = """
MATCH (:User {id: $user})-[r:FOLLOWS|FOLLOW_REQUESTED|FRIEND_REQUESTED|BLOCKS|MUTES|DISMISSED]->(o:User)
RETURN type(r) AS kind, o.id AS user_id, r.at AS at
ORDER BY kind, at, user_id
"""
# What others did towards the person that the person is shown anyway (followers, requests to
# them): never who blocked or muted them, and nobody deactivated (as in their lists).
EXPORT_INCOMING = """
MATCH (:User {id: $user})<-[r:FOLLOWS|FOLLOW_REQUESTED|FRIEND_REQUESTED]-(o:User)
WHERE NOT coalesce(o.deactivated, false)
RETURN type(r) AS kind, o.id AS user_id, r.at AS at
ORDER BY kind, at, user_id
"""
EXPORT_FRIENDS = """
MATCH (:User {id: $user})-[r:FRIENDS_WITH]-(o:User)
WHERE NOT coalesce(o.deactivated, false)
RETURN DISTINCT o.id AS user_id, r.at AS at
ORDER BY at, user_id
"""
# The person's own private notes and reach-out cadences, never what others noted about them.
EXPORT_CARE = """
MATCH (:User {id: $user})-[c:CARES_ABOUT]->(o:User)
WHERE coalesce(c.note, '') <> '' OR c.every_days IS NOT NULL
RETURN o.id AS user_id, coalesce(c.note, '') AS note, c.every_days AS every_days,
       c.cadence_set_at AS cadence_set_at, c.last_interaction_at AS last_interaction_at
ORDER BY user_id
"""


class Neo4jGraphExport:
    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database

    async def rows(self, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """settings, outgoing, incoming, friends and care rows of the person, read together."""

        async def read(tx) -> dict[str, list[dict[str, Any]]]:
            out = {}
            for name, query in (
                ("settings", EXPORT_SETTINGS),
                ("outgoing", EXPORT_OUTGOING),
                ("incoming", EXPORT_INCOMING),
                ("friends", EXPORT_FRIENDS),
                ("care", EXPORT_CARE),
            ):
                out[name] = [record.data() async for record in await tx.run(query, user=user_id)]
            return out

        async with self.driver.session(database=self.database, default_access_mode="READ") as session:
            return await session.execute_read(read)
