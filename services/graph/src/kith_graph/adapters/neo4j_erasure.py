"""Neo4j adapter of the graph store's erasure (identity's UserErased): the tombstone first, then
everything that names the person, in steps that can each run again."""

from __future__ import annotations

from neo4j import READ_ACCESS

from kith_graph.adapters import cypher
from kith_graph.adapters.neo4j_transactions import Neo4jTransactions

ERASURE_BATCH = 5000  # relationships or interaction nodes deleted per transaction


class Neo4jErasure(Neo4jTransactions):
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
