"""The server skeleton on loopback: health, TLS, domain errors mapped to status codes, start-up
steps and SIGTERM."""

from __future__ import annotations

import asyncio
import datetime
import os
import signal

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from grpc_health.v1 import health_pb2, health_pb2_grpc

from kith_platform.errors import InvalidArgument, NotFound
from kith_platform.grpc_server import create_server, run_until_terminated
from kith_platform.healthcheck import status


def _self_signed() -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


async def test_tls_server_answers_health_over_tls_only():
    cert, key = _self_signed()
    app = create_server([], port=0, tls=(cert, key))
    await app.server.start()
    await app.set_serving(True)
    try:
        credentials = grpc.ssl_channel_credentials(root_certificates=cert)
        async with grpc.aio.secure_channel(f"localhost:{app.port}", credentials) as channel:
            response = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
            assert response.status == health_pb2.HealthCheckResponse.SERVING
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as plain:
            with pytest.raises(grpc.aio.AioRpcError):
                await health_pb2_grpc.HealthStub(plain).Check(health_pb2.HealthCheckRequest(), timeout=2)
    finally:
        await app.server.stop(None)


class _Raising(grpc.GenericRpcHandler):
    """A raw-bytes method that raises whatever its request names."""

    def service(self, details):
        async def behaviour(request: bytes, context):
            match request:
                case b"invalid":
                    raise InvalidArgument("handle", "is required")
                case b"missing":
                    raise NotFound("user_id: no user x")
                case b"down":
                    raise ConnectionRefusedError("redis")
                case _:
                    raise RuntimeError("a bug with a secret in it")

        return grpc.unary_unary_rpc_method_handler(behaviour)


@pytest.mark.parametrize(
    ("request_body", "code", "details"),
    [
        (b"invalid", grpc.StatusCode.INVALID_ARGUMENT, "handle: is required"),
        (b"missing", grpc.StatusCode.NOT_FOUND, "user_id: no user x"),
        (b"down", grpc.StatusCode.UNAVAILABLE, "a backing server is unavailable; retry later"),
        (b"bug", grpc.StatusCode.INTERNAL, "internal error"),  # no internals leak to the client
    ],
)
async def test_errors_map_to_status_codes(request_body, code, details):
    app = create_server([], port=0, generic_handlers=[_Raising()])
    await app.server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await channel.unary_unary("/test.Raising/Call")(request_body, timeout=5)
        assert (info.value.code(), info.value.details()) == (code, details)
    finally:
        await app.server.stop(None)


def test_repeated_warnings_and_errors_are_let_through_once_per_window():
    import logging

    from kith_platform.logs import RepeatFilter

    gate = RepeatFilter(seconds=10)

    def record(msg, at, level=logging.ERROR, name="aiokafka"):
        r = logging.LogRecord(name, level, __file__, 1, msg, None, None)
        r.created = at
        return r

    assert gate.filter(record("Unable connect to node %s", 100.0))
    assert not any(gate.filter(record("Unable connect to node %s", 100.0 + i / 10)) for i in range(1, 50))
    later = record("Unable connect to node %s", 111.0)
    assert gate.filter(later) and "(49 more like it" in later.msg
    assert gate.filter(record("another message", 100.5))  # other messages are not held
    assert all(gate.filter(record("info", 100.0 + i, logging.INFO)) for i in range(3))  # nor info


class _Echo(grpc.GenericRpcHandler):
    """A raw-bytes method that answers after `delay` seconds."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def service(self, details):
        async def behaviour(request: bytes, context):
            await asyncio.sleep(self.delay)
            return request

        return grpc.unary_unary_rpc_method_handler(behaviour)


class _Loop:
    """A background loop that is in the middle of a unit of work when asked to stop."""

    def __init__(self) -> None:
        self.units_done = 0
        self.stopping = False

    async def run(self) -> None:
        while not self.stopping:
            await asyncio.sleep(0.2)  # the unit of work
            self.units_done += 1

    def request_stop(self) -> None:
        self.stopping = True


async def _health(port: int) -> str:
    return await status(f"127.0.0.1:{port}", 5)


async def test_not_serving_and_calls_refused_until_the_startup_steps_are_done_then_a_clean_stop():
    app = create_server([], port=0, generic_handlers=[_Echo(delay=0.3)])
    store_up = asyncio.Event()
    loop = _Loop()
    closed = []

    async def wait_for_store() -> None:
        await store_up.wait()

    async def close() -> None:
        closed.append(loop.units_done)

    running = asyncio.create_task(
        run_until_terminated(
            app, grace_seconds=5, drain_seconds=0.5, startup=[wait_for_store], background=[loop], on_stop=[close]
        )
    )
    try:
        await asyncio.sleep(0.3)
        assert await _health(app.port) == "NOT_SERVING"
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.port}") as channel:
            call = channel.unary_unary("/test.Echo/Call")
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await call(b"early", timeout=5)
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE

            store_up.set()
            for _ in range(50):
                if await _health(app.port) == "SERVING":
                    break
                await asyncio.sleep(0.05)
            assert await _health(app.port) == "SERVING"

            in_flight = [asyncio.ensure_future(call(f"{i}".encode(), timeout=5)) for i in range(5)]
            await asyncio.sleep(0.1)  # received and being served
            os.kill(os.getpid(), signal.SIGTERM)
            assert await asyncio.gather(*in_flight) == [f"{i}".encode() for i in range(5)]
        await asyncio.wait_for(running, 10)
    finally:
        running.cancel()
    assert loop.stopping and closed == [loop.units_done]  # closed after the loop's last unit


async def test_sigterm_while_starting_stops_at_once():
    app = create_server([], port=0)
    never = asyncio.Event()

    async def wait_forever() -> None:
        await never.wait()

    running = asyncio.create_task(run_until_terminated(app, startup=[wait_forever]))
    await asyncio.sleep(0.2)
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(running, 5)  # returns: the process exits with status 0
