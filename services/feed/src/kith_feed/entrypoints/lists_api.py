"""gRPC servicer of ListsService (docs/lists.md): the caller's lists and their timelines. The
gateway serves GetListTimeline in its own process, as the FeedService reads
(kith_gateway.entrypoints.local_feed); the changes come here."""

from __future__ import annotations

from kith.feed.v1 import lists_pb2, lists_pb2_grpc
from kith_feed.domain.lists import PeopleList
from kith_feed.entrypoints.grpc_api import _item, _timestamp_ms
from kith_feed.service_layer.lists import REPLIES_POLICIES, ListMember, Lists
from kith_feed.service_layer.reads import FeedReads
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.media_urls import SignedMediaUrls

POLICIES_FROM_PROTO = {v: k for k, v in REPLIES_POLICIES.items()}


def _list(found: PeopleList) -> lists_pb2.List:
    return lists_pb2.List(
        list_id=found.list_id,
        title=found.title,
        replies_policy=REPLIES_POLICIES[found.replies_policy],
        exclusive=found.exclusive,
        member_count=found.member_count,
        created_at=_timestamp_ms(found.created_at_ms),
    )


def _member(m: ListMember) -> lists_pb2.ListMember:
    return lists_pb2.ListMember(
        user_id=m.user_id,
        handle=m.author.handle if m.author else "",
        display_name=m.author.display_name if m.author else "",
        added_at=_timestamp_ms(m.added_at_ms),
    )


def _policy(value: int) -> str | None:
    """None for REPLIES_POLICY_UNSPECIFIED (the default, or unchanged)."""
    if value == lists_pb2.REPLIES_POLICY_UNSPECIFIED:
        return None
    if value not in POLICIES_FROM_PROTO:
        raise InvalidArgument("replies_policy", f"unsupported value {value}")
    return POLICIES_FROM_PROTO[value]


class ListsServicer(lists_pb2_grpc.ListsServiceServicer):
    def __init__(self, lists: Lists, reads: FeedReads, urls: SignedMediaUrls | None = None) -> None:
        self.lists = lists
        self.reads = reads
        self.urls = urls  # signs the URLs of the timeline's uploads

    async def CreateList(self, request, context):
        made = await self.lists.create(
            caller_id(context), request.title, _policy(request.replies_policy), request.exclusive
        )
        return lists_pb2.CreateListResponse(list=_list(made))

    async def UpdateList(self, request, context):
        changed = await self.lists.update(
            caller_id(context),
            request.list_id,
            request.title if request.HasField("title") else None,
            _policy(request.replies_policy) if request.HasField("replies_policy") else None,
            request.exclusive if request.HasField("exclusive") else None,
        )
        return lists_pb2.UpdateListResponse(list=_list(changed))

    async def DeleteList(self, request, context):
        await self.lists.delete(caller_id(context), request.list_id)
        return lists_pb2.DeleteListResponse()

    async def GetList(self, request, context):
        return lists_pb2.GetListResponse(list=_list(await self.lists.get(caller_id(context), request.list_id)))

    async def ListLists(self, request, context):
        return lists_pb2.ListListsResponse(lists=[_list(f) for f in await self.lists.lists(caller_id(context))])

    async def AddListMembers(self, request, context):
        changed = await self.lists.add(caller_id(context), request.list_id, request.user_ids)
        return lists_pb2.AddListMembersResponse(list=_list(changed))

    async def RemoveListMembers(self, request, context):
        changed = await self.lists.remove(caller_id(context), request.list_id, request.user_ids)
        return lists_pb2.RemoveListMembersResponse(list=_list(changed))

    async def ListListMembers(self, request, context):
        members, cursor = await self.lists.members(
            caller_id(context), request.list_id, request.page_size, request.cursor
        )
        return lists_pb2.ListListMembersResponse(members=[_member(m) for m in members], next_cursor=cursor)

    async def GetListTimeline(self, request, context):
        entries, cursor = await self.reads.list_timeline(
            caller_id(context), request.list_id, request.page_size, request.cursor
        )
        return lists_pb2.GetListTimelineResponse(items=[_item(e, self.urls) for e in entries], next_cursor=cursor)
