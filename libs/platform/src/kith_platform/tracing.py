"""OpenTelemetry tracing: spans from the gateway through the services and across Kafka.

Off by default (`KITH_TRACING_EXPORTER=none`): no tracer provider is installed, the API's
no-op spans cost next to nothing and no context is propagated. With `otlp` spans go to an
OTLP/gRPC collector (`KITH_TRACING_OTLP_ENDPOINT`); with `log` each finished span is one
JSON log line (logger `kith.trace`), handy on a laptop.

Propagation is W3C trace context: `traceparent`/`tracestate` gRPC metadata between
services, and the envelope's `TraceContext` across Kafka, where a consumer's batch span
links to the span that published each event.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Sequence

import grpc
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import Link, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

log = logging.getLogger("kith.trace")
tracer = trace.get_tracer("kith")
_propagator = TraceContextTextMapPropagator()
MAX_LINKS = 128  # a consumer batch span links to at most this many producing spans
_enabled = False


def enabled() -> bool:
    return _enabled


def configure_tracing(
    service: str, exporter: str = "none", *, otlp_endpoint: str = "", sample_ratio: float = 1.0
) -> bool:
    """Install the SDK with the chosen exporter; 'none' leaves tracing off. Returns whether on."""
    exporter = exporter.lower()
    if exporter in ("", "none", "off"):
        return False
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    span_exporter: SpanExporter
    if exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        span_exporter = OTLPSpanExporter(endpoint=otlp_endpoint) if otlp_endpoint else OTLPSpanExporter()
    elif exporter == "log":
        span_exporter = LogSpanExporter()
    else:
        raise ValueError(f"KITH_TRACING_EXPORTER: expected none, otlp or log, not {exporter!r}")
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"kith-{service}"}),
        sampler=ParentBased(TraceIdRatioBased(sample_ratio)),
    )
    provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)
    enable()
    return True


def enable() -> None:
    """Mark tracing on (configure_tracing does; tests that install their own provider too)."""
    global _enabled
    _enabled = True


def current_ids() -> tuple[str, str]:
    """(trace id, span id) in hex of the current span; empty when there is none."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return "", ""
    return format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")


# --- gRPC ---------------------------------------------------------------------------------


def extract_from_metadata(metadata: Iterable[tuple[str, str | bytes]] | None):
    carrier = {k: v for k, v in (metadata or ()) if k in ("traceparent", "tracestate") and isinstance(v, str)}
    return _propagator.extract(carrier) if carrier else None


def inject_into(carrier: dict[str, str]) -> dict[str, str]:
    _propagator.inject(carrier)
    return carrier


def server_span(method: str, metadata):
    """A SERVER span for one RPC, child of the caller's span when the metadata carries one."""
    if not _enabled:
        return contextlib.nullcontext()
    return tracer.start_as_current_span(
        method,
        context=extract_from_metadata(metadata),
        kind=SpanKind.SERVER,
        attributes={"rpc.system": "grpc", "rpc.method": method},
    )


def record_status(span, code_name: str) -> None:
    if span is None:
        return
    span.set_attribute("rpc.grpc.status_code", code_name)
    if code_name not in (
        "OK",
        "NOT_FOUND",
        "INVALID_ARGUMENT",
        "PERMISSION_DENIED",
        "UNAUTHENTICATED",
        "ALREADY_EXISTS",
        "FAILED_PRECONDITION",
        "RESOURCE_EXHAUSTED",
        "OUT_OF_RANGE",
    ):
        span.set_status(Status(StatusCode.ERROR, code_name))


class TracingClientInterceptor(grpc.aio.UnaryUnaryClientInterceptor):
    """A CLIENT span around each outgoing call, its context sent as `traceparent` metadata."""

    async def intercept_unary_unary(self, continuation, client_call_details, request):
        if not _enabled:
            return await continuation(client_call_details, request)
        method = client_call_details.method
        method = method.decode() if isinstance(method, bytes) else method
        with tracer.start_as_current_span(
            method, kind=SpanKind.CLIENT, attributes={"rpc.system": "grpc", "rpc.method": method}
        ) as span:
            if span.get_span_context().is_valid:
                metadata = list(client_call_details.metadata or ())
                metadata += list(inject_into({}).items())
                client_call_details = client_call_details._replace(metadata=grpc.aio.Metadata(*metadata))
            call = await continuation(client_call_details, request)
            try:
                await call
            except grpc.aio.AioRpcError:
                pass  # the caller sees it; the span records the code below
            code = await call.code()
            record_status(span, code.name if code else "UNKNOWN")
            return call


def client_interceptors() -> list[grpc.aio.ClientInterceptor]:
    """Interceptors for channels to other Kith services (cheap when tracing is off)."""
    return [TracingClientInterceptor()]


# --- Kafka --------------------------------------------------------------------------------


def trace_fields() -> dict[str, str]:
    """traceparent/tracestate of the current span, for an event's envelope (empty when off)."""
    return inject_into({}) if _enabled else {}


def consumer_span(name: str, envelopes: Sequence, *, attributes: dict | None = None):
    """A CONSUMER span for a batch of events, linked to the spans that published them."""
    if not _enabled:
        return contextlib.nullcontext()
    links: list[Link] = []
    for envelope in envelopes:
        if len(links) >= MAX_LINKS:
            break
        carrier = {"traceparent": envelope.trace.traceparent} if envelope.trace.traceparent else None
        if carrier is None:
            continue
        if envelope.trace.tracestate:
            carrier["tracestate"] = envelope.trace.tracestate
        producer = trace.get_current_span(_propagator.extract(carrier)).get_span_context()
        if producer.is_valid:
            links.append(Link(producer))
    return tracer.start_as_current_span(
        name,
        kind=SpanKind.CONSUMER,
        links=links,
        attributes={"messaging.system": "kafka", "messaging.batch.message_count": len(envelopes), **(attributes or {})},
        context=otel_context.Context(),  # a new trace per batch; the links tie it to its causes
    )


class LogSpanExporter(SpanExporter):
    """Writes each finished span as one log line (JSON with the service's log format)."""

    def export(self, spans) -> SpanExportResult:
        for span in spans:
            ctx, parent = span.context, span.parent
            log.info(
                "span",
                extra={
                    "span_name": span.name,
                    "trace_id": format(ctx.trace_id, "032x"),
                    "span_id": format(ctx.span_id, "016x"),
                    "parent_span_id": format(parent.span_id, "016x") if parent else "",
                    "kind": span.kind.name,
                    "duration_ms": round((span.end_time - span.start_time) / 1e6, 3),
                    "links": [format(link.context.trace_id, "032x") for link in span.links],
                },
            )
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None

    def force_flush(self, timeout_millis: int = 30000) -> bool:  # the interface
        return True
