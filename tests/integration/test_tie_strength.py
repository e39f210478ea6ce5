"""Tie strength from content interactions, with decay, and "keep in touch"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from aiokafka import AIOKafkaProducer

from kith.content.v1 import content_pb2 as P
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import graph_pb2 as G
from kith_platform.events import CONTENT_POSTS, make_event, timestamp
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA


async def tie(api, me, other) -> G.Tie:
    return (await api.graph.GetTieStrength(G.GetTieStrengthRequest(user_id=other.user_id), metadata=me.auth)).tie


async def test_comments_reactions_and_mentions_build_a_tie_both_ways(api):
    ana, ben, cat = [await api.sign_up(n) for n in ("ana", "ben", "cat")]
    post = (await api.content.CreatePost(P.CreatePostRequest(text="Weekend plans?"), metadata=ana.auth)).post
    comment = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=post.post_id, text=f"hiking, @{cat.handle}?"), metadata=ben.auth
        )
    ).comment
    await api.content.React(P.ReactRequest(post_id=post.post_id, kind=P.REACTION_KIND_LOVE), metadata=ben.auth)
    await api.content.React(P.ReactRequest(post_id=post.post_id, kind=P.REACTION_KIND_LIKE), metadata=ben.auth)
    await api.content.AddComment(
        P.AddCommentRequest(post_id=post.post_id, parent_comment_id=comment.comment_id, text="yes!"), metadata=ana.auth
    )

    async def settled():
        t = await tie(api, ana, ben)
        return t if t.interactions == 3 else None  # comment, first reaction (not the change), reply

    got = await wait_until(settled, what="the interactions to reach the graph")
    assert got.strength == pytest.approx(3 + 1 + 3, rel=1e-3)  # decay over seconds is negligible
    assert got.HasField("last_interaction_at")
    assert (await tie(api, ben, ana)).interactions == 3  # a tie is mutual
    mention = await wait_until(lambda: _interactions(api, ben, cat, 1), what="the mention")
    assert mention.strength == pytest.approx(2, rel=1e-3)
    assert (await tie(api, ana, cat)).interactions == 0
    # Interactions also set "last interaction" in relationship care.
    await api.follow(ana, ben)
    listed = await api.graph.ListConnections(G.ListConnectionsRequest(), metadata=ana.auth)
    assert [c.HasField("last_interaction_at") for c in listed.connections if c.user_id == ben.user_id] == [True]
    code = await _fails(api.graph.GetTieStrength(G.GetTieStrengthRequest(user_id="x"), metadata=ana.auth))
    assert code == grpc.StatusCode.INVALID_ARGUMENT


async def _interactions(api, a, b, n):
    t = await tie(api, a, b)
    return t if t.interactions == n else None


async def _fails(call) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code()


async def test_old_close_ties_come_back_as_keep_in_touch_and_redelivery_counts_once(api):
    me, old_friend, recent, acquaintance, blocked = [
        await api.sign_up(n) for n in ("me", "oldfriend", "recent", "acquaint", "blocked")
    ]
    long_ago = datetime.now(UTC) - timedelta(days=60)

    def comment(author, post_author, at):
        return make_event(
            topic=CONTENT_POSTS,
            aggregate_id=str(uuid.uuid4()),
            producer="test",
            occurred_at=at,
            payload=content_events.CommentAdded(
                comment_id=str(uuid.uuid4()),
                post_id=str(uuid.uuid4()),
                post_author_id=post_author.user_id,
                author_id=author.user_id,
                depth=1,
                created_at=timestamp(at),
                excerpt="x",
            ),
        )

    events = [comment(me, old_friend, long_ago + timedelta(hours=h)) for h in range(3)]  # 3 x 3 = 9
    events += [comment(old_friend, me, long_ago)]
    events += [comment(me, acquaintance, long_ago)]  # 3: too weak to count as close
    events += [comment(me, blocked, long_ago + timedelta(hours=h)) for h in range(3)]
    events += [comment(me, recent, long_ago), comment(me, recent, long_ago), comment(recent, me, datetime.now(UTC))]
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for event in events + events[:2]:  # the first two are delivered twice
            await producer.send_and_wait(CONTENT_POSTS, event.value, key=event.key.encode())
    finally:
        await producer.stop()
    await api.graph.Block(G.BlockRequest(user_id=blocked.user_id), metadata=me.auth)

    old = await wait_until(lambda: _interactions(api, me, old_friend, 4), what="the old interactions")
    # 4 comments of weight 3, 60 days ago with a 30-day half-life: about a quarter is left.
    assert old.strength_at_last_interaction == pytest.approx(12, rel=0.01)
    assert old.strength == pytest.approx(12 * 2 ** (-60 / 30), rel=0.02)
    await wait_until(lambda: _interactions(api, me, recent, 3), what="the recent interactions")
    await wait_until(lambda: _interactions(api, me, blocked, 3), what="the blocked one's interactions")
    suggestions = (await api.graph.ListKeepInTouch(G.ListKeepInTouchRequest(), metadata=me.auth)).suggestions
    assert [s.tie.user_id for s in suggestions] == [old_friend.user_id]
    assert suggestions[0].reason.startswith("4 interactions; last one 59 days ago") or suggestions[0].reason.startswith(
        "4 interactions; last one 60 days ago"
    )
