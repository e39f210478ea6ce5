"""The edge's one check before a call goes on: the bearer token verified (AccessTokens), then in
one Redis round trip whether its session has ended and a token from each rate-limit bucket
(RedisAdmission). UNAUTHENTICATED, or RESOURCE_EXHAUSTED with RetryInfo, or on it goes with
the verified caller in contextvars for the proxy."""

from __future__ import annotations

import contextvars
import logging

import grpc

from kith_gateway.adapters.admission import Admission, RedisAdmission
from kith_gateway.adapters.keys import IdentityKeySet
from kith_gateway.domain.routes import Route
from kith_gateway.entrypoints.rate_limits import RateLimits, caller_address, reject
from kith_platform.auth import metadata_value
from kith_platform.errors import TRANSIENT_ERRORS, Unauthenticated
from kith_platform.grpc_server import wrap_unary_handler
from kith_platform.logs import user_id_var

log = logging.getLogger("kith.gateway.admission")

# The verified caller of the current request; only the admission interceptor sets them.
verified_user_var: contextvars.ContextVar[str] = contextvars.ContextVar("verified_user", default="")
verified_session_var: contextvars.ContextVar[str] = contextvars.ContextVar("verified_session", default="")


def bearer_token(context: grpc.aio.ServicerContext) -> str:
    scheme, _, token = metadata_value(context, "authorization").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("missing bearer access token")
    return token.strip()


class AdmissionInterceptor(grpc.aio.ServerInterceptor):
    """Authenticates every routed call except the anonymous ones, and rate-limits every routed
    call (when `limits` is given): per address, per verified user, and stricter for sign-in."""

    def __init__(
        self,
        routes: dict[str, Route],
        keys: IdentityKeySet,
        admission: RedisAdmission,
        limits: RateLimits | None,
        trusted_proxy_hops: int = 0,
    ) -> None:
        self.routes = routes
        self.keys = keys
        self.admission = admission
        self.limits = limits
        self.trusted_proxy_hops = trusted_proxy_hops

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        route = self.routes.get(method)
        if route is None:
            return handler  # health, reflection, or UNIMPLEMENTED

        def wrap(behaviour):
            async def run(request, context):
                verified_user_var.set("")
                verified_session_var.set("")
                user_id_var.set("")  # never trust a client-sent identity
                user_id = session_id = ""
                if not route.anonymous:
                    user_id, session_id = await self.keys.verify(bearer_token(context))
                buckets = (
                    []
                    if self.limits is None
                    else self.limits.buckets(method, caller_address(context, self.trusted_proxy_hops), user_id, request)
                )
                admission = await self._admit(session_id, buckets)
                if admission.session_ended:
                    raise Unauthenticated("session has ended; log in again")
                if admission.wait_ms > 0:
                    await reject(context, admission.wait_ms)
                verified_user_var.set(user_id)
                verified_session_var.set(session_id)
                user_id_var.set(user_id)
                return await behaviour(request, context)

            return run

        return wrap_unary_handler(handler, wrap)

    async def _admit(self, session_id: str, buckets) -> Admission:
        try:
            return await self.admission.admit(session_id, buckets)
        except TRANSIENT_ERRORS as exc:
            # Availability over strictness: without Redis the edge keeps serving; revoked
            # tokens still expire within minutes.
            log.warning("revocations and rate limits unavailable, allowing the call: %r", exc)
            return Admission(False, 0)
