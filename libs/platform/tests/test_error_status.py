"""Which status an exception maps to: a dependency that went away is UNAVAILABLE (the client may
retry), anything else unknown is a bug (None: INTERNAL)."""

from __future__ import annotations

import asyncpg
import grpc
import pytest

from kith_platform.errors import NotFound, status_for


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(111, "Connection refused"),
        asyncpg.exceptions.InterfaceError("cannot call Transaction.__aexit__(): the underlying connection is closed"),
        asyncpg.exceptions.InternalClientError("cannot switch to state 15; another operation (2) is in progress"),
    ],
    ids=["refused", "connection closed", "connection left mid-operation"],
)
def test_a_store_gone_away_is_unavailable(exc):
    assert status_for(exc) == (grpc.StatusCode.UNAVAILABLE, "a backing server is unavailable; retry later")


def test_a_domain_error_keeps_its_code_and_a_bug_has_none():
    assert status_for(NotFound("post_id: no such post")) == (grpc.StatusCode.NOT_FOUND, "post_id: no such post")
    assert status_for(KeyError("oops")) is None
