"""The mail outbox across a restart of identity: mail queued while identity stops (SIGTERM, as
supervisord and Kubernetes stop it) is delivered to the real mail server once, none lost and none
twice, by Message-ID."""

from __future__ import annotations

import asyncio
import json
import uuid

import asyncpg

from kith_platform.healthcheck import wait_serving
from kith_platform.testing import wait_until
from tests.integration.conftest import kithctl
from tests.integration.endpoints import POSTGRES, SERVICE_ADDRESSES
from tests.integration.mailpit import mails_to

MAILS = 120


async def test_queued_mail_is_delivered_once_across_a_restart(platform_up):
    run = uuid.uuid4().hex[:10]
    addresses = [f"outbox_{run}_{i}@example.org" for i in range(MAILS)]
    conn = await asyncpg.connect(f"{POSTGRES}/identity")
    try:
        # Queued as the use cases queue mail (user_id empty: no account behind these addresses).
        await conn.executemany(
            "INSERT INTO mail_outbox (message_id, to_address, template, params) VALUES ($1, $2, $3, $4::jsonb)",
            [
                (
                    f"<{run}-{i}@kith>",
                    a,
                    "verify_email",
                    json.dumps({"handle": f"h{i}", "link": f"https://x/?token={i}"}),
                )
                for i, a in enumerate(addresses)
            ],
        )

        async def sending_started():
            return await mails_to(addresses[0]) or None

        await wait_until(sending_started, timeout=30, interval=0.05, what="the first mail delivered")
        await asyncio.to_thread(kithctl, "ctl", "restart", "services:identity")  # SIGTERM mid-way
        waiting = await conn.fetchval("SELECT count(*) FROM mail_outbox WHERE message_id LIKE $1", f"<{run}-%")
        print(f"mail outbox: {waiting} of {MAILS} still queued when identity was back")
        # Serving again before the next test: supervisord calls a process running after a second,
        # before it listens.
        identity = SERVICE_ADDRESSES["identity"]
        assert (await wait_serving([identity], 60))[identity] == "SERVING"

        async def outbox_empty():
            left = await conn.fetchval("SELECT count(*) FROM mail_outbox WHERE message_id LIKE $1", f"<{run}-%")
            return left == 0 or None

        await wait_until(outbox_empty, timeout=60, interval=0.5, what="every queued mail sent")
    finally:
        await conn.close()
    delivered = {a: [m.message_id for m in await mails_to(a)] for a in addresses}
    lost = [a for a, ids in delivered.items() if not ids]
    doubled = {a: ids for a, ids in delivered.items() if len(ids) > 1}
    assert not lost and not doubled, f"lost {len(lost)}, doubled {doubled}"
    assert sorted(i for ids in delivered.values() for i in ids) == sorted(f"{run}-{i}@kith" for i in range(MAILS))
