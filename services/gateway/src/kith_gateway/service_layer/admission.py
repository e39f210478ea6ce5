"""Who is admitted: the edge's one check before a call goes on. The bearer token verified (but
not on the sign-in RPCs), then in one question to the store whether its session has ended and a
token from each of the call's rate-limit buckets."""

from __future__ import annotations

import logging

from kith_gateway.domain.limits import RateLimited, RateLimits
from kith_gateway.domain.ports import AdmissionStore
from kith_gateway.domain.routes import Route
from kith_gateway.domain.tokens import bearer_token
from kith_gateway.service_layer.tokens import AccessTokens
from kith_platform.errors import TRANSIENT_ERRORS, Unauthenticated

log = logging.getLogger("kith.gateway.admission")

ANONYMOUS = ("", "")


class Gatekeeper:
    """Authenticates every routed call except the anonymous ones, and rate-limits every routed
    call (when `limits` is given)."""

    def __init__(self, tokens: AccessTokens, store: AdmissionStore, limits: RateLimits | None) -> None:
        self.tokens = tokens
        self.store = store
        self.limits = limits

    async def admit(self, route: Route, authorization: str, address: str, login: str) -> tuple[str, str]:
        """The verified caller (user id, session id; empty for an anonymous route). UNAUTHENTICATED
        for a token that is missing or invalid or whose session has ended, RateLimited when a
        bucket is empty. `login`: the account a sign-in call names (empty for none)."""
        caller = ANONYMOUS
        if not route.anonymous:
            caller = await self.tokens.verify(bearer_token(authorization))
        buckets = [] if self.limits is None else self.limits.buckets(route.method, address, caller[0], login)
        try:
            admission = await self.store.admit(caller[1], buckets)
        except TRANSIENT_ERRORS as exc:
            # Availability over strictness: without Redis the edge keeps serving; revoked
            # tokens still expire within minutes.
            log.warning("revocations and rate limits unavailable, allowing the call: %r", exc)
            return caller
        if admission.session_ended:
            raise Unauthenticated("session has ended; log in again")
        if admission.wait_ms > 0:
            raise RateLimited(admission.wait_ms)
        return caller
