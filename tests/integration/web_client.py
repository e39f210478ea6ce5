"""The public API as a browser speaks it: the Connect protocol or gRPC-Web on the gateway's web
port, with the Connect project's own client (`connectrpc`), methods looked up by their path."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from connectrpc.client import ConnectClient
from connectrpc.compat import google_protobuf_binary_codec
from connectrpc.method import IdempotencyLevel, MethodInfo, StreamType
from connectrpc.protocol import ProtocolType
from google.protobuf import descriptor_pool
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass

from tests.integration.endpoints import WEB

PROTOCOLS = {"connect": ProtocolType.CONNECT, "grpc-web": ProtocolType.GRPC_WEB}


def method_info(path: str) -> MethodInfo:
    """'/kith.identity.v1.IdentityService/Login' -> its MethodInfo, from the descriptors."""
    method = descriptor_pool.Default().FindMethodByName(path[1:].replace("/", "."))
    return MethodInfo(
        name=method.name,
        service_name=method.containing_service.full_name,
        input=GetMessageClass(method.input_type),
        output=GetMessageClass(method.output_type),
        idempotency_level=IdempotencyLevel.UNKNOWN,
        stream_type=StreamType.SERVER_STREAM if method.server_streaming else StreamType.UNARY,
    )


class WebApi:
    """One protocol's client. `codec` defaults to binary protobuf (google.protobuf messages)."""

    def __init__(self, protocol: str, codec: Any = None, url: str = WEB) -> None:
        self.client = ConnectClient(
            url, protocol=PROTOCOLS[protocol], codec=codec or google_protobuf_binary_codec(), send_compression=None
        )

    async def __aenter__(self) -> WebApi:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.close()

    async def call(self, path: str, request: Any, *, token: str = "", headers: Mapping[str, str] | None = None) -> Any:
        return await self.client.execute_unary(
            request=request, method=method_info(path), headers=_headers(token, headers), timeout_ms=10_000
        )

    def stream(
        self, path: str, request: Message, *, token: str = "", timeout_ms: int | None = None
    ) -> AsyncIterator[Any]:
        return self.client.execute_server_stream(
            request=request, method=method_info(path), headers=_headers(token, None), timeout_ms=timeout_ms
        )


def _headers(token: str, headers: Mapping[str, str] | None) -> dict[str, str]:
    return {**({"authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
