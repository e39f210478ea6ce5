"""The Neo4j async driver, created once per process; start-up waits for the server with retries."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase

from kith_platform.retry import with_backoff
from kith_platform.settings import Neo4jSettings


def create_driver(settings: Neo4jSettings) -> AsyncDriver:
    """The driver connects on first use: `wait_for_neo4j` is the start-up step that waits."""
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_user else None
    # Notifications (e.g. "property key does not exist" on an empty outbox) are not errors.
    return AsyncGraphDatabase.driver(settings.neo4j_uri, auth=auth, notifications_min_severity="OFF")


async def wait_for_neo4j(driver: AsyncDriver) -> None:
    await with_backoff("neo4j", driver.verify_connectivity, attempts=None)
