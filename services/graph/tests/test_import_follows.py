"""Unit tests of ImportFollows' checks (no network): Follow's checks of ids, oneself and
unknown or deactivated users, before the store applies the pair rules; and how a pair repeated
in a batch sees the one before it."""

from __future__ import annotations

import uuid

import pytest

from kith_graph.domain import relationships as rules
from kith_graph.domain.ports import GraphStore, UserDirectory
from kith_graph.domain.relationships import FollowOutcome, ImportedFollow, PairState
from kith_graph.service_layer.handlers import IMPORT_MAX, GraphHandlers
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound

A, B, C, D, E = (str(uuid.uuid4()) for _ in range(5))


class _Store(GraphStore):
    """Knows some users (the graph's mirror); follows whatever it is given."""

    def __init__(self, mirrored: set[str]) -> None:
        self.mirrored = mirrored
        self.imported: list[list[tuple[str, str]]] = []

    async def active_users(self, user_ids):
        return {u for u in user_ids if u in self.mirrored}

    async def import_follows(self, pairs):
        self.imported.append(pairs)
        return [ImportedFollow(outcome=FollowOutcome.FOLLOW) for _ in pairs]


class _Identity(UserDirectory):
    def __init__(self, active: set[str]) -> None:
        self.active = active
        self.asked: list[list[str]] = []

    async def existing(self, user_ids):
        self.asked.append(list(user_ids))
        return {u for u in user_ids if u in self.active}


_Store.__abstractmethods__ = frozenset()  # only the import's methods are used here
_Identity.__abstractmethods__ = frozenset()


async def test_follows_checks_each_pair_as_follow_does_and_keeps_the_order():
    store, identity = _Store({A, B}), _Identity({C})  # C only identity knows yet; D nobody; E deactivated
    handlers = GraphHandlers(store=store, users=identity)
    results = await handlers.import_follows([(A, B), (A, A), ("nope", B), (A, D), (D, A), (A, C), (B, E), (C, B)])
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
    assert store.imported == [[(A, B), (A, C), (C, B)]]  # one store call for the batch, in order
    assert identity.asked == [sorted([C, D, E])]  # identity is asked once, about those the mirror lacks


@pytest.mark.parametrize("size", [0, IMPORT_MAX + 1])
async def test_an_empty_or_oversized_batch_is_refused(size):
    with pytest.raises(InvalidArgument) as info:
        await GraphHandlers(store=_Store(set()), users=_Identity(set())).import_follows([(A, B)] * size)
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
