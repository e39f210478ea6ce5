"""The mail the platform delivered, read back through the local Mailpit's HTTP API (make up starts
it; KITH_MAILPIT_URL)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

MAILPIT_URL = os.environ.get("KITH_MAILPIT_URL", "http://127.0.0.1:18025")


@dataclass(frozen=True)
class Delivered:
    message_id: str
    to: list[str]
    subject: str
    text: str
    html: str

    @property
    def token(self) -> str:
        """The token of the link the mail carries."""
        found = re.search(r"[?&]token=([\w-]+)", self.text)
        assert found, f"no link with a token in {self.subject!r}:\n{self.text}"
        return found.group(1)


def _get(path: str) -> dict:
    with urllib.request.urlopen(f"{MAILPIT_URL}{path}", timeout=10) as response:
        return json.load(response)


def _search(address: str) -> list[dict]:
    query = urllib.parse.quote(f"to:{address}")
    return _get(f"/api/v1/search?query={query}&limit=200")["messages"] or []


def _message(summary: dict) -> Delivered:
    full = _get(f"/api/v1/message/{summary['ID']}")
    return Delivered(
        full["MessageID"],
        [r["Address"] for r in full["To"] or []],
        full["Subject"],
        full["Text"],
        full["HTML"],
    )


async def mails_to(address: str) -> list[Delivered]:
    """Every mail delivered to `address`, oldest first."""
    summaries = await asyncio.to_thread(_search, address)
    return [await asyncio.to_thread(_message, s) for s in reversed(summaries)]


async def wait_for_mail(address: str, subject: str, count: int = 1, timeout: float = 20.0) -> list[Delivered]:
    """The mails to `address` whose subject contains `subject`, once there are `count` of them."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in await mails_to(address) if subject.lower() in m.subject.lower()]
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            subjects = [m.subject for m in await mails_to(address)]
            raise AssertionError(f"no {count} mail(s) {subject!r} to {address} in {timeout}s; got {subjects}")
        await asyncio.sleep(0.2)
