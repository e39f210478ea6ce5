"""Trace context across gRPC hops and across Kafka envelopes, and trace ids in the logs, on
loopback servers built like the services' (an in-memory exporter stands in for a collector)."""

from __future__ import annotations

import logging

import grpc
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from kith.identity.v1 import events_pb2 as identity_events
from kith_platform import tracing
from kith_platform.events import make_event, parse_envelope
from kith_platform.grpc_server import create_server
from kith_platform.logs import ContextFilter

_exporter = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(_exporter))


@pytest.fixture
def spans():
    # Tracing is switched on only here, with this test's provider (the global one may be set
    # once per process, so the module's tracer is pointed at it directly).
    tracing.tracer = _provider.get_tracer("kith")
    _exporter.clear()
    tracing.enable()
    yield _exporter
    tracing._enabled = False


class _Raw(grpc.GenericRpcHandler):
    """One raw-bytes unary method."""

    def __init__(self, name: str, behaviour) -> None:
        self.name, self.behaviour = name, behaviour

    def service(self, details):
        if details.method != self.name:
            return None
        return grpc.unary_unary_rpc_method_handler(self.behaviour)


async def test_one_trace_from_the_first_service_through_the_second_and_across_kafka(spans):
    seen: dict = {}

    async def inner(request: bytes, context) -> bytes:
        record = logging.LogRecord("kith.test", logging.INFO, __file__, 1, "inside", None, None)
        ContextFilter("inner").filter(record)
        seen["log_trace_id"] = record.trace_id
        return b"pong"

    inner_app = create_server([], port=0, generic_handlers=[_Raw("/kith.test.Inner/Ping", inner)])
    await inner_app.server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{inner_app.port}", interceptors=tracing.client_interceptors())

    async def outer(request: bytes, context) -> bytes:
        reply = await channel.unary_unary("/kith.test.Inner/Ping")(b"ping", timeout=5)
        event = make_event(
            topic="identity.users.v1",
            aggregate_id="u1",
            producer="test",
            payload=identity_events.UserRegistered(user_id="u1", handle="ana"),
        )
        seen["event"] = event.value
        return reply

    outer_app = create_server([], port=0, generic_handlers=[_Raw("/kith.test.Outer/Call", outer)])
    await outer_app.server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{outer_app.port}") as client:
            assert await client.unary_unary("/kith.test.Outer/Call")(b"go", timeout=5) == b"pong"
    finally:
        await channel.close()
        await outer_app.server.stop(None)
        await inner_app.server.stop(None)

    by_name = {(s.name, s.kind): s for s in spans.get_finished_spans()}
    outer_span = by_name[("/kith.test.Outer/Call", SpanKind.SERVER)]
    client_span = by_name[("/kith.test.Inner/Ping", SpanKind.CLIENT)]
    inner_span = by_name[("/kith.test.Inner/Ping", SpanKind.SERVER)]
    trace_id = outer_span.context.trace_id
    assert client_span.context.trace_id == inner_span.context.trace_id == trace_id
    assert client_span.parent.span_id == outer_span.context.span_id
    assert inner_span.parent.span_id == client_span.context.span_id
    assert seen["log_trace_id"] == format(trace_id, "032x")  # the log line inside names the trace
    assert inner_span.attributes["rpc.grpc.status_code"] == "OK"

    # Across Kafka: the envelope carries the publishing span; the consumer's batch span links it.
    envelope = parse_envelope(seen["event"])
    assert envelope.trace.traceparent.split("-")[1] == format(trace_id, "032x")
    with tracing.consumer_span("consume test", [envelope]):
        pass
    consumer = next(s for s in spans.get_finished_spans() if s.name == "consume test")
    assert consumer.kind == SpanKind.CONSUMER
    assert [link.context.trace_id for link in consumer.links] == [trace_id]
    assert consumer.context.trace_id != trace_id  # its own trace, tied to the cause by the link


async def test_errors_are_recorded_on_the_server_span(spans):
    async def failing(request: bytes, context) -> bytes:
        raise RuntimeError("boom")

    app = create_server([], port=0, generic_handlers=[_Raw("/kith.test.Fail/Now", failing)])
    await app.server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as client:
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await client.unary_unary("/kith.test.Fail/Now")(b"", timeout=5)
            assert info.value.code() == grpc.StatusCode.INTERNAL
    finally:
        await app.server.stop(None)
    span = next(s for s in spans.get_finished_spans() if s.name == "/kith.test.Fail/Now")
    assert span.attributes["rpc.grpc.status_code"] == "INTERNAL"
    assert not span.status.is_ok


def test_tracing_off_leaves_envelopes_without_trace_context():
    assert not tracing.enabled()
    event = make_event(
        topic="identity.users.v1",
        aggregate_id="u1",
        producer="test",
        payload=identity_events.UserRegistered(user_id="u1", handle="ana"),
    )
    assert parse_envelope(event.value).trace.traceparent == ""
    with pytest.raises(ValueError, match="KITH_TRACING_EXPORTER"):
        tracing.configure_tracing("test", "zipkin")
