"""The grpc.aio server skeleton every service uses: health, reflection, interceptors, SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from kith_platform.background import BackgroundLoop
from kith_platform.collector import freeze_long_lived
from kith_platform.interceptors import ServingGate, default_interceptors
from kith_platform.interceptors import wrap_unary_handler as wrap_unary_handler  # the gateway imports it from here
from kith_platform.loop_stalls import watch_event_loop

log = logging.getLogger("kith.grpc")


@dataclass
class Registration:
    """A servicer to add to the server: `add(servicer, server)` and its full service name."""

    add: Callable[[Any, grpc.aio.Server], None]
    servicer: Any
    service_name: str


@dataclass
class GrpcApp:
    server: grpc.aio.Server
    port: int
    health: Any  # grpc_health.v1.health.aio.HealthServicer
    service_names: list[str] = field(default_factory=list)
    gate: ServingGate = field(default_factory=ServingGate)

    async def set_serving(self, serving: bool) -> None:
        status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        for name in ["", *self.service_names]:
            await _maybe_await(self.health.set(name, status))


async def _maybe_await(value: Any) -> Any:
    if asyncio.iscoroutine(value):
        return await value
    return value


def create_server(
    registrations: Sequence[Registration],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    interceptors: Iterable[grpc.aio.ServerInterceptor] | None = None,
    generic_handlers: Sequence[grpc.GenericRpcHandler] = (),
    reflected_services: Sequence[str] = (),
    tls: tuple[bytes, bytes] | None = None,
) -> GrpcApp:
    """Build a server with health and reflection; port 0 binds a free port (for tests).
    With `tls` it serves TLS only (the gateway, when no ingress terminates TLS before it)."""
    gate = ServingGate()
    server = grpc.aio.server(
        interceptors=[gate, *(default_interceptors() if interceptors is None else interceptors)],
        options=[
            ("grpc.so_reuseport", 0),
            ("grpc.max_receive_message_length", 4 * 1024 * 1024),
            ("grpc.keepalive_permit_without_calls", 1),
        ],
    )
    names = []
    for reg in registrations:
        reg.add(reg.servicer, server)
        names.append(reg.service_name)
    if generic_handlers:
        server.add_generic_rpc_handlers(tuple(generic_handlers))
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (
            *names,
            *reflected_services,
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
            reflection.SERVICE_NAME,
        ),
        server,
    )
    if tls is None:
        bound = server.add_insecure_port(f"{host}:{port}")
    else:  # (certificate chain PEM, private key PEM)
        credentials = grpc.ssl_server_credentials([(tls[1], tls[0])])
        bound = server.add_secure_port(f"{host}:{port}", credentials)
    return GrpcApp(
        server=server, port=bound, health=health_servicer, service_names=[*names, *reflected_services], gate=gate
    )


Step = Callable[[], Coroutine[Any, Any, None]]


async def run_until_terminated(
    app: GrpcApp,
    *,
    grace_seconds: float = 10.0,
    drain_seconds: float = 2.0,
    startup: Sequence[Step] = (),
    background: Sequence[Step | BackgroundLoop] = (),
    on_stop: Sequence[Step] = (),
) -> None:
    """Serve until SIGTERM/SIGINT.

    Start: the server listens at once and reports NOT_SERVING while the `startup` steps run
    (each waits for one of its stores with backoff, for as long as it takes); then SERVING, and
    the `background` loops (outbox relays, event consumers) start.
    Stop: NOT_SERVING; calls are still taken while they keep coming, for `drain_seconds` at
    most (clients and load balancers see NOT_SERVING a moment later, and calls received but not
    yet dispatched would be cancelled by the stop); in-flight RPCs finish (within
    `grace_seconds`); background loops finish the unit of work in hand (a batch published, or
    applied and committed) and return; then the `on_stop` closers run. SIGTERM during start-up
    stops just as cleanly. A background loop that ends by itself is fatal (SystemExit(1))."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    stop_wait = asyncio.create_task(stop.wait())
    tasks: dict[asyncio.Task, Step | BackgroundLoop] = {}
    failed = False
    app.gate.open = False
    await app.set_serving(False)
    await app.server.start()
    try:
        if not await _started(app, startup, stop_wait):
            return
        freeze_long_lived()  # before the first call: what start-up made lives as long as the process
        for item in (*background, watch_event_loop):
            run = item.run if isinstance(item, BackgroundLoop) else item
            tasks[asyncio.create_task(run(), name=_name(run))] = item
        app.gate.open = True
        await app.set_serving(True)
        log.info("serving", extra={"port": app.port, "services": app.service_names})
        failed = await _until_stopped_or_failed(stop_wait, tasks)
    finally:
        log.info("shutting down")
        deadline = loop.time() + grace_seconds
        await _maybe_await(app.health.enter_graceful_shutdown())  # NOT_SERVING from now on
        if app.gate.open:
            await _drain(app.gate, drain_seconds)
        await app.server.stop(grace_seconds)  # new calls refused; in-flight ones finish
        await _stop_background(tasks, max(1.0, deadline - loop.time()))
        stop_wait.cancel()
        await _close(on_stop)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        log.info("stopped")
    if failed:
        raise SystemExit(1)


async def _started(app: GrpcApp, startup: Sequence[Step], stop_wait: asyncio.Task) -> bool:
    """Run the start-up steps; False when SIGTERM or SIGINT came first."""
    if not startup:
        return True
    log.info("starting", extra={"port": app.port, "waiting_for": [_name(s) for s in startup]})
    starting = asyncio.create_task(_run_steps(startup), name="startup")
    await asyncio.wait([stop_wait, starting], return_when=asyncio.FIRST_COMPLETED)
    if not starting.done():
        starting.cancel()
        await asyncio.gather(starting, return_exceptions=True)
        log.info("stopped before start-up finished")
        return False
    starting.result()  # a step that gave up (not a store still down) is fatal
    return True


async def _until_stopped_or_failed(stop_wait: asyncio.Task, tasks: dict[asyncio.Task, Step | BackgroundLoop]) -> bool:
    """Wait for SIGTERM or SIGINT; True when a background task ended first. A background task
    that dies is a fatal error: the service exits so that the supervisor restarts it."""
    done, _ = await asyncio.wait([stop_wait, *tasks], return_when=asyncio.FIRST_COMPLETED)
    ended = [task for task in done if task is not stop_wait]
    for task in ended:
        log.error("background task %s ended", task.get_name(), exc_info=None if task.cancelled() else task.exception())
    return bool(ended)


async def _close(on_stop: Sequence[Step]) -> None:
    """Run the closers, 5 s each at most; one that fails does not keep the others from running."""
    for fn in on_stop:
        try:
            await asyncio.wait_for(fn(), 5)
        except Exception:  # keep closing the rest
            log.exception("error while closing")


# On a loaded machine, calls a client has already sent can reach the server more than a
# quarter of a second apart (the fresh-clone suite once saw 10 of 20 in-flight calls arrive
# after a 0.25 s drain had ended); half a second, bounded by the drain's maximum, lets them in.
QUIET_SECONDS = 0.5


async def _drain(gate: ServingGate, longest: float) -> None:
    """Keep taking calls until none has come in for QUIET_SECONDS, or for `longest` at most."""
    deadline = time.monotonic() + longest
    # "No call for a while" is no event to wait on: polled.
    while time.monotonic() < deadline and time.monotonic() - gate.last_call < QUIET_SECONDS:  # noqa: ASYNC110 - waits on calls elsewhere going quiet, which nothing signals
        await asyncio.sleep(0.05)


async def _run_steps(steps: Sequence[Step]) -> None:
    for step in steps:
        await step()
    log.info("start-up done")


async def _stop_background(tasks: dict[asyncio.Task, Step | BackgroundLoop], timeout: float) -> None:
    """Ask each loop to stop after its unit of work in hand; cancel what is still running after
    `timeout` (and plain coroutines at once)."""
    for task, item in tasks.items():
        if isinstance(item, BackgroundLoop):
            item.request_stop()
        else:
            task.cancel()
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            log.warning("background task %s did not stop in time; cancelling it", task.get_name())
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _name(fn: Any) -> str:
    owner = getattr(fn, "__self__", None)
    name = getattr(fn, "__name__", "background")
    return f"{type(owner).__name__}.{name}" if owner is not None else name
