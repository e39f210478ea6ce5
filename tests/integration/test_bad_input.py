"""Bad input gets a clear status naming the problem, never INTERNAL."""

from __future__ import annotations

import uuid

import grpc
import pytest

from kith.communities.v1 import communities_pb2
from kith.content.v1 import content_pb2
from kith.feed.v1 import feed_pb2
from kith.graph.v1 import graph_pb2
from kith.identity.v1 import identity_pb2
from kith_platform.testing import unique_handle, wait_until


async def _status(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


def _register(handle="", email="", password=""):
    return identity_pb2.RegisterRequest(handle=handle, email=email, password=password)


@pytest.mark.parametrize(
    ("handle", "email", "password", "field"),
    [
        ("", "x@example.org", "long enough password", "handle"),
        ("a b", "x@example.org", "long enough password", "handle"),
        ("ab", "x@example.org", "long enough password", "handle"),
        ("x" * 31, "x@example.org", "long enough password", "handle"),
        (None, "", "long enough password", "email"),
        (None, "not-an-email", "long enough password", "email"),
        (None, "a@b@example.org", "long enough password", "email"),
        (None, "x@example.org", "", "password"),
        (None, "x@example.org", "short", "password"),
        (None, "x@example.org", "y" * 257, "password"),
    ],
)
async def test_register_rejects_malformed_fields(api, handle, email, password, field):
    handle = unique_handle() if handle is None else handle
    code, details = await _status(api.identity.Register(_register(handle, email, password), timeout=10))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert details.startswith(f"{field}:")


async def test_register_rejects_taken_handle_and_email_case_insensitively(api):
    user = await api.sign_up()
    code, details = await _status(
        api.identity.Register(_register(user.handle.upper(), f"other{user.handle}@example.org", "long enough password"))
    )
    assert (code, details.split(":")[0]) == (grpc.StatusCode.ALREADY_EXISTS, "handle")
    code, details = await _status(
        api.identity.Register(_register(unique_handle(), f"{user.handle.upper()}@EXAMPLE.org", "long enough password"))
    )
    assert (code, details.split(":")[0]) == (grpc.StatusCode.ALREADY_EXISTS, "email")


async def test_login_with_wrong_password_or_unknown_user_is_unauthenticated(api):
    user = await api.sign_up()
    for login, password in [(user.handle, "wrong password!"), (unique_handle(), "whatever password")]:
        code, _ = await _status(api.identity.Login(identity_pb2.LoginRequest(login=login, password=password)))
        assert code == grpc.StatusCode.UNAUTHENTICATED
    code, details = await _status(api.identity.Login(identity_pb2.LoginRequest(login="", password="x")))
    assert (code, details.split(":")[0]) == (grpc.StatusCode.INVALID_ARGUMENT, "login")


async def test_login_by_email_works(api):
    user = await api.sign_up()
    response = await api.identity.Login(
        identity_pb2.LoginRequest(login=f"{user.handle}@example.org".upper(), password=user.password)
    )
    assert response.user.user_id == user.user_id
    assert response.access_token.count(".") == 2 and response.refresh_token


async def test_too_long_or_empty_post_is_invalid(api):
    user = await api.sign_up()
    for text in ["x" * 5001, "", "   \n "]:
        code, details = await _status(
            api.content.CreatePost(content_pb2.CreatePostRequest(text=text), metadata=user.auth)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert details.startswith("text:")


async def test_following_unknown_or_malformed_user_ids(api):
    user = await api.sign_up()
    code, details = await _status(
        api.graph.Follow(graph_pb2.FollowRequest(user_id=str(uuid.uuid4())), metadata=user.auth)
    )
    assert code == grpc.StatusCode.NOT_FOUND and "user_id" in details
    for bad in ["", "not-a-uuid"]:
        code, details = await _status(api.graph.Follow(graph_pb2.FollowRequest(user_id=bad), metadata=user.auth))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("user_id:")
    code, details = await _status(api.graph.Follow(graph_pb2.FollowRequest(user_id=user.user_id), metadata=user.auth))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("user_id:")


async def test_feed_rejects_bad_page_size_and_cursor(api):
    user = await api.sign_up()
    for request, field in [
        (feed_pb2.GetHomeFeedRequest(page_size=-1), "page_size"),
        (feed_pb2.GetHomeFeedRequest(page_size=1000), "page_size"),
        (feed_pb2.GetHomeFeedRequest(cursor="!!not a cursor!!"), "cursor"),
    ]:
        code, details = await _status(api.feed.GetHomeFeed(request, metadata=user.auth))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith(f"{field}:")


async def test_calls_without_a_valid_token_are_unauthenticated(api):
    victim = await api.sign_up()
    requests = [
        api.graph.Follow(graph_pb2.FollowRequest(user_id=victim.user_id)),
        api.content.CreatePost(content_pb2.CreatePostRequest(text="hi")),
        api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest()),
        # A client cannot claim an identity by sending the internal header itself.
        api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest(), metadata=(("x-kith-user-id", victim.user_id),)),
        api.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest(), metadata=(("authorization", "Bearer not.a.jwt"),)),
        api.feed.GetHomeFeed(
            feed_pb2.GetHomeFeedRequest(),
            metadata=(("authorization", f"Bearer {victim.access_token[:-4]}AAAA"),),
        ),
    ]
    for call in requests:
        code, _ = await _status(call)
        assert code == grpc.StatusCode.UNAUTHENTICATED


async def test_forged_identity_header_is_replaced_by_the_verified_one(api):
    owner = await api.sign_up("owner")
    intruder = await api.sign_up("intruder")
    post = await api.post(owner, "mine")
    # The intruder sends a valid token plus a forged header naming the owner: the post
    # created must be the intruder's, not the owner's.
    response = await api.content.CreatePost(
        content_pb2.CreatePostRequest(text="forged?"),
        metadata=(*intruder.auth, ("x-kith-user-id", owner.user_id)),
    )
    assert response.post.author_id == intruder.user_id != post.author_id

    # Reads too, the feed's included (served in the gateway's process by default): the
    # intruder's home feed with the forged header is the intruder's own.
    async def owner_sees_it() -> bool:
        return post.post_id in await api.home_post_ids(owner)

    await wait_until(owner_sees_it, what="the owner's post in their own feed")
    forged = await api.feed.GetHomeFeed(
        feed_pb2.GetHomeFeedRequest(page_size=100), metadata=(*intruder.auth, ("x-kith-user-id", owner.user_id))
    )
    assert post.post_id not in {item.post_id for item in forged.items}
    assert {item.author_id for item in forged.items} <= {intruder.user_id}


@pytest.mark.parametrize(
    "method",
    [
        f"/{service.full_name}/{method.name}"
        for module in (identity_pb2, graph_pb2, communities_pb2)
        for service in module.DESCRIPTOR.services_by_name.values()
        if "Internal" in service.name
        for method in service.methods
    ],
)
async def test_internal_rpcs_are_not_reachable_through_the_gateway(gateway_channel, api, method):
    user = await api.sign_up()
    call = gateway_channel.unary_unary(method)  # raw bytes: an empty request is a valid message
    code, _ = await _status(call(b"", metadata=user.auth, timeout=5))
    assert code == grpc.StatusCode.UNIMPLEMENTED
