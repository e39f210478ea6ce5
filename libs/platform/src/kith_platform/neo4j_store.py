"""The Neo4j async driver, created once per process and verified with retries."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase

from kith_platform.retry import with_backoff
from kith_platform.settings import Neo4jSettings


async def connect_driver(settings: Neo4jSettings) -> AsyncDriver:
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_user else None
    # Notifications (e.g. "property key does not exist" on an empty outbox) are not errors.
    driver = AsyncGraphDatabase.driver(settings.neo4j_uri, auth=auth, notifications_min_severity="OFF")
    await with_backoff("neo4j", driver.verify_connectivity)
    return driver
