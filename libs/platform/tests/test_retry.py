"""Unit tests of the one retry policy (kith_platform.retry): no network, no real pauses."""

from __future__ import annotations

import asyncio
import logging

import pytest

from kith_platform.retry import retrying, start_over, with_backoff


class Flaky:
    """Fails `failures` times with `error`, then answers "ok"; counts its calls."""

    def __init__(self, failures: int, error: BaseException | None = None) -> None:
        self.failures = failures
        self.error = error or ConnectionError("server down")
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "ok"


class Pauses:
    """Stands in for asyncio.sleep: records each pause and returns at once."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def policy(pauses: Pauses, **options):
    return retrying("store", **{"attempts": None, "first_delay": 0.5, "max_delay": 2.0, "sleep": pauses, **options})


async def test_failures_are_retried_with_a_doubling_pause_up_to_the_cap_until_it_answers():
    pauses, fn = Pauses(), Flaky(failures=4)
    assert await policy(pauses)(fn) == "ok"
    assert fn.calls == 5
    assert pauses.seconds == [0.5, 1.0, 2.0, 2.0]


async def test_jitter_adds_at_most_its_share_of_each_pause():
    pauses = Pauses()
    await policy(pauses, jitter=0.5)(Flaky(failures=3))
    for base, paused in zip([0.5, 1.0, 2.0], pauses.seconds, strict=True):
        assert base <= paused <= base * 1.5


async def test_it_gives_up_after_the_attempts_with_the_last_failure():
    pauses, fn = Pauses(), Flaky(failures=10, error=ConnectionError("still down"))
    with pytest.raises(ConnectionError, match="still down"):
        await policy(pauses, attempts=3)(fn)
    assert fn.calls == 3
    assert len(pauses.seconds) == 2  # no pause after the last attempt


async def test_other_errors_are_not_retried():
    pauses, fn = Pauses(), Flaky(failures=1, error=ValueError("a bug"))
    with pytest.raises(ValueError):
        await policy(pauses, retry_on=ConnectionError)(fn)
    assert fn.calls == 1 and pauses.seconds == []


async def test_cancellation_while_trying_is_not_retried():
    calls = 0
    started = asyncio.Event()

    async def hangs() -> None:
        nonlocal calls
        calls += 1
        started.set()
        await asyncio.Event().wait()

    task = asyncio.create_task(policy(Pauses())(hangs))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert calls == 1


async def test_cancellation_during_a_pause_stops_the_retries():
    pausing = asyncio.Event()

    async def pause_forever(_seconds: float) -> None:
        pausing.set()
        await asyncio.Event().wait()

    fn = Flaky(failures=10)
    task = asyncio.create_task(policy(Pauses(), sleep=pause_forever)(fn))
    await pausing.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert fn.calls == 1


async def test_once_until_holds_the_failure_is_raised_instead_of_retried():
    stopping = False
    pauses, counted = Pauses(), []

    async def fails_then_stops() -> None:
        nonlocal stopping
        if len(counted) == 2:
            stopping = True  # e.g. SIGTERM came while this attempt ran
        raise ConnectionError("down")

    with pytest.raises(ConnectionError):
        await policy(pauses, until=lambda: stopping, on_failure=counted.append)(fails_then_stops)
    assert len(counted) == 3  # every failure is counted, the last one too
    assert len(pauses.seconds) == 2


async def test_each_pause_is_logged_with_what_the_attempt_and_the_error(caplog):
    caplog.set_level(logging.WARNING, logger="kith.retry")
    await policy(Pauses())(Flaky(failures=2))
    assert [r.getMessage() for r in caplog.records] == [
        "store, retrying in 0.5s (attempt 1): ConnectionError('server down')",
        "store, retrying in 1.0s (attempt 2): ConnectionError('server down')",
    ]


async def test_start_up_steps_say_what_is_not_ready(caplog, monkeypatch):
    pauses = Pauses()
    monkeypatch.setattr(asyncio, "sleep", pauses)
    caplog.set_level(logging.WARNING, logger="kith.retry")
    assert await with_backoff("kafka", Flaky(failures=1), attempts=None) == "ok"
    assert caplog.records[0].getMessage().startswith("kafka not ready (attempt 1): ConnectionError('server down')")
    assert 0.5 <= pauses.seconds[0] <= 0.625  # a quarter of jitter at most


async def test_start_up_steps_may_be_any_callable_that_returns_an_awaitable(monkeypatch):
    monkeypatch.setattr(asyncio, "sleep", Pauses())
    fn = Flaky(failures=2)
    assert await with_backoff("redis", lambda: fn(), attempts=None) == "ok"  # e.g. a bound client.ping
    assert fn.calls == 3


async def test_a_long_attempt_that_made_progress_starts_over_from_the_first_pause():
    pauses, sessions = Pauses(), []

    async def session(attempt) -> None:
        sessions.append(attempt.retry_state.attempt_number)
        if len(sessions) == 3:
            start_over(attempt)  # connected, then failed again
        if len(sessions) < 5:
            raise ConnectionError("lost")

    async for attempt in policy(pauses):
        with attempt:
            await session(attempt)
    assert pauses.seconds == [0.5, 1.0, 0.5, 1.0]
