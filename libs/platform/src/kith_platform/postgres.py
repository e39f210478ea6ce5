"""PostgreSQL pools and schema migrations (yoyo) for the services that own a database."""

from __future__ import annotations

import asyncio
from importlib import resources
from pathlib import Path

import asyncpg
from yoyo import get_backend, read_migrations

from kith_platform.retry import with_backoff

OUTBOX_MIGRATIONS = resources.files("kith_platform") / "migrations" / "postgres"


def _yoyo_url(dsn: str) -> str:
    # yoyo speaks psycopg (v3); the DSN is otherwise the same.
    scheme, rest = dsn.split("://", 1)
    return f"postgresql+psycopg://{rest}"


def migrate(dsn: str, *directories: Path) -> None:
    """Apply pending migrations: the shared outbox tables, then the service's own."""
    backend = get_backend(_yoyo_url(dsn))
    migrations = read_migrations(str(OUTBOX_MIGRATIONS), *(str(d) for d in directories))
    with backend.lock():
        backend.apply_migrations(backend.to_apply(migrations))


async def _keep_session(connection: asyncpg.Connection) -> None:
    """A released connection is taken back as it is: asyncpg still rolls back a transaction left
    open, and no code here changes session state (SET, LISTEN, session advisory locks; LISTEN has
    its own connection), so the default reset query (`pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL`) would be one more round trip per acquire for nothing."""


def create_pool(dsn: str, *, size: int = 10) -> asyncpg.Pool:
    """The pool object, not connected yet (adapters can hold it): `open_pool` connects it.

    A fixed size, every connection opened at the start and kept however long it idles: a pool that
    grows when calls pile up opens its backends (a fork and a cold statement cache on the server,
    a first Prepare of every query) at the worst moment, and one that closes them after an idle
    spell gives PostgreSQL a memory footprint that follows the last burst."""
    return asyncpg.create_pool(
        dsn,
        min_size=size,
        max_size=size,
        max_inactive_connection_lifetime=0,
        command_timeout=30,
        reset=_keep_session,
    )


async def open_pool(
    pool: asyncpg.Pool, dsn: str, *, migrate_first: bool = True, migrations: Path | None = None
) -> None:
    """Start-up: wait (with backoff, as long as it takes) for the server; apply the outbox
    migrations and the service's own (`migrations`) unless `migrate_first` is off; connect."""
    if migrate_first:
        dirs = () if migrations is None else (migrations,)
        await with_backoff("postgres migrations", lambda: asyncio.to_thread(migrate, dsn, *dirs), attempts=None)
    await with_backoff("postgres", lambda: _answers(dsn), attempts=None)
    # A pool whose first connections fail is closed for good, hence the probe above.
    await pool


async def _answers(dsn: str) -> None:
    conn = await asyncpg.connect(dsn, timeout=10)
    await conn.close()
