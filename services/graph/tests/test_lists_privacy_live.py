"""Who may see a person's lists on the running graph service (make up): the setting arrives as
identity pushes it, a PrivacySettingsChanged envelope through graph's MirrorService.ApplyEvents,
and holds on ListRelationships (graph's own gRPC port) for each caller as soon as that returns; an
older change delivered later changes nothing, and erasure (UserErased from Kafka, as identity
publishes it) forgets the setting with the person."""

from __future__ import annotations

import time
import uuid

import grpc
import pytest

from kith.common.v1 import mirrors_pb2, mirrors_pb2_grpc
from kith.graph.v1 import graph_pb2 as G
from kith.graph.v1 import graph_pb2_grpc
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import privacy_pb2
from kith_platform.events import IDENTITY_USERS, make_event
from kith_platform.kafka import create_producer
from kith_platform.privacy import Reach
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA, SERVICE_ADDRESSES

pytestmark = pytest.mark.integration

GRAPH = SERVICE_ADDRESSES["graph"]


async def _apply(*payloads) -> None:
    """As identity pushes its events: answered once graph's identity mirror has applied them."""
    events = [
        mirrors_pb2.MirroredEvent(
            topic=IDENTITY_USERS,
            envelope=make_event(topic=IDENTITY_USERS, aggregate_id=p.user_id, producer="tests", payload=p).value,
        )
        for p in payloads
    ]
    async with grpc.aio.insecure_channel(GRAPH) as channel:
        await mirrors_pb2_grpc.MirrorServiceStub(channel).ApplyEvents(
            mirrors_pb2.ApplyEventsRequest(events=events), timeout=10
        )


def _changed(user_id: str, reach: int, at_us: int) -> identity_events.PrivacySettingsChanged:
    event = identity_events.PrivacySettingsChanged(
        user_id=user_id, settings=privacy_pb2.PrivacySettings(relationship_lists=reach)
    )
    event.changed_at.FromMicroseconds(at_us)
    return event


def _as(user_id: str) -> tuple[tuple[str, str], ...]:
    return (("x-kith-user-id", user_id),)  # what the gateway adds after verifying a token


async def _lists(graph, caller: str, owner: str) -> dict[int, grpc.StatusCode]:
    """Each of the owner's three lists as the caller asks for it: OK or the refusal's code."""
    answers = {}
    for kind in (G.RELATIONSHIP_LIST_FOLLOWERS, G.RELATIONSHIP_LIST_FOLLOWING, G.RELATIONSHIP_LIST_FRIENDS):
        try:
            await graph.ListRelationships(G.ListRelationshipsRequest(list=kind, user_id=owner), metadata=_as(caller))
            answers[kind] = grpc.StatusCode.OK
        except grpc.aio.AioRpcError as refused:
            answers[kind] = refused.code()
    return answers


def _all(code: grpc.StatusCode) -> dict[int, grpc.StatusCode]:
    kinds = (G.RELATIONSHIP_LIST_FOLLOWERS, G.RELATIONSHIP_LIST_FOLLOWING, G.RELATIONSHIP_LIST_FRIENDS)
    return dict.fromkeys(kinds, code)


OK, DENIED, NOT_FOUND = grpc.StatusCode.OK, grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.NOT_FOUND


async def test_a_pushed_setting_holds_on_the_lists_for_each_caller():
    owner, fan, friend, stranger = (str(uuid.uuid4()) for _ in range(4))
    await _apply(*(identity_events.UserRegistered(user_id=u) for u in (owner, fan, friend, stranger)))
    now = int(time.time() * 1_000_000)
    async with grpc.aio.insecure_channel(GRAPH) as channel:
        graph = graph_pb2_grpc.GraphServiceStub(channel)
        await graph.Follow(G.FollowRequest(user_id=fan), metadata=_as(owner))
        await graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=friend), metadata=_as(owner))
        await graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=owner), metadata=_as(friend))
        assert await _lists(graph, stranger, owner) == _all(OK)  # never changed: everyone

        await _apply(_changed(owner, privacy_pb2.REACH_PEOPLE_I_FOLLOW, now))
        assert [await _lists(graph, c, owner) for c in (stranger, fan, friend, owner)] == [
            _all(DENIED),
            _all(OK),
            _all(OK),
            _all(OK),
        ]
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await graph.ListRelationships(
                G.ListRelationshipsRequest(list=G.RELATIONSHIP_LIST_FOLLOWERS, user_id=owner), metadata=_as(stranger)
            )
        assert refused.value.details() == (
            "user_id: this person keeps their followers, following and friends lists to the people they follow"
        )

        await _apply(_changed(owner, privacy_pb2.REACH_FRIENDS, now + 1))
        await _apply(_changed(owner, privacy_pb2.REACH_EVERYONE, now))  # Kafka's later, older delivery
        assert [await _lists(graph, c, owner) for c in (stranger, fan, friend)] == [
            _all(DENIED),
            _all(DENIED),
            _all(OK),
        ]

        await _apply(_changed(owner, privacy_pb2.REACH_NOBODY, now + 2))
        assert [await _lists(graph, c, owner) for c in (friend, owner)] == [_all(DENIED), _all(OK)]

        await _apply(_changed(owner, privacy_pb2.REACH_EVERYONE, now + 3))
        await graph.Block(G.BlockRequest(user_id=stranger), metadata=_as(owner))
        assert await _lists(graph, stranger, owner) == _all(NOT_FOUND)  # the block first, as before


async def _publish_erased(user_id: str) -> None:
    erased = identity_events.UserErased(user_id=user_id)
    erased.erased_at.GetCurrentTime()
    event = make_event(topic=IDENTITY_USERS, aggregate_id=user_id, producer="tests", payload=erased)
    producer = create_producer(KAFKA, client_id="graph-lists-privacy-test")
    await producer.start()
    try:
        await producer.send_and_wait(IDENTITY_USERS, event.value, key=user_id.encode())
    finally:
        await producer.stop()


async def test_erasure_forgets_the_setting_and_a_late_one_brings_nothing_back(store):
    owner, other = str(uuid.uuid4()), str(uuid.uuid4())
    await _apply(identity_events.UserRegistered(user_id=owner), identity_events.UserRegistered(user_id=other))
    await _apply(_changed(owner, privacy_pb2.REACH_NOBODY, int(time.time() * 1_000_000)))
    assert (await store.lists_viewer(other, owner)).reach is Reach.NOBODY

    async def node_gone() -> bool:
        rows = await store._read("MATCH (u:User {id: $id}) RETURN count(u) AS n", id=owner)
        return rows[0]["n"] == 0

    await _publish_erased(owner)
    await wait_until(node_gone, timeout=90, what="the erased user's node gone")
    await _apply(_changed(owner, privacy_pb2.REACH_FRIENDS, int(time.time() * 1_000_000)))  # a late one
    assert await node_gone()
    assert not (await store.lists_viewer(other, owner)).visible
