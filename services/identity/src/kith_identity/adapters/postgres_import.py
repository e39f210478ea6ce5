"""PostgreSQL adapter of ImportAccounts: a batch of accounts in the caller's transaction, each
decided in order as one Register after another would decide it (a handle taken, earlier in the
batch or already: ALREADY_EXISTED with its id, left unchanged; an email taken: INVALID), and the
created ones written with the events Register writes."""

from __future__ import annotations

import uuid

import asyncpg

from kith_identity.adapters import sql
from kith_identity.adapters.postgres_rows import profile_from, registered_event
from kith_identity.adapters.profile_topic import profile_snapshot
from kith_identity.domain.accounts import Account, ImportOutcome, ImportResult
from kith_platform.outbox import add_to_postgres_outbox

ATTEMPTS = 3  # a concurrent Register may take a handle or email between look and write
Row = tuple[Account, str, str]  # (account, email, password hash)


async def import_accounts(conn: asyncpg.Connection, accounts: list[Row]) -> list[ImportResult]:
    results: list[ImportResult | None] = [None] * len(accounts)
    for _ in range(ATTEMPTS):
        todo = [i for i, r in enumerate(results) if r is None]
        if not todo or not await _look_and_write(conn, accounts, results, todo):
            break
    await _announce_created(conn, [accounts[i][0] for i, r in enumerate(results) if _created(r)])
    return [r if r is not None else ImportResult.invalid("handle: taken while importing; try again") for r in results]


def _created(result: ImportResult | None) -> bool:
    return result is not None and result.outcome is ImportOutcome.CREATED


async def _look_and_write(
    conn: asyncpg.Connection, accounts: list[Row], results: list[ImportResult | None], todo: list[int]
) -> bool:
    """Decide the accounts of `todo` against what is taken now and insert the new ones; False
    when none was new. An account decided by an earlier one that lost a race is undecided again."""
    new, depends = await _decide(conn, accounts, results, todo)
    if not new:
        return False
    rows = [accounts[i] for i in new]
    inserted = {
        str(r["id"])
        for r in await conn.fetch(
            sql.IMPORT_USERS,
            [uuid.UUID(a.user_id) for a, _, _ in rows],
            [a.handle for a, _, _ in rows],
            [e for _, e, _ in rows],
            [h for _, _, h in rows],
            [a.display_name for a, _, _ in rows],
            [a.created_at for a, _, _ in rows],
        )
    }
    for i in new:
        if accounts[i][0].user_id in inserted:
            results[i] = ImportResult(ImportOutcome.CREATED, accounts[i][0].user_id)
    for i, earlier in depends.items():
        if results[earlier] is None:  # that one lost a race: decide this one again
            results[i] = None
    return True


async def _decide(
    conn: asyncpg.Connection, accounts: list[Row], results: list[ImportResult | None], todo: list[int]
) -> tuple[list[int], dict[int, int]]:
    """In order, as one Register after another would: the accounts to insert, and the results
    decided by an account earlier in this batch (result index -> that account's index)."""
    taken = await conn.fetch(
        sql.SELECT_TAKEN, [accounts[i][0].handle.lower() for i in todo], [accounts[i][1].lower() for i in todo]
    )
    handles = {r["handle"]: (r, None) for r in taken}
    emails = {r["email"]: None for r in taken}
    new: list[int] = []
    depends: dict[int, int] = {}
    for i in todo:
        account, email, password_hash = accounts[i]
        existing, earlier = handles.get(account.handle.lower(), (None, None))
        if existing is not None:
            results[i] = ImportResult(
                ImportOutcome.ALREADY_EXISTED,
                str(existing["id"]),
                same_password_hash=existing["password_hash"] == password_hash,
            )
        elif email.lower() in emails:
            results[i] = ImportResult.invalid("email: already taken")
            earlier = emails[email.lower()]
        else:
            new.append(i)
            handles[account.handle.lower()] = ({"id": account.user_id, "password_hash": password_hash}, i)
            emails[email.lower()] = i
        if earlier is not None:
            depends[i] = earlier
    return new, depends


async def _announce_created(conn: asyncpg.Connection, created: list[Account]) -> None:
    """What `create` writes for each created account, in the same order."""
    if not created:
        return
    profiles = {
        str(r["id"]): profile_from(r)
        for r in await conn.fetch(sql.SELECT_PROFILES, [uuid.UUID(a.user_id) for a in created])
    }
    events = []
    for account in created:
        events += [registered_event(account), profile_snapshot(profiles[account.user_id], account.created_at)]
    await add_to_postgres_outbox(conn, events)
