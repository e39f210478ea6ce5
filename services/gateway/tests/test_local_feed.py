"""The feed's reads in the gateway's process: every FeedService method and the list timeline are
served, and the servicer sees only the caller the admission interceptor verified."""

from __future__ import annotations

from kith.feed.v1 import feed_pb2
from kith_gateway.entrypoints.admission import verified_user_var
from kith_gateway.entrypoints.local_feed import LocalFeedReads, _VerifiedCaller
from kith_platform.auth import USER_ID_METADATA, caller_id

USER, FORGED = "0b7f6f5e-2a43-4a55-9a5e-6c3c1d2b9a10", "9e8d7c6b-5a49-4838-a726-150f4e3d2c1b"


class _ClientContext:
    """What the client sent: a forged identity header beside its token."""

    def invocation_metadata(self):
        return ((USER_ID_METADATA, FORGED), ("authorization", "Bearer x"))

    def time_remaining(self) -> float:
        return 4.5


class _Servicer:
    def __getattr__(self, name):
        async def behaviour(request, context):
            return name, caller_id(context), context.time_remaining()

        return behaviour


class _Details:
    def __init__(self, method: str) -> None:
        self.method = method


async def test_every_feed_read_is_served_with_the_verified_caller_only():
    handler = LocalFeedReads(_Servicer())
    methods = feed_pb2.DESCRIPTOR.services_by_name["FeedService"].methods
    assert len(methods) >= 5
    verified_user_var.set(USER)
    for method in methods:
        served = handler.service(_Details(f"/kith.feed.v1.FeedService/{method.name}"))
        assert served is not None and served.unary_unary is not None
        name, caller, remaining = await served.unary_unary(None, _ClientContext())
        assert (name, caller, remaining) == (method.name, USER, 4.5)
    assert handler.service(_Details("/kith.feed.v1.NotificationsService/ListNotifications")) is None


def test_the_servicer_sees_no_metadata_the_client_sent():
    assert _VerifiedCaller(_ClientContext(), USER).invocation_metadata() == ((USER_ID_METADATA, USER),)


async def test_the_list_timeline_is_served_too_and_the_lists_changes_are_not():
    handler = LocalFeedReads(_Servicer(), _Servicer())
    verified_user_var.set(USER)
    served = handler.service(_Details("/kith.feed.v1.ListsService/GetListTimeline"))
    assert served is not None
    assert await served.unary_unary(None, _ClientContext()) == ("GetListTimeline", USER, 4.5)
    for change in ("CreateList", "AddListMembers", "DeleteList", "ListLists"):  # to the feed API
        assert handler.service(_Details(f"/kith.feed.v1.ListsService/{change}")) is None
