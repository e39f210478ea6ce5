"""DeleteAccount through the gateway: deactivated at once, erased after the grace period unless
the person logs in first; EraseAccountNow (internal, for operators) erases at once; an erased
account is gone from identity (its handle free again), its only trace the tombstone."""

from __future__ import annotations

import contextlib
import time
import uuid

import asyncpg
import grpc
import pytest

from kith.identity.v1 import identity_pb2 as I
from kith.identity.v1 import identity_pb2_grpc
from kith_platform.testing import wait_until
from tests.integration.endpoints import SERVICE_ADDRESSES

IDENTITY_DSN = "postgresql://postgres@127.0.0.1:15432/identity"


@contextlib.asynccontextmanager
async def identity_db():
    conn = await asyncpg.connect(IDENTITY_DSN)
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def internal_identity():
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        yield identity_pb2_grpc.IdentityInternalServiceStub(channel)


async def _code(call) -> grpc.StatusCode | None:
    try:
        await call
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return None


async def _profile_code(api, viewer, user) -> grpc.StatusCode | None:
    return await _code(api.identity.GetProfile(I.GetProfileRequest(user_id=user.user_id), metadata=viewer.auth))


async def test_delete_account_needs_the_password_hides_at_once_and_logging_in_cancels(api):
    leaver, friend = await api.sign_up("leaver"), await api.sign_up("friend")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await api.identity.DeleteAccount(I.DeleteAccountRequest(password="not it"), metadata=leaver.auth)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "password" in refused.value.details()

    before = time.time()
    response = await api.identity.DeleteAccount(I.DeleteAccountRequest(password=leaver.password), metadata=leaver.auth)
    days = (response.erase_after.ToDatetime().timestamp() - before) / 86400
    assert 13.9 < days < 14.1, days
    assert await _profile_code(api, friend, leaver) == grpc.StatusCode.NOT_FOUND  # at once

    # Logging in within the grace period cancels the deletion and brings the account back.
    login = await api.identity.Login(I.LoginRequest(login=leaver.handle, password=leaver.password))
    assert login.access_token
    assert await _profile_code(api, friend, leaver) is None
    async with identity_db() as conn:
        row = await conn.fetchrow(
            "SELECT deactivated_at, erase_after FROM users WHERE id = $1", uuid.UUID(leaver.user_id)
        )
    assert row["deactivated_at"] is None and row["erase_after"] is None


async def test_reactivating_cancels_a_pending_deletion(api):
    leaver = await api.sign_up("leaver")
    await api.identity.DeleteAccount(I.DeleteAccountRequest(password=leaver.password), metadata=leaver.auth)
    back = await api.identity.ReactivateAccount(
        I.ReactivateAccountRequest(login=leaver.handle, password=leaver.password)
    )
    me = await api.identity.GetProfile(
        I.GetProfileRequest(user_id=leaver.user_id), metadata=(("authorization", f"Bearer {back.access_token}"),)
    )
    assert me.profile.handle == leaver.handle


async def test_an_erased_account_is_gone_and_its_handle_free(api, internal_identity):
    leaver, friend = await api.sign_up("leaver"), await api.sign_up("friend")
    await api.identity.DeleteAccount(I.DeleteAccountRequest(password=leaver.password), metadata=leaver.auth)
    assert (await internal_identity.EraseAccountNow(I.EraseAccountNowRequest(user_id=leaver.user_id))).erased
    assert not (await internal_identity.EraseAccountNow(I.EraseAccountNowRequest(user_id=leaver.user_id))).erased
    assert (
        await _code(
            internal_identity.EraseAccountNow(I.EraseAccountNowRequest(user_id="00000000-0000-4000-8000-000000000000"))
        )
        == grpc.StatusCode.NOT_FOUND
    )
    assert (
        await _code(internal_identity.EraseAccountNow(I.EraseAccountNowRequest(user_id="not-a-uuid")))
        == grpc.StatusCode.INVALID_ARGUMENT
    )

    assert await _profile_code(api, friend, leaver) == grpc.StatusCode.NOT_FOUND
    assert (
        await _code(api.identity.Login(I.LoginRequest(login=leaver.handle, password=leaver.password)))
        == grpc.StatusCode.UNAUTHENTICATED
    )
    # The handle and the email are free again.
    await api.identity.Register(
        I.RegisterRequest(handle=leaver.handle, email=f"{leaver.handle}@example.org", password="another good password")
    )

    async def identity_traces() -> list[str]:
        return await _identity_traces(leaver.user_id)

    # The outbox rows that named the user go once Kafka has them (the eraser's next round).
    await wait_until(lambda: _no(identity_traces), timeout=30, what="no trace of the user in identity")


async def test_an_active_account_erased_by_an_operator_is_hidden_at_once(api, internal_identity):
    subject, viewer = await api.sign_up("subject"), await api.sign_up("viewer")
    await internal_identity.EraseAccountNow(I.EraseAccountNowRequest(user_id=subject.user_id))
    assert await _profile_code(api, viewer, subject) == grpc.StatusCode.NOT_FOUND


async def _no(probe) -> bool:
    return not await probe()


async def _identity_traces(user_id: str) -> list[str]:
    """Where the id still appears in the identity database, apart from the tombstone."""
    found = []
    async with identity_db() as conn:
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in tables:
            if table == "erased_users":
                continue
            n = await conn.fetchval(f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE $1', f"%{user_id}%")
            if n:
                found.append(f"{table}: {n} rows")
        n = await conn.fetchval(
            "SELECT count(*) FROM outbox WHERE position(convert_to($1, 'UTF8') IN value) > 0", user_id
        )
        if n:
            found.append(f"outbox values: {n}")
    return found
