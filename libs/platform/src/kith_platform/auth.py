"""How the authenticated caller travels from the gateway to the backends."""

from __future__ import annotations

import uuid

import grpc

from kith_platform.errors import Unauthenticated
from kith_platform.logs import user_id_var

# Set only by the gateway after verifying the access token; the gateway forwards no metadata
# the client sent but the request id, so backends can trust these.
USER_ID_METADATA = "x-kith-user-id"
SESSION_ID_METADATA = "x-kith-session-id"
REQUEST_ID_METADATA = "x-request-id"


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
