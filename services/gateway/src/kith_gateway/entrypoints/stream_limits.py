"""The stream-limit interceptor: a live stream (Route.long_lived) holds a place (StreamLimits)
while it is open. Runs after admission (it counts the verified user)."""

from __future__ import annotations

import grpc

from kith_gateway.domain.routes import Route
from kith_gateway.entrypoints.admission import verified_user_var
from kith_gateway.entrypoints.rate_limits import caller_address
from kith_gateway.service_layer.streams import StreamLimits
from kith_platform.grpc_server import wrap_unary_handler


class StreamLimitInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, routes: dict[str, Route], streams: StreamLimits, trusted_proxy_hops: int = 0) -> None:
        self.long_lived = {path for path, route in routes.items() if route.long_lived}
        self.streams = streams
        self.trusted_proxy_hops = trusted_proxy_hops

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler_call_details.method not in self.long_lived:
            return handler

        def wrap(behaviour):
            async def run(request, context):
                address = caller_address(context, self.trusted_proxy_hops)
                place = await self.streams.open(verified_user_var.get(), address)
                try:
                    return await behaviour(request, context)
                finally:
                    await self.streams.close(place)

            return run

        return wrap_unary_handler(handler, wrap)
