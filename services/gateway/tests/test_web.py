"""The web port's own rules (entrypoints.web): what is forwarded, and a port it cannot bind."""

from __future__ import annotations

import socket

import pytest
from connectrpc.request import Headers

from kith_gateway.entrypoints.web import WebServer, forwarded_metadata


class _Ctx:
    def __init__(self, headers: dict[str, str], client: str = "198.51.100.7:40000") -> None:
        self.request_headers = Headers(headers)
        self.client_address = client


def test_the_call_keeps_its_own_headers_and_names_the_client_last():
    ctx = _Ctx(
        {
            "authorization": "Bearer t",
            "x-request-id": "r1",
            "content-type": "application/proto",
            "connect-protocol-version": "1",
            "grpc-timeout": "5S",
            "cookie": "session=x",
            "origin": "https://example.org",
            "x-forwarded-for": "203.0.113.9",
        }
    )
    metadata = forwarded_metadata(ctx, 0)
    assert metadata == [("authorization", "Bearer t"), ("x-request-id", "r1"), ("x-forwarded-for", "198.51.100.7")]


def test_behind_a_proxy_of_ours_the_client_is_the_entry_it_added():
    ctx = _Ctx({"x-forwarded-for": "6.6.6.6, 203.0.113.9"}, client="10.0.0.2:5000")
    assert forwarded_metadata(ctx, 1)[-1] == ("x-forwarded-for", "203.0.113.9")


async def test_a_port_it_cannot_bind_ends_the_web_server_with_an_error():
    closed = []

    async def close() -> None:
        closed.append(True)

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = WebServer(lambda scope, receive, send: None, "127.0.0.1", taken.getsockname()[1], close)
        with pytest.raises(RuntimeError, match="web port"):
            await server.run()
    assert closed == [True]
