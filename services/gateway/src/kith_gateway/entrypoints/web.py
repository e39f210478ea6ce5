"""Browsers: the Connect protocol and gRPC-Web on the web port, beside native gRPC, and the
web app's files (clients/web) on the same origin.

The protocols are the Connect project's own implementation (`connectrpc`), served over
HTTP/1.1 by uvicorn. Nothing is translated here: each call goes on, with the client's own
bytes, as a native gRPC call to this gateway's own server over a private Unix socket. So
authentication, revocation, rate limits, stream limits, deadlines and the wall before internal
services (absent here too: a browser asking for one gets 404, read as UNIMPLEMENTED) apply
exactly as they do to a native client. The gateway trusts the client address the bridge names
in x-forwarded-for only on that socket (rate_limits.caller_address).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import uvicorn
from connectrpc.code import Code
from connectrpc.errors import ConnectError, ErrorDetail
from connectrpc.method import IdempotencyLevel, MethodInfo, StreamType
from connectrpc.request import RequestContext
from connectrpc.server import ConnectASGIApplication, Endpoint
from google.protobuf.message_factory import GetMessageClass
from google.rpc import status_pb2
from protobuf.wkt import Any as AnyDetail
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from kith_gateway.domain.routes import PUBLIC_SERVICES
from kith_gateway.entrypoints.rate_limits import forwarded_client

log = logging.getLogger(__name__)

READ_MAX_BYTES = 4 * 1024 * 1024  # as the native server's receive limit
# Request headers that belong to the browser protocols or to HTTP, not to the call.
_NOT_FORWARDED = frozenset(
    {"content-type", "content-length", "content-encoding", "accept-encoding", "te", "host", "connection",
     "origin", "referer", "x-grpc-web", "x-forwarded-for", "cookie", "keep-alive", "transfer-encoding",
     "upgrade", "accept", "accept-language", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-dest"}
)  # fmt: skip
_NOT_FORWARDED_PREFIXES = ("connect-", "grpc-", "sec-ch-", "access-control-")
# What a browser may send and read across origins (the Connect and gRPC-Web headers).
CORS_ALLOW_HEADERS = [
    "Authorization", "Content-Type", "Connect-Protocol-Version", "Connect-Timeout-Ms", "Connect-Accept-Encoding",
    "Connect-Content-Encoding", "Grpc-Timeout", "X-Grpc-Web", "X-User-Agent", "X-Request-Id",
]  # fmt: skip
CORS_EXPOSE_HEADERS = [
    "Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin", "Content-Encoding", "Connect-Content-Encoding",
    "X-Request-Id", "Retry-After-Ms",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Bytes:
    """A message as its bytes: neither side of the bridge parses it."""

    data: bytes


class PassThroughProto:
    """The binary protobuf codec without parsing: the gateway gets the client's exact bytes, so
    malformed ones are refused by the same server, after the same admission, as native ones.
    (JSON is not offered: parsing it here would refuse bad requests before admission.)"""

    def name(self) -> str:
        return "proto"

    def encode(self, message: _Bytes) -> bytes:
        return message.data

    def decode(self, data: bytes | bytearray, message_class: type) -> _Bytes:
        return _Bytes(bytes(data))


def forwarded_metadata(ctx: RequestContext, hops: int) -> list[tuple[str, str]]:
    """The call's own headers (authorization, x-request-id, user-agent, ...) and the client's
    address, as the last x-forwarded-for entry."""
    metadata = [
        (name, value)
        for name, value in ctx.request_headers.allitems()
        if name not in _NOT_FORWARDED and not name.startswith(_NOT_FORWARDED_PREFIXES) and not name.endswith("-bin")
    ]
    peer = (ctx.client_address or "").rsplit(":", 1)[0].strip("[]") or "unknown"
    metadata.append(("x-forwarded-for", forwarded_client(ctx.request_headers.get("x-forwarded-for", ""), peer, hops)))
    return metadata


def connect_error(exc: grpc.aio.AioRpcError, ctx: RequestContext) -> ConnectError:
    """The gateway's status as a Connect error: its code, message and rich details; trailers
    such as retry-after-ms reach the browser as response headers."""
    trailers = exc.trailing_metadata() or ()
    details: list[ErrorDetail] = []
    for key, value in trailers:
        if key == "grpc-status-details-bin" and isinstance(value, bytes):
            status = status_pb2.Status.FromString(value)
            details = [ErrorDetail(AnyDetail(type_url=d.type_url, value=d.value)) for d in status.details]
    _answered_headers(trailers, ctx)
    return ConnectError(Code[exc.code().name], exc.details() or "", details)


def _answered_headers(metadata: Any, ctx: RequestContext) -> None:
    """The gateway's text metadata (x-request-id, retry-after-ms) as response headers; its
    own gRPC status entries and binary ones stay behind."""
    for key, value in metadata or ():
        if isinstance(value, str) and not key.startswith("grpc-"):
            ctx.response_headers[key] = value


def _timeout(ctx: RequestContext) -> float | None:
    return None if ctx.timeout_ms is None else max(ctx.timeout_ms, 0.0) / 1000


def _unary(channel: grpc.aio.Channel, path: str, info: MethodInfo, hops: int) -> Endpoint:
    call = channel.unary_unary(path)

    async def forward(request: _Bytes, ctx: RequestContext) -> _Bytes:
        pending = call(request.data, metadata=forwarded_metadata(ctx, hops), timeout=_timeout(ctx))
        try:
            response = await pending
            _answered_headers(await pending.initial_metadata(), ctx)
        except grpc.aio.AioRpcError as exc:
            raise connect_error(exc, ctx) from None
        return _Bytes(response)

    return Endpoint.unary(info, forward)


def _server_stream(channel: grpc.aio.Channel, path: str, info: MethodInfo, hops: int) -> Endpoint:
    call = channel.unary_stream(path)

    async def forward(request: _Bytes, ctx: RequestContext) -> AsyncIterator[_Bytes]:
        responses = call(request.data, metadata=forwarded_metadata(ctx, hops), timeout=_timeout(ctx))
        try:
            async for response in responses:
                yield _Bytes(response)
        except grpc.aio.AioRpcError as exc:
            raise connect_error(exc, ctx) from None
        finally:
            responses.cancel()  # the browser went away: so does the call

    return Endpoint.server_stream(info, forward)


def public_endpoints(channel: grpc.aio.Channel, trusted_proxy_hops: int) -> dict[str, Endpoint]:
    """One endpoint per public RPC (the same list as the native gateway's)."""
    endpoints: dict[str, Endpoint] = {}
    for services in PUBLIC_SERVICES.values():
        for service in services:
            for method in service.methods:
                path = f"/{service.full_name}/{method.name}"
                streaming = method.server_streaming
                info = MethodInfo(
                    name=method.name,
                    service_name=service.full_name,
                    input=GetMessageClass(method.input_type),
                    output=GetMessageClass(method.output_type),
                    idempotency_level=IdempotencyLevel.UNKNOWN,
                    stream_type=StreamType.SERVER_STREAM if streaming else StreamType.UNARY,
                )
                build = _server_stream if streaming else _unary
                endpoints[path] = build(channel, path, info, trusted_proxy_hops)
    return endpoints


class _Bridge(ConnectASGIApplication):
    path = "/"


class _App:
    """API paths to the bridge; native gRPC (which needs HTTP/2 trailers) refused with a
    pointer to the gRPC port; anything else is the web app (its index.html for the app's own
    routes)."""

    def __init__(self, bridge: ASGIApp, app_dir: Path | None) -> None:
        self.bridge = bridge
        self.files = StaticFiles(directory=app_dir, check_dir=False) if app_dir else None
        self.index = app_dir / "index.html" if app_dir else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return await self.bridge(scope, receive, send)
        path: str = scope["path"]
        if path.startswith("/kith."):
            content_type = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1")
            if content_type.startswith("application/grpc") and not content_type.startswith("application/grpc-web"):
                response: Response = PlainTextResponse(
                    "native gRPC is served on the gateway's gRPC port; this port speaks Connect and gRPC-Web",
                    status_code=415,
                )
                return await response(scope, receive, send)
            return await self.bridge(scope, receive, send)
        if self.files is None or self.index is None or scope["method"] not in ("GET", "HEAD"):
            return await PlainTextResponse("not found", status_code=404)(scope, receive, send)
        if not self.index.is_file():
            unbuilt = PlainTextResponse(
                "the web app is not built yet (make up builds it: clients/web)", status_code=404
            )
            return await unbuilt(scope, receive, send)
        try:
            await self.files(scope, receive, send)
        except HTTPException as exc:  # a path that is not a file: one of the app's own routes
            if exc.status_code != 404 or not self.index.is_file():
                raise
            await FileResponse(self.index)(scope, receive, send)


def web_app(
    channel: grpc.aio.Channel, *, cors_origins: list[str], app_dir: Path | None, trusted_proxy_hops: int
) -> ASGIApp:
    endpoints = public_endpoints(channel, trusted_proxy_hops)
    bridge = _Bridge(
        service=object(),
        endpoints=lambda _service: endpoints,
        codecs=[PassThroughProto()],
        read_max_bytes=READ_MAX_BYTES,
    )
    app: ASGIApp = _App(bridge, app_dir)
    if cors_origins:
        app = CORSMiddleware(
            app,
            allow_origins=cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=CORS_ALLOW_HEADERS,
            expose_headers=CORS_EXPOSE_HEADERS,
            max_age=7200,
        )
    return app


@contextlib.contextmanager
def private_socket() -> Iterator[str]:
    """A Unix socket address in a directory only this user can enter (0700)."""
    directory = tempfile.mkdtemp(prefix="kith-gateway-web-")
    path = os.path.join(directory, "grpc.sock")
    try:
        yield f"unix:{path}"
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        with contextlib.suppress(OSError):
            os.rmdir(directory)


class _QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: the gateway's run loop owns SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """The web port as one of the gateway's background loops."""

    def __init__(self, app: ASGIApp, host: str, port: int, channel_close: Callable[[], Any]) -> None:
        # The client's address is ours to work out (forwarded_metadata), not uvicorn's; the
        # gateway's own access log names every call.
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            lifespan="off",
            proxy_headers=False,
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=5,
        )
        self.server = _QuietServer(config)
        self._close = channel_close

    async def run(self) -> None:
        try:
            await self.server.serve()
        except SystemExit as exc:  # uvicorn's answer to a port it cannot bind
            raise RuntimeError(f"the web port could not be served ({exc.code})") from None
        finally:
            await self._close()
        if not self.server.started:
            raise RuntimeError("the web port could not be served")

    def request_stop(self) -> None:
        self.server.should_exit = True


def web_server(
    socket_address: str,
    *,
    host: str,
    port: int,
    cors_origins: list[str],
    app_dir: Path | None,
    trusted_proxy_hops: int,
) -> WebServer:
    channel = grpc.aio.insecure_channel(socket_address)
    app = web_app(channel, cors_origins=cors_origins, app_dir=app_dir, trusted_proxy_hops=trusted_proxy_hops)
    return WebServer(app, host, port, channel.close)
