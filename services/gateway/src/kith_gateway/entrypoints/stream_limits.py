"""Limits on open live streams (Route.long_lived), per verified user and per client address,
across every gateway replica (adapters.stream_places)."""

from __future__ import annotations

import grpc

from kith_gateway.adapters.stream_places import RedisStreamPlaces
from kith_gateway.config import GatewaySettings
from kith_gateway.domain.routes import Route
from kith_gateway.entrypoints.admission import verified_user_var
from kith_gateway.entrypoints.rate_limits import caller_address
from kith_platform.errors import DomainError
from kith_platform.grpc_server import wrap_unary_handler


class TooManyStreams(DomainError):
    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class StreamLimitInterceptor(grpc.aio.ServerInterceptor):
    """Holds a place for each live stream while it is open; RESOURCE_EXHAUSTED beyond a limit.
    Runs after admission (it counts the verified user)."""

    def __init__(self, routes: dict[str, Route], places: RedisStreamPlaces, settings: GatewaySettings) -> None:
        self.long_lived = {path for path, route in routes.items() if route.long_lived}
        self.places = places
        self.trusted_proxy_hops = settings.trusted_proxy_hops

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler_call_details.method not in self.long_lived:
            return handler

        def wrap(behaviour):
            async def run(request, context):
                user_id = verified_user_var.get()
                address = caller_address(context, self.trusted_proxy_hops)
                place, refused = await self.places.take(user_id, address)
                if refused:
                    raise TooManyStreams(refused)
                try:
                    return await behaviour(request, context)
                finally:
                    await self.places.give_back(place)

            return run

        return wrap_unary_handler(handler, wrap)
