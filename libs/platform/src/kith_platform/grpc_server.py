"""The grpc.aio server skeleton every service uses: health, reflection, interceptors, SIGTERM."""

from __future__ import annotations

import asyncio
import inspect
import logging
import signal
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from kith_platform.auth import REQUEST_ID_METADATA, USER_ID_METADATA, metadata_value
from kith_platform.background import BackgroundLoop
from kith_platform.errors import InvalidArgument, status_for
from kith_platform.logs import access_log_policy, request_id_var, user_id_var
from kith_platform.metrics import RPC_SECONDS, count_backend_error
from kith_platform.tracing import record_status, server_span

log = logging.getLogger("kith.grpc")
access_log = logging.getLogger("kith.access")

Behaviour = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]]


def wrap_unary_handler(
    handler: grpc.RpcMethodHandler,
    wrap: Callable[[Behaviour], Behaviour],
    wrap_deserializer: Callable[[Any], Any] | None = None,
) -> grpc.RpcMethodHandler:
    """Return a copy of a unary-request handler (unary-unary or server-streaming) whose behaviour
    (and, with `wrap_deserializer`, its request deserializer) is wrapped; stream-request handlers
    pass through. A server-streaming behaviour is wrapped as one coroutine that writes its
    responses (`_writing`), so every interceptor sees the whole stream: its errors, its time."""
    if handler is None or (handler.unary_unary is None and handler.unary_stream is None):
        return handler
    deserializer = handler.request_deserializer
    if wrap_deserializer:
        deserializer = wrap_deserializer(deserializer)
    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(
            wrap(handler.unary_unary),
            request_deserializer=deserializer,
            response_serializer=handler.response_serializer,
        )
    return grpc.unary_stream_rpc_method_handler(
        wrap(_writing(handler.unary_stream)),
        request_deserializer=deserializer,
        response_serializer=handler.response_serializer,
    )


def _writing(behaviour: Callable[..., Any]) -> Behaviour:
    """A server-streaming behaviour as a coroutine: an async generator's responses are written
    with `context.write`; a behaviour that already writes them itself is returned as it is."""
    if not inspect.isasyncgenfunction(behaviour):
        return behaviour

    async def write_all(request, context):
        async for response in behaviour(request, context):
            await context.write(response)

    return write_all


class RequestContextInterceptor(grpc.aio.ServerInterceptor):
    """Puts the request id (from x-request-id, or a new one) and the caller into contextvars.
    With `answer_request_id` (the gateway) the request id also goes back to the client, in the
    trailing metadata: sent with the status, it costs no message of its own (sending it as
    initial metadata was about 5% of the gateway's CPU). Backends answer the gateway only,
    which does not read it."""

    def __init__(self, answer_request_id: bool = False) -> None:
        self.answer_request_id = answer_request_id

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        answer = self.answer_request_id

        def wrap(behaviour: Behaviour) -> Behaviour:
            async def run(request, context):
                request_id = metadata_value(context, REQUEST_ID_METADATA) or uuid.uuid4().hex
                request_id_var.set(request_id)
                user_id_var.set(metadata_value(context, USER_ID_METADATA))
                if answer:
                    context.set_trailing_metadata(((REQUEST_ID_METADATA, request_id),))
                return await behaviour(request, context)

            return run

        return wrap_unary_handler(handler, wrap)


class AccessLogInterceptor(grpc.aio.ServerInterceptor):
    """Every RPC's duration in the `kith_rpc_duration_seconds` histogram, by method and status
    code, and a structured log line (method, code, duration) for those `access_log_policy`
    wants: every one, or the failed and slow ones."""

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if method.startswith("/grpc.health."):
            return handler  # probes every few seconds would drown the log

        def wrap(behaviour: Behaviour) -> Behaviour:
            async def run(request, context):
                started = time.perf_counter()
                code = "OK"
                with server_span(method, context.invocation_metadata()) as span:
                    try:
                        return await behaviour(request, context)
                    except asyncio.CancelledError:
                        code = "CANCELLED"  # the client went away (or the server is stopping)
                        raise
                    except BaseException:
                        code = context.code().name if context.code() else "UNKNOWN"
                        raise
                    finally:
                        if code == "OK" and context.code() not in (None, grpc.StatusCode.OK):
                            code = context.code().name
                        record_status(span, code)
                        elapsed = time.perf_counter() - started
                        RPC_SECONDS.labels(method, code).observe(elapsed)
                        if access_log_policy.wants(code, elapsed):
                            access_log.info(  # inside the span: the line carries its trace id
                                "rpc", extra={"method": method, "code": code, "duration_ms": round(elapsed * 1000, 2)}
                            )

            return run

        return wrap_unary_handler(handler, wrap)


class UndecodableRequest:
    """Stands in for a request body that is not a valid message of the RPC's request type (gRPC
    itself would answer UNKNOWN for it), so that the error mapping answers INVALID_ARGUMENT."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name


def tolerant_deserializer(deserializer: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    """`deserializer`, returning an `UndecodableRequest` for a malformed body instead of raising."""
    if deserializer is None:
        return None

    def deserialize(body: bytes) -> Any:
        try:
            return deserializer(body)
        except Exception:  # noqa: BLE001 - DecodeError (corrupt, truncated, too deep, bad UTF-8) and kin
            descriptor = getattr(getattr(deserializer, "__self__", None), "DESCRIPTOR", None)
            return UndecodableRequest(getattr(descriptor, "full_name", "") or "protobuf")

    return deserialize


class ErrorMappingInterceptor(grpc.aio.ServerInterceptor):
    """Turns domain errors into their status codes; anything unexpected is logged and INTERNAL.
    A request body that does not decode is INVALID_ARGUMENT naming `request`."""

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        method = handler_call_details.method

        def wrap(behaviour: Behaviour) -> Behaviour:
            async def run(request, context):
                try:
                    if isinstance(request, UndecodableRequest):
                        raise InvalidArgument("request", f"is not a valid {request.type_name} message")
                    return await behaviour(request, context)
                except grpc.aio.AbortError:
                    raise
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # this is the one place errors are mapped
                    mapped = status_for(exc)
                    if mapped is None:
                        log.exception("unhandled error in %s", method)
                        await context.abort(grpc.StatusCode.INTERNAL, "internal error")
                    else:
                        if mapped[0] == grpc.StatusCode.UNAVAILABLE:
                            count_backend_error(exc)
                            log.warning("%s: dependency unavailable: %r", method, exc)
                        await context.abort(*mapped)

            return run

        return wrap_unary_handler(handler, wrap, tolerant_deserializer)


class ServingGate(grpc.aio.ServerInterceptor):
    """Refuses calls (UNAVAILABLE) while the start-up steps run, when the server is already up
    so that health answers NOT_SERVING; and notes when the last call came in, so that a stopping
    server keeps taking calls until its clients have noticed (see `_drain`)."""

    def __init__(self) -> None:
        self.open = True
        self.last_call = 0.0  # time.monotonic() of the last call other than health and reflection

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler_call_details.method.startswith(("/grpc.health.", "/grpc.reflection.")):
            return handler
        self.last_call = time.monotonic()

        def wrap(behaviour: Behaviour) -> Behaviour:
            async def run(request, context):
                if not self.open:
                    await context.abort(grpc.StatusCode.UNAVAILABLE, "starting: a backing server is not reachable yet")
                return await behaviour(request, context)

            return run

        return wrap_unary_handler(handler, wrap)


def default_interceptors(answer_request_id: bool = False) -> list[grpc.aio.ServerInterceptor]:
    # Outermost first: context is set before logging, logging sees the mapped status.
    return [RequestContextInterceptor(answer_request_id), AccessLogInterceptor(), ErrorMappingInterceptor()]


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


Step = Callable[[], Awaitable[None]]


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
        if startup:
            log.info("starting", extra={"port": app.port, "waiting_for": [_name(s) for s in startup]})
            starting = asyncio.create_task(_run_steps(startup), name="startup")
            await asyncio.wait([stop_wait, starting], return_when=asyncio.FIRST_COMPLETED)
            if not starting.done():
                starting.cancel()
                await asyncio.gather(starting, return_exceptions=True)
                log.info("stopped before start-up finished")
                return
            starting.result()  # a step that gave up (not a store still down) is fatal
        for item in background:
            run = item.run if isinstance(item, BackgroundLoop) else item
            tasks[asyncio.create_task(run(), name=_name(run))] = item
        app.gate.open = True
        await app.set_serving(True)
        log.info("serving", extra={"port": app.port, "services": app.service_names})
        # A background task that dies is a fatal error: exit so the supervisor restarts us.
        done, _ = await asyncio.wait([stop_wait, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stop_wait:
                failed = True
                log.error(
                    "background task %s ended", task.get_name(), exc_info=None if task.cancelled() else task.exception()
                )
    finally:
        log.info("shutting down")
        deadline = loop.time() + grace_seconds
        await _maybe_await(app.health.enter_graceful_shutdown())  # NOT_SERVING from now on
        if app.gate.open:
            await _drain(app.gate, drain_seconds)
        await app.server.stop(grace_seconds)  # new calls refused; in-flight ones finish
        await _stop_background(tasks, max(1.0, deadline - loop.time()))
        stop_wait.cancel()
        for fn in on_stop:
            try:
                await asyncio.wait_for(fn(), 5)
            except Exception:  # keep closing the rest
                log.exception("error while closing")
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        log.info("stopped")
    if failed:
        raise SystemExit(1)


# On a loaded machine, calls a client has already sent can reach the server more than a
# quarter of a second apart (the fresh-clone suite once saw 10 of 20 in-flight calls arrive
# after a 0.25 s drain had ended); half a second, bounded by the drain's maximum, lets them in.
QUIET_SECONDS = 0.5


async def _drain(gate: ServingGate, longest: float) -> None:
    """Keep taking calls until none has come in for QUIET_SECONDS, or for `longest` at most."""
    deadline = time.monotonic() + longest
    # "No call for a while" is no event to wait on: polled.
    while time.monotonic() < deadline and time.monotonic() - gate.last_call < QUIET_SECONDS:  # noqa: ASYNC110
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
