"""The feed's public reads (kith.feed.v1.FeedService, and ListsService's GetListTimeline) served in
the gateway's own process, when KITH_FEED_READS=local: the feed API's own servicers and use cases,
on the same Redis read model, without the second gRPC hop (the lists' changes go to the feed API).
The calls pass the same interceptors as proxied ones (authentication, rate limits, error mapping,
access log); the servicer sees the caller the admission interceptor verified, never one the client
sent."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.message_factory import GetMessageClass

from kith.feed.v1 import feed_pb2, lists_pb2
from kith_feed.entrypoints.grpc_api import FeedServicer
from kith_feed.entrypoints.lists_api import ListsServicer
from kith_gateway.entrypoints.admission import verified_user_var
from kith_platform.auth import USER_ID_METADATA

SERVICE = feed_pb2.DESCRIPTOR.services_by_name["FeedService"]
LISTS = lists_pb2.DESCRIPTOR.services_by_name["ListsService"]
LIST_READS = ("GetListTimeline",)  # the lists' one feed read


class _VerifiedCaller:
    """The call's context as the feed servicer reads it: its only metadata is the verified
    caller (as the gateway would have sent it); everything else is the real context."""

    __slots__ = ("_context", "_metadata")

    def __init__(self, context: grpc.aio.ServicerContext, user_id: str) -> None:
        self._context = context
        self._metadata = ((USER_ID_METADATA, user_id),)

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._metadata

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


class LocalFeedReads(grpc.GenericRpcHandler):
    def __init__(self, servicer: FeedServicer, lists: ListsServicer | None = None) -> None:
        served = [(SERVICE, method, servicer) for method in SERVICE.methods]
        if lists is not None:
            served += [(LISTS, LISTS.methods_by_name[name], lists) for name in LIST_READS]
        self._handlers = {
            f"/{service.full_name}/{method.name}": self._handler(getattr(behaviour, method.name), method)
            for service, method, behaviour in served
        }

    @staticmethod
    def _handler(behaviour, method) -> grpc.RpcMethodHandler:
        async def run(request, context: grpc.aio.ServicerContext):
            return await behaviour(request, _VerifiedCaller(context, verified_user_var.get()))

        return grpc.unary_unary_rpc_method_handler(
            run,
            request_deserializer=GetMessageClass(method.input_type).FromString,
            response_serializer=GetMessageClass(method.output_type).SerializeToString,
        )

    def service(self, handler_call_details) -> grpc.RpcMethodHandler | None:
        return self._handlers.get(handler_call_details.method)
