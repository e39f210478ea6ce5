"""Domain errors and the one place that maps them (and infrastructure failures) to gRPC codes."""

from __future__ import annotations

import grpc


class DomainError(Exception):
    """An expected failure that the caller can act on."""

    code: grpc.StatusCode = grpc.StatusCode.FAILED_PRECONDITION

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidArgument(DomainError):
    """A request field is missing or malformed; the message names the field."""

    code = grpc.StatusCode.INVALID_ARGUMENT

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFound(DomainError):
    code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(DomainError):
    code = grpc.StatusCode.ALREADY_EXISTS


class PermissionDenied(DomainError):
    code = grpc.StatusCode.PERMISSION_DENIED


class Unauthenticated(DomainError):
    code = grpc.StatusCode.UNAUTHENTICATED


class FailedPrecondition(DomainError):
    code = grpc.StatusCode.FAILED_PRECONDITION


class ResourceExhausted(DomainError):
    """Too many of something (requests in a window, attempts); the message says when to retry."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class Unavailable(DomainError):
    code = grpc.StatusCode.UNAVAILABLE


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean a dependency is down: the caller may retry (UNAVAILABLE)."""
    import asyncpg
    import neo4j.exceptions
    import redis.exceptions

    return (
        ConnectionError,
        TimeoutError,
        OSError,
        asyncpg.exceptions.PostgresConnectionError,
        asyncpg.exceptions.CannotConnectNowError,
        asyncpg.exceptions.TooManyConnectionsError,
        asyncpg.exceptions.InterfaceError,
        # A pooled connection whose server went away mid-operation: with PostgreSQL killed, a
        # transaction's BEGIN or COMMIT met "cannot switch to state 15; another operation (2) is in
        # progress" (FAULTS=long, twice). Nothing was committed; the pool drops the connection.
        asyncpg.exceptions.InternalClientError,
        neo4j.exceptions.ServiceUnavailable,
        neo4j.exceptions.SessionExpired,
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        # Redis Cluster: no quorum or a slot without a master (failover under way), a
        # multi-key command during resharding.
        redis.exceptions.ClusterDownError,
        redis.exceptions.MasterDownError,
        redis.exceptions.TryAgainError,
    )


TRANSIENT_ERRORS = _transient_errors()


def status_for(exc: BaseException) -> tuple[grpc.StatusCode, str] | None:
    """The status an exception maps to, or None for a bug (INTERNAL)."""
    if isinstance(exc, DomainError):
        return exc.code, exc.message
    if isinstance(exc, TRANSIENT_ERRORS):
        return grpc.StatusCode.UNAVAILABLE, "a backing server is unavailable; retry later"
    return None
