"""gRPC servicer of the feed API (reads Redis only)."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith_feed.service_layer.reads import FeedReads
from kith_platform.auth import caller_id


def _timestamp_ms(ms: int) -> Timestamp:
    ts = Timestamp()
    ts.FromMilliseconds(ms)
    return ts


class FeedServicer(feed_pb2_grpc.FeedServiceServicer):
    def __init__(self, reads: FeedReads) -> None:
        self.reads = reads

    async def GetHomeFeed(self, request, context):
        entries, cursor = await self.reads.home_feed(caller_id(context), request.page_size, request.cursor)
        return feed_pb2.GetHomeFeedResponse(
            items=[
                feed_pb2.FeedItem(
                    post_id=e.post.post_id,
                    author_id=e.post.author_id,
                    author_handle=e.author.handle if e.author else "",
                    author_display_name=e.author.display_name if e.author else "",
                    text=e.post.text,
                    created_at=_timestamp_ms(e.post.created_at_ms),
                )
                for e in entries
            ],
            next_cursor=cursor,
        )
