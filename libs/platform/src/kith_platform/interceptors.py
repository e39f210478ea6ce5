"""The interceptors of every service's gRPC server: request context, access log and metrics,
error mapping, and the gate that refuses calls while the server starts."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from kith_platform.auth import REQUEST_ID_METADATA, USER_ID_METADATA, metadata_value
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
                except grpc.aio.InternalError:
                    # gRPC's native code failed to send the answer, e.g. the status of an abort
                    # just after the client's deadline passed (ExecuteBatchError): gRPC drops it
                    # when the client has gone, and logs it otherwise. Not the handler's error.
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
    server keeps taking calls until its clients have noticed (see grpc_server's `_drain`)."""

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
