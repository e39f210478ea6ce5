"""The feed's public reads answer the same whether the gateway serves them itself
(KITH_FEED_READS=local, the platform's default) or proxies them to the feed API (proxy): the
same pages to the same readers, the same refusals, and a client-sent identity header ignored
either way. The proxying gateway is an extra instance on its own port."""

from __future__ import annotations

import uuid

import grpc
import pytest

from kith.feed.v1 import feed_pb2
from kith_platform.testing import wait_until
from tests.integration.endpoints import STATE


async def _status(call) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code()


async def test_a_proxying_gateway_answers_feed_reads_as_the_serving_one(api, proxying_api):
    author, reader, stranger = await api.sign_up("author"), await api.sign_up("reader"), await api.sign_up("stranger")
    await api.follow(reader, author)
    post = await api.post(author, "the same everywhere")

    async def reader_has_it() -> bool:
        return post.post_id in await api.home_post_ids(reader)

    await wait_until(reader_has_it, what="the post in the reader's home feed")

    for client in (api, proxying_api):
        assert post.post_id in await client.home_post_ids(reader)
        timeline = await client.feed.GetUserTimeline(
            feed_pb2.GetUserTimelineRequest(user_id=author.user_id), metadata=stranger.auth
        )
        assert [item.post_id for item in timeline.items] == [post.post_id]
        forged = await client.feed.GetHomeFeed(
            feed_pb2.GetHomeFeedRequest(page_size=100),
            metadata=(*stranger.auth, ("x-kith-user-id", reader.user_id)),
        )
        assert post.post_id not in {item.post_id for item in forged.items}
        assert await _status(client.feed.GetHomeFeed(feed_pb2.GetHomeFeedRequest())) == (
            grpc.StatusCode.UNAUTHENTICATED
        )
    assert [i.post_id for i in (await api.home_feed(reader)).items] == [
        i.post_id for i in (await proxying_api.home_feed(reader)).items
    ]

    # The proxying gateway's reads really go to the feed API: a refused one is in its log.
    request_id = uuid.uuid4().hex
    refused = proxying_api.feed.GetCommunityFeed(
        feed_pb2.GetCommunityFeedRequest(community_id="not-a-uuid"),
        metadata=(*reader.auth, ("x-request-id", request_id)),
    )
    assert await _status(refused) == grpc.StatusCode.INVALID_ARGUMENT
    feed_api_log = STATE / "logs" / "feed-api.log"

    async def in_feed_api_log() -> bool:
        return request_id in feed_api_log.read_text(errors="replace")

    await wait_until(in_feed_api_log, timeout=10, what="the refused call in the feed API's log")
