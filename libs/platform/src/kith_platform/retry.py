"""The one retry policy (tenacity): start-up steps waiting for servers that are not up yet, and
the loops that must outlast a server going away (outbox relays, event consumers, the stream
worker). Exponential backoff from `first_delay` doubling up to `max_delay`, with jitter when
asked, a log line before each pause, and the last failure raised when the policy gives up."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from tenacity import (
    AsyncRetrying,
    AttemptManager,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    stop_never,
    wait_exponential,
)

T = TypeVar("T")
log = logging.getLogger("kith.retry")

# The line logged before each pause, from `what`, `attempt` (1 for the first failure), `delay`
# (the pause, in seconds, jitter included) and `error`.
FAILED = "%(what)s, retrying in %(delay).1fs (attempt %(attempt)d): %(error)r"
NOT_READY = "%(what)s not ready (attempt %(attempt)d): %(error)r; retrying in %(delay).1fs"


def retrying(
    what: str,
    *,
    attempts: int | None,
    first_delay: float,
    max_delay: float,
    jitter: float = 0.0,
    retry_on: type[BaseException] | tuple[type[BaseException], ...] = Exception,
    until: Callable[[], bool] | None = None,
    on_failure: Callable[[BaseException], object] | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    logger: logging.Logger = log,
    message: str = FAILED,
) -> AsyncRetrying:
    """The policy for `what`: `await retrying(...)(fn, *args)` with `fn` an async function
    (tenacity awaits only what those return: a lambda returning a coroutine would give the
    coroutine back, unawaited), or `async for attempt in retrying(...)` for a loop retried as
    one long attempt (see `start_over`).

    Failures of type `retry_on` are retried, `attempts` tries in all (None: until cancelled);
    anything else, cancellation included, goes through at once. The pause after the n-th
    failure in a row is `first_delay * 2**(n-1)`, at most `max_delay`, plus up to `jitter`
    times that at random. `on_failure` sees every retried failure (a metric), the last one
    too. `until` is asked after each failure: once true (shutting down), that failure is
    raised instead of retried. `sleep` pauses (asyncio.sleep by default)."""
    backoff = wait_exponential(multiplier=first_delay, max=max_delay)
    give_up = stop_never if attempts is None else stop_after_attempt(attempts)

    def wait(state: RetryCallState) -> float:
        delay = backoff(state)
        return delay + random.uniform(0, delay * jitter)

    def stop(state: RetryCallState) -> bool:
        return give_up(state) or (until is not None and until())

    def failed(state: RetryCallState) -> None:
        if on_failure is not None:
            on_failure(_error(state))

    def log_pause(state: RetryCallState) -> None:
        fields = {"what": what, "attempt": state.attempt_number, "delay": state.upcoming_sleep, "error": _error(state)}
        logger.warning(message, fields)

    return AsyncRetrying(
        sleep=sleep or asyncio.sleep,  # looked up now: tests may have replaced asyncio.sleep
        stop=stop,
        wait=wait,
        retry=retry_if_exception_type(retry_on),
        after=failed,
        before_sleep=log_pause,
        reraise=True,
    )


def _error(state: RetryCallState) -> BaseException:
    error = state.outcome.exception() if state.outcome is not None else None
    assert error is not None, "only failed attempts are retried"
    return error


def start_over(attempt: AttemptManager) -> None:
    """In a loop retried as one long attempt: it made progress (a consumer connected), so its
    next failure counts as the first of a new run (it waits `first_delay` again)."""
    attempt.retry_state.attempt_number = 1


async def with_backoff(
    what: str,
    fn: Callable[[], Awaitable[T]],
    *,
    attempts: int | None = 60,
    first_delay: float = 0.5,
    max_delay: float = 5.0,
) -> T:
    """Start-up: `await fn()` until it succeeds; `attempts=None` tries until cancelled."""
    policy = retrying(
        what, attempts=attempts, first_delay=first_delay, max_delay=max_delay, jitter=0.25, message=NOT_READY
    )

    async def attempt() -> T:  # `fn` may be any callable that returns an awaitable (see `retrying`)
        return await fn()

    return await policy(attempt)


def until_ready(what: str, probe: Callable[[], Awaitable[object]]) -> Callable[[], Coroutine[Any, Any, None]]:
    """A start-up step: retry `probe` (e.g. a Redis PING) with backoff until it answers."""

    async def step() -> None:
        await with_backoff(what, probe, attempts=None)

    step.__name__ = f"wait for {what}"
    return step
