"""Sessions and accounts end to end: refresh rotation and reuse, log-out, passwords, deactivation."""

from __future__ import annotations

import grpc
import pytest

from kith.feed.v1 import feed_pb2
from kith.graph.v1 import graph_pb2
from kith.identity.v1 import identity_pb2
from kith_platform.testing import SignedUpUser, wait_until


async def _fails(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


def _auth(token: str):
    return (("authorization", f"Bearer {token}"),)


async def _login(api, user: SignedUpUser, password: str | None = None) -> identity_pb2.LoginResponse:
    return await api.identity.Login(identity_pb2.LoginRequest(login=user.handle, password=password or user.password))


async def test_refresh_rotates_and_a_reused_token_ends_the_session(api):
    user = await api.sign_up("rotate")
    first = await api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=user.refresh_token))
    assert first.refresh_token != user.refresh_token and first.access_token
    # The new access token works.
    await api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest(), metadata=_auth(first.access_token))
    second = await api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=first.refresh_token))

    # The first token comes back (stolen copy): reuse is detected and the session ends...
    code, details = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=user.refresh_token)))
    assert code == grpc.StatusCode.UNAUTHENTICATED and "already used" in details
    # ...so even the newest token of that session is dead now.
    code, _ = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=second.refresh_token)))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    # Other sessions of the same user are unaffected.
    other = await _login(api, user)
    await api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=other.refresh_token))


async def test_garbage_or_empty_refresh_tokens_are_rejected(api):
    code, _ = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token="not-a-token")))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    code, details = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest()))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("refresh_token:")


async def test_logout_ends_only_the_current_session(api):
    user = await api.sign_up("logout")
    other = await _login(api, user)
    await api.identity.Logout(identity_pb2.LogoutRequest(), metadata=user.auth)
    code, _ = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=user.refresh_token)))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    await api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=other.refresh_token))


async def test_logout_everywhere_ends_every_session(api):
    user = await api.sign_up("everywhere")
    sessions = [await _login(api, user) for _ in range(2)]
    response = await api.identity.LogoutEverywhere(identity_pb2.LogoutEverywhereRequest(), metadata=user.auth)
    assert response.sessions_ended == 3
    for token in [user.refresh_token, *(s.refresh_token for s in sessions)]:
        code, _ = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=token)))
        assert code == grpc.StatusCode.UNAUTHENTICATED


async def test_change_password_keeps_this_session_and_ends_the_others(api):
    user = await api.sign_up("password")
    other = await _login(api, user)
    code, details = await _fails(
        api.identity.ChangePassword(
            identity_pb2.ChangePasswordRequest(current_password="not my password", new_password="a brand new secret"),
            metadata=user.auth,
        )
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("current_password:")
    code, details = await _fails(
        api.identity.ChangePassword(
            identity_pb2.ChangePasswordRequest(current_password=user.password, new_password="short"),
            metadata=user.auth,
        )
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("new_password:")

    response = await api.identity.ChangePassword(
        identity_pb2.ChangePasswordRequest(current_password=user.password, new_password="a brand new secret"),
        metadata=user.auth,
    )
    assert response.other_sessions_ended == 1
    code, _ = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=other.refresh_token)))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    await api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=user.refresh_token))
    code, _ = await _fails(_login(api, user))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    await _login(api, user, "a brand new secret")


async def test_deactivated_accounts_cannot_log_in_or_be_followed_until_reactivated(api):
    user = await api.sign_up("deactivate")
    fan = await api.sign_up("fan")
    code, details = await _fails(
        api.identity.DeactivateAccount(
            identity_pb2.DeactivateAccountRequest(password="wrong password"), metadata=user.auth
        )
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("password:")
    await api.identity.DeactivateAccount(
        identity_pb2.DeactivateAccountRequest(password=user.password), metadata=user.auth
    )

    code, _ = await _fails(_login(api, user))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    code, _ = await _fails(api.identity.Refresh(identity_pb2.RefreshRequest(refresh_token=user.refresh_token)))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    code, _ = await _fails(api.graph.Follow(graph_pb2.FollowRequest(user_id=user.user_id), metadata=fan.auth))
    assert code == grpc.StatusCode.NOT_FOUND

    back = await api.identity.ReactivateAccount(
        identity_pb2.ReactivateAccountRequest(login=user.handle, password=user.password)
    )
    assert back.user.user_id == user.user_id and back.refresh_token
    await _login(api, user)
    await api.graph.Follow(graph_pb2.FollowRequest(user_id=user.user_id), metadata=fan.auth)
    code, _ = await _fails(
        api.identity.ReactivateAccount(identity_pb2.ReactivateAccountRequest(login=user.handle, password=user.password))
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION


async def _access_refused(api, token: str) -> bool:
    try:
        await api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest(), metadata=_auth(token))
    except grpc.aio.AioRpcError as exc:
        return exc.code() == grpc.StatusCode.UNAUTHENTICATED
    return False


async def test_ended_sessions_lose_their_access_tokens_within_seconds(api):
    user = await api.sign_up("revoke")
    other = await _login(api, user)
    third = await _login(api, user)
    assert not await _access_refused(api, user.access_token)

    await api.identity.Logout(identity_pb2.LogoutRequest(), metadata=user.auth)
    await wait_until(
        lambda: _access_refused(api, user.access_token),
        timeout=15,
        what="the logged-out session's access token to be refused",
    )
    assert not await _access_refused(api, other.access_token)

    # A password change ends the other sessions but keeps the one that made it.
    await api.identity.ChangePassword(
        identity_pb2.ChangePasswordRequest(current_password=user.password, new_password="another fine secret"),
        metadata=_auth(other.access_token),
    )
    await wait_until(
        lambda: _access_refused(api, third.access_token),
        timeout=15,
        what="the other session's access token to be refused",
    )
    assert not await _access_refused(api, other.access_token)
