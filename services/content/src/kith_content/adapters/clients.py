"""gRPC adapters: the communities service's posting rights, the identity service's handles and the
feed's reading filters."""

from __future__ import annotations

import grpc

from kith.communities.v1 import communities_pb2, communities_pb2_grpc
from kith.feed.v1 import feed_pb2, feed_pb2_grpc
from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_content.domain.ports import Communities, Handles, PostingRights, ReaderFilters
from kith_platform.errors import NotFound, Unavailable
from kith_platform.reading_filters import MutedWord, ReadingFilters

ROLES = {
    communities_pb2.ROLE_MEMBER: "member",
    communities_pb2.ROLE_MODERATOR: "moderator",
    communities_pb2.ROLE_ADMIN: "admin",
    communities_pb2.ROLE_OWNER: "owner",
}


def _unavailable(name: str, exc: grpc.aio.AioRpcError) -> Unavailable:
    return Unavailable(f"{name} service: {exc.code().name}")


class GrpcCommunities(Communities):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 3.0) -> None:
        self.stub = communities_pb2_grpc.CommunitiesInternalServiceStub(channel)
        self.timeout = timeout

    async def posting_rights(self, community_id: str, user_id: str, commenting: bool) -> PostingRights:
        try:
            answer = await self.stub.CheckPostingRights(
                communities_pb2.CheckPostingRightsRequest(
                    community_id=community_id, user_id=user_id, commenting=commenting
                ),
                timeout=self.timeout,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                raise NotFound("community_id: no such community") from None
            raise _unavailable("communities", exc) from None
        return PostingRights(
            refusal="" if answer.allowed else answer.reason or "not allowed",
            members_only=answer.visibility != communities_pb2.VISIBILITY_PUBLIC,
            hidden=answer.visibility == communities_pb2.VISIBILITY_HIDDEN,
            hold_links_below=answer.hold_links_below_trust_level,
            role=ROLES.get(answer.role),
        )


class GrpcHandles(Handles):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 3.0) -> None:
        self.stub = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        self.timeout = timeout

    async def resolve(self, handles: list[str], mentioned_by: str = "") -> dict[str, str]:
        try:
            answer = await self.stub.ResolveHandles(
                identity_pb2.ResolveHandlesRequest(handles=handles, mentioned_by=mentioned_by), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise _unavailable("identity", exc) from None
        return dict(answer.user_ids)


class GrpcReaderFilters(ReaderFilters):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 2.0) -> None:
        self.stub = feed_pb2_grpc.FeedInternalServiceStub(channel)
        self.timeout = timeout

    async def of(self, user_id: str) -> ReadingFilters:
        try:
            answer = await self.stub.GetReadingFilters(
                feed_pb2.GetReadingFiltersRequest(user_id=user_id), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise _unavailable("feed", exc) from None
        words = tuple(
            MutedWord(
                w.phrase,
                w.whole_word,
                w.expires_at.ToMilliseconds() if w.HasField("expires_at") else 0,
                w.muted_at.ToMilliseconds(),
            )
            for w in answer.muted_words
        )
        return ReadingFilters(user_id, words, answer.content_warnings == feed_pb2.CONTENT_WARNING_DISPLAY_HIDE)
