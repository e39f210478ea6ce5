"""The Neo4j async driver, created once per process; start-up waits for the server with retries,
then has Neo4j plan the service's statements before the first call (`warm_plans`)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Mapping
from types import ModuleType

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import ClientError

from kith_platform.retry import with_backoff
from kith_platform.settings import Neo4jSettings

log = logging.getLogger("kith.neo4j")

# A statement: begins with a clause (schema commands are not planned), and is not a str.format
# template ({id}, {{ }}): those are fragments that other statements are built from.
_CLAUSE = re.compile(
    r"\s*(MATCH|OPTIONAL\s+MATCH|UNWIND|MERGE|CREATE(?!\s+(CONSTRAINT|(\w+\s+)?INDEX))|WITH|CALL|RETURN)\b"
)
_TEMPLATE = re.compile(r"\{\{|\{[A-Za-z_]\w*\}")
_PARAMETER = re.compile(r"\$(\w+)")


def create_driver(settings: Neo4jSettings) -> AsyncDriver:
    """The driver connects on first use: `wait_for_neo4j` is the start-up step that waits."""
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_user else None
    # Notifications (e.g. "property key does not exist" on an empty outbox) are not errors.
    return AsyncGraphDatabase.driver(settings.neo4j_uri, auth=auth, notifications_min_severity="OFF")


async def wait_for_neo4j(driver: AsyncDriver) -> None:
    await with_backoff("neo4j", driver.verify_connectivity, attempts=None)


def cypher_statements(*modules: ModuleType) -> dict[str, str]:
    """The statements of Cypher modules by name ("module.NAME", "module.NAME[key]"): the public
    str constants, and the str values of public dict and tuple constants."""
    found: dict[str, str] = {}
    for module in modules:
        short = module.__name__.rsplit(".", 1)[-1]
        for name, value in vars(module).items():
            if name.startswith("_"):
                continue
            for key, text in _entries(value):
                if isinstance(text, str) and _CLAUSE.match(text) and not _TEMPLATE.search(text):
                    found[f"{short}.{name}" if key is None else f"{short}.{name}[{key}]"] = text
    return found


def _entries(value: object) -> Iterable[tuple[object, object]]:
    """A constant's values by key: a dict's items, a tuple's by index, anything else alone (None)."""
    if isinstance(value, dict):
        return value.items()
    if isinstance(value, tuple):
        return enumerate(value)
    return [(None, value)]


async def warm_plans(driver: AsyncDriver, database: str, statements: Mapping[str, str]) -> list[str]:
    """Have Neo4j plan each statement once (EXPLAIN: planned, not run), so that the first calls
    after a start do not pay for it: a fresh Neo4j plans a statement in tens to hundreds of ms,
    and a page's reads arriving together took seconds each (a first Follow 7.4 s). Every
    parameter is given (null), without which Neo4j does not keep the plan. Returns the names of
    the statements Neo4j refused (a syntax error in a rarely run statement shows here first)."""
    refused: list[str] = []
    started = time.monotonic()
    async with driver.session(database=database) as session:
        for name, text in statements.items():
            parameters = dict.fromkeys(_PARAMETER.findall(text))
            try:
                await (await session.run("EXPLAIN " + text, parameters)).consume()
            except ClientError as exc:
                refused.append(name)
                log.warning("statement does not plan", extra={"statement": name, "error": exc.message})
    took_ms = round((time.monotonic() - started) * 1000)
    log.info(
        "statements planned", extra={"planned": len(statements) - len(refused), "refused": refused, "took_ms": took_ms}
    )
    return refused
