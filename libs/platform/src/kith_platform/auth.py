"""How the authenticated caller travels from the gateway to the backends."""

from __future__ import annotations

import contextvars
import functools
import uuid

import grpc

from kith_platform.errors import Unauthenticated
from kith_platform.logs import user_id_var

# Set only by the gateway after verifying the access token; the gateway forwards no metadata
# the client sent but the request id, so backends can trust these.
USER_ID_METADATA = "x-kith-user-id"
SESSION_ID_METADATA = "x-kith-session-id"
REQUEST_ID_METADATA = "x-request-id"
# Set by the gateway for identity only: where the call came from, for the sessions it starts.
CLIENT_ADDRESS_METADATA = "x-kith-client-address"
USER_AGENT_METADATA = "x-kith-user-agent"


def metadata_value(context: grpc.aio.ServicerContext, key: str) -> str:
    for k, v in context.invocation_metadata() or ():
        if k == key:
            return v if isinstance(v, str) else v.decode()
    return ""


def _uuid_or_empty(value: str) -> str:
    try:
        return str(uuid.UUID(value)) if value else ""
    except ValueError:
        return ""


def caller_id(context: grpc.aio.ServicerContext) -> str:
    """The verified user id of the caller, or UNAUTHENTICATED."""
    user_id = _uuid_or_empty(metadata_value(context, USER_ID_METADATA))
    if not user_id:
        raise Unauthenticated("authentication required")
    user_id_var.set(user_id)
    return user_id


def caller_session_id(context: grpc.aio.ServicerContext) -> str:
    """The session id of the caller's access token (empty for tokens without one)."""
    return _uuid_or_empty(metadata_value(context, SESSION_ID_METADATA))


# Identity names, in a trailer of its answer, the sessions a call ended (log-out, a revoked
# session, a password change or reset, ...): the gateway marks them revoked before it answers the
# client, so their tokens are refused when the call returns, not when the event arrives by Kafka.
REVOKED_SESSIONS_TRAILER = "x-kith-revoked-sessions"
_revoked_in_call: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("revoked_in_call", default=None)


def note_revoked_sessions(session_ids: list[str]) -> None:
    """Record sessions ended by the current call (a no-op outside `revocation_trailer`)."""
    collected = _revoked_in_call.get()
    if collected is not None:
        collected.extend(session_ids)


def revocation_trailer(method):
    """Decorate a servicer method: the sessions it ended go back in REVOKED_SESSIONS_TRAILER."""

    @functools.wraps(method)
    async def run(self, request, context):
        collected: list[str] = []
        token = _revoked_in_call.set(collected)
        try:
            response = await method(self, request, context)
        finally:
            _revoked_in_call.reset(token)
        if collected:  # committed: the call succeeded (a failed one leaves it to the events)
            context.set_trailing_metadata(((REVOKED_SESSIONS_TRAILER, ",".join(collected)),))
        return response

    return run


def revoked_sessions_of(trailing_metadata) -> list[str]:
    """The session ids in a backend answer's REVOKED_SESSIONS_TRAILER (valid UUIDs only)."""
    for key, value in trailing_metadata or ():
        if key == REVOKED_SESSIONS_TRAILER:
            text = value if isinstance(value, str) else value.decode()
            return [s for s in (_uuid_or_empty(v.strip()) for v in text.split(",")) if s]
    return []
