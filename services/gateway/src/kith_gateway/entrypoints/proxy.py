"""The gateway's byte-level proxy to the backends."""

from __future__ import annotations

import grpc

from kith_gateway.domain.ports import RevokedSessions
from kith_gateway.domain.routes import Deadlines, Route
from kith_gateway.entrypoints.admission import caller_address_var, verified_session_var, verified_user_var
from kith_platform.auth import (
    CLIENT_ADDRESS_METADATA,
    REQUEST_ID_METADATA,
    SESSION_ID_METADATA,
    USER_AGENT_METADATA,
    USER_ID_METADATA,
    metadata_value,
    revoked_sessions_of,
)
from kith_platform.logs import request_id_var

# Identity is told where a call comes from (sessions record their device and address), and names
# the sessions a call ended, which are refused from then on (REVOKED_SESSIONS_TRAILER).
IDENTITY = "identity"


class ProxyHandler(grpc.GenericRpcHandler):
    """Forwards public RPCs as raw bytes, unary or server-streaming (as the method descriptor
    says); only the request id and verified user go along. Both kinds pass the same
    interceptors (authentication, rate limits, error mapping) and get the same deadline."""

    def __init__(
        self,
        routes: dict[str, Route],
        channels: dict[str, grpc.aio.Channel],
        deadlines: Deadlines,
        revoked: RevokedSessions | None = None,
    ) -> None:
        self.routes = routes
        self.deadlines = deadlines
        self.revoked = revoked
        self._calls = {
            path: (
                channels[route.backend].unary_stream(path)
                if route.server_streaming
                else channels[route.backend].unary_unary(path)
            )
            for path, route in routes.items()
        }

    def _outgoing(self, context: grpc.aio.ServicerContext, route: Route) -> tuple[list[tuple[str, str]], float | None]:
        """The metadata sent to the backend (nothing the client sent but the request id; for
        identity, the client's address and user agent) and the timeout (Deadlines)."""
        metadata = [(REQUEST_ID_METADATA, request_id_var.get() or metadata_value(context, REQUEST_ID_METADATA))]
        user_id = verified_user_var.get()
        if user_id:
            metadata.append((USER_ID_METADATA, user_id))
            metadata.append((SESSION_ID_METADATA, verified_session_var.get()))
        if route.backend == IDENTITY:
            metadata.append((CLIENT_ADDRESS_METADATA, caller_address_var.get()))
            metadata.append((USER_AGENT_METADATA, metadata_value(context, "user-agent")))
        return metadata, self.deadlines.timeout(context.time_remaining(), route.long_lived)

    async def _revoked_by(self, call) -> None:
        """Mark the sessions an identity call ended as revoked before the client hears back."""
        if self.revoked is not None:
            ended = revoked_sessions_of(await call.trailing_metadata())
            if ended:
                await self.revoked.add(ended)

    def service(self, handler_call_details):
        call = self._calls.get(handler_call_details.method)
        if call is None:
            return None
        route = self.routes[handler_call_details.method]

        async def forward(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
            metadata, timeout = self._outgoing(context, route)
            try:
                if route.backend != IDENTITY:
                    return await call(request, metadata=metadata, timeout=timeout)
                pending = call(request, metadata=metadata, timeout=timeout)
                response = await pending
                await self._revoked_by(pending)
                return response
            except grpc.aio.AioRpcError as exc:
                await context.abort(exc.code(), exc.details() or exc.code().name)

        async def forward_stream(request: bytes, context: grpc.aio.ServicerContext) -> None:
            # Each response is written as it arrives (flow control holds the backend back when
            # the client reads slowly); a client that goes away cancels the backend's call too.
            metadata, timeout = self._outgoing(context, route)
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
