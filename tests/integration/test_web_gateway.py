"""The gateway's web port: browsers call the same public API over the Connect protocol and
gRPC-Web (entrypoints.web), and get what a native client gets: the same answers, the same
errors with their field, the same token check, rate limits and client address, the live
stream, and no way to the internal services."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
import uuid

import grpc
import pytest
from connectrpc.code import Code
from connectrpc.errors import ConnectError

from kith.content.v1 import content_pb2
from kith.graph.v1 import graph_pb2
from kith.identity.v1 import identity_pb2
from kith.live.v1 import live_pb2
from kith_platform.testing import unique_handle
from tests.integration.endpoints import WEB
from tests.integration.web_client import WebApi

PROTOCOLS = ["connect", "grpc-web"]
PASSWORD = "correct horse battery"
IDENTITY = "/kith.identity.v1.IdentityService"
SUBSCRIBE = "/kith.live.v1.LiveService/Subscribe"


@pytest.fixture(params=PROTOCOLS)
async def web(request, platform_up):
    async with WebApi(request.param) as api:
        yield api


async def sign_up(web: WebApi) -> identity_pb2.LoginResponse:
    handle = unique_handle("web")
    await web.call(
        f"{IDENTITY}/Register",
        identity_pb2.RegisterRequest(handle=handle, email=f"{handle}@example.org", password=PASSWORD),
    )
    return await web.call(f"{IDENTITY}/Login", identity_pb2.LoginRequest(login=handle, password=PASSWORD))


async def test_a_person_signs_up_posts_and_reads_it_back(web):
    me = await sign_up(web)
    created = await web.call(
        "/kith.content.v1.ContentService/CreatePost",
        content_pb2.CreatePostRequest(text="hello from a browser #web"),
        token=me.access_token,
    )
    read = await web.call(
        "/kith.content.v1.ContentService/GetPost",
        content_pb2.GetPostRequest(post_id=created.post.post_id),
        token=me.access_token,
    )
    assert (read.post.text, read.post.author_id) == ("hello from a browser #web", me.user.user_id)


async def test_errors_keep_their_code_and_name_the_field(web):
    with pytest.raises(ConnectError) as bad:
        await web.call(f"{IDENTITY}/Register", identity_pb2.RegisterRequest(handle="", password=PASSWORD))
    assert bad.value.code == Code.INVALID_ARGUMENT and "handle" in bad.value.message
    with pytest.raises(ConnectError) as anonymous:
        await web.call("/kith.content.v1.ContentService/GetPost", content_pb2.GetPostRequest(post_id="x"))
    assert anonymous.value.code == Code.UNAUTHENTICATED
    me = await sign_up(web)
    with pytest.raises(ConnectError) as missing:
        await web.call(
            "/kith.content.v1.ContentService/GetPost",
            content_pb2.GetPostRequest(post_id=str(uuid.uuid4())),
            token=me.access_token,
        )
    assert missing.value.code == Code.NOT_FOUND


async def test_the_live_stream_reaches_the_browser(web, api):
    me = await sign_up(web)
    stream = web.stream(SUBSCRIBE, live_pb2.SubscribeRequest(), token=me.access_token).__aiter__()
    first = await asyncio.wait_for(stream.__anext__(), 10)
    assert first.kind == "ready"
    fan = await api.sign_up("webfan")
    await api.graph.Follow(graph_pb2.FollowRequest(user_id=me.user.user_id), metadata=fan.auth, timeout=10)
    item = await asyncio.wait_for(stream.__anext__(), 15)
    assert (item.kind, item.notification.actor_id) == ("notification", fan.user_id)
    await stream.aclose()


async def test_the_log_in_limit_is_one_bucket_for_both_ports(api):
    """Failed log-ins naming one account count alike wherever they come from."""
    victim = await api.sign_up("webvictim")
    wrong = identity_pb2.LoginRequest(login=victim.handle, password="not the password")
    async with WebApi("connect") as web:
        refused = 0
        for _ in range(30):
            try:
                await web.call(f"{IDENTITY}/Login", wrong)
            except ConnectError as exc:
                if exc.code == Code.RESOURCE_EXHAUSTED:
                    break
                assert exc.code == Code.UNAUTHENTICATED
                refused += 1
        assert 0 < refused < 30
    with pytest.raises(grpc.aio.AioRpcError) as native:
        await api.identity.Login(identity_pb2.LoginRequest(login=victim.handle, password=PASSWORD), timeout=10)
    assert native.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    retry_after = dict(native.value.trailing_metadata())["retry-after-ms"]
    assert int(retry_after) > 0


async def test_the_client_address_is_the_browsers_own_not_a_header_it_sends():
    async with WebApi("connect") as web:
        me = await sign_up(web)  # logs in with no x-forwarded-for
        spoofed = await web.call(
            f"{IDENTITY}/Login",
            identity_pb2.LoginRequest(login=me.user.handle, password=PASSWORD),
            headers={"x-forwarded-for": "203.0.113.9"},
        )
        sessions = await web.call(
            f"{IDENTITY}/ListSessions", identity_pb2.ListSessionsRequest(), token=spoofed.access_token
        )
    addresses = {s.ip_address for s in sessions.sessions}
    assert addresses == {"127.0.0.1"}, addresses


def _http(
    path: str, *, method: str = "POST", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(WEB + path, data=b"" if method == "POST" else None, method=method)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def test_internal_services_and_native_grpc_are_not_on_the_web_port(platform_up):
    internal = "/kith.identity.v1.IdentityInternalService/GetUser"
    assert _http(internal, headers={"content-type": "application/proto"})[0] == 404
    status, _, body = _http(f"{IDENTITY}/Login", headers={"content-type": "application/grpc"})
    assert status == 415 and b"gRPC port" in body


def test_cross_origin_calls_only_from_the_configured_origins(platform_up):
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,connect-protocol-version,authorization",
    }
    status, headers, _ = _http(
        f"{IDENTITY}/Login", method="OPTIONS", headers={**preflight, "origin": "http://localhost:5173"}
    )
    assert status == 200 and headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "authorization" in headers["access-control-allow-headers"].lower()
    status, headers, _ = _http(
        f"{IDENTITY}/Login", method="OPTIONS", headers={**preflight, "origin": "https://evil.example"}
    )
    assert status == 400 and "access-control-allow-origin" not in headers


def test_the_web_app_is_served_for_its_own_routes(platform_up):
    status, headers, index = _http("/", method="GET")
    assert status == 200 and headers["content-type"].startswith("text/html") and b'<div id="root">' in index
    assert _http("/communities/some-id", method="GET")[2] == index  # the app routes it itself
