"""The Faust agents in process (agent.test_context), writing to the real Redis (make up)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from kith.content.v1 import content_pb2
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.identity.v1 import events_pb2 as identity_events
from kith_feed.adapters.keys import home_key, user_key
from kith_feed.adapters.stores import FeedStores
from kith_feed.config import FeedSettings
from kith_feed.entrypoints.worker import create_app
from kith_platform.events import CONTENT_POSTS, GRAPH_RELATIONSHIPS, IDENTITY_USERS, make_event, timestamp

pytestmark = pytest.mark.integration


@pytest.fixture
async def app_and_redis(redis_client):
    app = create_app(FeedSettings(), FeedStores.build(redis_client))
    app.flow_control.resume()
    return app, redis_client


async def test_agents_project_users_follows_and_posts(app_and_redis):
    app, redis = app_and_redis
    author, reader = str(uuid.uuid4()), str(uuid.uuid4())
    now = datetime.now(UTC)
    registered = make_event(
        topic=IDENTITY_USERS,
        aggregate_id=author,
        producer="test",
        payload=identity_events.UserRegistered(user_id=author, handle="ana", display_name="Ana"),
    )
    followed = make_event(
        topic=GRAPH_RELATIONSHIPS,
        aggregate_id=author,
        producer="test",
        payload=graph_events.UserFollowed(follower_id=reader, followee_id=author),
    )
    post_id = str(uuid.uuid4())
    published = make_event(
        topic=CONTENT_POSTS,
        aggregate_id=post_id,
        producer="test",
        payload=content_events.PostPublished(
            post_id=post_id,
            author_id=author,
            text="hi",
            created_at=timestamp(now),
            audience=content_pb2.AUDIENCE_PUBLIC,
        ),
    )
    restricted = make_event(
        topic=CONTENT_POSTS,
        aggregate_id=post_id,
        producer="test",
        payload=content_events.PostPublished(
            post_id=str(uuid.uuid4()),
            author_id=author,
            text="friends only",
            created_at=timestamp(now),
            audience=content_pb2.AUDIENCE_FRIENDS,
        ),
    )
    for agent_name, event, applied in [
        ("project_users", registered, "kith.identity.v1.UserRegistered"),
        ("project_relationships", followed, "kith.graph.v1.UserFollowed"),
        ("fan_out_posts", published, "kith.content.v1.PostPublished"),
        ("fan_out_posts", published, "kith.content.v1.PostPublished"),  # redelivered
        ("fan_out_posts", restricted, "kith.content.v1.PostPublished"),  # friends only: not to a follower
    ]:
        async with app.agents[agent_name].test_context() as agent:
            put = await agent.put(event.value, key=event.key.encode())
            assert agent.results[put.message.offset] == applied

    assert await redis.hget(user_key(author), "handle") == b"ana"
    assert await redis.zrange(home_key(reader), 0, -1) == [post_id.encode()]
    assert len(await redis.zrange(home_key(author), 0, -1)) == 2  # the author sees both


async def test_a_malformed_record_is_skipped_not_fatal(app_and_redis):
    app, _ = app_and_redis
    async with app.agents["fan_out_posts"].test_context() as agent:
        put = await agent.put(b"\xff not an envelope", key=b"k")
        assert agent.results[put.message.offset] == "malformed"
