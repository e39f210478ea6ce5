"""The load generator's token refreshes: in a long run, a few per call, never one burst of all."""

from __future__ import annotations

import asyncio
import itertools
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import mixed_workload as mw

LIFETIME = 300.0  # identity's access tokens


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


class FakeIdentity:
    """Refresh as identity answers it: a new pair, the access token good for LIFETIME seconds."""

    def __init__(self, clock: Clock) -> None:
        self.clock, self.calls, self.serial = clock, 0, itertools.count()

    async def Refresh(self, request, timeout: float):
        self.calls += 1
        n = next(self.serial)
        return SimpleNamespace(
            access_token=f"a{n}",
            refresh_token=f"r{n}",
            access_token_expires_at=SimpleNamespace(seconds=int(self.clock.now + LIFETIME)),
        )


def signed_in_together(clock: Clock, n: int) -> tuple[mw.Accounts, FakeIdentity]:
    accounts = mw.Accounts.__new__(mw.Accounts)
    accounts.identity = identity = FakeIdentity(clock)
    accounts.sessions = [mw.Session(f"h{i}", f"u{i}", f"a-{i}", f"r-{i}", clock.now + LIFETIME) for i in range(n)]
    return accounts, identity


async def test_a_steady_caller_gets_a_few_refreshes_per_call_and_never_a_stale_token(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(mw.time, "time", clock.time)
    accounts, identity = signed_in_together(clock, 128)
    per_call = []
    for _ in range(180):  # 30 minutes of 10-s windows
        before = identity.calls
        await accounts.fresh_tokens(25, every=10)
        per_call.append(identity.calls - before)
        assert min(s.expires_at for s in accounts.sessions) >= clock.now + 25 + 30
        clock.now += 10
    assert max(per_call) <= 6, per_call  # 128 spread over ~24 calls, not 128 at once
    assert sum(per_call) >= 128 * 1800 / LIFETIME  # each token refreshed at least once per lifetime


async def test_without_a_pace_only_what_would_expire_is_refreshed(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(mw.time, "time", clock.time)
    accounts, identity = signed_in_together(clock, 128)
    await accounts.fresh_tokens(60)
    assert identity.calls == 0
    clock.now += 250
    tokens = await accounts.fresh_tokens(60)
    assert identity.calls == 128 and tokens == [s.access_token for s in accounts.sessions]


async def test_spread_refreshes_go_one_at_a_time_over_the_span(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(mw.time, "time", clock.time)
    accounts, identity = signed_in_together(clock, 6)
    clock.now += 250  # all six fall due
    at, in_flight, most = [], 0, 0
    answer = identity.Refresh

    async def refresh(request, timeout):
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        at.append(asyncio.get_running_loop().time())
        await asyncio.sleep(0.01)
        in_flight -= 1
        return await answer(request, timeout)

    identity.Refresh = refresh
    started = asyncio.get_running_loop().time()
    await accounts.fresh_tokens(60, spread=0.6)
    assert identity.calls == 6 and most == 1
    gaps = [b - a for a, b in zip(at, at[1:], strict=False)]
    assert min(gaps) >= 0.1 and at[-1] - started < 0.6 + 0.1  # 0.1 s apart, all within the span
