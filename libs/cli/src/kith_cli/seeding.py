"""What every `kith load` command shares: the resumable state file, accounts and their
sessions, polite retries, bounded concurrency, progress and the closing summary.

Everything goes through the public gateway, as an app would call it.

The state file (JSON lines, mode 0600) starts with a header holding the gateway address and
the password of every account the loader creates; each further line records one finished
item (`{"phase": ..., "key": ..., "value": ...}`), appended and flushed as soon as the
gateway confirmed it, so an interrupted run loses nothing it has finished and a second run
skips it. A truncated last line (a crash mid-write) is ignored.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import grpc
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from kith.communities.v1 import communities_pb2_grpc
from kith.content.v1 import content_pb2_grpc
from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith.identity.v1 import identity_pb2, identity_pb2_grpc

T = TypeVar("T")
STATE_FORMAT = 1
EMAIL_DOMAIN = "example.org"  # reserved for examples (RFC 2606): never a real mailbox
# Transient answers worth another try after a pause: the gateway says UNAVAILABLE at once when
# a backend is down (a restart takes seconds). The others may come after the change was made,
# so they are retried only for calls that are safe to repeat (not CreatePost, AddComment).
RETRY_ALWAYS = {grpc.StatusCode.UNAVAILABLE}
RETRY_IF_IDEMPOTENT = {
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.ABORTED,
    grpc.StatusCode.CANCELLED,
    grpc.StatusCode.INTERNAL,
}


def default_state_dir() -> Path:
    """Beside the platform's own data: `$KITH_STATE/load` (default `.kith/load`)."""
    return Path(os.environ.get("KITH_STATE", ".kith")) / "load"


class StateMismatch(Exception):
    """The state file belongs to another gateway or another password."""


def generated_password() -> str:
    """A random password for loaded accounts that can be passed back as
    `--password X`: token_urlsafe may begin with "-", which argparse reads as an option."""
    return "kith-" + secrets.token_urlsafe(18)


class SeedState:
    """Source ids mapped to what the platform created for them, appended as they finish."""

    def __init__(self, path: Path, header: dict, done: dict[str, dict[str, Any]]) -> None:
        self.path = path
        self.header = header
        self.done = done
        self._file = None

    @classmethod
    def open(cls, path: Path, *, gateway: str, password: str | None = None) -> SeedState:
        path = Path(path)
        if path.exists():
            header, done = cls.read(path)
            if header.get("gateway") != gateway:
                raise StateMismatch(
                    f"{path} records a load through {header.get('gateway')}, not {gateway}; "
                    "pass --state to use another file"
                )
            if password is not None and password != header["password"]:
                raise StateMismatch(f"{path} was started with another password; its accounts use that one")
            state = cls(path, header, done)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            header = {
                "kith_load_state": STATE_FORMAT,
                "gateway": gateway,
                "password": password or generated_password(),
                "created_at": int(time.time()),
            }
            # 0600 from the first byte: the file holds the accounts' password.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(json.dumps(header) + "\n")
            state = cls(path, header, {})
        state._file = open(path, "a", encoding="utf-8")  # kept open for appends
        return state

    @staticmethod
    def read(path: Path) -> tuple[dict, dict[str, dict[str, Any]]]:
        """The header and the finished items of a state file (for other tools, e.g. benchmarks)."""
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        header = json.loads(lines[0])
        if header.get("kith_load_state") != STATE_FORMAT:
            raise StateMismatch(f"{path} is not a kith load state file (format {STATE_FORMAT})")
        done: dict[str, dict[str, Any]] = {}
        for line in lines[1:]:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # the line a crash cut short: that item is done again
            done.setdefault(record["phase"], {})[record["key"]] = record.get("value")
        return header, done

    @property
    def password(self) -> str:
        return self.header["password"]

    def get(self, phase: str, key: str, default: Any = None) -> Any:
        return self.done.get(phase, {}).get(key, default)

    def has(self, phase: str, key: str) -> bool:
        return key in self.done.get(phase, {})

    def record(self, phase: str, key: str, value: Any = None) -> None:
        self.done.setdefault(phase, {})[key] = value
        self._file.write(json.dumps({"phase": phase, "key": key, "value": value}) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None


class Skip(Exception):
    """An item that cannot be loaded because something it needs was not (counted as failed)."""


@dataclass
class Phase:
    name: str
    total: int = 0
    created: int = 0
    existing: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def finished(self) -> int:
        return self.created + self.existing + self.failed


@dataclass
class Session:
    access_token: str
    refresh_token: str
    expires_at: float


class Seeder:
    """A bulk client of the gateway: accounts, retries, concurrency, progress, tallies."""

    SESSION_MARGIN_SECONDS = 60  # refresh an access token this long before it expires

    def __init__(
        self,
        channel: grpc.aio.Channel,
        state: SeedState,
        *,
        concurrency: int = 16,
        progress: bool = True,
        console: Console | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.identity = identity_pb2_grpc.IdentityServiceStub(channel)
        self.graph = graph_pb2_grpc.GraphServiceStub(channel)
        self.communities = communities_pb2_grpc.CommunitiesServiceStub(channel)
        self.content = content_pb2_grpc.ContentServiceStub(channel)
        self.state = state
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.console = console or Console(stderr=True)
        self.phases: dict[str, Phase] = {}
        self.started = time.monotonic()
        self.rate_limited = 0  # RESOURCE_EXHAUSTED answers waited out
        self.logins = 0
        self._sessions: dict[str, Session] = {}
        self._session_locks: dict[str, asyncio.Lock] = {}
        self._progress = Progress(
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>8}/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            disable=not progress,
            transient=False,
        )
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> Seeder:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    # --- calls ------------------------------------------------------------------------------

    async def call(
        self,
        rpc: Callable[..., Awaitable[T]],
        request,
        *,
        as_user: str | None = None,
        idempotent: bool = True,
        attempts: int = 8,
    ) -> T:
        """One RPC, as a polite bulk client makes it: rate limited, wait as long as the gateway's
        `retry-after-ms` says and try again (for as long as it takes); a backend briefly away,
        back off a few times (about a minute in all); an expired token, log in again once."""
        transient, reauthenticated = 0, False
        while True:
            metadata = await self.auth(as_user) if as_user else ()
            try:
                return await rpc(request, metadata=metadata, timeout=self.timeout)
            except grpc.aio.AioRpcError as exc:
                code = exc.code()
                if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
                    self.rate_limited += 1
                    await asyncio.sleep(retry_after(exc))
                    continue
                if code == grpc.StatusCode.UNAUTHENTICATED and as_user and not reauthenticated:
                    reauthenticated = True
                    self._sessions.pop(as_user, None)
                    continue
                if (code in RETRY_ALWAYS or idempotent and code in RETRY_IF_IDEMPOTENT) and transient < attempts:
                    transient += 1
                    await asyncio.sleep(min(0.2 * 2**transient, 10))
                    continue
                raise

    # --- accounts ---------------------------------------------------------------------------

    def user_id(self, handle: str) -> str:
        user_id = self.state.get("users", handle)
        if not user_id:
            raise Skip(f"account {handle} was not loaded")
        return user_id

    async def sign_up(self, handle: str, display_name: str = "") -> tuple[bool, str]:
        """Register the account (or find it: ALREADY_EXISTS is done) and start its session.
        Returns (created, user id)."""
        password = self.state.password
        try:
            registered = await self.call(
                self.identity.Register,
                identity_pb2.RegisterRequest(
                    handle=handle, email=f"{handle}@{EMAIL_DOMAIN}", password=password, display_name=display_name
                ),
            )
            created, user_id = True, registered.user.user_id
        except grpc.aio.AioRpcError as exc:
            if exc.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
            created, user_id = False, ""
        try:
            login = await self._login(handle)  # also proves an existing account is ours
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNAUTHENTICATED and not created:
                raise Skip(
                    f"{handle} is taken by an account with another password "
                    "(someone else's, or made with another state file)"
                ) from None
            raise
        return created, user_id or login.user.user_id

    async def check_password(self, handle: str) -> str:
        """Prove an existing account is ours (the state's password logs it in); its user id."""
        try:
            return (await self._login(handle)).user.user_id
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNAUTHENTICATED:
                raise Skip(
                    f"{handle} is taken by an account with another password "
                    "(someone else's, or made with another state file)"
                ) from None
            raise Skip(f"{handle} exists and could not be checked: {exc.code().name}: {exc.details()}") from None

    def password_for(self, handle: str) -> str:
        """The password that logs `handle` in (every account of a loader has the state's)."""
        return self.state.password

    async def _login(self, handle: str) -> identity_pb2.LoginResponse:
        login = await self.call(
            self.identity.Login, identity_pb2.LoginRequest(login=handle, password=self.password_for(handle))
        )
        self.logins += 1
        self._keep(handle, login.access_token, login.refresh_token, login.access_token_expires_at.seconds)
        return login

    def _keep(self, handle: str, access: str, refresh: str, expires_at: int) -> None:
        self._sessions[handle] = Session(access, refresh, float(expires_at or time.time() + 300))

    async def auth(self, handle: str) -> tuple[tuple[str, str], ...]:
        """The account's `authorization` metadata; logs in (or refreshes) when needed."""
        self.user_id(handle)  # an account that failed to load fails what it would do, at once
        session = self._sessions.get(handle)
        if session is None or session.expires_at - time.time() < self.SESSION_MARGIN_SECONDS:
            lock = self._session_locks.setdefault(handle, asyncio.Lock())
            async with lock:
                session = self._sessions.get(handle)
                if session is None or session.expires_at - time.time() < self.SESSION_MARGIN_SECONDS:
                    session = await self._renew(handle, session)
        return (("authorization", f"Bearer {session.access_token}"),)

    async def _renew(self, handle: str, session: Session | None) -> Session:
        if session is not None and session.refresh_token:
            # A refresh costs no password hash and is not counted against the log-in limit.
            try:
                # Not repeated on an ambiguous failure: a spent refresh token ends the session.
                refreshed = await self.call(
                    self.identity.Refresh,
                    identity_pb2.RefreshRequest(refresh_token=session.refresh_token),
                    idempotent=False,
                )
                self._keep(
                    handle, refreshed.access_token, refreshed.refresh_token, refreshed.access_token_expires_at.seconds
                )
                return self._sessions[handle]
            except grpc.aio.AioRpcError as exc:
                if exc.code() != grpc.StatusCode.UNAUTHENTICATED:
                    raise
        await self._login(handle)
        return self._sessions[handle]

    # --- relationships ----------------------------------------------------------------------

    async def follow_both(self, a: str, b: str) -> tuple[bool, None]:
        """`a` and `b` (handles) follow each other; created False when both already did."""
        created = False
        for follower, followee in ((a, b), (b, a)):
            answer = await self.call(
                self.graph.Follow, graph_pb2.FollowRequest(user_id=self.user_id(followee)), as_user=follower
            )
            if answer.requested:
                raise Skip(f"{followee} approves followers: {follower}'s follow request is pending")
            created |= answer.created
        return created, None

    async def befriend(self, a: str, b: str) -> tuple[bool, None]:
        """`a` asks `b` (handles) to be friends and `b` accepts (friends follow each other);
        created False when they already were friends."""
        try:
            sent = await self.call(
                self.graph.SendFriendRequest, graph_pb2.SendFriendRequestRequest(user_id=self.user_id(b)), as_user=a
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.ALREADY_EXISTS:
                return False, None
            raise
        if sent.friends:  # `b` had asked `a` already: that request is now accepted
            return True, None
        try:
            await self.call(
                self.graph.AcceptFriendRequest, graph_pb2.AcceptFriendRequestRequest(user_id=self.user_id(a)), as_user=b
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() != grpc.StatusCode.NOT_FOUND:
                raise
            # The request is gone (an earlier, interrupted run may have got this far): asking
            # back either accepts a request still pending or says they are friends already.
            try:
                back = await self.call(
                    self.graph.SendFriendRequest, graph_pb2.SendFriendRequestRequest(user_id=self.user_id(a)), as_user=b
                )
            except grpc.aio.AioRpcError as again:
                if again.code() == grpc.StatusCode.ALREADY_EXISTS:
                    return False, None
                raise
            if not back.friends:
                raise Skip(f"{b} could not accept {a}'s friend request") from None
        return True, None

    # --- phases -----------------------------------------------------------------------------

    def phase(self, name: str, total: int) -> Phase:
        """Declare a phase and its size up front, so the bars show the whole plan."""
        if name not in self.phases:
            self.phases[name] = Phase(name, total)
            self._tasks[name] = self._progress.add_task(name, total=total, rate="", start=False)
        return self.phases[name]

    async def run(
        self,
        name: str,
        items: Iterable[T],
        key: Callable[[T], str],
        work: Callable[[T], Awaitable[tuple[bool, Any]]],
        *,
        concurrency: int | None = None,
    ) -> Phase:
        """Do `work` for every item not yet done, `concurrency` at a time (the seeder's unless
        given: 1 keeps the items' order). `work` returns
        (created, value): created False means the platform already had it. Finished items
        and their values go to the state file; failures are counted, a few kept for the
        summary, and the rest carries on."""
        items = list(items)
        phase = self.phase(name, len(items))
        task = self._tasks[name]
        self._progress.start_task(task)  # its clock starts with its first run
        todo: list[T] = []
        for item in items:
            if self.state.has(name, key(item)):
                phase.existing += 1
            else:
                todo.append(item)
        self._advance(phase, task, 0.0)
        started = time.monotonic()
        queue = iter(todo)

        async def worker() -> None:
            for item in queue:  # a shared iterator: each item goes to exactly one worker
                try:
                    created, value = await work(item)
                except (grpc.aio.AioRpcError, Skip) as exc:
                    phase.failed += 1
                    if len(phase.errors) < 5:
                        detail = (
                            f"{exc.code().name}: {exc.details()}" if isinstance(exc, grpc.aio.AioRpcError) else str(exc)
                        )
                        phase.errors.append(f"{key(item)}: {detail}")
                else:
                    self.state.record(name, key(item), value)
                    if created:
                        phase.created += 1
                    else:
                        phase.existing += 1
                self._advance(phase, task, time.monotonic() - started)

        try:
            async with asyncio.TaskGroup() as group:  # a bug in `work` stops every worker
                for _ in range(min(max(1, concurrency or self.concurrency), len(todo))):
                    group.create_task(worker())
        finally:
            phase.seconds += time.monotonic() - started
        return phase

    async def run_batches(
        self,
        name: str,
        items: Iterable[T],
        key: Callable[[T], str],
        work: Callable[[list[T]], Awaitable[list[tuple[bool, Any] | Skip]]],
        *,
        batch_size: int,
        concurrency: int = 2,
    ) -> Phase:
        """`run` for calls that take many items at once (`kith load edges --bulk`): the items
        not yet done go in batches of `batch_size`, `concurrency` batches at a time; `work`
        returns one answer per item of its batch, (created, value) or a Skip saying why that
        item failed. Each finished item goes to the state file as `run` records it, as soon as
        its batch is answered; a batch whose call fails counts all its items as failed."""
        items = list(items)
        phase = self.phase(name, len(items))
        task = self._tasks[name]
        self._progress.start_task(task)
        todo = [item for item in items if not self.state.has(name, key(item))]
        phase.existing += len(items) - len(todo)
        self._advance(phase, task, 0.0)
        started = time.monotonic()
        batches = iter([todo[i : i + batch_size] for i in range(0, len(todo), max(1, batch_size))])

        def failed(item: T, detail: str) -> None:
            phase.failed += 1
            if len(phase.errors) < 5:
                phase.errors.append(f"{key(item)}: {detail}")

        async def worker() -> None:
            for batch in batches:  # a shared iterator: each batch goes to exactly one worker
                try:
                    answers = await work(batch)
                except grpc.aio.AioRpcError as exc:
                    for item in batch:
                        failed(item, f"{exc.code().name}: {exc.details()}")
                else:
                    for item, answer in zip(batch, answers, strict=True):
                        if isinstance(answer, Skip):
                            failed(item, str(answer))
                            continue
                        created, value = answer
                        self.state.record(name, key(item), value)
                        if created:
                            phase.created += 1
                        else:
                            phase.existing += 1
                self._advance(phase, task, time.monotonic() - started)

        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(min(max(1, concurrency), -(-len(todo) // max(1, batch_size)))):
                    group.create_task(worker())
        finally:
            phase.seconds += time.monotonic() - started
        return phase

    def _advance(self, phase: Phase, task, elapsed: float) -> None:
        done_now = phase.created + phase.failed  # work done by this run (not skips)
        rate = f"{done_now / elapsed:.0f}" if elapsed > 0.5 else ""
        self._progress.update(task, completed=phase.finished, rate=rate)

    # --- summary ----------------------------------------------------------------------------

    @property
    def failed(self) -> int:
        return sum(p.failed for p in self.phases.values())

    def summary(self, title: str = "kith load") -> Table:
        elapsed = time.monotonic() - self.started
        table = Table(title=f"{title}: {elapsed:.1f}s", title_justify="left")
        for column in ("phase", "created", "already there", "failed", "seconds", "per second"):
            table.add_column(column, justify="left" if column == "phase" else "right")
        for p in self.phases.values():
            worked = p.created + p.failed
            table.add_row(
                p.name,
                str(p.created),
                str(p.existing),
                str(p.failed),
                f"{p.seconds:.1f}",
                f"{worked / p.seconds:.0f}" if p.seconds > 0.05 and worked else "-",
            )
        return table

    def print_summary(self, title: str = "kith load") -> None:
        console = self.console
        console.print(self.summary(title))
        console.print(f"log-ins {self.logins}, rate-limit waits {self.rate_limited}, state {self.state.path}")
        for p in self.phases.values():
            for error in p.errors:
                console.print(f"[red]{p.name} failed[/red] {error}")
            if p.failed > len(p.errors):
                console.print(f"[red]{p.name}: {p.failed - len(p.errors)} more failures[/red]")
        if self.failed:
            console.print("run the same command again to retry what failed (what is done is skipped)")


def retry_after(exc: grpc.aio.AioRpcError) -> float:
    """Seconds the gateway asks a rate-limited client to wait (at least a little)."""
    wait_ms = dict(exc.trailing_metadata() or ()).get("retry-after-ms", "0")
    try:
        return max(int(wait_ms) / 1000, 0.05)
    except ValueError:
        return 0.5


def by_level(items: Sequence[T], level: Callable[[T], int]) -> list[list[T]]:
    """Items grouped by level, lowest first (parents before their replies)."""
    levels: dict[int, list[T]] = {}
    for item in items:
        levels.setdefault(level(item), []).append(item)
    return [levels[n] for n in sorted(levels)]
