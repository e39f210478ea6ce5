"""gRPC servicers of the weekly digest: DigestService (public, the caller's digest) and
DigestInternalService (BuildDigest for operators and tests, GetDigestForMail for identity)."""

from __future__ import annotations

from kith.feed.v1 import digests_pb2, digests_pb2_grpc
from kith_feed.entrypoints.grpc_api import _item, _timestamp_ms
from kith_feed.service_layer.digests import DigestReads, DigestView
from kith_platform.auth import caller_id
from kith_platform.ids import parse_uuid
from kith_platform.media_urls import SignedMediaUrls


def _digest(view: DigestView, urls: SignedMediaUrls | None = None) -> digests_pb2.Digest:
    d = view.digest
    return digests_pb2.Digest(
        week_start=_timestamp_ms(d.week_start_ms),
        since=_timestamp_ms(d.since_ms),
        built_at=_timestamp_ms(d.built_at_ms),
        items=[_item(e, urls) for e in view.entries],
    )


class DigestServicer(digests_pb2_grpc.DigestServiceServicer):
    def __init__(self, reads: DigestReads, urls: SignedMediaUrls | None = None) -> None:
        self.reads = reads
        self.urls = urls  # signs the URLs of the items' uploads

    async def GetDigest(self, request, context):
        view = await self.reads.digest(caller_id(context))
        if view is None:
            return digests_pb2.GetDigestResponse()
        return digests_pb2.GetDigestResponse(digest=_digest(view, self.urls))


class DigestInternalServicer(digests_pb2_grpc.DigestInternalServiceServicer):
    def __init__(self, reads: DigestReads) -> None:
        self.reads = reads

    async def BuildDigest(self, request, context):
        view, built = await self.reads.build(parse_uuid(request.user_id, "user_id"))
        return digests_pb2.BuildDigestResponse(digest=_digest(view), built=built)

    async def GetDigestForMail(self, request, context):
        view, email = await self.reads.for_mail(parse_uuid(request.user_id, "user_id"))
        if view is None:
            return digests_pb2.GetDigestForMailResponse(email=email)
        return digests_pb2.GetDigestForMailResponse(digest=_digest(view), email=email)
