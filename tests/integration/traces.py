"""Where an id still appears in a store: reusable scans for the erasure tests. Each returns
human-readable descriptions of the places it was found (empty: no trace)."""

from __future__ import annotations

import uuid

import asyncpg
from neo4j import AsyncGraphDatabase

_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def _needles(user_id: str) -> tuple[bytes, ...]:
    """The id as bytes: its text (UTF-8) and, for a UUID, its 16 raw bytes."""
    found = [user_id.encode(), user_id.lower().encode(), user_id.upper().encode()]
    try:
        found.append(uuid.UUID(user_id).bytes)
    except ValueError:
        pass
    return tuple(dict.fromkeys(found))


async def postgres_traces(dsn: str, user_id: str, allowed_tables: tuple[str, ...] = ("erased_users",)) -> list[str]:
    """Every table of the database (each row cast to text), and every bytea column searched for
    the id's bytes; tables named in `allowed_tables` (e.g. the tombstone list) are left out."""
    found: list[str] = []
    conn = await asyncpg.connect(dsn)
    try:
        tables = await conn.fetch(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname <> ALL($1::text[]) ORDER BY 1, 2",
            list(_SYSTEM_SCHEMAS),
        )
        for schema, table in tables:
            if table in allowed_tables or f"{schema}.{table}" in allowed_tables:
                continue
            name = f'"{schema}"."{table}"'
            rows = await conn.fetch(
                f"SELECT t::text AS row FROM {name} t WHERE t::text ILIKE $1 LIMIT 3", f"%{user_id}%"
            )
            if rows:
                n = await conn.fetchval(f"SELECT count(*) FROM {name} t WHERE t::text ILIKE $1", f"%{user_id}%")
                found.append(f"{schema}.{table}: {n} rows, e.g. {rows[0]['row'][:300]}")
            columns = await conn.fetch(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = $1 AND table_name = $2 AND data_type = 'bytea'",
                schema,
                table,
            )
            for (column,) in columns:
                n = await conn.fetchval(
                    f"SELECT count(*) FROM {name} t WHERE EXISTS ("
                    f'SELECT 1 FROM unnest($1::bytea[]) AS needle WHERE position(needle IN t."{column}") > 0)',
                    list(_needles(user_id)),
                )
                if n:
                    found.append(f"{schema}.{table}.{column}: the id's bytes in {n} values")
    finally:
        await conn.close()
    return found


def _holds(value, user_id: str, needles: tuple[bytes, ...]) -> bool:
    if isinstance(value, (bytes, bytearray)):
        return any(n in value for n in needles)
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, int) and 0 <= v < 256 for v in value):  # a byte[] as ints
            raw = bytes(value)
            if any(n in raw for n in needles):
                return True
        return any(_holds(v, user_id, needles) for v in value)
    return user_id.lower() in str(value).lower()


async def neo4j_traces(
    uri: str, user_id: str, allowed_labels: tuple[str, ...] = ("ErasedUser",), database: str = "neo4j"
) -> list[str]:
    """Every node's labels and properties and every relationship's type and properties
    (strings, lists, byte arrays); nodes with a label in `allowed_labels` (the tombstone list)
    are left out."""
    found: list[str] = []
    needles = _needles(user_id)
    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        async with driver.session(database=database) as session:
            result = await session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
            async for record in result:
                labels = record["labels"]
                if any(label in allowed_labels for label in labels):
                    continue
                where = [k for k, v in record["props"].items() if _holds(v, user_id, needles)]
                where += [f"label {label}" for label in labels if user_id.lower() in label.lower()]
                if where:
                    found.append(f"node :{':'.join(labels)} {', '.join(where)}")
            result = await session.run(
                "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, labels(a) AS a, labels(b) AS b"
            )
            async for record in result:
                where = [k for k, v in record["props"].items() if _holds(v, user_id, needles)]
                if user_id.lower() in record["type"].lower():
                    where.append("its type")
                if where:
                    found.append(
                        f"relationship (:{':'.join(record['a'])})-[:{record['type']}]->"
                        f"(:{':'.join(record['b'])}) {', '.join(where)}"
                    )
    finally:
        await driver.close()
    return found
