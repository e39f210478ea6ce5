"""Who may see a person's followers, following and friends lists (PrivacySettings.relationship_lists)
without servers: the decision as one table (domain.relationships.may_see_lists, through the handlers
and the in-memory store), and the mirror of the setting (identity's PrivacySettingsChanged, newest wins,
forgotten on erasure)."""

from __future__ import annotations

import uuid

import pytest

from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import privacy_pb2
from kith_graph.domain.relationships import ListsViewer, may_see_lists
from kith_graph.entrypoints.identity_consumer import identity_consumer
from kith_graph.service_layer.handlers import GraphHandlers
from kith_platform.errors import NotFound, PermissionDenied
from kith_platform.privacy import Reach
from services.graph.tests.fakes import FakeGraphStore

OWNER, CALLER, OTHER = (str(uuid.uuid4()) for _ in range(3))
LISTS = ("followers", "following", "friends")

SHOWN, NOT_FOUND = "shown", "not found"
# (the owner's setting, how the owner stands with the caller, what the caller gets)
CASES = [
    (Reach.EVERYONE, "stranger", SHOWN),
    (Reach.EVERYONE, "owner blocks caller", NOT_FOUND),
    (Reach.PEOPLE_I_FOLLOW, "stranger", "to the people they follow"),
    (Reach.PEOPLE_I_FOLLOW, "caller follows owner", "to the people they follow"),  # the other way round
    (Reach.PEOPLE_I_FOLLOW, "owner follows caller", SHOWN),
    (Reach.PEOPLE_I_FOLLOW, "friends", SHOWN),
    (Reach.FRIENDS, "owner follows caller", "to their friends"),
    (Reach.FRIENDS, "friends", SHOWN),
    (Reach.FRIENDS, "owner blocks caller", NOT_FOUND),
    (Reach.NOBODY, "friends", "to themselves"),
]


async def _stand(graph: GraphHandlers, how: str) -> None:
    if how == "owner blocks caller":
        await graph.block(OWNER, CALLER)
    elif how == "caller follows owner":
        await graph.follow(CALLER, OWNER)
    elif how == "owner follows caller":
        await graph.follow(OWNER, CALLER)
    elif how == "friends":
        await graph.send_friend_request(OWNER, CALLER)
        await graph.accept_friend_request(CALLER, OWNER)


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize(("reach", "how", "expected"), CASES)
async def test_who_may_see_another_persons_lists(kind, reach, how, expected):
    store = FakeGraphStore(users={OWNER, CALLER, OTHER})
    graph = GraphHandlers(store=store)
    await _stand(graph, how)
    await store.set_relationship_lists(OWNER, reach, 1)
    ask = graph.list_relationships(CALLER, kind, OWNER, 10, "")
    if expected == SHOWN:
        await ask
    elif expected == NOT_FOUND:
        with pytest.raises(NotFound):
            await ask
    else:
        with pytest.raises(PermissionDenied) as refused:
            await ask
        assert refused.value.message == (
            f"user_id: this person keeps their followers, following and friends lists {expected}"
        )


def test_the_decision_is_not_found_before_it_is_privacy():
    with pytest.raises(NotFound):
        may_see_lists(ListsViewer(visible=False, reach=Reach.EVERYONE), OWNER)
    may_see_lists(ListsViewer(visible=True), OWNER)  # no setting: everyone


@pytest.mark.parametrize("kind", LISTS)
async def test_ones_own_lists_are_always_ones_own_to_see(kind):
    store = FakeGraphStore(users={OWNER, OTHER})
    graph = GraphHandlers(store=store)
    await graph.follow(OTHER, OWNER)
    await store.set_relationship_lists(OWNER, Reach.NOBODY, 1)
    for user_id in ("", OWNER):
        await graph.list_relationships(OWNER, kind, user_id, 10, "")


async def test_counts_and_mutual_friends_do_not_follow_the_setting():
    store = FakeGraphStore(users={OWNER, CALLER, OTHER})
    graph = GraphHandlers(store=store)
    await graph.follow(OTHER, OWNER)
    await store.set_relationship_lists(OWNER, Reach.NOBODY, 1)
    assert await graph.counts(CALLER, OWNER) == (1, 0, 0)
    assert await graph.mutual_friends(CALLER, OWNER, 10) == ([], 0)


def _changed(user_id: str, reach: int, at_us: int) -> identity_events.PrivacySettingsChanged:
    event = identity_events.PrivacySettingsChanged(
        user_id=user_id, settings=privacy_pb2.PrivacySettings(relationship_lists=reach)
    )
    event.changed_at.FromMicroseconds(at_us)
    return event


async def test_the_newest_setting_is_kept_whatever_order_it_arrives_in():
    store = FakeGraphStore(users={OWNER})
    consumer = identity_consumer("kafka:9092", store)
    newer, older = _changed(OWNER, privacy_pb2.REACH_FRIENDS, 2_000), _changed(OWNER, privacy_pb2.REACH_NOBODY, 1_000)
    await consumer.apply([newer])  # identity's push
    await consumer.apply([older, newer])  # Kafka, later, reordered and redelivered
    assert store.lists_reach[OWNER] == (Reach.FRIENDS, 2_000)


async def test_a_setting_without_relationship_lists_is_skipped_and_erasure_forgets_it():
    store = FakeGraphStore(users={OWNER})
    consumer = identity_consumer("kafka:9092", store)
    await consumer.apply([_changed(OWNER, privacy_pb2.REACH_FRIENDS, 1_000)])
    await consumer.apply([_changed(OWNER, privacy_pb2.REACH_UNSPECIFIED, 2_000)])
    assert store.lists_reach[OWNER] == (Reach.FRIENDS, 1_000)
    await consumer.apply([identity_events.UserErased(user_id=OWNER), _changed(OWNER, privacy_pb2.REACH_NOBODY, 3_000)])
    assert OWNER not in store.lists_reach and OWNER not in store.users
