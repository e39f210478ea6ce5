"""The admission interceptor: a routed call's bearer header, address and (for the log-in RPCs)
the account it names, handed to the Gatekeeper; its refusals as gRPC statuses (a rate limit with
RetryInfo), or on the call goes with the verified caller in contextvars for the proxy."""

from __future__ import annotations

import contextvars

import grpc

from kith.identity.v1 import identity_pb2, trust_safety_pb2
from kith_gateway.domain.limits import RateLimited
from kith_gateway.domain.routes import Route
from kith_gateway.entrypoints.rate_limits import caller_address, reject
from kith_gateway.service_layer.admission import Gatekeeper
from kith_platform.auth import metadata_value
from kith_platform.grpc_server import wrap_unary_handler
from kith_platform.logs import user_id_var

# The verified caller of the current request; only the admission interceptor sets them.
verified_user_var: contextvars.ContextVar[str] = contextvars.ContextVar("verified_user", default="")
verified_session_var: contextvars.ContextVar[str] = contextvars.ContextVar("verified_session", default="")
# The client's address as admission counted it (identity records where sessions start).
caller_address_var: contextvars.ContextVar[str] = contextvars.ContextVar("caller_address", default="")

# RPCs naming an account (to log in to, to reset), and the request field that names it.
LOGIN_REQUESTS = {
    "/kith.identity.v1.IdentityService/Login": (identity_pb2.LoginRequest, "login"),
    "/kith.identity.v1.IdentityService/ReactivateAccount": (identity_pb2.ReactivateAccountRequest, "login"),
    "/kith.identity.v1.IdentityService/RequestPasswordReset": (identity_pb2.RequestPasswordResetRequest, "email"),
    "/kith.identity.v1.TrustAndSafetyService/AppealSuspension": (trust_safety_pb2.AppealSuspensionRequest, "login"),
}


def login_of(named, request: bytes) -> str:
    message_type, field = named
    try:
        return getattr(message_type.FromString(request), field)
    except Exception:  # noqa: BLE001 - a malformed body is the backend's to reject
        return ""


class AdmissionInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, routes: dict[str, Route], gatekeeper: Gatekeeper, trusted_proxy_hops: int = 0) -> None:
        self.routes = routes
        self.gatekeeper = gatekeeper
        self.trusted_proxy_hops = trusted_proxy_hops

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        route = self.routes.get(handler_call_details.method)
        if route is None:
            return handler  # health, reflection, or UNIMPLEMENTED
        login_request = LOGIN_REQUESTS.get(route.method)

        def wrap(behaviour):
            async def run(request, context):
                verified_user_var.set("")
                verified_session_var.set("")
                user_id_var.set("")  # never trust a client-sent identity
                address = caller_address(context, self.trusted_proxy_hops)
                caller_address_var.set(address)
                try:
                    user_id, session_id = await self.gatekeeper.admit(
                        route,
                        metadata_value(context, "authorization"),
                        address,
                        "" if login_request is None else login_of(login_request, request),
                    )
                except RateLimited as limited:
                    await reject(context, limited)
                verified_user_var.set(user_id)
                verified_session_var.set(session_id)
                user_id_var.set(user_id)
                return await behaviour(request, context)

            return run

        return wrap_unary_handler(handler, wrap)
