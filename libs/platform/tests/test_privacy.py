"""The privacy rule as one: who may act on a person for each reach."""

from __future__ import annotations

import pytest

from kith.identity.v1 import privacy_pb2
from kith_platform.privacy import DEFAULT, FROM_PROTO, TO_PROTO, Reach, allows, reach_of


@pytest.mark.parametrize(
    ("reach", "follows_actor", "friends", "allowed"),
    [
        (Reach.EVERYONE, False, False, True),
        (Reach.PEOPLE_I_FOLLOW, False, False, False),
        (Reach.PEOPLE_I_FOLLOW, True, False, True),
        (Reach.PEOPLE_I_FOLLOW, True, True, True),
        (Reach.FRIENDS, True, False, False),
        (Reach.FRIENDS, True, True, True),
        (Reach.NOBODY, True, True, False),
    ],
)
def test_who_may_act_on_a_person(reach, follows_actor, friends, allowed):
    assert allows(reach, is_self=False, follows_actor=follows_actor, friends=friends) is allowed


@pytest.mark.parametrize("reach", list(Reach))
def test_a_person_always_may_themselves(reach):
    assert allows(reach, is_self=True, follows_actor=False, friends=False)


def test_no_setting_is_everyone_and_every_reach_has_a_proto_value():
    assert reach_of(None) is DEFAULT is Reach.EVERYONE
    assert reach_of("friends") is Reach.FRIENDS
    assert set(FROM_PROTO.values()) == set(Reach) and privacy_pb2.REACH_UNSPECIFIED not in FROM_PROTO
    assert all(FROM_PROTO[TO_PROTO[r]] is r for r in Reach)
