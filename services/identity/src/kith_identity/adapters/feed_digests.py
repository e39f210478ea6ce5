"""gRPC adapter: asks the feed for a person's weekly digest as they may see it now (its internal
DigestService.GetDigestForMail), for the digest mail (domain.digest)."""

from __future__ import annotations

from datetime import UTC

import grpc

from kith.feed.v1 import digests_pb2, digests_pb2_grpc
from kith_identity.domain.digest import DigestPost, DigestSource, FeedDigest
from kith_platform.errors import Unavailable


class GrpcDigestSource(DigestSource):
    def __init__(self, channel: grpc.aio.Channel, timeout: float = 10.0) -> None:
        self.stub = digests_pb2_grpc.DigestInternalServiceStub(channel)
        self.timeout = timeout

    async def digest(self, user_id: str) -> FeedDigest | None:
        try:
            found = await self.stub.GetDigestForMail(
                digests_pb2.GetDigestForMailRequest(user_id=user_id), timeout=self.timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise Unavailable(f"feed service: {exc.code().name}") from None
        if not found.HasField("digest"):
            return None
        posts = tuple(
            DigestPost(i.post_id, i.author_handle, i.author_display_name, i.text, i.content_warning, tuple(i.reasons))
            for i in found.digest.items
        )
        return FeedDigest(found.digest.week_start.ToDatetime(tzinfo=UTC), posts, found.email)
