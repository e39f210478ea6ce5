"""gRPC servicer of the content service."""

from __future__ import annotations

from kith.content.v1 import content_pb2, content_pb2_grpc
from kith_content.adapters.postgres import AUDIENCE_TO_PROTO
from kith_content.domain.posts import Audience
from kith_content.service_layer.handlers import ContentHandlers, CreatePost
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp

AUDIENCE_FROM_PROTO = {
    content_pb2.AUDIENCE_UNSPECIFIED: Audience.PUBLIC,
    content_pb2.AUDIENCE_PUBLIC: Audience.PUBLIC,
}


class ContentServicer(content_pb2_grpc.ContentServiceServicer):
    def __init__(self, handlers: ContentHandlers) -> None:
        self.handlers = handlers

    async def CreatePost(self, request, context):
        author_id = caller_id(context)
        audience = AUDIENCE_FROM_PROTO.get(request.audience)
        if audience is None:
            raise InvalidArgument("audience", f"unsupported value {request.audience}")
        post = await self.handlers.create_post(CreatePost(author_id, request.text, audience))
        return content_pb2.CreatePostResponse(
            post=content_pb2.Post(
                post_id=post.post_id,
                author_id=post.author_id,
                text=post.text,
                audience=AUDIENCE_TO_PROTO[post.audience],
                created_at=timestamp(post.created_at),
            )
        )
