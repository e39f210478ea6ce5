"""Unit tests of ImportFollows' checks (no network): Follow's checks of ids, oneself and
unknown or deactivated users, before the store applies the pair rules; and how a pair repeated
in a batch sees the one before it."""

from __future__ import annotations

import uuid

import pytest

from kith_graph.domain import relationships as rules
from kith_graph.domain.relationships import FollowOutcome, PairState
from kith_graph.service_layer.handlers import IMPORT_MAX, GraphHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from services.graph.tests.fakes import FakeGraphStore

A, B, C, D, E = (str(uuid.uuid4()) for _ in range(5))


async def test_follows_checks_each_pair_as_follow_does_and_keeps_the_order():
    store = FakeGraphStore(users={A, B, C, E}, deactivated={E})  # D unknown; E deactivated
    results = await GraphHandlers(store=store).import_follows(
        [(A, B), (A, A), ("nope", B), (A, D), (D, A), (A, C), (B, E), (C, B)]
    )
    errors = [type(r.error).__name__ if r.error else r.outcome.name for r in results]
    assert errors == [
        "FOLLOW",
        "InvalidArgument",
        "InvalidArgument",
        "NotFound",
        "NotFound",
        "FOLLOW",
        "NotFound",
        "FOLLOW",
    ]
    assert results[1].error.field == "followee_id" and results[2].error.field == "follower_id"
    assert results[3].error.message.startswith("followee_id:") and results[4].error.message.startswith("follower_id:")
    # One store call for the batch, in order; who exists is the graph's own mirror alone.
    assert store.calls == [("import_follows", [(A, B), (A, C), (C, B)])]


async def test_a_user_identity_registered_is_followed_once_the_mirror_has_them():
    store = FakeGraphStore(users={A})
    [refused] = await GraphHandlers(store=store).import_follows([(A, B)])
    assert isinstance(refused.error, NotFound)
    await store.upsert_users([B])  # identity's push of the registration
    [followed] = await GraphHandlers(store=store).import_follows([(A, B)])
    assert followed.outcome is FollowOutcome.FOLLOW and store.names() == ["UserFollowed"]


@pytest.mark.parametrize("size", [0, IMPORT_MAX + 1])
async def test_an_empty_or_oversized_batch_is_refused(size):
    with pytest.raises(InvalidArgument) as info:
        await GraphHandlers(store=FakeGraphStore()).import_follows([(A, B)] * size)
    assert info.value.field == "follows"


@pytest.mark.parametrize(
    ("state", "first", "second"),
    [
        (PairState(), FollowOutcome.FOLLOW, FollowOutcome.ALREADY),
        (PairState(b_requires_approval=True), FollowOutcome.REQUEST, FollowOutcome.REQUEST),
        (PairState(b_requires_approval=True, friends=True), FollowOutcome.FOLLOW, FollowOutcome.ALREADY),
        (PairState(follows=True), FollowOutcome.ALREADY, FollowOutcome.ALREADY),
    ],
)
def test_a_pair_repeated_in_a_batch_sees_the_first(state, first, second):
    assert rules.follow(state) is first
    after = rules.follow_applied(state, first)
    assert rules.follow(after) is second
    if first is FollowOutcome.REQUEST:
        assert after.a_requested_follow  # asked once: no second request nor event


@pytest.mark.parametrize(
    ("state", "error"),
    [
        (PairState(blocks=True), FailedPrecondition),
        (PairState(blocked_by=True), NotFound),
        (PairState(b_deactivated=True), NotFound),
    ],
)
def test_the_rules_of_follow_refuse_blocks_and_deactivated_users(state, error):
    with pytest.raises(error):
        rules.follow(state)
