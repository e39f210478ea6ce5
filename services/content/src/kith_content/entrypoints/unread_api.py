"""gRPC servicer of UnreadService: what is new to the caller in their communities and threads."""

from __future__ import annotations

from kith.content.v1 import unread_pb2, unread_pb2_grpc
from kith_content.domain.posts import Post
from kith_content.domain.unread import CommunityUnread, ThreadUnread
from kith_content.entrypoints.grpc_api import post_message
from kith_content.service_layer.unread import UnreadHandlers
from kith_platform.auth import caller_id
from kith_platform.events import timestamp
from kith_platform.media_urls import SignedMediaUrls


def community_message(c: CommunityUnread) -> unread_pb2.CommunityUnread:
    return unread_pb2.CommunityUnread(
        community_id=c.community_id,
        new_post_count=c.new_posts,
        first_new_post_id=c.first_new_post_id or "",
        last_visited_at=timestamp(c.last_visited_at) if c.last_visited_at else None,
    )


def thread_message(
    t: ThreadUnread, post: Post | None = None, urls: SignedMediaUrls | None = None
) -> unread_pb2.ThreadUnread:
    return unread_pb2.ThreadUnread(
        post_id=t.post_id,
        unread_count=t.unread,
        first_unread_comment_id=t.first_unread_comment_id or "",
        read_up_to=timestamp(t.read_up_to) if t.read_up_to else None,
        last_unread_at=timestamp(t.last_unread_at) if t.last_unread_at else None,
        post=post_message(post, urls) if post is not None else None,
    )


class UnreadServicer(unread_pb2_grpc.UnreadServiceServicer):
    def __init__(self, unread: UnreadHandlers, urls: SignedMediaUrls | None = None) -> None:
        self.unread = unread
        self.urls = urls  # signs the URLs of uploaded media in the posts answered

    async def MarkCommunityVisited(self, request, context):
        previous, visited = await self.unread.visit_community(caller_id(context), request.community_id)
        return unread_pb2.MarkCommunityVisitedResponse(
            previous_visited_at=timestamp(previous) if previous else None, visited_at=timestamp(visited)
        )

    async def GetCommunityUnread(self, request, context):
        found = await self.unread.communities(caller_id(context), list(request.community_ids))
        return unread_pb2.GetCommunityUnreadResponse(communities=[community_message(c) for c in found])

    async def ListUnreadThreads(self, request, context):
        page, cursor = await self.unread.unread_threads(caller_id(context), request.page_size, request.cursor)
        return unread_pb2.ListUnreadThreadsResponse(
            threads=[thread_message(t, post, self.urls) for t, post in page], next_cursor=cursor
        )

    async def GetThreadUnread(self, request, context):
        thread = await self.unread.thread(caller_id(context), request.post_id)
        return unread_pb2.GetThreadUnreadResponse(thread=thread_message(thread))

    async def MarkThreadRead(self, request, context):
        thread = await self.unread.mark_thread_read(caller_id(context), request.post_id, request.up_to_comment_id)
        return unread_pb2.MarkThreadReadResponse(thread=thread_message(thread))
