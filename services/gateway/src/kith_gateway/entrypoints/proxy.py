"""The gateway's byte-level proxy to the backends."""

from __future__ import annotations

import grpc

from kith_gateway.domain.routes import Deadlines, Route
from kith_gateway.entrypoints.admission import verified_session_var, verified_user_var
from kith_platform.auth import REQUEST_ID_METADATA, SESSION_ID_METADATA, USER_ID_METADATA, metadata_value
from kith_platform.logs import request_id_var


class ProxyHandler(grpc.GenericRpcHandler):
    """Forwards public RPCs as raw bytes, unary or server-streaming (as the method descriptor
    says); only the request id and verified user go along. Both kinds pass the same
    interceptors (authentication, rate limits, error mapping) and get the same deadline."""

    def __init__(self, routes: dict[str, Route], channels: dict[str, grpc.aio.Channel], deadlines: Deadlines) -> None:
        self.routes = routes
        self.deadlines = deadlines
        self._calls = {
            path: (
                channels[route.backend].unary_stream(path)
                if route.server_streaming
                else channels[route.backend].unary_unary(path)
            )
            for path, route in routes.items()
        }

    def _outgoing(
        self, context: grpc.aio.ServicerContext, long_lived: bool = False
    ) -> tuple[list[tuple[str, str]], float | None]:
        """The metadata sent to the backend (nothing the client sent but the request id) and the
        timeout (Deadlines)."""
        metadata = [(REQUEST_ID_METADATA, request_id_var.get() or metadata_value(context, REQUEST_ID_METADATA))]
        user_id = verified_user_var.get()
        if user_id:
            metadata.append((USER_ID_METADATA, user_id))
            metadata.append((SESSION_ID_METADATA, verified_session_var.get()))
        return metadata, self.deadlines.timeout(context.time_remaining(), long_lived)

    def service(self, handler_call_details):
        call = self._calls.get(handler_call_details.method)
        if call is None:
            return None
        route = self.routes[handler_call_details.method]

        async def forward(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
            metadata, timeout = self._outgoing(context)
            try:
                return await call(request, metadata=metadata, timeout=timeout)
            except grpc.aio.AioRpcError as exc:
                await context.abort(exc.code(), exc.details() or exc.code().name)

        async def forward_stream(request: bytes, context: grpc.aio.ServicerContext) -> None:
            # Each response is written as it arrives (flow control holds the backend back when
            # the client reads slowly); a client that goes away cancels the backend's call too.
            metadata, timeout = self._outgoing(context, route.long_lived)
            responses = call(request, metadata=metadata, timeout=timeout)
            try:
                async for response in responses:
                    await context.write(response)
            except grpc.aio.AioRpcError as exc:
                await context.abort(exc.code(), exc.details() or exc.code().name)
            finally:
                responses.cancel()

        if route.server_streaming:
            return grpc.unary_stream_rpc_method_handler(forward_stream)
        return grpc.unary_unary_rpc_method_handler(forward)
