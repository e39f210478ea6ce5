"""Every service and the stream worker expose Prometheus metrics over HTTP: after traffic
through the gateway, a scrape of each shows non-zero RPC, outbox and fan-out figures."""

from __future__ import annotations

import asyncio
import urllib.request

import grpc
import pytest
from prometheus_client.parser import text_string_to_metric_families

from kith.communities.v1 import communities_pb2 as C
from kith.feed.v1 import feed_pb2 as F
from kith_platform.testing import wait_until
from tests.integration.endpoints import METRICS_ADDRESSES
from tests.integration.test_content import community


def scrape(service: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} from one endpoint."""
    with urllib.request.urlopen(f"http://{METRICS_ADDRESSES[service]}/metrics", timeout=5) as reply:
        text = reply.read().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def sample_sum(service: str, name: str, **labels) -> float:
    samples = await asyncio.to_thread(scrape, service)
    return sum(
        v for (n, ls), v in samples.items() if n == name and all(dict(ls).get(k) == want for k, want in labels.items())
    )


async def test_every_process_exposes_rpc_outbox_and_fan_out_metrics(api):
    author, reader = await api.sign_up("metrics"), await api.sign_up("metrics")
    await api.follow(reader, author)
    await community(api, author, C.VISIBILITY_PUBLIC)
    posted = await api.post(author, "measured")
    await wait_until(lambda: _contains(api.home_post_ids(reader), posted.post_id), what="the post in the feed")

    rpc = "kith_rpc_duration_seconds_count"
    assert await sample_sum("gateway", rpc, method="/kith.feed.v1.FeedService/GetHomeFeed", code="OK") > 0
    assert await sample_sum("identity", rpc, method="/kith.identity.v1.IdentityService/Register", code="OK") > 0
    assert await sample_sum("graph", rpc, method="/kith.graph.v1.GraphService/Follow", code="OK") > 0
    assert await sample_sum("communities", rpc, code="OK") > 0
    assert await sample_sum("content", rpc, method="/kith.content.v1.ContentService/CreatePost", code="OK") > 0
    # The feed's reads are served in the gateway's process (KITH_FEED_READS=local).
    assert await sample_sum("gateway", "kith_feed_read_duration_seconds_count", feed="home") > 0
    await api.notifications.GetUnreadCount(F.GetUnreadCountRequest(), metadata=reader.auth)
    assert await sample_sum("feed-api", rpc, method="/kith.feed.v1.NotificationsService/GetUnreadCount", code="OK") > 0
    # A refused request is counted under its status code, not as OK.
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await api.feed.GetCommunityFeed(F.GetCommunityFeedRequest(community_id="not-a-uuid"), metadata=reader.auth)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (
        await sample_sum("gateway", rpc, method="/kith.feed.v1.FeedService/GetCommunityFeed", code="INVALID_ARGUMENT")
        > 0
    )

    for service in ("identity", "graph", "communities", "content"):  # each publishes through its outbox
        assert await sample_sum(service, "kith_outbox_published_events_total") > 0, service
        assert await sample_sum(service, "kith_outbox_backlog_events") >= 0, service

    assert await sample_sum("feed-worker", "kith_feed_fanout_entries_total") > 0
    assert await sample_sum("feed-worker", "kith_feed_fanout_duration_seconds_count") > 0
    assert await sample_sum("feed-worker", "kith_events_consumed_total") > 0
    # Lag gauges per partition of the posts topic (refreshed every 5 s), and the relays' and
    # consumers' own: the content service consumes graph and communities events.
    await wait_until(
        lambda: _has(asyncio.to_thread(scrape, "feed-worker"), "kith_consumer_lag_events", topic="content.posts.v1"),
        what="the stream worker's lag gauges",
    )
    await wait_until(
        lambda: _has(asyncio.to_thread(scrape, "content"), "kith_consumer_lag_events"),
        what="the content service's consumer lag gauges",
    )


async def _contains(made, wanted) -> bool:
    return wanted in await made


async def _has(scraped, name: str, **labels) -> bool:
    return any(n == name and all(dict(ls).get(k) == want for k, want in labels.items()) for (n, ls) in await scraped)
